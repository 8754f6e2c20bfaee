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
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from advisor.engine.exposure import DFARS_NATIONS, supply_countries
from advisor.profile.model import (
    Contract,
    ContractType,
    Inventory,
    Material,
    Mineral,
    Partnership,
    PriceBasis,
    Profile,
    Recycling,
    Sector,
    Stockpile,
    Supplier,
)
from advisor.reference.producers import Producer, Producers, describe, load_producers
from advisor.rules.text import format_unit

if TYPE_CHECKING:
    from advisor.engine.model import Finding

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


@dataclass(frozen=True)
class Change:
    """What a model changes: the profile, the material (None: company-wide), the findings the
    action answers, the material's facts and the producer registry."""

    profile: Profile
    index: int | None
    findings: Sequence[Finding]
    facts: Mapping[str, Any]
    producers: Producers

    @property
    def material(self) -> Material:
        """The material the action is about."""
        assert self.index is not None
        return self.profile.materials[self.index]


@dataclass(frozen=True)
class Outcome:
    """A modelled action: the changed profile, what was modelled, and its own text if any."""

    profile: Profile
    note: str
    text: str | None = None
    candidates: tuple[str, ...] = ()


Model = Callable[[Change], Outcome | None]


def days(value: float) -> str:
    """``365 days``, ``73.9 days``."""
    return format_unit("days", value)


def share(value: float) -> str:
    """``30%``."""
    return format_unit("share", value)


def _replace_material(profile: Profile, index: int, material: Material) -> Profile:
    materials = list(profile.materials)
    materials[index] = material
    return profile.model_copy(update={"materials": materials})


# -- stock ------------------------------------------------------------------------------------


def stock_needs(findings: Sequence[Finding]) -> list[tuple[int, str]]:
    """What the stock findings ask for, in days of cover, each with its reason."""
    needs: list[tuple[int, str]] = []
    for f in findings:
        e = {**f.parameters, **f.evidence}
        if _num(e.get("target_days")):
            needs.append((math.ceil(e["target_days"]), "the just-in-case target"))
        if _num(e.get("stock_target_days")):
            needs.append((math.ceil(e["stock_target_days"]), "the company's own target"))
        if _num(e.get("licence_delay_days")):
            needs.append((math.ceil(e["licence_delay_days"]), "one export-licence cycle"))
        needs += _bridge(
            e,
            "time_to_recover_days",
            "top_supplier_share",
            f"replacing {e.get('top_supplier') or 'the largest supplier'}",
        )
        needs += _bridge(
            e,
            "country_loss_recover_days",
            "country_loss_share",
            f"supply back after {e.get('country_loss_country') or 'it'} stops",
        )
        needs += _bridge(
            e,
            "control_change_recover_days",
            "control_change_share",
            "supply back after the returning control",
        )
    return needs


def _bridge(e: Mapping[str, Any], recover: str, exposed: str, why: str) -> list[tuple[int, str]]:
    """Stock that bridges *recover* days for the *exposed* share: recover × share."""
    r, s = e.get(recover), e.get(exposed)
    if not isinstance(r, (int, float)) or not isinstance(s, (int, float)) or s <= 0:
        return []
    return [(math.ceil(r * s), f"{why}, {days(r)} × {share(s)} of volume")]


def _num(value: object) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)


#: Days of cover a modelled stockpile policy sets (the article's just-in-case target).
POLICY_DAYS = 90
#: The action whose findings say that no stockpile policy covers the mineral.
POLICY_ACTION = "adopt-stockpile-policy"


def raise_stock(change: Change) -> Outcome | None:
    """Days of cover raised to the largest need of the findings the action answers; where no
    policy covers the mineral, a policy of POLICY_DAYS that covers it is adopted too."""
    needs = stock_needs(change.findings)
    policy = any(f.action == POLICY_ACTION for f in change.findings)
    material = change.material
    cover = change.facts.get("days_of_cover")
    if policy:
        needs.append((_policy_days(change.profile), "the stockpile policy to adopt"))
    if not needs:
        return None
    target = max(n for n, _ in needs)
    adopt = (
        f"adopt a stockpile policy of {days(_policy_days(change.profile))} that covers "
        f"{material.mineral.value}"
    )
    if policy and isinstance(cover, (int, float)) and cover >= target:  # the policy alone
        text = f"{adopt[0].upper()}{adopt[1:]} and fund it as a strategic reserve."
        profile = _cover_mineral(change.profile, material.mineral)
        return Outcome(profile, f"stockpile policy adopted for {material.mineral.value}", text)
    inventory = Inventory(days_of_cover=Decimal(target))
    update = {"inventory": inventory}
    profile = _replace_material(
        change.profile, change.index or 0, material.model_copy(update=update)
    )
    if policy:
        profile = _cover_mineral(profile, material.mineral)
    reasons = "; ".join(f"{why}: {days(n)}" for n, why in sorted(set(needs), reverse=True))
    start = f"from {days(cover)} " if isinstance(cover, (int, float)) else ""
    text = (
        f"{_deadline(change.findings)}raise {material.id} stock {start}to {days(target)} of "
        f"cover, the most the findings ask for ({reasons}), "
        + (f"{adopt} " if policy else "")
        + "and fund it as a strategic reserve; "
        "a qualified second source shortens the time to recover and so the stock needed."
    )
    text = text[0].upper() + text[1:]
    note = f"stock raised to {days(target)} of cover" + (", policy adopted" if policy else "")
    return Outcome(profile, note, text)


def _policy_days(profile: Profile) -> int:
    current = profile.programmes.stockpile
    return int(current.target_days) if current is not None else POLICY_DAYS


def _cover_mineral(profile: Profile, mineral: Mineral) -> Profile:
    """The profile with its stockpile policy covering *mineral* (a new one if none)."""
    current = profile.programmes.stockpile
    if current is None:
        policy = Stockpile(target_days=POLICY_DAYS, minerals=[mineral])
    elif not current.minerals or mineral in current.minerals:
        return profile
    else:
        policy = current.model_copy(update={"minerals": [*current.minerals, mineral]})
    programmes = profile.programmes.model_copy(update={"stockpile": policy})
    return profile.model_copy(update={"programmes": programmes})


def _deadline(findings: Sequence[Finding]) -> str:
    """``Act within 26 days (… may return on 2026-11-27): `` for the most urgent finding."""
    urgent = [f for f in findings if f.urgent and f.deadline_days is not None]
    if not urgent:
        return ""
    first = min(urgent, key=lambda f: (f.deadline_days or 0.0, f.rule_id))
    change = first.evidence.get("control_change")
    left = days(first.deadline_days or 0.0)
    return f"Act within {left} ({change}): " if isinstance(change, str) else f"Act within {left}: "


# -- sourcing ---------------------------------------------------------------------------------


def avoided(change: Change) -> set[str]:
    """Countries a new source must avoid: the dominant processing country, the countries
    whose export controls the supply is exposed to, and DFARS nations for US defence."""
    f = change.facts
    out = {c for c in (f.get("processing_top_country"), f.get("country_loss_country")) if c}
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
    )


def _pick(change: Change, avoid: set[str]) -> tuple[Producer | None, list[Producer]]:
    """The candidates outside *avoid*, best first, and the one modelled: a producer in a
    country new to the chain before one where the material already comes from."""
    material = change.material
    found = change.producers.candidates(
        material.mineral, material.stage, avoid, change.profile.as_of
    )
    used = {c for s in material.suppliers for c in supply_countries(s)}
    modelled = sorted(found, key=lambda p: p.country in used)
    return (modelled[0] if modelled else None), found


def _candidate_text(change: Change, avoid: set[str], found: Sequence[Producer]) -> str:
    material = change.material
    outside = ", ".join(sorted(avoid)) or "the current chain"
    later = change.producers.later(material.mineral, material.stage, avoid, change.profile.as_of)
    text = f"Candidates outside {outside} at this stage: {describe(found)}"
    if later:
        text += f"; later: {describe(later, 2)}"
    return text + "."


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
    dominant = change.facts.get("processing_top_country")
    donors = [i for i, s in enumerate(material.suppliers) if dominant in s.processing_countries]
    if not donors:
        top = max(range(len(material.suppliers)), key=lambda i: material.suppliers[i].share)
        donors = [top]
    pool = sum(material.suppliers[i].share for i in donors)
    moved = min(SECOND_SOURCE_SHARE, pool)
    suppliers = list(material.suppliers)
    for i in donors:
        part = moved * suppliers[i].share / pool if pool else 0.0
        suppliers[i] = suppliers[i].model_copy(
            update={"share": round(suppliers[i].share - part, 6)}
        )
    qualification = max((s.qualification_days or 0 for s in material.suppliers), default=0) or None
    suppliers.append(new_supplier(producer, moved, qualification))
    changed = _replace_material(
        change.profile, change.index or 0, material.model_copy(update={"suppliers": suppliers})
    )
    names = ", ".join(material.suppliers[i].id for i in donors)
    origin = f" (processed in {dominant})" if dominant and dominant in avoid else ""
    text = (
        f"Qualify a second source of {material.id} whose chain avoids "
        f"{', '.join(sorted(avoid))}, and give it {share(moved)} of the volume, taken from "
        f"{names}{origin}, under a long-term, fixed-price contract with a dual-source clause. "
        + _candidate_text(change, avoid, found)
    )
    note = f"{producer.name} ({producer.country}) takes {share(moved)} of volume from {names}"
    return Outcome(changed, note, text, tuple(p.id for p in found))


def off_covered_nations(change: Change) -> Outcome | None:
    """DFARS: all volume that passes through a covered nation moves to a candidate outside."""
    material = change.material
    avoid = set(DFARS_NATIONS) | avoided(change)
    producer, found = _pick(change, avoid)
    if producer is None:
        return None
    keep = [s for s in material.suppliers if not supply_countries(s) & DFARS_NATIONS]
    moved = sum(s.share for s in material.suppliers) - sum(s.share for s in keep)
    if moved <= 0:
        return None
    qualification = max((s.qualification_days or 0 for s in material.suppliers), default=0) or None
    suppliers = [*keep, new_supplier(producer, moved, qualification)]
    changed = _replace_material(
        change.profile, change.index or 0, material.model_copy(update={"suppliers": suppliers})
    )
    text = (
        f"Move the defence-bound {share(moved)} of {material.id} to supply mined, separated, "
        "made and shipped outside China, Russia, North Korea and Iran before 2027-01-01. "
        + _candidate_text(change, avoid, found)
    )
    note = f"{producer.name} ({producer.country}) takes the {share(moved)} from covered nations"
    return Outcome(changed, note, text, tuple(p.id for p in found))


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
    changed = _replace_material(
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
    changed = _replace_material(
        change.profile, change.index or 0, material.model_copy(update={"suppliers": suppliers})
    )
    return Outcome(changed, "dual-source clause in every contract")


def renew(change: Change) -> Outcome | None:
    """Every contract that has ended, or ends within the renewal window, runs another year."""
    material, as_of = change.material, change.profile.as_of
    until = as_of + dt.timedelta(days=RENEWAL_DAYS)
    suppliers = []
    for s in material.suppliers:
        c = s.contract
        if c is not None and c.end is not None and (c.end - as_of).days < 180:
            s = s.model_copy(update={"contract": c.model_copy(update={"end": until})})
        suppliers.append(s)
    changed = _replace_material(
        change.profile, change.index or 0, material.model_copy(update={"suppliers": suppliers})
    )
    return Outcome(changed, f"ended and expiring contracts renewed until {until.isoformat()}")


# -- programmes -------------------------------------------------------------------------------


def recycled(change: Change) -> Outcome | None:
    """The recycled share raised to 25% (company-wide: the in-house recovery rate)."""
    if change.index is None:
        return recovery(change)
    material = change.material
    value = max(material.recycled_share or 0.0, RECYCLING_TARGET)
    changed = _replace_material(
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
    producers: Producers | None = None,
) -> Outcome | None:
    """Apply model *name*; None if it is unknown or cannot be modelled for this material."""
    model = MODELS.get(name)
    if model is None or (index is None and REACH.get(name) == "material"):
        return None
    return model(Change(profile, index, findings, facts, producers or load_producers()))
