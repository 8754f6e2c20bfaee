"""Which supply a scenario's events stop, and which prices they raise, for one material.

The control model is the reference data's, read through
:func:`advisor.engine.assess.facts.exposing_controls` on the simulation's start date, so a scenario
follows whatever that model says applies to the company (mineral, destination, kind of measure).
Pure: no I/O, no clock.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

from advisor.engine.assess.control_facts import chain, exposing_controls, supplier_reach
from advisor.engine.assess.facts import supply_countries
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
    """One stop per supplier; linear in the stops (the reasons and countries of a supplier are
    gathered and joined once, each reason once: a scenario of 90,000 events stays cheap)."""
    merged: dict[str, Stop] = {}
    whys: dict[str, dict[str, None]] = {}
    countries: dict[str, set[str]] = {}
    for stop in found:
        key = stop.supplier.id
        whys.setdefault(key, {})[stop.why] = None
        countries.setdefault(key, set()).update(stop.countries)
        old = merged.get(key)
        if old is None:
            merged[key] = stop
            continue
        kept = 1 - (1 - old.share / old.supplier.share) * (1 - stop.share / stop.supplier.share)
        merged[key] = Stop(
            stop.supplier,
            round(kept * stop.supplier.share, 9),
            min(old.onset_day, stop.onset_day),
            "",
            (),
        )
    return [
        replace(stop, why="; ".join(whys[key]), countries=tuple(sorted(countries[key])))
        if not stop.why
        else stop
        for key, stop in merged.items()
    ]


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
    if event.controls is not Controls.none:
        return _control_stops(profile, material, event, ref, start, notes)
    countries = set(event.countries) if event.countries else None
    if event.export_measure and countries is not None:
        countries.discard(profile.company.headquarters)
    out: list[Stop] = []
    for supplier in _picked(material.suppliers, event.suppliers):
        part = _part(supplier, countries, event.route)
        if part is None:
            notes.append(f"{supplier.id}: no {event.route.value} countries given, not counted")
            continue
        if part > 0:
            hit = tuple(_hit(supplier, countries, event.route))
            lost = round(supplier.share * part * event.share, 9)
            why = _why(supplier, countries, event)
            out.append(Stop(supplier, lost, event.start_day, why, hit))
    return out


def _control_stops(
    profile: Profile,
    material: Material,
    event: SupplyStop,
    ref: Reference,
    start: dt.date,
    notes: list[str],
) -> list[Stop]:
    """Suppliers the reference data's controls reach (by form, content and route) on *start*."""
    if material.mineral is Mineral.other:
        return []
    on_start = profile.model_copy(update={"as_of": start})
    exposing = exposing_controls(on_start, material, ref)
    defaults = chain(ref, material.mineral.value)
    picked = {s.id for s in _picked(material.suppliers, event.suppliers)}
    out: list[Stop] = []
    for j, supplier in enumerate(material.suppliers):
        if supplier.id not in picked:
            continue
        reach = supplier_reach(material, supplier, j, exposing, defaults)
        found = reach.measures if event.controls is Controls.in_force else reach.suspended_measures
        measures = [c for c in found.values() if _allowed(c.country, event, profile)]
        if measures:
            out.append(_control_stop(supplier, measures, event, start))
        elif event.controls is Controls.in_force and reach.undetermined:
            fields = ", ".join(".".join(str(p) for p in path[-1:]) for path in reach.missing)
            notes.append(
                f"{supplier.id}: not known whether the controls reach it "
                f"(give {fields or 'its chain'}); counted as stopped"
            )
            why = "controls may reach it (origin or content not given)"
            share = round(supplier.share * event.share, 9)
            out.append(Stop(supplier, share, event.start_day, why, ()))
    return out


def _allowed(country: str, event: SupplyStop, profile: Profile) -> bool:
    if event.countries and country not in event.countries:
        return False
    return not (event.export_measure and country == profile.company.headquarters)


_ASSUMED = {True: " (assumed back in force)", False: " (assumed still suspended)"}


def _control_stop(
    supplier: Supplier, measures: Sequence[ControlStatus], event: SupplyStop, start: dt.date
) -> Stop:
    countries = tuple(sorted({c.country for c in measures}))
    ends = [(c.suspended_until - start).days for c in measures if c.suspended_until is not None]
    onset = event.start_day + (min(ends) if ends else 0)
    named = sorted({c.measure + (_ASSUMED[c.status == "active"] if c.assumption else "")
                    for c in measures})  # fmt: skip
    why = f"through {', '.join(countries)} ({'; '.join(named)})"
    return Stop(supplier, round(supplier.share * event.share, 9), onset, why, countries)


def _picked(suppliers: Sequence[Supplier], pick: Pick) -> list[Supplier]:
    if pick is Pick.largest and suppliers:
        return [max(suppliers, key=lambda s: s.share)]  # the first listed on a tie
    return list(suppliers)


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


def _why(supplier: Supplier, countries: set[str] | None, event: SupplyStop) -> str:
    if countries is None:
        return "the largest supplier" if event.suppliers is Pick.largest else "all supply"
    hit = list(_hit(supplier, countries, event.route))
    where = {Route.any: "through", Route.mining: "mined in", Route.processing: "processed in",
             Route.shipping: "shipped from"}[event.route]  # fmt: skip
    return f"{where} {', '.join(hit)}"


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
            cited = ", ".join(sorted({source, found[ratio.peak][2]}))
            factors[i] = (
                factor,
                f"{ratio.product} {ratio.peak} {peak:g} / {ratio.base} {base:g} {unit} ({cited})",
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
