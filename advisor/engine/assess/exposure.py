"""Facts about correlated loss and time: a country stopping, a control returning, DFARS.

Suppliers that all pass through one country stop together when it stops licensing exports, so
the time to survive the loss of that country is the stock divided by all of their volume, not
by the largest supplier's. How long supply takes to come back depends on the kind of measure:
under licensing no sooner than one licence cycle plus the delivery lead time (a floor); under
a ban (in force, suspended and returning, or assumed back) only when a source outside that
country is qualified; when a ban is only assumed, both readings are given. A suspended control
that returns (or an announced one that takes effect) before the stock runs out or a new order
could arrive is urgent. DFARS 252.225-7052 restricts what a US defence supplier may deliver.
Pure: dates come from the profile's as_of; the formulas are in docs/scoring.md.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
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
    out.update(cover_facts(material, {**facts, **out}, profile.as_of, profile.company.headquarters))
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


#: Kinds of measure under which supply comes back once a licence is granted: one licence
#: cycle, then a delivery. Under any other kind (a ban, a quota) supply from that country does
#: not come back in time: it comes back when a source outside the country is qualified.
LICENSING_KINDS = frozenset({"licence", "end_use", "extraterritorial"})


@dataclass(frozen=True)
class Recovery:
    """How long supply through one country takes to come back once that country stops, by the
    kind of measure that stops it (docs/scoring.md §1)."""

    #: The days the judgement uses: requalification under a ban, in force or assumed back;
    #: else one licence cycle plus the longest lead time (a floor). None when unknown.
    days: float | None
    #: "licence", "ban", or "ban or licence" when a ban is only assumed or may return.
    kind: str
    #: One licence cycle plus the longest lead time, if a licensing measure applies.
    licence_days: float | None
    #: The longest qualification time of the suppliers through the country.
    requalify_days: float | None
    #: The recovery in words, with its number and what it rests on.
    text: str


def recovery(country: str, hit: Sequence[Supplier], measures: Sequence[Any]) -> Recovery:
    """The recovery of the supply through *country* (suppliers *hit*) under *measures*."""
    leads = [s.lead_time_days for s in hit if s.lead_time_days is not None]
    quals = [s.qualification_days for s in hit if s.qualification_days is not None]
    requal = float(max(quals)) if quals else None
    licensing = [c for c in measures if c.kind in LICENSING_KINDS]
    stops = [c for c in measures if c.kind not in LICENSING_KINDS]
    firm = [c for c in stops if c.status == "active" and c.assumption is None]
    licence = LICENCE_DAYS + (max(leads) if leads else 0) if licensing else None
    cycle = "" if licence is None else _cycle_words(licence, leads)
    if firm:
        return Recovery(requal, "ban", licence, requal, _ban_words(country, requal, firm[0], ""))
    if stops:
        label = _ban_words(country, requal, stops[0], _state(stops[0]))
        if licence is not None:
            label += f"; if licensing alone applies, at least {cycle}"
        return Recovery(requal, "ban or licence", licence, requal, label)
    return Recovery(licence, "licence", licence, requal, f"at least {cycle}")


def _state(c: Any) -> str:
    """What is assumed of a measure that is not known to be in force."""
    if c.status == "suspended" and c.suspended_until is not None:
        return f", if it returns on {c.suspended_until.isoformat()}"
    if c.assumption is not None:
        return f", assumed in force: {c.assumption}"
    return ""


def _ban_words(country: str, requal: float | None, c: Any, state: str) -> str:
    days = "an unknown time" if requal is None else f"{requal:g} days"
    return (f"{days} to come back under a {c.kind} ({c.measure}{state}): a source outside "
            f"{country} must be qualified")  # fmt: skip


def _cycle_words(days: float, leads: Sequence[int]) -> str:
    lead = f" + {max(leads)} days lead time" if leads else ""
    return (f"{days:g} days to come back under licensing (one licence cycle of "
            f"{LICENCE_DAYS:g} days{lead})")  # fmt: skip


def _country_loss(
    material: Material, reaches: Sequence[Reach], facts: Mapping[str, Any]
) -> dict[str, Any]:
    """Survive against recover for each country whose measure reaches the supply; the facts
    name the country judged worst: the longest shortfall, then the one recovery cannot be
    decided for, then the most volume."""
    sups = material.suppliers
    by_country: dict[str, list[Any]] = {}
    for c in _measures(reaches):
        by_country.setdefault(c.country, []).append(c)
    cover = facts.get("days_of_cover")
    judged = [_judge(country, sups, measures, cover) for country, measures in by_country.items()]
    if not judged:
        return _no_country_loss(bool(sups))
    country, share, survive, rec, gap = min(judged, key=_worst_first)
    return {
        "country_loss_country": country,
        "country_loss_share": share,
        "country_loss_survive_days": survive,
        "country_loss_recover_days": rec.days,
        "country_loss_gap_days": gap,
        "country_loss_recovery_kind": rec.kind,
        "country_loss_recovery": rec.text,
        "country_loss_licence_recover_days": rec.licence_days,
        "country_loss_requalify_days": rec.requalify_days,
        "licence_days": LICENCE_DAYS,
    }


Judged = tuple[str, float, "float | None", Recovery, "float | None"]


def _judge(country: str, sups: Sequence[Supplier], measures: Sequence[Any], cover: Any) -> Judged:
    hit = [s for s in sups if country in supply_countries(s)]
    share = round(sum(s.share for s in hit), 6)
    survive = round(cover / share, 1) if cover is not None and share > 0 else None
    rec = recovery(country, hit, measures)
    gap = None if survive is None or rec.days is None else max(0.0, round(rec.days - survive, 1))
    return country, share, survive, rec, gap


def _worst_first(j: Judged) -> tuple[Any, ...]:
    country, share, _, _, gap = j
    rank = 0 if gap is not None and gap > 0 else 1 if gap is None else 2
    return rank, -(gap or 0.0), -share, country


def _no_country_loss(any_supplier: bool) -> dict[str, Any]:
    return {
        "country_loss_country": None,
        "country_loss_share": 0.0 if any_supplier else None,
        "country_loss_survive_days": None,
        "country_loss_recover_days": None,
        "country_loss_gap_days": None,
        "country_loss_recovery_kind": None,
        "country_loss_recovery": None,
        "country_loss_licence_recover_days": None,
        "country_loss_requalify_days": None,
        "licence_days": LICENCE_DAYS,
    }


def cover_facts(
    material: Material, facts: Mapping[str, Any], as_of: dt.date, home: str
) -> dict[str, Any]:
    """Whether the consequence of each loss is covered: stock outlasts the time to qualify a
    replacement for every supplier (or every foreign country at a stage) it could lose —
    never a licence floor, a licence can be refused — or, for the loss of a supplier, every
    running contract has a dual-source clause, so a second source can be qualified and given
    volume. Each fact is the mitigation in words, "" when the loss is not covered and None
    when that cannot be decided (docs/scoring.md §3). Every supplier and country is judged,
    not only the largest, so that moving volume to a new one never takes a cover away."""
    cover = facts.get("days_of_cover")
    sups = material.suppliers
    stock = _cover([(s.id, [s]) for s in sups], cover, "qualifying a replacement")
    out: dict[str, Any] = {"supplier_loss_cover": stock or _clause_cover(facts) or stock}
    for fact, stage in (
        ("ship_country_loss_cover", "ship"),
        ("processing_country_loss_cover", "processing"),
        ("mining_country_loss_cover", "mining"),
    ):
        places = sorted({c for s in sups for c in _stage_countries(s, stage) if c != home})
        groups = [(c, [s for s in sups if c in _stage_countries(s, stage)]) for c in places]
        out[fact] = _cover(groups, cover, "qualifying a source outside it")
    stages = (out["processing_country_loss_cover"], out["mining_country_loss_cover"])
    out["stage_country_loss_cover"] = (
        "" if "" in stages else None if None in stages else "; ".join(stages)
    )
    survive, rec = facts.get("country_loss_survive_days"), facts.get("country_loss_requalify_days")
    covered = survive is not None and rec is not None and survive >= rec
    out["country_loss_cover"] = (
        None if survive is None or rec is None else
        f"stock lasts {survive:g} days without {facts.get('country_loss_country')}, no shorter "
        f"than the {rec:g} days it takes to qualify a source outside it" if covered else ""
    )  # fmt: skip
    return out


def _clause_cover(facts: Mapping[str, Any]) -> str | None:
    """Every running contract of the material has a dual-source clause."""
    clause, covered = facts.get("dual_source_clause_share"), facts.get("covered_share")
    if isinstance(clause, float) and isinstance(covered, float) and 0 < covered <= clause + 1e-9:
        return "every contract has a dual-source clause: a second source can be given volume"
    return None


def _cover(
    groups: Sequence[tuple[str, Sequence[Supplier]]], cover: Any, replace: str
) -> str | None:
    """Stock against the longest qualification time of each group's suppliers, for the loss
    of each group (a supplier, or the suppliers through one country): the words for the
    tightest one if every loss is covered, "" if one is not, None if one cannot be decided."""
    if not groups:
        return ""
    unknown, tightest = False, None
    for name, hit in groups:
        share = sum(s.share for s in hit)
        if share <= 0:  # nothing to lose: a supplier kept on the list with no volume
            continue
        quals = [s.qualification_days for s in hit]
        if cover is None or None in quals:
            unknown = True
            continue
        survive, rec = round(cover / share, 1), float(max(q for q in quals if q is not None))
        if survive < rec:
            return ""
        if tightest is None or survive - rec < tightest[1] - tightest[2]:
            tightest = (name, survive, rec)
    if unknown or tightest is None:
        return None
    name, survive, rec = tightest
    return (f"without {name}, stock lasts {survive:g} days, no shorter than the {rec:g} days "
            f"{replace} takes")  # fmt: skip


def _stage_countries(s: Supplier, stage: str) -> Sequence[str]:
    if stage == "ship":
        return (s.country,)
    return s.processing_countries if stage == "processing" else s.mining_countries


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
        "control_change_recover_days": recovery(control.country, hit, [control]).days,
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
