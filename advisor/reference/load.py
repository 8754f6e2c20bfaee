"""Embedded reference data (who mines, refines and restricts each mineral) with its sources.

:func:`load_reference` reads the built-in ``advisor/data/reference.yaml`` (parsed once per
process) and, optionally, a user's override file in the same format, and returns a
:class:`Reference` that the rule engine and ``advisor data`` query. Merge rule: an override's
dataset for the same mineral, stage and year replaces the built-in one; a control with the same
id, a price for the same mineral, product and period, an EU value for the same mineral, a
benchmark, source or claim with the same key replaces the built-in entry; everything else is
added. Every merged figure remembers its origin ("built-in" or the override path).

Nothing here reads the clock or the network: controls are evaluated on a date the caller gives,
under the planning assumption the caller chose (:meth:`Reference.assuming`) for states the data
does not know.
The file format is :mod:`advisor.reference.models`, its cross-field checks are
:mod:`advisor.reference.checks`, the query results are :mod:`advisor.reference.results`; this
module re-exports the results so that the rest of advisor imports from here.
"""

from __future__ import annotations

import copy
import datetime as dt
import difflib
from collections.abc import Callable, Iterable
from dataclasses import replace
from functools import lru_cache
from typing import TYPE_CHECKING

from advisor import dataset, snapshot
from advisor.errors import DataError, InputError, UsageError, echo
from advisor.profile.build import build, cross_problems
from advisor.reference.controls import DEFAULT_PLAN, PLANS, Form
from advisor.reference.models import (
    VOCABULARY,
    Control,
    EntityList,
    PriceSeries,
    Production,
    ReferenceFile,
)
from advisor.reference.results import (
    Benchmark,
    Claim,
    ControlStatus,
    EUCriticality,
    PricePoint,
    Source,
    StageShares,
    record,
)
from advisor.yaml.loader import Document, load_file, load_text

if TYPE_CHECKING:
    from advisor.reference.producers import Producers

__all__ = [
    "BUILTIN",
    "BUILTIN_FILE",
    "DEFAULT_MAX_AGE_DAYS",
    "NAMES",
    "STAGES",
    "Benchmark",
    "Claim",
    "ControlStatus",
    "EUCriticality",
    "PricePoint",
    "Reference",
    "Source",
    "StageShares",
    "load_reference",
    "resolve_mineral",
]

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


class Reference:
    """Merged reference data with a query API; build it with :func:`load_reference`."""

    def __init__(
        self, layers: Iterable[tuple[ReferenceFile, str]], shipped: str = dataset.BUILTIN
    ) -> None:
        """Merge *layers* (data, origin) in order; later layers replace earlier entries;
        *shipped* names the shipped data the first layer is."""
        self._sources: dict[str, Source] = {}
        self._names: dict[str, tuple[str, list[str]]] = {}
        self._mined_as: dict[str, tuple[Form, ...]] = {}
        self._stages: dict[str, dict[str, str]] = {}
        self._production: dict[tuple[str, str, int, bool], tuple[Production, str]] = {}
        self._controls: dict[str, tuple[Control, str]] = {}
        self._prices: dict[tuple[str, str, str], PricePoint] = {}
        self._eu: dict[str, EUCriticality] = {}
        self._eu_groups: dict[str, EUCriticality] = {}
        self._benchmarks: dict[str, Benchmark] = {}
        self._claims: dict[int, Claim] = {}
        self._lists: dict[str, tuple[EntityList, str]] = {}
        self.version = ""
        self.compiled = dt.date(1970, 1, 1)
        self.origins: list[str] = []
        #: Which shipped data the figures of origin "built-in" come from: ``built-in`` (the
        #: copy inside advisor) or ``mineral-advisor-data 2026.12.8`` (:mod:`advisor.dataset`).
        self.shipped = shipped
        #: The planning assumption for unknown control states, and whether the user chose it.
        self.plan = DEFAULT_PLAN
        self.plan_chosen = False
        for data, origin in layers:
            self._merge(data, origin)

    def assuming(self, plan: str | None) -> Reference:
        """This data with the planning assumption *plan* (``suspended`` or ``in-force``) for
        the control states it does not know; None keeps the default, marked as such."""
        if plan is None:
            return self
        if plan not in PLANS:
            raise UsageError(f"--assume must be one of: {', '.join(PLANS)} (not {echo(plan)!r})")
        chosen = copy.copy(self)
        chosen.plan, chosen.plan_chosen = plan, True
        return chosen

    def _merge(self, data: ReferenceFile, origin: str) -> None:
        self.origins.append(origin)
        if origin == BUILTIN:
            self.version = data.meta.version or ""
        else:
            self.version += f"+{data.meta.version or 'override'}"
        self.compiled = data.meta.compiled or self.compiled
        for key, entry in data.sources.items():
            self._sources[key] = record(Source, entry, key=key, origin=origin)
        for key, info in data.minerals.items():
            self._names[key] = (info.name, list(info.notes))
            if info.mined_as:
                self._mined_as[key] = tuple(info.mined_as)
            if info.stages:
                self._stages[key] = {s.value: text for s, text in info.stages.items()}
        for item in data.production:
            for mineral in item.minerals:
                slot = (mineral, item.stage.value, item.year, item.projection)
                self._production[slot] = (item, origin)
        for control in data.controls:
            self._controls[control.id] = (control, origin)
        for series in data.prices:
            self._merge_prices(series, origin)
        for mineral, value in data.eu2023.items():
            self._eu[mineral] = EUCriticality.of(value, mineral, None, [mineral], origin)
        for key, group in data.eu2023_groups.items():
            self._eu_groups[key] = EUCriticality.of(group, key, key, list(group.members), origin)
        for key, bench in data.benchmarks.items():
            self._benchmarks[key] = record(Benchmark, bench, key=key, value=float(bench.value),
                                           origin=origin)  # fmt: skip
        for claim in data.claims:
            self._claims[claim.number] = record(Claim, claim, origin=origin)
        for listed in data.entity_lists:
            self._lists[listed.id] = (listed, origin)

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

    def stage_measures(self, mineral: str) -> dict[str, str]:
        """What the figures of each stage measure for *mineral* ("refining": "refined cobalt
        metal and chemicals", ...); a stage without a sourced figure says why."""
        return dict(self._stages.get(resolve_mineral(mineral), {}))

    def mined_as(self, mineral: str) -> tuple[Form, ...]:
        """The forms the mining stage of *mineral* exports: ore, or for a by-product metal
        such as gallium its primary metal."""
        return self._mined_as.get(resolve_mineral(mineral), (Form.ore_concentrate,))

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

    def all_datasets(self) -> list[tuple[Production, str]]:
        """Every production dataset with its origin, each once, in file order."""
        seen: dict[int, tuple[Production, str]] = {}
        for item, origin in self._production.values():
            seen.setdefault(id(item), (item, origin))
        return list(seen.values())

    def all_prices(self) -> list[PricePoint]:
        """Every price point, by mineral, product and period."""
        return [self._prices[k] for k in sorted(self._prices)]

    def all_eu(self) -> list[EUCriticality]:
        """Every EU 2023 value, minerals then groups."""
        return [*self._eu.values(), *self._eu_groups.values()]

    # -- export controls -----------------------------------------------------------------------
    def controls(self, mineral: str, on: dt.date) -> list[ControlStatus]:
        """Every measure covering *mineral* (in some form) announced by *on*, with its status."""
        key = resolve_mineral(mineral)
        out: list[ControlStatus] = []
        for control, origin in self._controls.values():
            state = control.state_on(on, PLANS[self.plan])
            if key in control.all_minerals() and state is not None:
                status = ControlStatus.of(control, state, origin, self.compiled)
                out.append(replace(status, state_checked=self._state_checked(status)))
        return sorted(out, key=lambda c: (c.effective, c.id))

    def _state_checked(self, c: ControlStatus) -> dt.date | None:
        """When a status was last checked: its own date, else its source's, else the measure's."""
        if c.state_checked is not None:
            return c.state_checked
        source = self._sources.get(c.state_source or c.source)
        return source.checked if source is not None else None

    def all_controls(self) -> list[tuple[Control, str]]:
        """Every measure with its origin, by effective date then id (vocabulary or not)."""
        return sorted(self._controls.values(), key=lambda co: (co[0].effective, co[0].id))

    def entity_lists(self) -> list[tuple[EntityList, str]]:
        """Every export-control entity list with its origin, by effective date then id."""
        return sorted(self._lists.values(), key=lambda lo: (lo[0].effective, lo[0].id))

    def listing(self, name: str, on: dt.date) -> EntityList | None:
        """The list (control lists first) that names *name* on *on*, or None.

        A name matches a listed name or alias when, with case, punctuation and company-form
        words (Corporation, Co., Ltd, Inc., K.K.) set aside, it is that name or starts with it
        as whole words ("TDK Europe" is TDK's; "TDKX" is not)."""
        words = _name_words(name)
        found = [
            listed
            for listed, _ in self.entity_lists()
            if listed.effective <= on
            and any(_starts(words, _name_words(n))
                    for e in listed.entities for n in (e.name, *e.aliases))
        ]  # fmt: skip
        found.sort(key=lambda e: (e.kind.value != "control", e.effective, e.id))
        return found[0] if found else None

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

    @property
    def producers(self) -> Producers:
        """The registry of producers outside the dominant country (advisor/data/producers.yaml):
        the engine's recommendations name them. Loaded on first use, once per process (only a
        run that recommends pays for it); the engine reads no file itself."""
        from advisor.reference.producers import load_producers

        return load_producers()

    def describe(self) -> str:
        """The data as every report's header names it: ``2026.1 (as of 2026-12-02)``, and the
        distribution it came from when it is not the built-in copy."""
        where = "" if self.shipped == dataset.BUILTIN else f"; {self.shipped}"
        return f"{self.version} (as of {self.compiled.isoformat()}{where})"

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
        return out + self._stale_controls(keys, as_of, max_age_days)

    def _stale_controls(self, minerals: list[str], as_of: dt.date, max_age_days: int) -> list[str]:
        """Notes for export-control states in use on *as_of* last checked too long before it,
        one per check date."""
        by_date: dict[dt.date, list[str]] = {}
        for mineral in minerals:
            for c in self.controls(mineral, as_of):
                checked = c.state_checked
                if c.status not in ("active", "suspended") or checked is None:
                    continue
                if (as_of - checked).days > max_age_days:
                    ids = by_date.setdefault(checked, [])
                    ids += [] if c.id in ids else [c.id]
        return [f"export-control statuses last checked on {day}, {(as_of - day).days} days "
                f"before the as-of date (limit {max_age_days}): {', '.join(ids)}"
                for day, ids in sorted(by_date.items())]  # fmt: skip

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


_FORMS = frozenset({"corporation", "corp", "co", "company", "ltd", "limited", "inc", "kk",
                    "k", "plc", "gmbh", "ag", "sa", "llc"})  # fmt: skip


def _name_words(name: str) -> tuple[str, ...]:
    cleaned = "".join(ch.lower() if ch.isalnum() else " " for ch in name)
    return tuple(w for w in cleaned.split() if w not in _FORMS)


def _starts(words: tuple[str, ...], listed: tuple[str, ...]) -> bool:
    return bool(listed) and words[: len(listed)] == listed


def _newest(shares: StageShares) -> int:
    return shares.year if shares.projection else -shares.year


def _period_end(period: str) -> dt.date:
    year, _, month = period.partition("-")
    if not month:
        return dt.date(int(year), 12, 31)
    nxt = dt.date(int(year) + int(month) // 12, int(month) % 12 + 1, 1)
    return nxt - dt.timedelta(days=1)


def load_reference(override: str | None = None, assume: str | None = None) -> Reference:
    """The shipped reference data (the built-in copy, or a newer ``mineral-advisor-data``:
    :mod:`advisor.dataset`), merged with the *override* file if one is given, under the
    planning assumption *assume* (None: the default) for control states it does not know.

    Raises DataError (listing file:line:col problems) when the override is not valid.
    """
    if override is None:
        return _builtin().assuming(assume)
    from advisor.reference.checks import cross_checks

    doc = _read(lambda: load_file(override))
    data = build(doc, ReferenceFile, DataError)
    known = set(_builtin_file().sources) | set(data.sources)
    problems = cross_problems(doc, cross_checks(data, known))
    if problems:
        raise DataError(problems=problems)
    return Reference([(_builtin_file(), BUILTIN), (data, override)], _shipped().label).assuming(
        assume
    )


def read_release_file(path: str, label: str) -> ReferenceFile:
    """The complete reference file at *path* (named *label* in messages), checked as strictly
    as the shipped data; DataError if it is not valid."""
    try:
        text = dataset.text(path)
    except (OSError, UnicodeDecodeError) as exc:
        raise DataError(f"{label}: cannot read ({exc})") from None
    return _strict(text, label)


def load_release(data: ReferenceFile, label: str) -> Reference:
    """The reference data of one whole release (:func:`read_release_file`), named *label*."""
    return Reference([(data, BUILTIN)], label)


def _shipped() -> dataset.Shipped:
    return dataset.in_use()


@lru_cache(maxsize=1)
def _builtin() -> Reference:
    """The shipped data: from its snapshot (:mod:`advisor.snapshot`) when one was saved for this
    very copy, file and code, else loaded strictly and saved for the next run."""
    shipped = _shipped()
    return snapshot.cached(
        "reference",
        [shipped.label, shipped.folder, _builtin_text()],
        Reference,
        lambda: Reference([(_builtin_file(), BUILTIN)], shipped.label),
    )


def _builtin_text() -> str:
    return dataset.text(_shipped().reference)


@lru_cache(maxsize=1)
def _builtin_file() -> ReferenceFile:
    shipped = _shipped()
    data = _strict(_builtin_text(), shipped.file_label)
    if data.meta.compiled != shipped.date:
        raise DataError(
            f"{shipped.file_label}: meta.compiled must be written as YYYY-MM-DD on its own line "
            "of the meta block, before any other top-level key (it names the data release)"
        )
    return data


def _strict(text: str, label: str) -> ReferenceFile:
    """A complete reference file: its format and cross-checks, and what shipped data needs."""
    from advisor.reference.checks import builtin_checks, cross_checks  # not for a snapshot

    doc = _read(lambda: load_text(text, label))
    data = build(doc, ReferenceFile, DataError)
    found = [*cross_checks(data, data.sources), *builtin_checks(data)]
    if data.meta.version is None or data.meta.compiled is None:
        found.append((("meta",), "shipped data needs meta.version and meta.compiled"))
    problems = cross_problems(doc, found)
    if problems:
        raise DataError(problems=problems)
    return data


def _read(parse: Callable[[], Document]) -> Document:
    try:
        return parse()
    except InputError as exc:
        raise DataError(exc.message, exc.problems) from None
