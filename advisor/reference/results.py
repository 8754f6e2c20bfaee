"""What :class:`advisor.reference.Reference` answers: plain frozen records the engine and CLI read.

Each record is a validated entry of the reference-data file (see :mod:`advisor.reference.models`)
with what a query adds: the mineral asked about, a status on a date, shares worked out from
tonnages, and the record's origin ("built-in" or the override path).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from typing import TypeVar

from pydantic import BaseModel

from advisor.reference.controls import ControlState, State, StateOn
from advisor.reference.models import (
    OTHER,
    BenchmarkEntry,
    ClaimEntry,
    Control,
    Coverage,
    EUValue,
    PriceSeries,
    Production,
    SourceEntry,
)

R = TypeVar("R", bound=BaseModel)


def record(kind: type[R], entry: BaseModel, **extra: object) -> R:
    """A result record: a validated file entry plus *extra* fields (no re-validation)."""
    fields = {k: v for k, v in entry if k in kind.model_fields}
    return kind.model_construct(**{**fields, **extra})


class Source(SourceEntry):
    """One bibliography entry, with its key and where it came from."""

    key: str
    origin: str


@dataclass(frozen=True)
class StageShares:
    """Shares of world production by country for one mineral, stage and year."""

    mineral: str
    stage: str
    year: int
    by_country: dict[str, float]
    tonnes: dict[str, float]
    world_total: float | None
    unit: str | None
    commodity: str
    what: str
    shared_with: tuple[str, ...]
    source: str
    via: str | None
    confidence: str
    lower_bound: bool
    projection: bool
    notes: tuple[str, ...]
    origin: str

    @classmethod
    def of(cls, mineral: str, item: Production, origin: str) -> StageShares:
        """The record for *mineral* in a dataset; written shares win over tonnes / world."""
        world = item.world_total
        shares = {c: float(t / world) for c, t in item.tonnes.items()} if world else {}
        shares.update(item.shares)
        ordered = dict(sorted(shares.items(), key=lambda kv: (kv[0] == OTHER, -kv[1], kv[0])))
        tonnes = {c: float(t) for c, t in item.tonnes.items()}
        return cls(mineral, item.stage.value, item.year, ordered, tonnes,
                   None if world is None else float(world), item.unit, item.commodity,
                   item.what, tuple(item.minerals), item.source, item.via,
                   item.confidence.value, item.lower_bound, item.projection,
                   tuple(item.notes), origin)  # fmt: skip

    @property
    def hhi(self) -> float:
        """Herfindahl-Hirschman index in percent squared (0-10,000), over the named countries."""
        return sum((100 * s) ** 2 for c, s in self.by_country.items() if c != OTHER)

    @property
    def top(self) -> tuple[str, float]:
        """The largest named producer and its share."""
        named = [(c, s) for c, s in self.by_country.items() if c != OTHER]
        return named[0] if named else (OTHER, self.by_country.get(OTHER, 0.0))

    @property
    def coverage(self) -> float:
        """The share of the world the listed entries account for (1.0 = all of it)."""
        return sum(self.by_country.values())


@dataclass(frozen=True)
class ControlStatus:
    """An export-control measure and its status on one date.

    ``status`` is what advisor acts on; when the data does not record the state on that date,
    ``assumption`` says so and what is assumed (e.g. back in force after a suspension ended),
    and ``basis`` why it is not known.
    """

    id: str
    country: str
    measure: str
    items: str
    kind: str
    status: str
    announced: dt.date | None
    effective: dt.date
    suspended_until: dt.date | None
    suspension: tuple[dt.date, dt.date] | None
    lifted: dt.date | None
    target_countries: list[str]
    source: str
    suspension_source: str | None
    confidence: str
    trade_factor: float
    note: str | None
    origin: str
    covers: tuple[Coverage, ...] = ()
    military_end_users: bool = False
    since: dt.date | None = None
    state_source: str | None = None
    state_checked: dt.date | None = None
    assumption: str | None = None
    basis: str | None = None
    timeline: tuple[ControlState, ...] = ()

    @classmethod
    def of(cls, c: Control, state: StateOn, origin: str, data_as_of: dt.date) -> ControlStatus:
        """The record for measure *c* in *state*; t_c is 1.0 unless it is active."""
        status = state.status
        suspensions = [s for s in c.states() if s.state is State.suspended and s.until]
        last = suspensions[-1] if suspensions else None
        window = (last.date, last.until) if last is not None and last.until else None
        factor = float(c.factor()) if status == "active" else 1.0
        until = state.until if status == "suspended" else None
        lifted = next((s.date for s in c.states() if s.state is State.lifted), None)
        assumption = _assumption(state, data_as_of) if state.assumed else None
        return cls(c.id, c.country, c.measure, c.items, c.kind.value, status, c.announced,
                   c.effective, until, window, lifted, list(c.target_countries), c.source,
                   last.source if last else None, c.confidence.value, factor, c.note,
                   origin, tuple(c.coverage()), c.military_end_users, state.since,
                   state.source, state.checked, assumption, state.basis,
                   tuple(c.changes()))  # fmt: skip

    @property
    def assumed(self) -> bool:
        """True when the status on the date is an assumption, not a recorded state."""
        return self.assumption is not None

    def label(self) -> str:
        """The measure with its date and, if any, the assumption behind its status."""
        text = f"{self.measure} (effective {self.effective.isoformat()})"
        if self.status == "suspended" and self.suspended_until:
            text = f"{self.measure} (suspended until {self.suspended_until.isoformat()})"
        if self.assumption:
            text += f" [assumption: {self.assumption}]"
        return text


def _assumption(state: StateOn, data_as_of: dt.date) -> str:
    """The planning assumption in words, with the other reading the record allows."""
    chosen = _reading_words("suspended" if state.status == "suspended" else "in_force",
                            state.until, state.back)  # fmt: skip
    text = (f"status after {state.since.isoformat()} not settled by a published instrument "
            f"(data as of {data_as_of.isoformat()}); planning assumption: {chosen}")  # fmt: skip
    others = [r for r in state.readings if _STATES.get(r.state.value) != state.status]
    if others:
        text += "; other reading: " + "; ".join(
            f"{_reading_words(r.state.value, r.until, True)} ({', '.join(r.sources)})"
            for r in others
        )
    return text


_STATES = {"suspended": "suspended", "in_force": "active"}


def _reading_words(state: str, until: dt.date | None, back: bool) -> str:
    if state == "suspended":
        return "still suspended" + (f" until {until.isoformat()}" if until else "")
    return "back in force" if back else "in force"


class EUCriticality(EUValue):
    """EU 2023 criticality assessment values for a mineral (or for its *group*)."""

    mineral: str
    supply_risk: float  # type: ignore[assignment]
    economic_importance: float  # type: ignore[assignment]
    group: str | None
    members: list[str]
    origin: str

    @classmethod
    def of(
        cls, value: EUValue, mineral: str, group: str | None, members: list[str], origin: str
    ) -> EUCriticality:
        """The record for the EU *value* of *mineral* (or of *group*, with its *members*)."""
        numbers = {"supply_risk": float(value.supply_risk),
                   "economic_importance": float(value.economic_importance)}  # fmt: skip
        return record(cls, value, mineral=mineral, group=group, members=members,
                      origin=origin, **numbers)  # fmt: skip


@dataclass(frozen=True)
class PricePoint:
    """One price of one product in one period."""

    mineral: str
    product: str
    period: str
    value: float
    unit: str
    basis: str | None
    source: str
    via: str | None
    confidence: str
    notes: tuple[str, ...]
    origin: str

    @classmethod
    def of(
        cls, mineral: str, s: PriceSeries, period: str, value: Decimal, origin: str
    ) -> PricePoint:
        """The record for one point of series *s*."""
        return cls(mineral, s.product, period, float(value), s.unit, s.basis, s.source, s.via,
                   s.confidence.value, tuple(s.notes), origin)  # fmt: skip


class Benchmark(BenchmarkEntry):
    """A threshold or target the rules use, with its key, source and origin."""

    key: str
    value: float  # type: ignore[assignment]
    origin: str


class Claim(ClaimEntry):
    """A market claim of the seed article beside the sourced figure and a verdict."""

    origin: str
