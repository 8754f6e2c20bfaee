"""What a disruption does to one company: days, tonnes, money and units (docs/simulate.md).

:func:`simulate` runs one scenario on one profile: which supply stops and which prices jump
(:mod:`advisor.engine.stress.stops`), what that does to each material
(:mod:`advisor.engine.stress.impact`, with the formulas of :mod:`advisor.engine.stress.formulas`)
and what closes the gap (:mod:`advisor.engine.stress.mitigate`). Pure: no I/O, no clock; the start
date is the caller's (the profile's as_of by default).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import TYPE_CHECKING

from advisor.engine.assess.smelters import with_smelter_countries
from advisor.engine.stress.impact import material_impact
from advisor.engine.stress.model import MaterialImpact, ScenarioSource, Simulation
from advisor.engine.stress.stops import price_factors

if TYPE_CHECKING:
    from advisor.profile.model import Profile
    from advisor.reference.load import Reference
    from advisor.scenarios.load import LoadedScenario
    from advisor.scenarios.models import Scenario
    from advisor.yaml.document import Document


def simulate(
    profile: Profile,
    loaded: LoadedScenario,
    ref: Reference,
    doc: Document | None = None,
    *,
    start: dt.date | None = None,
    duration: int | None = None,
) -> Simulation:
    """Run one scenario on one profile (from *start*, default the profile's as_of)."""
    profile = with_smelter_countries(profile)  # processed where its declared smelters are
    scenario = loaded.scenario
    begin = start or profile.as_of
    days = duration or scenario.duration_days
    factors, _ = price_factors(scenario, ref)
    impacts = tuple(
        material_impact(profile, i, scenario, ref, begin, days, factors, doc)
        for i in range(len(profile.materials))
    )
    horizon = max([days, *(_end_day(m) for m in impacts)])
    return Simulation(
        profile=doc.source if doc else "",
        company=profile.company.name,
        currency=profile.company.currency,
        scenario=scenario.id,
        title=scenario.title,
        summary=scenario.summary,
        origin=loaded.origin,
        start=begin.isoformat(),
        duration_days=days,
        duration_basis=scenario.duration_basis,
        horizon_days=horizon,
        end=(begin + dt.timedelta(days=horizon)).isoformat(),
        price_factors=_factor_list(scenario, factors),
        materials=impacts,
        sources=tuple(_source(s) for s in scenario.sources),
        reference_sources=tuple(scenario.reference_sources),
        assumptions=(*scenario.assumptions, _planning(ref)),
        notes=_notes(impacts, scenario, duration),
        planning=_planning(ref),
    )


def _planning(ref: Reference) -> str:
    """The planning assumption the run used for control states the data does not know."""
    from advisor.engine.assess.model import Planning

    return f"Planning assumption: {Planning(ref.plan, ref.plan_chosen).text()}."


def _end_day(m: MaterialImpact) -> int:
    return int(m.timeline[-1].day) if m.timeline else 0


def _factor_list(
    scenario: Scenario, factors: dict[int, tuple[float, str]]
) -> tuple[tuple[str, float, str], ...]:
    from advisor.scenarios.models import PriceShock

    out = []
    for i, event in enumerate(scenario.events):
        if isinstance(event, PriceShock) and i in factors:
            out += [(m.value, factors[i][0], factors[i][1]) for m in event.minerals]
    return tuple(out)


def _source(s: object) -> ScenarioSource:
    from advisor.scenarios.models import Source

    assert isinstance(s, Source)
    return ScenarioSource(s.title, s.publisher, s.url or s.via or "", s.supports)


def _notes(
    impacts: Sequence[MaterialImpact], scenario: Scenario, duration: int | None
) -> tuple[str, ...]:
    notes = []
    if duration is not None and duration != scenario.duration_days:
        notes.append(
            f"duration set to {duration} days (the scenario says {scenario.duration_days})"
        )
    if not any(m.affected for m in impacts):
        notes.append("no material of this profile is hit by this scenario")
    return tuple(notes)
