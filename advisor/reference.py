"""Embedded reference data (who mines, refines and restricts each mineral) with its sources.

:func:`load_reference` reads the built-in ``advisor/data/reference.yaml`` (parsed once per
process) and, optionally, a user's override file in the same format, and returns a
:class:`Reference` that the rule engine and ``advisor data`` query. Merge rule: an override's
dataset for the same mineral, stage and year replaces the built-in one; a control with the same
id, a price for the same mineral, product and period, an EU value for the same mineral, a
benchmark, source or claim with the same key replaces the built-in entry; everything else is
added. Every merged figure remembers its origin ("built-in" or the override path).

Nothing here reads the clock or the network: controls are evaluated on a date the caller gives.
"""

from __future__ import annotations

import datetime as dt
import difflib
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from decimal import Decimal
from functools import lru_cache
from importlib import resources
from typing import TypeVar

from pydantic import BaseModel

from advisor.errors import DataError, InputError, UsageError, echo
from advisor.modelload import build, cross_problems
from advisor.reference_models import (
    OTHER,
    VOCABULARY,
    BenchmarkEntry,
    ClaimEntry,
    Control,
    EUValue,
    PriceSeries,
    Production,
    ReferenceFile,
    SourceEntry,
    cross_checks,
)
from advisor.yamlload import Document, load_file, load_text

R = TypeVar("R", bound=BaseModel)

#: The origin of figures from the shipped data file.
BUILTIN = "built-in"
#: How a built-in figure's file is named in messages.
BUILTIN_FILE = "advisor/data/reference.yaml"
#: A dataset older than this, relative to the as-of date, is reported as stale.
DEFAULT_MAX_AGE_DAYS = 730
#: The production stages, upstream first.
STAGES = ("mining", "refining")

#: Names accepted for each vocabulary mineral besides its key (any case).
NAMES: dict[str, tuple[str, ...]] = {
    "Nd": ("neodymium",), "Pr": ("praseodymium",), "Dy": ("dysprosium",), "Tb": ("terbium",),
    "Sm": ("samarium",), "Ga": ("gallium",), "Ge": ("germanium",),
    "graphite": ("natural graphite", "natural_graphite"), "Sb": ("antimony",),
    "Li": ("lithium",), "Co": ("cobalt",), "Ni": ("nickel",), "W": ("tungsten", "wolfram"),
}  # fmt: skip


def resolve_mineral(text: str) -> str:
    """The vocabulary key for *text* (a key or English name, any case); UsageError if unknown."""
    table = _name_table()
    key = table.get(text.strip().lower())
    if key is not None:
        return key
    close = difflib.get_close_matches(text.strip().lower(), list(table), n=1, cutoff=0.6)
    hint = f" (did you mean {close[0]!r}, {table[close[0]]}?)" if close else ""
    raise UsageError(f"unknown mineral {echo(text)!r}{hint}; known: {', '.join(VOCABULARY)}")


@lru_cache(maxsize=1)
def _name_table() -> dict[str, str]:
    table = {key.lower(): key for key in VOCABULARY}
    for key, names in NAMES.items():
        table.update({name: key for name in names})
    return table


# -- results: plain frozen records the rule engine and the CLI read ----------------------------
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


def _record(kind: type[R], entry: BaseModel, **extra: object) -> R:
    """A result record: a validated file entry plus *extra* fields (no re-validation)."""
    fields = {k: v for k, v in entry if k in kind.model_fields}
    return kind.model_construct(**{**fields, **extra})


class Reference:
    """Merged reference data with a query API; build it with :func:`load_reference`."""

    def __init__(self, layers: Iterable[tuple[ReferenceFile, str]]) -> None:
        """Merge *layers* (data, origin) in order; later layers replace earlier entries."""
        self._sources: dict[str, Source] = {}
        self._names: dict[str, tuple[str, list[str]]] = {}
        self._production: dict[tuple[str, str, int, bool], tuple[Production, str]] = {}
        self._controls: dict[str, tuple[Control, str]] = {}
        self._prices: dict[tuple[str, str, str], PricePoint] = {}
        self._eu: dict[str, EUCriticality] = {}
        self._eu_groups: dict[str, EUCriticality] = {}
        self._benchmarks: dict[str, Benchmark] = {}
        self._claims: dict[int, Claim] = {}
        self.version = ""
        self.compiled = dt.date(1970, 1, 1)
        self.origins: list[str] = []
        for data, origin in layers:
            self._merge(data, origin)

    def _merge(self, data: ReferenceFile, origin: str) -> None:
        self.origins.append(origin)
        if origin == BUILTIN:
            self.version = data.meta.version or ""
        else:
            self.version += f"+{data.meta.version or 'override'}"
        self.compiled = data.meta.compiled or self.compiled
        for key, entry in data.sources.items():
            self._sources[key] = _record(Source, entry, key=key, origin=origin)
        for key, info in data.minerals.items():
            self._names[key] = (info.name, list(info.notes))
        for item in data.production:
            for mineral in item.minerals:
                slot = (mineral, item.stage.value, item.year, item.projection)
                self._production[slot] = (item, origin)
        for control in data.controls:
            self._controls[control.id] = (control, origin)
        for series in data.prices:
            self._merge_prices(series, origin)
        for mineral, value in data.eu2023.items():
            self._eu[mineral] = _eu(value, mineral, None, [mineral], origin)
        for key, group in data.eu2023_groups.items():
            self._eu_groups[key] = _eu(group, key, key, list(group.members), origin)
        for key, bench in data.benchmarks.items():
            self._benchmarks[key] = _record(Benchmark, bench, key=key, value=float(bench.value),
                                            origin=origin)  # fmt: skip
        for claim in data.claims:
            self._claims[claim.number] = _record(Claim, claim, origin=origin)

    def _merge_prices(self, series: PriceSeries, origin: str) -> None:
        for mineral in series.minerals:
            for period, value in series.points.items():
                point = PricePoint.of(mineral, series, period, value, origin)
                self._prices[(mineral, series.product, period)] = point

    # -- minerals and production ---------------------------------------------------------------
    def minerals(self) -> list[str]:
        """The mineral keys covered, in the profile vocabulary's order."""
        return list(VOCABULARY)

    def name(self, mineral: str) -> str:
        """The English name of *mineral* (key or name, any case)."""
        key = resolve_mineral(mineral)
        return self._names.get(key, (NAMES[key][0], []))[0]

    def notes(self, mineral: str) -> list[str]:
        """Free-text notes on *mineral* (what is unverified, what is left out)."""
        return list(self._names.get(resolve_mineral(mineral), ("", []))[1])

    def shares(self, mineral: str, stage: str) -> StageShares | None:
        """Shares by country for the latest observed year of *stage* ("mining" or "refining")."""
        observed = [s for s in self.datasets(mineral, stage) if not s.projection]
        return observed[0] if observed else None

    def datasets(self, mineral: str, stage: str | None = None) -> list[StageShares]:
        """Every dataset for *mineral* (one stage or both): observed years newest first, then
        projections in year order."""
        key = resolve_mineral(mineral)
        if stage is not None and stage not in STAGES:
            raise ValueError(f"stage must be one of {STAGES}, not {stage!r}")
        found = [
            StageShares.of(key, item, origin)
            for (m, st, _, _), (item, origin) in self._production.items()
            if m == key and (stage is None or st == stage)
        ]
        return sorted(found, key=lambda s: (STAGES.index(s.stage), s.projection, _newest(s)))

    # -- export controls -----------------------------------------------------------------------
    def controls(self, mineral: str, on: dt.date) -> list[ControlStatus]:
        """Every measure covering *mineral* that was announced by *on*, with its status then."""
        key = resolve_mineral(mineral)
        out: list[ControlStatus] = []
        for control, origin in self._controls.values():
            status = control.status_on(on)
            if key in control.minerals and status is not None:
                out.append(ControlStatus.of(control, status, origin))
        return sorted(out, key=lambda c: (c.effective, c.id))

    def trade_factor(
        self, mineral: str, country: str, on: dt.date, destination: str | None = None
    ) -> float:
        """EU-style t_c for exports of *mineral* from *country* on *on*: the largest factor of
        the measures active then (1.0 when none); a measure aimed at named countries counts only
        when *destination* is one of them."""
        factors = [
            c.trade_factor
            for c in self.controls(mineral, on)
            if c.country == country
            and (not c.target_countries or destination in c.target_countries)
        ]
        return max(factors, default=1.0)

    # -- EU, prices, benchmarks, sources, claims -----------------------------------------------
    def eu2023(self, mineral: str) -> EUCriticality | None:
        """EU 2023 criticality values for *mineral* itself, if the study gives them."""
        return self._eu.get(resolve_mineral(mineral))

    def eu2023_groups(self, mineral: str) -> list[EUCriticality]:
        """EU 2023 group values (LREE, HREE) whose members include *mineral*."""
        key = resolve_mineral(mineral)
        return [g for g in self._eu_groups.values() if key in g.members]

    def prices(self, mineral: str) -> list[PricePoint]:
        """Known prices of *mineral*, by product then period."""
        key = resolve_mineral(mineral)
        points = [p for (m, _, _), p in self._prices.items() if m == key]
        return sorted(points, key=lambda p: (p.product, p.period))

    def benchmark(self, key: str) -> Benchmark:
        """The benchmark called *key*; KeyError (with a did-you-mean) if there is none."""
        if key in self._benchmarks:
            return self._benchmarks[key]
        close = difflib.get_close_matches(key, list(self._benchmarks), n=1)
        raise KeyError(
            f"no benchmark {key!r}" + (f" (did you mean {close[0]!r}?)" if close else "")
        )

    def benchmarks(self) -> list[Benchmark]:
        """Every benchmark, in file order (override additions last)."""
        return list(self._benchmarks.values())

    def sources(self) -> list[Source]:
        """The bibliography, sorted by key."""
        return [self._sources[key] for key in sorted(self._sources)]

    def source(self, key: str) -> Source:
        """One bibliography entry (the key always exists for a cited figure)."""
        return self._sources[key]

    def claims(self) -> list[Claim]:
        """The seed article's market claims beside the sourced figures, by number."""
        return [self._claims[n] for n in sorted(self._claims)]

    # -- staleness -----------------------------------------------------------------------------
    def stale(self, as_of: dt.date, max_age_days: int, mineral: str | None = None) -> list[str]:
        """Messages for data in use (for *mineral*, or all) older than *max_age_days* on *as_of*.

        A year's data counts from 31 December of that year; a month's from its last day.
        """
        limit = f"limit {max_age_days}"
        out: list[str] = []
        age = (as_of - self.compiled).days
        if age > max_age_days:
            out.append(f"reference data {self.version} was compiled {self.compiled}, "
                       f"{age} days before the as-of date ({limit})")  # fmt: skip
        keys = [resolve_mineral(mineral)] if mineral else list(VOCABULARY)
        for label, period in self._in_use(keys).items():
            days = (as_of - _period_end(period)).days
            if days > max_age_days:
                out.append(f"{label} describe {period}, which ended {days} days before the "
                           f"as-of date ({limit})")  # fmt: skip
        return out

    def _in_use(self, minerals: list[str]) -> dict[str, str]:
        """Label to latest period of each dataset in use: shares, EU values, price series."""
        found: dict[str, str] = {}
        for mineral in minerals:
            for stage in STAGES:
                s = self.shares(mineral, stage)
                if s is not None:
                    label = f"{s.commodity} {stage} shares ({', '.join(s.shared_with)})"
                    found[label] = str(s.year)
        if any(m in self._eu for m in minerals):
            found["EU 2023 criticality values"] = "2023"
        for point in (p for p in self._prices.values() if p.mineral in minerals):
            label = f"{point.product} prices"
            found[label] = max(found.get(label, ""), point.period)
        return found


def _newest(shares: StageShares) -> int:
    return shares.year if shares.projection else -shares.year


def _period_end(period: str) -> dt.date:
    year, _, month = period.partition("-")
    if not month:
        return dt.date(int(year), 12, 31)
    nxt = dt.date(int(year) + int(month) // 12, int(month) % 12 + 1, 1)
    return nxt - dt.timedelta(days=1)


def _eu(
    value: EUValue, mineral: str, group: str | None, members: list[str], origin: str
) -> EUCriticality:
    numbers = {"supply_risk": float(value.supply_risk),
               "economic_importance": float(value.economic_importance)}  # fmt: skip
    return _record(EUCriticality, value, mineral=mineral, group=group, members=members,
                   origin=origin, **numbers)  # fmt: skip


def load_reference(override: str | None = None) -> Reference:
    """The built-in reference data, merged with the *override* file if one is given.

    Raises DataError (listing file:line:col problems) when the override is not valid.
    """
    if override is None:
        return _builtin()
    doc = _read(lambda: load_file(override))
    data = build(doc, ReferenceFile, DataError)
    known = set(_builtin_file().sources) | set(data.sources)
    problems = cross_problems(doc, cross_checks(data, known))
    if problems:
        raise DataError(problems=problems)
    return Reference([(_builtin_file(), BUILTIN), (data, override)])


@lru_cache(maxsize=1)
def _builtin() -> Reference:
    return Reference([(_builtin_file(), BUILTIN)])


@lru_cache(maxsize=1)
def _builtin_file() -> ReferenceFile:
    text = resources.files("advisor.data").joinpath("reference.yaml").read_text("utf-8")
    doc = _read(lambda: load_text(text, BUILTIN_FILE))
    data = build(doc, ReferenceFile, DataError)
    found = list(cross_checks(data, data.sources))
    if data.meta.version is None or data.meta.compiled is None:
        found.append((("meta",), "the built-in data needs meta.version and meta.compiled"))
    problems = cross_problems(doc, found)
    if problems:
        raise DataError(problems=problems)
    return data


def _read(parse: Callable[[], Document]) -> Document:
    try:
        return parse()
    except InputError as exc:
        raise DataError(exc.message, exc.problems) from None
