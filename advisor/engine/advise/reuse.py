"""What a what-if re-assessment can take from the baseline instead of computing it again.

A modelled action changes a few fields of a profile (a clause in some contracts, a new
supplier, a stock target), yet each re-assessment used to derive every supplier of the
materials it touches again, and evaluate every supplier rule on each: at 10,000 supplier rows
most of the time of the recommendations. A supplier that is the *same object* at the same
place, of a material whose export-control context is unchanged, has the baseline's control
reach (:func:`advisor.engine.assess.control_facts.supplier_reach` reads nothing else; a copy with
other contract terms and the same countries has it too); and if none of
the facts that the supplier rules' findings depend on changed at the material level either,
the rules would say what they said in the baseline, so its findings are the baseline's.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from advisor.engine.assess.evaluate import scope_reads

if TYPE_CHECKING:
    from advisor.engine.assess.control_facts import Reach
    from advisor.engine.assess.facts import Subject
    from advisor.engine.assess.model import Finding
    from advisor.profile.model import Material, Profile, Supplier
    from advisor.rules.packs import RuleSet


def _same_places(s: Supplier, b: Supplier) -> bool:
    """True if *s* ships from, and its material was mined and processed in, what *b* says: all
    that :func:`advisor.engine.assess.control_facts.supplier_reach` reads of a supplier."""
    return (
        s.country == b.country
        and s.processing_countries == b.processing_countries
        and s.mining_countries == b.mining_countries
    )


def context(profile: Profile, material: Material) -> tuple[Any, ...]:
    """Everything besides the supplier that its control reach and its own facts depend on:
    the controls that expose the material (by company, date, mineral and content) and the
    bought stage."""
    content = tuple(sorted((m.value, w) for m, w in (material.content or {}).items()))
    company = profile.company
    return (material.mineral, material.stage, content, company.headquarters, company.sector,
            profile.as_of)  # fmt: skip


@dataclass(frozen=True)
class _Known:
    """One material of the baseline: its object, context, supplier reaches and facts."""

    material: Material
    context: tuple[Any, ...]
    reaches: tuple[Reach, ...]
    facts: Mapping[str, Any]


class Reuse:
    """The baseline's suppliers, material by material, and the supplier rules' findings."""

    def __init__(
        self,
        profile: Profile,
        subjects: Sequence[Subject],
        findings: Sequence[Finding],
        ruleset: RuleSet,
    ) -> None:
        """Index the baseline: *subjects* as :func:`advisor.engine.assess.facts.derive` made
        them."""
        by_id = {s.key: s for s in subjects if s.scope == "material"}
        self._known = [
            _Known(m, context(profile, m), tuple(by_id[m.id].reaches), by_id[m.id].facts)
            for m in profile.materials
        ]
        self._findings: dict[str, list[Finding]] = {}
        for f in findings:
            if f.scope == "supplier":
                self._findings.setdefault(f.subject, []).append(f)
        #: The material and company facts a supplier rule's finding depends on.
        self.reads = scope_reads(ruleset, "supplier")

    def same(self, profile: Profile, index: int) -> tuple[frozenset[int], frozenset[int]]:
        """The places of the suppliers of material *index* whose reach is the baseline's (the
        same countries), and of those that are the baseline's very suppliers."""
        if index >= len(self._known):
            return frozenset(), frozenset()
        known, material = self._known[index], profile.materials[index]
        if known.material.id != material.id or known.context != context(profile, material):
            return frozenset(), frozenset()
        pairs = list(zip(material.suppliers, known.material.suppliers, strict=False))
        return (
            frozenset(j for j, (s, b) in enumerate(pairs) if s is b or _same_places(s, b)),
            frozenset(j for j, (s, b) in enumerate(pairs) if s is b),
        )

    def reach(self, index: int, j: int) -> Reach:
        """The baseline's reach of supplier *j* of material *index* (one of :meth:`same`)."""
        return self._known[index].reaches[j]

    def stands(self, index: int, facts: Mapping[str, Any]) -> bool:
        """True if the supplier rules read nothing of material *index* that changed."""
        before = self._known[index].facts
        return all(facts.get(k) == before.get(k) for k in self.reads)

    def findings(self, key: str) -> list[Finding]:
        """The baseline's findings on supplier subject *key*."""
        return self._findings.get(key, [])


__all__ = ["Reuse", "context"]
