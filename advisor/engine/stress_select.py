"""Which supply a scenario's events stop, and which prices they raise, for one material.

The control model is the reference data's, read through
:func:`advisor.engine.facts.exposing_controls` on the simulation's start date, so a scenario
follows whatever that model says applies to the company (mineral, destination, kind of measure).
Pure: no I/O, no clock.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from advisor.engine.facts import exposing_controls, supply_countries
from advisor.profile.model import Material, Mineral, Profile, Supplier
from advisor.scenarios.models import Controls, Pick, PriceShock, Route, Scenario, SupplyStop

if TYPE_CHECKING:
    from advisor.reference.load import ControlStatus, Reference

Path = tuple[str | int, ...]


@dataclass(frozen=True)
class Stop:
    """A supplier's volume that one event stops: the share of the material and from when."""

    supplier: Supplier
    share: float
    onset_day: int
    why: str
    countries: tuple[str, ...] = ()


def stops(
    profile: Profile, material: Material, scenario: Scenario, ref: Reference, start: dt.date
) -> tuple[list[Stop], list[str]]:
    """Every supplier volume the scenario stops for *material*, merged per supplier, and notes.

    A supplier hit by several events loses ``1 - prod(1 - share_i)`` of its volume from the
    earliest onset.
    """
    found: list[Stop] = []
    notes: list[str] = []
    for event in scenario.events:
        if isinstance(event, SupplyStop):
            found += _event_stops(profile, material, event, ref, start, notes)
    return _merge(found), notes


def _merge(found: Sequence[Stop]) -> list[Stop]:
    merged: dict[str, Stop] = {}
    for stop in found:
        old = merged.get(stop.supplier.id)
        if old is None:
            merged[stop.supplier.id] = stop
            continue
        kept = 1 - (1 - old.share / old.supplier.share) * (1 - stop.share / stop.supplier.share)
        merged[stop.supplier.id] = Stop(
            stop.supplier,
            round(kept * stop.supplier.share, 9),
            min(old.onset_day, stop.onset_day),
            f"{old.why}; {stop.why}",
            tuple(sorted({*old.countries, *stop.countries})),
        )
    return list(merged.values())


def _event_stops(
    profile: Profile,
    material: Material,
    event: SupplyStop,
    ref: Reference,
    start: dt.date,
    notes: list[str],
) -> list[Stop]:
    if event.minerals and material.mineral not in event.minerals:
        return []
    countries, onsets, measures = _countries(profile, material, event, ref, start)
    if countries is not None and not countries:
        return []
    picked = _picked(material.suppliers, event.suppliers)
    out: list[Stop] = []
    for supplier in picked:
        part = _part(supplier, countries, event.route)
        if part is None:
            notes.append(f"{supplier.id}: no {event.route.value} countries given, not counted")
            continue
        if part <= 0:
            continue
        hit = list(_hit(supplier, countries, event.route))
        onset = event.start_day + min((onsets.get(c, 0) for c in hit), default=0)
        why = _why(supplier, countries, event, measures)
        lost = round(supplier.share * part * event.share, 9)
        out.append(Stop(supplier, lost, onset, why, tuple(hit)))
    return out


def _picked(suppliers: Sequence[Supplier], pick: Pick) -> list[Supplier]:
    if pick is Pick.largest and suppliers:
        return [max(suppliers, key=lambda s: s.share)]  # the first listed on a tie
    return list(suppliers)


def _countries(
    profile: Profile, material: Material, event: SupplyStop, ref: Reference, start: dt.date
) -> tuple[set[str] | None, dict[str, int], dict[str, list[str]]]:
    """The countries whose supply stops (None = any), onset day by country, measures by country."""
    countries: set[str] | None = set(event.countries) if event.countries else None
    onsets: dict[str, int] = {}
    measures: dict[str, list[str]] = {}
    if event.controls is not Controls.none:
        controlled = set()
        for c in _controls(profile, material, ref, start, event.controls):
            controlled.add(c.country)
            measures.setdefault(c.country, []).append(c.measure)
            if c.suspended_until is not None:
                day = (c.suspended_until - start).days
                onsets[c.country] = min(onsets.get(c.country, day), day)
        countries = controlled if countries is None else countries & controlled
    if event.export_measure and countries is not None:
        countries.discard(profile.company.headquarters)
    return countries, onsets, measures


def _controls(
    profile: Profile, material: Material, ref: Reference, start: dt.date, which: Controls
) -> list[ControlStatus]:
    if material.mineral is Mineral.other:
        return []
    on_start = profile.model_copy(update={"as_of": start})
    status = "active" if which is Controls.in_force else "suspended"
    return [c for c in exposing_controls(on_start, material, ref) if c.status == status]


def _stage_countries(supplier: Supplier, route: Route) -> list[str]:
    if route is Route.mining:
        return list(supplier.mining_countries)
    if route is Route.processing:
        return list(supplier.processing_countries)
    return [supplier.country]


def _part(supplier: Supplier, countries: set[str] | None, route: Route) -> float | None:
    """The part of the supplier's volume that stops (None: the stage's countries are unknown)."""
    if countries is None:
        return 1.0
    if route is Route.any:
        return 1.0 if supply_countries(supplier) & countries else 0.0
    listed = _stage_countries(supplier, route)
    if not listed:
        return None
    return sum(1 for c in listed if c in countries) / len(listed)


def _hit(supplier: Supplier, countries: set[str] | None, route: Route) -> Iterator[str]:
    """The countries of the supplier's chain (or of the route's stage) the event names."""
    if countries is None:
        return iter(())
    chain = supply_countries(supplier) if route is Route.any else _stage_countries(supplier, route)
    return iter(sorted(set(chain) & countries))


def _why(
    supplier: Supplier,
    countries: set[str] | None,
    event: SupplyStop,
    measures: dict[str, list[str]],
) -> str:
    if countries is None:
        return "the largest supplier" if event.suppliers is Pick.largest else "all supply"
    hit = list(_hit(supplier, countries, event.route))
    where = {
        Route.any: "through",
        Route.mining: "mined in",
        Route.processing: "processed in",
        Route.shipping: "shipped from",
    }[event.route]
    text = f"{where} {', '.join(hit)}"
    named = sorted({m for c in hit for m in measures.get(c, [])})
    return f"{text} ({'; '.join(named)})" if named else text


def price_events(material: Material, scenario: Scenario) -> list[tuple[int, PriceShock]]:
    """The price events (with their index) that apply to *material*."""
    return [
        (i, e)
        for i, e in enumerate(scenario.events)
        if isinstance(e, PriceShock)
        and material.mineral in e.minerals
        and (not e.stages or material.stage in e.stages)
    ]


def price_factors(
    scenario: Scenario, ref: Reference
) -> tuple[dict[int, tuple[float, str]], list[tuple[Path, str]]]:
    """Each price event's multiple and its basis, and problems with `from_prices`."""
    factors: dict[int, tuple[float, str]] = {}
    problems: list[tuple[Path, str]] = []
    for i, event in enumerate(scenario.events):
        if not isinstance(event, PriceShock):
            continue
        if event.factor is not None:
            factors[i] = (float(event.factor), f"{event.factor:g}x (scenario)")
            continue
        ratio = event.from_prices
        assert ratio is not None  # the model requires factor or from_prices
        found = _series(ref, ratio.product)
        for period in (ratio.base, ratio.peak):
            if period not in found:
                known = ", ".join(sorted(found)) or "none"
                problems.append(
                    (
                        (("events", i, "from_prices")),
                        f"no {ratio.product!r} price for {period} in the reference data "
                        f"(periods: {known})",
                    )
                )
        if ratio.base in found and ratio.peak in found and found[ratio.base][0] > 0:
            (base, unit, source), (peak, _, _) = found[ratio.base], found[ratio.peak]
            factor = round(max(1.0, peak / base), 4)
            factors[i] = (
                factor,
                f"{ratio.product} {ratio.peak} {peak:g} / {ratio.base} {base:g} {unit} ({source})",
            )
    return factors, problems


def _series(ref: Reference, product: str) -> dict[str, tuple[float, str, str]]:
    out: dict[str, tuple[float, str, str]] = {}
    for mineral in ref.minerals():
        for p in ref.prices(mineral):
            if p.product == product:
                out[p.period] = (p.value, p.unit, p.source)
    return out


def reference_problems(scenario: Scenario, ref: Reference) -> list[tuple[Path, str]]:
    """What in *scenario* the reference data cannot answer: prices and source keys."""
    _, problems = price_factors(scenario, ref)
    known = {s.key for s in ref.sources()}
    for j, key in enumerate(scenario.reference_sources):
        if key not in known:
            problems.append((("reference_sources", j), f"no reference-data source {key!r}"))
    return problems
