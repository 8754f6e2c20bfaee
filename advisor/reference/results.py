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

from advisor.reference.models import (
    OTHER,
    BenchmarkEntry,
    ClaimEntry,
    Control,
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
    """An export-control measure and its status on one date."""

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

    @classmethod
    def of(cls, c: Control, status: str, origin: str) -> ControlStatus:
        """The record for measure *c* with *status*; t_c is 1.0 unless it is active."""
        start, end = c.suspended_from, c.suspended_until
        suspension = (start, end) if start is not None and end is not None else None
        factor = float(c.factor()) if status == "active" else 1.0
        until = c.suspended_until if status == "suspended" else None
        return cls(c.id, c.country, c.measure, c.items, c.kind.value, status, c.announced,
                   c.effective, until, suspension, c.lifted, list(c.target_countries), c.source,
                   c.suspension_source, c.confidence.value, factor, c.note, origin)  # fmt: skip


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
