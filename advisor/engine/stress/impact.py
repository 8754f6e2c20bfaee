"""One material under one scenario: stock curve, survival, shortfall, cost, units, actions.

The formulas are those of :mod:`advisor.engine.stress.simulate` (and docs/simulate.md); this module
puts them together for a material of the profile. Pure: no I/O, no clock.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import replace
from typing import TYPE_CHECKING, Any

from advisor.engine.stress.formulas import (
    DAYS_PER_YEAR,
    Loss,
    exposed_days,
    hits,
    impact_products,
    overlap,
    price_per_kg,
    runs_out,
    shortfall,
    stock_kg,
    time_to_survive,
    timeline,
)
from advisor.engine.stress.mitigate import mitigations
from advisor.engine.stress.model import Hit, MaterialImpact
from advisor.engine.stress.stops import price_events, stops

if TYPE_CHECKING:
    from advisor.profile.model import Material, Profile
    from advisor.reference.load import Reference
    from advisor.scenarios.models import Scenario
    from advisor.yaml.document import Document


def material_impact(
    profile: Profile,
    index: int,
    scenario: Scenario,
    ref: Reference,
    start: dt.date,
    duration: int,
    factors: dict[int, tuple[float, str]],
    doc: Document | None = None,
) -> MaterialImpact:
    """What *scenario* does to ``profile.materials[index]`` from *start* for *duration* days."""
    material = profile.materials[index]
    found, notes = stops(profile, material, scenario, ref, start)
    hit = hits(found, duration)
    d = float(material.annual_demand.kg) / DAYS_PER_YEAR
    given = stock_kg(material)
    stock = given or 0.0
    notes += ["no inventory given: counted as no stock"] if given is None and hit else []
    losses = [Loss(h.share * d, h.onset_day, h.recover_days) for h in hit]
    end = max([duration, *(h.onset_day + duration for h in hit)])
    short = shortfall(stock, losses)
    factor, price_cost, premium_cost = _costs(material, scenario, hit, factors, start, duration, d)
    notes += _price_notes(profile, material, bool(hit) or factor is not None)
    products, product_notes = impact_products(material, short, end)
    costs = [c for c in (price_cost, premium_cost) if c is not None]
    impact = MaterialImpact(
        material=material.id,
        mineral=material.mineral.value,
        affected=bool(hit) or factor is not None,
        hits=tuple(hit),
        demand_t_per_day=round(d / 1000, 6),
        stock_t=round(stock / 1000, 4),
        stock_days=None if given is None or d <= 0 else round(stock / d, 1),
        **_supply(hit, losses, stock, start),
        price_factor=factor,
        price_cost=price_cost,
        premium_cost=premium_cost,
        extra_cost=round(sum(costs), 2) if costs else None,
        currency=material.reference_price.currency if material.reference_price else None,
        products=products,
        units_at_risk=_sum([p.units_at_risk for p in products], 1),
        revenue_at_risk=_sum([p.revenue_at_risk for p in products], 2),
        timeline=timeline(stock, losses, end) if hit else (),
        mitigations=(),
        notes=tuple(notes + product_notes),
        **_where(doc, index),
    )
    actions = mitigations(profile, material, impact, scenario, start, losses, stock)
    return replace(impact, mitigations=tuple(actions))


def _where(doc: Document | None, index: int) -> dict[str, Any]:
    line, col = doc.loc(("materials", index)) if doc else (1, 1)
    return {"line": line, "col": col}


def _supply(
    hit: Sequence[Hit], losses: Sequence[Loss], stock: float, start: dt.date
) -> dict[str, Any]:
    """The supply-side fields of a MaterialImpact: lost, survival, recovery, run-out."""
    tts = time_to_survive(stock, losses)
    ttr = max((h.recover_days for h in hit), default=None)
    out_day = runs_out(stock, losses)
    date = None if out_day is None else (start + dt.timedelta(days=int(out_day))).isoformat()
    return {
        "lost_share": round(sum(h.share for h in hit), 6),
        "supply_lost_t": round(sum(x.rate * x.days for x in losses) / 1000, 4),
        "onset_day": min((h.onset_day for h in hit), default=None),
        "time_to_survive_days": None if tts is None else round(tts, 1),
        "time_to_recover_days": ttr,
        "recover_day": max((h.onset_day + h.recover_days for h in hit), default=None),
        "gap_days": None if ttr is None or tts is None else round(max(0.0, ttr - tts), 1),
        "runs_out_day": None if out_day is None else round(out_day, 1),
        "runs_out_date": date,
        "shortfall_t": round(shortfall(stock, losses) / 1000, 4),
    }


def _price_notes(profile: Profile, material: Material, affected: bool) -> list[str]:
    price = material.reference_price
    if not affected:
        return []
    if price is None:
        return ["no reference_price given: extra cost not computed"]
    if price.currency != profile.company.currency:
        return [
            f"reference_price is in {price.currency}, not {profile.company.currency}: "
            "its cost is left out of the total"
        ]
    return []


def _sum(values: Sequence[float | None], places: int) -> float | None:
    known = [v for v in values if v is not None]
    return round(sum(known), places) if known else None


def _costs(
    material: Material,
    scenario: Scenario,
    hit: Sequence[Hit],
    factors: dict[int, tuple[float, str]],
    start: dt.date,
    duration: int,
    d: float,
) -> tuple[float | None, float | None, float | None]:
    """The price multiple that applies (the largest), the price cost and the premium cost."""
    events = [(factors[i][0], e) for i, e in price_events(material, scenario) if i in factors]
    factor = max((f for f, _ in events), default=None)
    price = price_per_kg(material)
    if price is None:
        return factor, None, None
    price_cost = None
    if factor is not None:
        chosen = next(e for f, e in events if f == factor)
        window = (float(chosen.start_day), float(chosen.start_day + duration))
        uplift = (factor - 1) * chosen.pass_through
        price_cost = round(price * uplift * d * bought(material, hit, window, start, duration), 2)
    premium = scenario.alternative_premium
    premium_cost = None
    if hit and premium is not None:
        volume = sum(h.share * d * (duration - h.recover_days) for h in hit)
        premium_cost = round(price * float(premium) * volume, 2)
    return factor, price_cost, premium_cost


def bought(
    material: Material,
    hit: Sequence[Hit],
    window: tuple[float, float],
    start: dt.date,
    duration: int,
) -> float:
    """Share-days of volume bought at spot or indexed prices in *window*.

    A supplier's unaffected volume follows its contract; its stopped volume is bought from it
    outside the disruption, not at all while stopped, and at spot from a replacement once one
    delivers. Volume no supplier covers counts as spot.
    """
    a, b = window
    by_id = {h.supplier: h for h in hit}
    total = 0.0
    for s in material.suppliers:
        days = exposed_days(s, start, a, b)
        h = by_id.get(s.id)
        if h is None:
            total += s.share * days
            continue
        lo = max(a, float(h.onset_day))
        hi = max(lo, min(b, float(h.onset_day + duration)))
        replaced = overlap(a, b, h.onset_day + h.recover_days, h.onset_day + duration)
        own = days - exposed_days(s, start, lo, hi)  # the original's days outside the disruption
        total += (s.share - h.share) * days + h.share * (own + replaced)
    unlisted = max(0.0, 1 - sum(s.share for s in material.suppliers))
    return total + unlisted * (b - a)
