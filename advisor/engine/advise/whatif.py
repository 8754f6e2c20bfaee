"""Modelled actions: the profile as it would be after an action, and the words that say so.

Each model takes a :class:`Change` (the profile, the material, the findings the action answers,
the material's facts, the producer registry) and returns an :class:`Outcome`: the changed
profile, a note on what was modelled, and, where the model decides a number (days of stock, a
share of volume, a candidate producer), the recommendation text with exactly those numbers.
A model returns None when the action cannot be modelled honestly, e.g. when no producer of the
stage exists outside the dominant country: advisor never invents a supplier.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any

from advisor.engine.advise.change import Change, Model, Outcome, replace_material, share
from advisor.engine.advise.numbers import figure
from advisor.engine.advise.stock_model import raise_stock
from advisor.engine.advise.trips import STAGE_FIELDS, clearing, mined_outside, trips
from advisor.engine.assess.exposure import DFARS_NATIONS, supply_countries
from advisor.profile.model import (
    Contract,
    ContractType,
    Material,
    Mineral,
    Partnership,
    PriceBasis,
    Profile,
    Recycling,
    Sector,
    Stage,
    Supplier,
)
from advisor.reference.producers import Producer, Producers, ProducerStage, describe
from advisor.rules.conditions import resolve

if TYPE_CHECKING:
    from advisor.engine.assess.model import Finding
    from advisor.rules.models import Rule

__all__ = ["MODELS", "REACH", "Change", "Outcome", "apply", "no_candidate_text"]

#: Share of volume a modelled second source takes over.
SECOND_SOURCE_SHARE = 0.3
#: Largest share a supplier keeps when volume is spread over the qualified suppliers.
REBALANCED_TOP_SHARE = 0.5
#: Recycled share a modelled recycling action reaches (the CRMA 2030 benchmark).
RECYCLING_TARGET = 0.25
#: In-house recovery rate a modelled recycling programme reaches (the article's tip: > 15%).
RECOVERY_TARGET = 0.2
#: Days a modelled renewal runs from as_of.
RENEWAL_DAYS = 365
#: A contract ending within this many days is renewed by a modelled renewal (ADV023's default
#: window; a rule that declares a longer one widens it).
RENEWAL_NOTICE_DAYS = 180
#: The fact a renewal rule measures: the days the earliest running contract has left.
CONTRACT_DAYS_LEFT = "min_contract_days_left"
#: Facts about dual-source clauses: a renewal that answers a finding reading them adds the
#: clause to every contract of the material.
CLAUSE_FACTS = frozenset({"dual_source_clause", "dual_source_clause_share"})


# -- sourcing ---------------------------------------------------------------------------------


def avoided(change: Change) -> set[str]:
    """Countries a new source must avoid: the country of each stage a finding fired on (the
    dominant processing country when none names a stage), the countries whose export
    controls the supply is exposed to, and DFARS nations for US defence."""
    f = change.facts
    fired = trips(change)
    out = {t.country for t in fired}
    if not fired or any(t.stage == "processing" for t in fired):
        out |= {c for c in (f.get("processing_top_country"),) if c}
    out |= {c for c in (f.get("country_loss_country"),) if c}
    out |= set(f.get("controlled_countries") or ())
    company = change.profile.company
    out.discard(company.headquarters)  # a second source at home is no foreign dependence
    if company.sector is Sector.defence and company.headquarters == "US":
        out |= DFARS_NATIONS
    return out


def no_candidate_text(change: Change) -> str:
    """What to do when the registry knows no producer of the stage outside the chain."""
    avoid = ", ".join(sorted(avoided(change))) or "the current chain"
    return (
        f"Qualify a second source of {change.material.id} whose chain avoids {avoid}. advisor's "
        "registry of producers lists none at this stage outside it: ask suppliers, "
        "distributors and trade bodies for candidates, and consider buying one stage earlier "
        "(ore or oxide) from outside it and having it processed under a tolling agreement."
        + _weak_text(change, avoided(change))
    )


def _pick(change: Change, avoid: set[str]) -> tuple[Producer | None, list[Producer]]:
    """The candidates outside *avoid*, best first, and the one modelled: a producer in a
    country new to the chain before one where the material already comes from, then the one
    that can take the most volume (an unknown capacity counts as enough, and is said)."""
    material = change.material
    found = change.producers.candidates(
        material.mineral, material.stage, avoid, change.profile.as_of
    )
    found = _fed_outside(change, found)
    used = {c for s in material.suppliers for c in supply_countries(s)}
    want = SECOND_SOURCE_SHARE
    unknown_feed = bool(mined_outside(change))
    modelled = sorted(found, key=lambda p: (unknown_feed and not _feed_of(p), p.country in used,
                                            -placeable(p, material, want)))  # fmt: skip
    return (modelled[0] if modelled else None), found


def _fed_outside(change: Change, producers: list[Producer]) -> list[Producer]:
    """When a mining-stage finding fired, the producers whose feed is not known to be mined
    in that country, those known to be fed from elsewhere first; otherwise all of them."""
    mined = mined_outside(change)
    if not mined:
        return producers
    kept = [p for p in producers if not set(_feed_of(p)) & mined]
    return sorted(kept, key=lambda p: not _feed_of(p))


def _feed_of(producer: Producer) -> list[str]:
    """Where the producer's feed is mined: given, or its own country for a mine."""
    if producer.feed_countries:
        return list(producer.feed_countries)
    return [producer.country] if producer.stage is ProducerStage.mining else []


def demand_tonnes(material: Material) -> float:
    """The material's annual demand in tonnes."""
    return float(material.annual_demand.kg) / 1000


def placeable(producer: Producer, material: Material, wanted: float) -> float:
    """The share of *material*'s volume *producer* can take, at most *wanted*: its capacity in
    tonnes a year over the demand (all of *wanted* when the registry gives no number)."""
    tonnes, demand = producer.tonnes, demand_tonnes(material)
    if tonnes is None or demand <= 0:
        return wanted
    return min(wanted, tonnes / demand)


def _capacity_words(producer: Producer, material: Material, wanted: float, moved: float) -> str:
    """What the producer's capacity allows, in words."""
    demand = demand_tonnes(material)
    if producer.tonnes is None:
        return (
            f" The registry gives no capacity in tonnes for {producer.name}: confirm it can "
            f"deliver {figure(demand * moved)} t a year before relying on it."
        )
    if moved + 1e-9 >= wanted:
        return (
            f" {producer.name} has about {figure(producer.tonnes)} t a year; the {share(moved)} "
            f"is {figure(demand * moved)} t of your {figure(demand)} t."
        )
    return (
        f" No listed producer can take {share(wanted)} ({figure(demand * wanted)} t a year): "
        f"{producer.name} has about {figure(producer.tonnes)} t a year, so only {share(moved)} is "
        "modelled; place the rest by qualifying more sources or a tolling agreement."
    )


def _candidate_text(change: Change, avoid: set[str], found: Sequence[Producer]) -> str:
    material = change.material
    outside = ", ".join(sorted(avoid)) or "the current chain"
    later = _fed_outside(
        change,
        change.producers.later(material.mineral, material.stage, avoid, change.profile.as_of),
    )
    text = f"Candidates outside {outside} at this stage: {describe(found)}"
    if later:
        text += f"; later: {describe(later, 2)}"
    return text + "." + _mines_text(change, avoid) + _weak_text(change, avoid)


def _mines_text(change: Change, avoid: set[str]) -> str:
    """The mines outside the mining country a finding fired on (the stage that tripped)."""
    material, mined = change.material, mined_outside(change)
    if not mined or material.stage is Stage.ore_concentrate:
        return ""
    mines = change.producers.candidates(
        material.mineral, Stage.ore_concentrate, avoid | mined, change.profile.as_of
    )
    where = ", ".join(sorted(mined))
    if not mines:
        return f" advisor's registry lists no mine outside {where}."
    return f" Mines outside {where} whose ore such a source can run on: {describe(mines)}."


def _weak_text(change: Change, avoid: set[str]) -> str:
    """The producers outside *avoid* the registry does not count as sources, and why."""
    material = change.material
    weak = change.producers.weak(material.mineral, material.stage, avoid, change.profile.as_of)
    if not weak:
        return ""
    why = [f"{p.name} ({_why_weak(p, avoid)})" for p in weak]
    return " Not counted as a second source: " + "; ".join(why) + "."


def _why_weak(producer: Producer, avoid: set[str]) -> str:
    inside = sorted(set(producer.processed_in) & avoid)
    if inside:
        return f"processes its input in {', '.join(inside)}"
    return "sells " + producer.form if producer.form else "weak source"


def new_supplier(producer: Producer, moved: float, qualification: int | None) -> Supplier:
    """The modelled supplier: the producer, in its country, at its stage, with its origins."""
    return Supplier(
        id=f"modelled-{producer.id}",
        name=producer.name,
        country=producer.country,
        mining_countries=list(producer.feed_countries),
        processing_countries=producer.processed_in,
        share=round(moved, 6),
        qualified=True,
        qualification_days=qualification,
        contract=Contract(
            type=ContractType.long_term, dual_source_clause=True, price_basis=PriceBasis.fixed
        ),
    )


def second_source(change: Change) -> Outcome | None:
    """A candidate producer outside the dominant chain takes 30% of volume, from the
    suppliers processed in the dominant processing country (else from the largest)."""
    if change.material.mineral is Mineral.other or not change.material.suppliers:
        return None
    avoid = avoided(change)
    producer, found = _pick(change, avoid)
    if producer is None:
        return None
    material = change.material
    donors, origin = _donors(change, avoid)
    pool = sum(material.suppliers[i].share for i in donors)
    wanted = min(max(SECOND_SOURCE_SHARE, clearing(change, avoid)), pool)
    moved = math.floor(placeable(producer, material, wanted) * 1000) / 1000  # as the text says
    if moved <= 0:
        return None
    suppliers = list(material.suppliers)
    for i in donors:
        part = moved * suppliers[i].share / pool if pool else 0.0
        suppliers[i] = suppliers[i].model_copy(
            update={"share": round(suppliers[i].share - part, 6)}
        )
    qualification = max((s.qualification_days or 0 for s in material.suppliers), default=0) or None
    suppliers.append(new_supplier(producer, moved, qualification))
    changed = replace_material(
        change.profile, change.index or 0, material.model_copy(update={"suppliers": suppliers})
    )
    names = ", ".join(material.suppliers[i].id for i in donors)
    chain = (
        "whose chain, from the mine on, avoids" if mined_outside(change) else "whose chain avoids"
    )
    text = (
        f"Qualify a second source of {material.id} {chain} "
        f"{', '.join(sorted(avoid))}, and give it {share(moved)} of the volume, taken from "
        f"{names}{origin}, under a long-term, fixed-price contract with a dual-source clause."
        + _capacity_words(producer, material, wanted, moved)
        + _feed_words(change, producer)
        + " "
        + _candidate_text(change, avoid, found)
    )
    note = f"{producer.name} ({producer.country}) takes {share(moved)} of volume from {names}"
    return Outcome(changed, note, text, tuple(p.id for p in found))


def _feed_words(change: Change, producer: Producer) -> str:
    """A warning when a mining-stage finding fired and the registry does not say where the
    modelled producer's ore is mined."""
    mined = mined_outside(change)
    if not mined or _feed_of(producer):
        return ""
    return (
        f" The registry does not say where {producer.name}'s ore is mined: confirm it is "
        f"mined outside {', '.join(sorted(mined))} before counting on it."
    )


def _donors(change: Change, avoid: set[str]) -> tuple[list[int], str]:
    """The suppliers the new source takes volume from, and how they are named: those in a
    stage country a finding fired on (processing first; mined in it, for the mining stage),
    else those processed in the dominant processing country, else the largest."""
    sups = change.material.suppliers
    for t in sorted(trips(change), key=lambda t: t.stage != "processing"):
        if t.country in avoid:
            field = STAGE_FIELDS.get(t.stage)
            found = [i for i, s in enumerate(sups)
                     if t.country in (getattr(s, field) if field else [s.country])]  # fmt: skip
            if found:
                verb = {"mining": "mined", "processing": "processed"}.get(t.stage, "shipped")
                return found, f" ({verb} in {t.country})"
    dominant = change.facts.get("processing_top_country")
    found = [i for i, s in enumerate(sups) if dominant in s.processing_countries]
    if found:
        return found, f" (processed in {dominant})" if dominant in avoid else ""
    return [max(range(len(sups)), key=lambda i: sups[i].share)], ""


def off_covered_nations(change: Change) -> Outcome | None:
    """DFARS: all volume that passes through a covered nation moves to a candidate outside."""
    material = change.material
    avoid = set(DFARS_NATIONS) | avoided(change)
    producer, found = _pick(change, avoid)
    if producer is None:
        return None
    keep = [s for s in material.suppliers if not supply_countries(s) & DFARS_NATIONS]
    wanted = sum(s.share for s in material.suppliers) - sum(s.share for s in keep)
    moved = math.floor(placeable(producer, material, wanted) * 1000) / 1000  # as the text says
    if moved <= 0:
        return None
    if moved < wanted:  # what the producer cannot take stays where it is, for now
        keep = _scaled_off(material.suppliers, wanted, moved)
    qualification = max((s.qualification_days or 0 for s in material.suppliers), default=0) or None
    suppliers = [*keep, new_supplier(producer, moved, qualification)]
    changed = replace_material(
        change.profile, change.index or 0, material.model_copy(update={"suppliers": suppliers})
    )
    text = (
        f"Move the defence-bound {share(moved)} of {material.id} to supply mined, separated, "
        "made and shipped outside China, Russia, North Korea and Iran before 2027-01-01."
        + _capacity_words(producer, material, wanted, moved)
        + " "
        + _candidate_text(change, avoid, found)
    )
    note = f"{producer.name} ({producer.country}) takes the {share(moved)} from covered nations"
    return Outcome(changed, note, text, tuple(p.id for p in found))


def _scaled_off(suppliers: Sequence[Supplier], wanted: float, moved: float) -> list[Supplier]:
    """The suppliers with the covered ones keeping what the new source cannot take."""
    left = 1 - moved / wanted
    out = []
    for s in suppliers:
        if supply_countries(s) & DFARS_NATIONS:
            s = s.model_copy(update={"share": round(s.share * left, 6)})
        out.append(s)
    return out


def rebalance(change: Change) -> Outcome | None:
    """Volume above half moves from the largest supplier to the other qualified suppliers;
    with no other qualified supplier this is a second source."""
    material = change.material
    sups = list(material.suppliers)
    others = [i for i, s in enumerate(sups) if s.qualified]
    if len(others) < 2:
        return second_source(change)
    top = max(others, key=lambda i: sups[i].share)
    rest = [i for i in others if i != top]
    moved = max(0.0, sups[top].share - REBALANCED_TOP_SHARE)
    pool = sum(sups[i].share for i in rest)
    if moved <= 0 or pool <= 0:
        return None
    sups[top] = sups[top].model_copy(update={"share": round(sups[top].share - moved, 6)})
    for i in rest:
        part = moved * sups[i].share / pool
        sups[i] = sups[i].model_copy(update={"share": round(sups[i].share + part, 6)})
    changed = replace_material(
        change.profile, change.index or 0, material.model_copy(update={"suppliers": sups})
    )
    note = f"{share(moved)} of volume moved from {material.suppliers[top].id} to the others"
    return Outcome(changed, note)


# -- contracts --------------------------------------------------------------------------------


def dual_source(change: Change) -> Outcome | None:
    """A dual-source clause in every running contract (a contract is added where none is)."""
    material = change.material
    suppliers = []
    for s in material.suppliers:
        contract = s.contract or Contract(type=ContractType.framework)
        suppliers.append(
            s.model_copy(
                update={"contract": contract.model_copy(update={"dual_source_clause": True})}
            )
        )
    changed = replace_material(
        change.profile, change.index or 0, material.model_copy(update={"suppliers": suppliers})
    )
    return Outcome(changed, "dual-source clause in every contract")


def renewal_window(change: Change) -> float:
    """Days within which a contract's end makes it part of the renewal: the renewal window
    the answered rules declare (the threshold of their gap on the days a contract has left, a
    user pack's own included), at least ``RENEWAL_NOTICE_DAYS``."""
    window = float(RENEWAL_NOTICE_DAYS)
    for f in change.findings:
        rule = change.rules.get(f.rule_id)
        gap = rule.gap if rule is not None else None
        if gap is None or gap.value != CONTRACT_DAYS_LEFT or gap.direction != "below":
            continue
        value = resolve(gap.threshold, f.evidence, f.parameters)[0]
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            window = max(window, float(value))
    return window


def renew(change: Change) -> Outcome | None:
    """Every contract that has ended, or ends within the renewal window, runs another year, with
    what the renewal text asks the negotiation to add: a dual-source clause and a fixed price.
    When the action also answers clause findings, the other contracts get the clause too."""
    material, as_of = change.material, change.profile.as_of
    until = as_of + dt.timedelta(days=RENEWAL_DAYS)
    window = renewal_window(change)
    clause_all = any(
        set(change.rules[f.rule_id].reads) & CLAUSE_FACTS
        for f in change.findings
        if f.rule_id in change.rules
    )
    suppliers, renewed, amended = [], [], []
    for s in material.suppliers:
        c = s.contract
        if c is not None and c.end is not None and (c.end - as_of).days < window:
            terms = {"end": until, "dual_source_clause": True, "price_basis": PriceBasis.fixed}
            s = s.model_copy(update={"contract": c.model_copy(update=terms)})
            renewed.append(s.id)
        elif clause_all and not (c is not None and c.dual_source_clause):
            contract = (c or Contract(type=ContractType.framework)).model_copy(
                update={"dual_source_clause": True}
            )
            s = s.model_copy(update={"contract": contract})
            amended.append(s.id)
        suppliers.append(s)
    changed = replace_material(
        change.profile, change.index or 0, material.model_copy(update={"suppliers": suppliers})
    )
    note = (
        f"{', '.join(renewed) or 'no'} contract{'s' if len(renewed) > 1 else ''} renewed until "
        f"{until.isoformat()} with a dual-source clause and a fixed price"
        + (f"; dual-source clause added to {', '.join(amended)}" if amended else "")
    )
    more = (
        f" The renewal covers every {material.id} contract that has ended or ends within "
        f"{window:g} days: {', '.join(renewed)}."
        if len(renewed) > 1
        else ""
    ) + (
        f" Add the same dual-source clause to the other {material.id} contracts "
        f"({', '.join(amended)})."
        if amended
        else ""
    )
    return Outcome(changed, note, more=more)


# -- programmes -------------------------------------------------------------------------------


def recycled(change: Change) -> Outcome | None:
    """The recycled share raised to 25% (company-wide: the in-house recovery rate)."""
    if change.index is None:
        return recovery(change)
    material = change.material
    value = max(material.recycled_share or 0.0, RECYCLING_TARGET)
    changed = replace_material(
        change.profile, change.index, material.model_copy(update={"recycled_share": value})
    )
    return Outcome(changed, f"recycled share raised to {share(value)}")


def recovery(change: Change) -> Outcome | None:
    """In-house recovery raised to 20%, starting a recycling programme if there is none."""
    prog = change.profile.programmes
    current = prog.recycling or Recycling(in_house_recovery_rate=0.0)
    rate = max(current.in_house_recovery_rate, RECOVERY_TARGET)
    recycling = current.model_copy(update={"in_house_recovery_rate": rate})
    programmes = prog.model_copy(update={"recycling": recycling})
    changed = change.profile.model_copy(update={"programmes": programmes})
    return Outcome(changed, f"in-house recovery raised to {share(rate)}")


def partnership(change: Change) -> Outcome | None:
    """One research partnership on alternatives covering the minerals of the findings."""
    named = {
        m.mineral for m in change.profile.materials if m.id in {f.material for f in change.findings}
    }
    minerals = sorted(named or {m.mineral for m in change.profile.materials}, key=str)
    new = Partnership(
        partner="Modelled research partner",
        topic="rare-earth-free magnet chemistry",
        minerals=list(minerals),
        alternative_chemistry=True,
    )
    prog = change.profile.programmes
    programmes = prog.model_copy(
        update={"research_partnerships": [*prog.research_partnerships, new]}
    )
    changed = change.profile.model_copy(update={"programmes": programmes})
    note = "research partnership on " + ", ".join(m.value for m in minerals)
    return Outcome(changed, note)


#: What a model's change can reach: the material's own fields, the company and every material
#: of the minerals it names (a partnership), or everything (company programmes).
REACH = {
    "raise_stock_to_target": "material",
    "add_second_source": "material",
    "rebalance_suppliers": "material",
    "move_off_covered_nations": "material",
    "add_dual_source_clause": "material",
    "renew_contracts": "material",
    "reach_recycling_target": "material",
    "partner_on_alternatives": "minerals",
}

MODELS: dict[str, Model] = {
    "raise_stock_to_target": raise_stock,
    "add_second_source": second_source,
    "rebalance_suppliers": rebalance,
    "move_off_covered_nations": off_covered_nations,
    "add_dual_source_clause": dual_source,
    "renew_contracts": renew,
    "reach_recycling_target": recycled,
    "raise_recovery_rate": recovery,
    "partner_on_alternatives": partnership,
}


def apply(
    name: str,
    profile: Profile,
    index: int | None,
    findings: Sequence[Finding],
    facts: Mapping[str, Any],
    producers: Producers,
    rules: Mapping[str, Rule],
) -> Outcome | None:
    """Apply model *name* (with the producer registry and the rules by id it may read); None if
    it is unknown or cannot be modelled for this material."""
    model = MODELS.get(name)
    if model is None or (index is None and REACH.get(name) == "material"):
        return None
    return model(Change(profile, index, findings, facts, producers, rules))
