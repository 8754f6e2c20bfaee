"""Facts about correlated loss and time: a country stopping, a control returning, DFARS.

Suppliers that all pass through one country stop together when it stops licensing exports, so
the time to survive the loss of that country is the stock divided by all of their volume, not
by the largest supplier's. Under a licensing regime supply comes back no sooner than one
licence cycle plus the delivery lead time: that is the recovery floor. A suspended control
that returns (or an announced one that takes effect) before the stock runs out or a new order
could arrive is urgent. DFARS 252.225-7052 restricts what a US defence supplier may deliver.
Pure: dates come from the profile's as_of; the formulas are in docs/scoring.md.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any

from advisor.profile.model import MAGNET_RARE_EARTHS, Material, Mineral, Profile, Stage, Supplier

if TYPE_CHECKING:
    from advisor.engine.assess.control_facts import Reach

#: One licence cycle: China's statutory 45 working days, about 63 calendar days.
LICENCE_DAYS = 63.0

#: DFARS 252.225-7052 (10 U.S.C. 4872): the covered nations.
DFARS_NATIONS = frozenset({"CN", "RU", "KP", "IR"})
#: From this date the clause covers mining, refining and separation too (DFARS Case
#: 2021-D015, 89 FR 46816, 2024-05-30; FY2024 NDAA section 854).
DFARS_UPSTREAM_FROM = dt.date(2027, 1, 1)


def supply_countries(supplier: Supplier) -> set[str]:
    """Every country the supplier's material passes through: mined, processed, shipped."""
    return {supplier.country, *supplier.mining_countries, *supplier.processing_countries}


def exposure_facts(
    profile: Profile, material: Material, reaches: Sequence[Reach], facts: Mapping[str, Any]
) -> dict[str, Any]:
    """Country-loss time to survive, control changes, DFARS and wording facts of a material;
    *reaches* say how the export controls reach each supplier (engine.assess.control_facts)."""
    out = _country_loss(material, reaches, facts)
    out.update(_control_change(profile, material, reaches))
    out["action_window_days"] = _window(material, facts)
    out.update(dfars_facts(profile, material))
    out.update(_words(material, facts))
    return out


def _measures(reaches: Sequence[Reach]) -> list[Any]:
    """Every measure, in force or suspended, that reaches a supplier of the material."""
    seen: dict[str, Any] = {}
    for r in reaches:
        seen.update(r.measures)
        seen.update(r.suspended_measures)
    return [seen[k] for k in sorted(seen)]


def _country_loss(
    material: Material, reaches: Sequence[Reach], facts: Mapping[str, Any]
) -> dict[str, Any]:
    sups = material.suppliers
    controls = _measures(reaches)
    restricting = {c.country for c in controls}
    through: dict[str, float] = {}
    for s in sups:
        for place in supply_countries(s):
            through[place] = through.get(place, 0.0) + s.share
    pool = {c: v for c, v in through.items() if c in restricting}
    country = min(pool, key=lambda c: (-pool[c], c)) if pool else None
    hit = [s for s in sups if country is not None and country in supply_countries(s)]
    share = round(sum(s.share for s in hit), 6)
    cover = facts.get("days_of_cover")
    survive = round(cover / share, 1) if cover is not None and share > 0 else None
    licensing = any(c.country == country and c.kind == "licence" for c in controls)
    recover = _recover(hit, licensing)
    gap = None if survive is None or recover is None else max(0.0, round(recover - survive, 1))
    return {
        "country_loss_country": country,
        "country_loss_share": share if sups else None,
        "country_loss_survive_days": survive,
        "country_loss_recover_days": recover,
        "country_loss_gap_days": gap,
        "licence_days": LICENCE_DAYS,
    }


def _recover(hit: Sequence[Supplier], licensing: bool) -> float | None:
    """A licence plus the longest lead time under licensing; else the longest qualification."""
    if not hit:
        return None
    if licensing:
        leads = [s.lead_time_days for s in hit if s.lead_time_days is not None]
        return LICENCE_DAYS + (max(leads) if leads else 0)
    times = [s.qualification_days for s in hit if s.qualification_days is not None]
    return float(max(times)) if times else None


def _control_change(
    profile: Profile, material: Material, reaches: Sequence[Reach]
) -> dict[str, Any]:
    """The suspended control reaching the supply that may return soonest."""
    changes = []
    for r in reaches:
        for c in r.suspended_measures.values():
            if c.suspended_until is not None:
                changes.append((c.suspended_until, c.id, c))
    if not changes:
        return {"control_change_days": None, "control_change_share": 0.0, "control_change": None,
                "control_change_recover_days": None}  # fmt: skip
    day, key, control = min(changes)
    hit = [s for s, r in zip(material.suppliers, reaches, strict=True)
           if key in r.suspended_measures]  # fmt: skip
    return {
        "control_change_days": float((day - profile.as_of).days),
        "control_change_share": round(sum(s.share for s in hit), 6),
        "control_change": f"{control.measure} may return on {day.isoformat()}",
        "control_change_recover_days": _recover(hit, control.kind == "licence"),
    }


def _window(material: Material, facts: Mapping[str, Any]) -> float | None:
    leads = [s.lead_time_days for s in material.suppliers if s.lead_time_days is not None]
    cover = facts.get("days_of_cover")
    known = [float(v) for v in (cover, max(leads) if leads else None) if v is not None]
    return max(known) if known else None


def dfars_covered(material: Material) -> bool:
    """NdFeB or SmCo magnets, or tungsten metal, heavy alloy or parts containing it."""
    if material.mineral in MAGNET_RARE_EARTHS:
        return material.stage in (Stage.magnet_component, Stage.product)
    if material.mineral is Mineral.W:
        return material.stage in (Stage.metal_alloy, Stage.magnet_component, Stage.product)
    return False


def dfars_facts(profile: Profile, material: Material) -> dict[str, Any]:
    """Shares of a covered material made in, or (from 2027) mined or refined in, a covered
    nation, and the days left until the clause reaches upstream."""
    produced = sum(s.share for s in material.suppliers if s.country in DFARS_NATIONS)
    upstream = sum(s.share for s in material.suppliers if supply_countries(s) & DFARS_NATIONS)
    days = (DFARS_UPSTREAM_FROM - profile.as_of).days
    return {
        "dfars_covered_material": dfars_covered(material),
        "dfars_covered_share": round(produced if days > 0 else upstream, 6),
        "dfars_upstream_share": round(upstream, 6),
        "dfars_new_share": round(upstream - produced, 6) if days > 0 else 0.0,
        "dfars_upstream_days": float(days),
    }


#: The processing steps up to the bought form, in words.
_REE_CHAIN = {
    Stage.ore_concentrate: "mining and concentration",
    Stage.oxide_separated: "separation into oxides",
    Stage.metal_alloy: "separation, metal making and alloying",
    Stage.magnet_component: "separation, metal making and magnet making",
    Stage.product: "separation, metal making, magnet making and assembly",
}
_OTHER_CHAIN = {
    Stage.ore_concentrate: "mining and concentration",
    Stage.oxide_separated: "refining",
    Stage.metal_alloy: "refining to metal",
    Stage.magnet_component: "refining and making the part",
    Stage.product: "refining, making the part and assembly",
}


def _words(material: Material, facts: Mapping[str, Any]) -> dict[str, Any]:
    from advisor.rules.text import format_unit

    chain = _REE_CHAIN if material.mineral in MAGNET_RARE_EARTHS else _OTHER_CHAIN
    span = chain[material.stage]
    if material.mineral is Mineral.graphite and material.stage is not Stage.ore_concentrate:
        span = "purification and anode making"
    spend, shock = facts.get("annual_spend"), facts.get("price_shock_cost")
    currency = facts.get("price_currency") or ""
    return {
        "chain_span": span,
        "annual_spend_note": (
            f"annual spend at the reference price: {format_unit('currency', spend)} {currency}"
            if spend is not None
            else "no reference price is given, so the spend is not estimated"
        ),
        "price_shock_note": (
            f"a 50% price rise would cost {format_unit('currency', shock)} {currency} a year"
            if shock is not None
            else "give a reference price to see what a 50% price rise would cost"
        ),
    }
