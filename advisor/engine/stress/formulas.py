"""The stress-test maths, as small pure functions (docs/simulate.md has the worked example).

For each material: daily demand ``d = annual demand / 365``; stock ``S`` (the inventory, or its
days of cover times ``d``; none given counts as none). Each stopped supplier volume ``i`` loses
``l_i = share_i * d`` per day from its onset ``o_i`` for ``r_i`` days, where ``r_i`` is the
scenario's duration ``T``, or sooner the supplier's ``qualification_days + lead_time_days`` (a
qualified replacement delivering). Then

* stock on day t: ``S(t) = S - sum_i l_i * clamp(t - o_i, 0, r_i)``, floored at zero;
* time to survive ``TTS = S / sum_i l_i``; time to recover ``TTR = max_i r_i``;
* shortfall ``max(0, sum_i l_i * r_i - S)``, and the day ``S(t)`` reaches zero if it does;
* price cost ``p * (F - 1) * pass_through * volume still bought at spot or indexed prices``;
  premium cost ``p * premium * sum_i l_i * (T - r_i)`` for replacement volume;
* units at risk per product ``shortfall * annual_units / max(annual demand, sum kg*units)``.

Pure: no I/O, no clock.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from advisor.engine.stress.model import (
    Hit,
    ProductImpact,
    StockPoint,
)
from advisor.engine.stress.stops import Stop
from advisor.profile.model import ContractType, Material, PriceBasis, Supplier, Unit

DAYS_PER_YEAR = 365


@dataclass(frozen=True)
class Loss:
    """Volume lost per day, from day ``onset`` for ``days`` days."""

    rate: float
    onset: float
    days: float


def stock_on(stock: float, losses: Sequence[Loss], day: float) -> float:
    """Stock left on *day* (negative = the cumulative shortfall so far)."""
    return stock - sum(x.rate * min(max(day - x.onset, 0.0), x.days) for x in losses)


def shortfall(stock: float, losses: Sequence[Loss]) -> float:
    """Volume that stock cannot cover before every loss is recovered."""
    return max(0.0, sum(x.rate * x.days for x in losses) - stock)


def time_to_survive(stock: float, losses: Sequence[Loss]) -> float | None:
    """Days the stock lasts with every loss at once and no recovery; None if nothing is lost."""
    rate = sum(x.rate for x in losses)
    return None if rate <= 0 else stock / rate


def runs_out(stock: float, losses: Sequence[Loss]) -> float | None:
    """The day stock reaches zero, walking the loss curve's corners; None if it never does."""
    if shortfall(stock, losses) <= 1e-9:
        return None
    corners = sorted({x.onset for x in losses} | {x.onset + x.days for x in losses})
    previous = 0.0
    for corner in corners:
        left = stock_on(stock, losses, corner)
        if left < 0:
            before = stock_on(stock, losses, previous)
            rate = (before - left) / (corner - previous)
            return previous + before / rate
        previous = corner
    return None  # pragma: no cover - a positive shortfall always crosses zero


def timeline(stock: float, losses: Sequence[Loss], end: float) -> tuple[StockPoint, ...]:
    """Stock at day 0, at every corner of the curve, when it runs out, and at *end*."""
    days = {0.0, end} | {x.onset for x in losses} | {x.onset + x.days for x in losses}
    out_day = runs_out(stock, losses)
    if out_day is not None:
        days.add(out_day)
    return tuple(
        StockPoint(round(d, 1), round(max(0.0, stock_on(stock, losses, d)) / 1000, 4))
        for d in sorted(d for d in days if 0 <= d <= end)
    )


def stock_kg(material: Material) -> float | None:
    """Stock on hand in kg; None when the profile gives no inventory."""
    inv = material.inventory
    if inv is None:
        return None
    if inv.days_of_cover is not None:
        return float(inv.days_of_cover) * float(material.annual_demand.kg) / DAYS_PER_YEAR
    assert inv.quantity is not None and inv.unit is not None  # the model checks the pair
    return float(inv.quantity) * (1000 if inv.unit is Unit.t else 1)


def price_per_kg(material: Material) -> float | None:
    """The company's reference price per kg, if it gives one."""
    price = material.reference_price
    if price is None:
        return None
    return float(price.amount) / (1000 if price.per is Unit.t else 1)


def recover(stop: Stop, duration: int) -> tuple[int, str]:
    """Days until the stopped volume is back, and what brings it back."""
    s = stop.supplier
    if s.qualification_days is None:
        return duration, "the end of the disruption (no qualification_days to replace it sooner)"
    replace = s.qualification_days + (s.lead_time_days or 0)
    if replace < duration:
        return replace, (
            f"a replacement qualified in {s.qualification_days} days, delivering after "
            f"{s.lead_time_days or 0} days of lead time"
        )
    return duration, "the end of the disruption"


def exposed_days(supplier: Supplier | None, start: dt.date, a: float, b: float) -> float:
    """Days in [a, b) that the supplier's volume is bought at spot or indexed prices.

    A fixed-price contract protects until its end date (for good when it has none); no supplier
    (volume the profile does not list) and no contract count as spot.
    """
    c = supplier.contract if supplier is not None else None
    if c is None or c.type is ContractType.none or c.price_basis is not PriceBasis.fixed:
        return max(0.0, b - a)
    if c.end is None:
        return 0.0
    return max(0.0, b - max(a, float((c.end - start).days)))


def overlap(a: float, b: float, c: float, d: float) -> float:
    """Length of the overlap of [a, b) and [c, d)."""
    return max(0.0, min(b, d) - max(a, c))


def hits(found: Sequence[Stop], duration: int) -> list[Hit]:
    """The stops as reported hits, with their recovery."""
    out = []
    for stop in found:
        days, by = recover(stop, duration)
        out.append(
            Hit(
                stop.supplier.id,
                round(stop.share, 6),
                stop.onset_day,
                days,
                by,
                stop.why,
                stop.countries,
            )
        )
    return out


def impact_products(
    material: Material, short_kg: float, horizon: float
) -> tuple[tuple[ProductImpact, ...], list[str]]:
    """Units (and revenue) of each product the shortfall puts at risk, and notes."""
    listed = [u for u in material.used_in if u.kg_per_unit and u.annual_units is not None]
    notes = []
    if material.used_in and len(listed) < len(material.used_in):
        notes.append("some used_in entries lack kg_per_unit or annual_units: not counted")
    use_kg = sum(float(u.kg_per_unit or 0) * (u.annual_units or 0) for u in listed)
    basis = max(float(material.annual_demand.kg), use_kg)
    out = []
    for u in listed:
        units = 0.0 if basis <= 0 else short_kg * (u.annual_units or 0) / basis
        units = min(units, (u.annual_units or 0) * horizon / DAYS_PER_YEAR)
        revenue = None if u.unit_price is None else round(units * float(u.unit_price), 2)
        out.append(ProductImpact(u.product, u.part_number, round(units, 1), revenue))
    return tuple(out), notes
