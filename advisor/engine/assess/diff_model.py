"""The result types of a risk diff (computed by :mod:`advisor.gate.diff`) and of the changes
between two data releases (:mod:`advisor.gate.data_changes`), which their renderers read:
plain frozen data, below the renderers."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from advisor.engine.assess.model import Finding, Planning, RulesRun

#: Score changes smaller than this are noise from rounding, not a change.
EPSILON = 0.05


@dataclass(frozen=True)
class Move:
    """A number of the profile that changed: what, before, after (as shown)."""

    what: str
    before: str
    after: str


@dataclass(frozen=True)
class ProfileDiff:
    """How one profile's risk moved."""

    path: str
    company: str
    before: float | None
    after: float | None
    materials: tuple[tuple[str, float | None, float | None], ...]
    new: tuple[Finding, ...]
    resolved: tuple[Finding, ...]
    moves: tuple[Move, ...]

    @property
    def increased(self) -> bool:
        """True if the profile or one of its materials scores higher than before."""
        rises = [(self.before, self.after), *((b, a) for _, b, a in self.materials)]
        return any(a is not None and a - (b or 0.0) > EPSILON for b, a in rises)


@dataclass(frozen=True)
class Side:
    """What one side of a diff was assessed with: its rules, and the config file they came
    from (reports state both sides' rule sets)."""

    rules: RulesRun
    #: What makes two rule sets the same: each active rule's id, severity and parameters,
    #: and the settings a report states (a gate switched off).
    key: tuple[object, ...]
    config: str | None = None
    #: The planning assumption this side was assessed under (unknown control states).
    planning: Planning = field(default_factory=Planning)


@dataclass(frozen=True)
class Diff:
    """The risk diff of every profile the change touches, and what was compared."""

    base: str
    head: str
    profiles: tuple[ProfileDiff, ...]
    before: Side | None = None
    after: Side | None = None

    @property
    def increased(self) -> bool:
        """True if any profile's risk went up."""
        return any(p.increased for p in self.profiles)

    @property
    def planning(self) -> Planning:
        """The planning assumption the head side was assessed under (a base side under
        another one makes the sides' settings differ: :attr:`rules_differ`)."""
        side = self.after or self.before
        return side.planning if side is not None else Planning()

    @property
    def rules_differ(self) -> bool:
        """True if the two sides ran different rules (ids, severities, parameters) or
        settings: then the scores do not compare, and no gate may call the change safe."""
        return (
            self.before is not None
            and self.after is not None
            and (self.before.key != self.after.key)
        )

    @property
    def fails(self) -> bool:
        """What ``--fail-on-increase`` fails on: the risk went up, or the two sides ran
        different rules (fail closed: a change that turns rules off is not "no increase")."""
        return self.increased or self.rules_differ


@dataclass(frozen=True)
class FieldChange:
    """One field of an entry that changed: its path in the entry, the value before and after
    (None: not there)."""

    field: str
    before: Any
    after: Any


@dataclass(frozen=True)
class EntryChange:
    """An entry added, removed or changed in one section of the data."""

    section: str
    key: str
    change: str  # "added" | "removed" | "changed"
    fields: tuple[FieldChange, ...] = ()


@dataclass(frozen=True)
class Rescored:
    """A finding present in both releases whose severity or score differs."""

    before: Finding
    after: Finding


@dataclass(frozen=True)
class ProfileChange:
    """What the new data changes for one profile: its risk diff and the rescored findings."""

    diff: ProfileDiff
    rescored: tuple[Rescored, ...]

    @property
    def changed(self) -> bool:
        """True if a finding or a score of the profile differs."""
        d = self.diff
        moved = d.before is not None and d.after is not None and abs(d.after - d.before) > EPSILON
        return bool(d.new or d.resolved or d.materials or self.rescored or moved)


@dataclass(frozen=True)
class DataChanges:
    """The changes between two releases, and for each profile given what they change."""

    old: str
    new: str
    #: The sections compared (a section one release does not have is not compared).
    compared: tuple[str, ...]
    entries: tuple[EntryChange, ...]
    profiles: tuple[ProfileChange, ...]
    #: The planning assumption the profiles were assessed under with both releases.
    planning: Planning = field(default_factory=Planning)

    @property
    def changed(self) -> bool:
        """True if a finding or score of a profile given changed."""
        return any(p.changed for p in self.profiles)

    @property
    def increased(self) -> bool:
        """True if a profile given, or one of its materials, scores higher with the new data."""
        return any(p.diff.increased for p in self.profiles)

    def risk(self) -> Diff:
        """The profiles' part as a risk diff (what ``advisor diff`` shows)."""
        return Diff(self.old, self.new, tuple(p.diff for p in self.profiles))


# -- reading a release ---------------------------------------------------------------------------


__all__ = [
    "EPSILON", "DataChanges", "Diff", "EntryChange", "FieldChange", "Move", "ProfileChange",
    "ProfileDiff", "Rescored", "Side",
]  # fmt: skip
