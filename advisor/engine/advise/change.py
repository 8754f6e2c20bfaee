"""A modelled change: what a model of an action takes (:class:`Change`) and gives back
(:class:`Outcome`), and the words for the numbers it decides.

The models themselves are in :mod:`advisor.engine.advise.whatif` (sourcing, contracts, programmes)
and :mod:`advisor.engine.advise.stock_model` (stock and stockpile policy).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from advisor.reference.producers import Producers
from advisor.rules.text import format_unit

if TYPE_CHECKING:
    from advisor.engine.assess.model import Finding
    from advisor.profile.model import Material, Profile
    from advisor.rules.models import Rule


@dataclass(frozen=True)
class Change:
    """What a model changes: the profile, the material (None: company-wide), the findings the
    action answers, the material's facts, the producer registry and the rules by id (a model
    reads the thresholds they declare)."""

    profile: Profile
    index: int | None
    findings: Sequence[Finding]
    facts: Mapping[str, Any]
    producers: Producers
    rules: Mapping[str, Rule]

    @property
    def material(self) -> Material:
        """The material the action is about."""
        assert self.index is not None
        return self.profile.materials[self.index]


@dataclass(frozen=True)
class Outcome:
    """A modelled action: the changed profile, what was modelled, its own text if any (else
    the text of its findings, with *more* added: what the model did beyond it)."""

    profile: Profile
    note: str
    text: str | None = None
    candidates: tuple[str, ...] = ()
    more: str = ""


Model = Callable[[Change], Outcome | None]


def days(value: float) -> str:
    """``365 days``, ``73.9 days``."""
    return format_unit("days", value)


def share(value: float) -> str:
    """``30%``."""
    return format_unit("share", value)


def replace_material(profile: Profile, index: int, material: Material) -> Profile:
    """*profile* with its material at *index* replaced by *material*."""
    materials = list(profile.materials)
    materials[index] = material
    return profile.model_copy(update={"materials": materials})
