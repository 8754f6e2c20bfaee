"""Sized mitigations: the stock, the share of volume or the fixed prices that close a gap.

* stock: the volume lost before recovery, ``sum_i l_i * r_i``, less the stock on hand;
* diversify: the least share of volume to move to supply the scenario does not hit so that the
  stock covers the rest (the volumes that take longest to recover are moved first);
* fix prices: the price cost the spot and indexed volume would pay;
* data: the profile fields without which a number could not be computed.

Pure: no I/O, no clock.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import TYPE_CHECKING

from advisor.engine.stress.model import MaterialImpact, Mitigation

if TYPE_CHECKING:
    from advisor.engine.stress.formulas import Loss
    from advisor.profile.model import Material, Profile
    from advisor.scenarios.models import Scenario


def mass(tonnes: float) -> str:
    """A mass as people write it: ``14 t``, ``2.4 t``, ``470 kg``, ``0.4 kg``."""
    if tonnes >= 10:
        return f"{tonnes:,.0f} t"
    if tonnes >= 1:
        return f"{tonnes:.1f} t"
    kg = tonnes * 1000
    if kg <= 0:
        return "0 kg"
    return f"{kg:,.0f} kg" if kg >= 10 else f"{kg:.1f} kg"


def money(amount: float, currency: str | None) -> str:
    """An amount with its currency: ``EUR 1,234,567``."""
    return f"{currency or ''} {amount:,.0f}".strip()


def mitigations(
    profile: Profile,
    material: Material,
    impact: MaterialImpact,
    scenario: Scenario,
    start: dt.date,
    losses: Sequence[Loss],
    stock: float,
) -> list[Mitigation]:
    """The sized actions for one material, most direct first."""
    out: list[Mitigation] = []
    onset = impact.onset_day or 0
    by = (start + dt.timedelta(days=onset)).isoformat()
    if impact.shortfall_t > 0:
        out.append(_stock(material, impact, losses, stock, onset, by))
        out.append(_diversify(material, impact, losses, stock, onset, by))
    if impact.price_cost:
        out.append(_fix_price(material, impact, by))
    out += _data(material, impact)
    return out


def _when(onset: int, by: str) -> str:
    return f"before day {onset} ({by})" if onset else f"now (the disruption starts {by})"


def _stock(
    material: Material,
    impact: MaterialImpact,
    losses: Sequence[Loss],
    stock: float,
    onset: int,
    by: str,
) -> Mitigation:
    need = sum(x.rate * x.days for x in losses)
    extra_t = (need - stock) / 1000
    d = impact.demand_t_per_day * 1000
    cover = f", {need / d:.0f} days of demand" if d > 0 else ""
    text = (
        f"raise {material.id} ({impact.mineral}) stock by {mass(extra_t)} (to {mass(need / 1000)}"
        f"{cover}) {_when(onset, by)}, to last the {impact.time_to_recover_days} days to recovery"
    )
    return Mitigation("stock", text, round(extra_t, 4), "t", onset, by)


def moved_share(losses: Sequence[Loss], stock: float, demand_per_day: float) -> float:
    """The least share of volume to take out of the losses so that the stock covers the rest."""
    if demand_per_day <= 0:
        return 0.0
    excess = sum(x.rate * x.days for x in losses) - stock
    moved = 0.0
    for x in sorted(losses, key=lambda x: -x.days):
        if excess <= 0 or x.days <= 0:
            break
        take = min(x.rate, excess / x.days)
        moved += take
        excess -= take * x.days
    return moved / demand_per_day


def _diversify(
    material: Material,
    impact: MaterialImpact,
    losses: Sequence[Loss],
    stock: float,
    onset: int,
    by: str,
) -> Mitigation:
    share = moved_share(losses, stock, impact.demand_t_per_day * 1000)
    countries = sorted({c for h in impact.hits for c in h.countries})
    where = (
        f"outside {', '.join(countries)}" if countries else "with suppliers this scenario spares"
    )
    text = f"qualify {share:.0%} of {material.id} volume {where}, delivering {_when(onset, by)}"
    slowest = max(
        (
            s.qualification_days or 0
            for s in material.suppliers
            if s.id in {h.supplier for h in impact.hits}
        ),
        default=0,
    )
    if slowest and slowest > onset:
        text += f"; qualifying takes about {slowest} days, so start now for the next disruption"
    elif slowest:
        text += f"; start qualifying by day {onset - slowest}"
    return Mitigation("diversify", text, round(share, 4), "share", onset, by)


def _fix_price(material: Material, impact: MaterialImpact, by: str) -> Mitigation:
    cost = impact.price_cost or 0.0
    text = (
        f"fix the price of {material.id}'s spot and indexed volume before the shock ({by}): "
        f"it avoids up to {money(cost, impact.currency)} of the {impact.price_factor:.3g}x price"
    )
    return Mitigation("fix_price", text, round(cost, 2), impact.currency or "", None, by)


def _data(material: Material, impact: MaterialImpact) -> list[Mitigation]:
    out = []
    if material.inventory is None and impact.hits:
        out.append(
            Mitigation(
                "data",
                f"give {material.id}'s inventory to size the stock it needs",
                None,
                "",
                None,
                None,
            )
        )
    if material.reference_price is None and (impact.hits or impact.price_factor):
        out.append(
            Mitigation(
                "data",
                f"give {material.id}'s reference_price to size the extra cost",
                None,
                "",
                None,
                None,
            )
        )
    unknown = [
        h.supplier
        for h in impact.hits
        if h.recovered_by.startswith("the end") and "no qualification_days" in h.recovered_by
    ]
    if unknown:
        out.append(
            Mitigation(
                "data",
                f"give qualification_days for {', '.join(unknown)} to model a replacement",
                None,
                "",
                None,
                None,
            )
        )
    return out
