"""Profile + reference data → the facts rules read, computed once per subject.

A subject is the company, one material, or one supplier of a material. Each fact is declared
once, in :mod:`advisor.rules.catalogue` (below the engine, so that a rule pack is checked
against it): its scope, type, unit, formula, the profile field a user fills so that it is known
(``asks``) and where in the subject's part of the profile a finding that reads it points
(``at``); the engine reads that declaration, and tests/engine/test_facts.py fails on a fact computed
here but not declared there, or declared but not computed. A fact the profile does not give
is ``None`` (unknown), never a guess. Pure functions: no I/O, no clock (dates come from the
profile's ``as_of``).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Protocol

from advisor.engine.assess.control_facts import (
    Reach,
    chain,
    exposing_controls,
    supplier_reach,
)
from advisor.engine.assess.exposure import exposure_facts
from advisor.profile.model import (
    MAGNET_RARE_EARTHS,
    ContractType,
    Material,
    PriceBasis,
    Profile,
    Supplier,
    Unit,
)

if TYPE_CHECKING:
    from advisor.reference.load import Reference

Path = tuple[str | int, ...]


@dataclass(frozen=True)
class Subject:
    """What a rule is evaluated on, with every fact it can see."""

    scope: str
    key: str
    path: Path
    facts: Mapping[str, Any] = field(default_factory=dict)
    material: str | None = None
    supplier: str | None = None
    #: For a fact that is unknown: the profile fields to fill so that it can be decided.
    unknown_fields: Mapping[str, tuple[Path, ...]] = field(default_factory=dict)
    #: Export-control statuses on as_of that the facts rely on but the data does not record.
    assumptions: tuple[Any, ...] = ()
    #: For a material: how the export controls reach each of its suppliers, in order.
    reaches: tuple[Reach, ...] = ()


class Reuse(Protocol):
    """What a what-if re-assessment knows of the baseline
    (:class:`advisor.engine.advise.reuse.Reuse`)."""

    def same(self, profile: Profile, index: int) -> tuple[frozenset[int], frozenset[int]]:
        """The places of the suppliers of material *index* whose reach is the baseline's, and
        of those that are the baseline's very suppliers."""

    def reach(self, index: int, j: int) -> Reach:
        """The baseline's reach of supplier *j* of material *index*."""

    def stands(self, index: int, facts: Mapping[str, Any]) -> bool:
        """True if the supplier rules read nothing of material *index* that changed."""


def derive(
    profile: Profile, ref: Reference, shared: Collection[str] | None = None
) -> list[Subject]:
    """Every subject in a stable order: the company, then each material and its suppliers.

    A supplier's facts are its own and those of its material and the company; *shared* names
    the material and company facts it carries (None: all of them). An assessment passes what
    its supplier rules read (:func:`advisor.engine.assess.evaluate.scope_reads`): at 10,000
    suppliers a copy of every material fact per supplier was most of the memory of the facts.
    """
    company = company_facts(profile, ref)
    subjects = [Subject("company", "company", ("company",), company)]
    for i in range(len(profile.materials)):
        subjects.extend(material_subjects(profile, i, ref, company, shared=shared))
    return subjects


def material_subjects(
    profile: Profile,
    index: int,
    ref: Reference,
    company: Mapping[str, Any],
    reuse: Reuse | None = None,
    shared: Collection[str] | None = None,
) -> list[Subject]:
    """The subjects of one material: the material itself, then each of its suppliers (with the
    material and company facts named in *shared*, or all, as in :func:`derive`).

    With *reuse* (a what-if re-assessment), a supplier the change left as it was keeps the
    baseline's reach, and its subject is left out when the supplier rules would find what they
    found in the baseline (:mod:`advisor.engine.advise.reuse`: the caller takes those findings).
    """
    material = profile.materials[index]
    exposing = exposing_controls(profile, material, ref)
    defaults = chain(ref, material.mineral.value)
    same, unchanged = reuse.same(profile, index) if reuse is not None else ((), ())
    reaches = [
        reuse.reach(index, j)
        if reuse is not None and j in same
        else supplier_reach(material, s, j, exposing, defaults)
        for j, s in enumerate(material.suppliers)
    ]
    mfacts = {**company, **material_facts(profile, material, ref, reaches)}
    where: Path = ("materials", index)
    unknown = _unknown_fields(where, reaches, mfacts)
    subjects = [
        Subject(
            "material",
            material.id,
            where,
            mfacts,
            material=material.id,
            unknown_fields=unknown,
            assumptions=_assumptions(reaches),
            reaches=tuple(reaches),
        )
    ]
    stands = reuse is not None and bool(unchanged) and reuse.stands(index, mfacts)
    carried = mfacts if shared is None else {k: mfacts[k] for k in shared if k in mfacts}
    skip = unchanged if stands else ()
    return subjects + _suppliers(profile, index, carried, reaches, skip, ref)


def _suppliers(
    profile: Profile,
    index: int,
    carried: Mapping[str, Any],
    reaches: Sequence[Reach],
    skip: Collection[int],
    ref: Reference,
) -> list[Subject]:
    """The subjects of the suppliers of material *index* (but those at the places in *skip*),
    each with the *carried* material and company facts."""
    material = profile.materials[index]
    where: Path = ("materials", index)
    out = []
    for j, supplier in enumerate(material.suppliers):
        if j in skip:
            continue
        sfacts = {**carried, **supplier_facts(profile, supplier, reaches[j]),
                  **listing_facts(supplier.name, ref, profile.as_of, "supplier")}  # fmt: skip
        own = tuple((*where, *p) for p in reaches[j].missing)
        sub_unknown = {"supplier_controlled": own} if sfacts["supplier_controlled"] is None else {}
        out.append(
            Subject(
                "supplier",
                f"{material.id}/{supplier.id}",
                (*where, "suppliers", j),
                sfacts,
                material=material.id,
                supplier=supplier.id,
                unknown_fields=sub_unknown,
            )
        )
    return out


def _unknown_fields(
    where: Path, reaches: Sequence[Reach], facts: Mapping[str, Any]
) -> dict[str, tuple[Path, ...]]:
    """The profile fields to fill before the export-control facts can be decided."""
    if facts.get("controlled_share") is not None:
        return {}
    paths = [(*where, *p) for r in reaches if r.undetermined and not r.controlled
             for p in r.missing]  # fmt: skip
    return {"controlled_share": tuple(dict.fromkeys(paths))}


def _assumptions(reaches: Sequence[Reach]) -> tuple[Any, ...]:
    """The measures behind the control facts whose status on as_of is an assumption."""
    found: dict[str, Any] = {}
    for r in reaches:
        for c in (*r.measures.values(), *r.suspended_measures.values()):
            if c.assumed:
                found.setdefault(c.id, c)
    return tuple(found[k] for k in sorted(found))


def listing_facts(name: str, ref: Reference, on: dt.date, prefix: str) -> dict[str, str]:
    """Whether *name* is on an export-control entity list on *on*: ``<prefix>_entity_list``
    (control, watch or none) and ``<prefix>_listed_by`` (the measure and what it means)."""
    listed = ref.listing(name, on)
    if listed is None:
        return {f"{prefix}_entity_list": "none", f"{prefix}_listed_by": ""}
    by = f"{listed.measure} ({listed.effective.isoformat()}): {listed.consequence}"
    return {f"{prefix}_entity_list": listed.kind.value, f"{prefix}_listed_by": by}


def company_facts(profile: Profile, ref: Reference) -> dict[str, Any]:
    """Facts about the company as a whole."""
    prog = profile.programmes
    recycling = prog.recycling
    unclaimed: bool | None = None
    if recycling is not None:
        unclaimed = (
            recycling.capital_cost is not None
            and recycling.capital_cost > 0
            and not (recycling.tax_credit_claimed)
        )
    return {
        "sector": profile.company.sector.value,
        "headquarters": profile.company.headquarters,
        "material_count": float(len(profile.materials)),
        "magnet_rare_earth_bought": any(m.mineral in MAGNET_RARE_EARTHS for m in profile.materials),
        "stockpile_policy": prog.stockpile is not None,
        "recycling_programme": recycling is not None,
        "recycling_recovery_rate": None if recycling is None else recycling.in_house_recovery_rate,
        "recycling_tax_credit_unclaimed": unclaimed,
        "recycling_capital_cost": _num(recycling.capital_cost) if recycling else None,
        "alternative_partnerships": float(
            sum(1 for p in prog.research_partnerships if p.alternative_chemistry)
        ),
        "research_partnerships": float(len(prog.research_partnerships)),
        **listing_facts(profile.company.name, ref, profile.as_of, "company"),
    }


def _num(value: Any) -> float | None:
    return None if value is None else float(value)


def country_split(suppliers: Iterable[Supplier], stage: str) -> tuple[dict[str, float], float]:
    """Volume by country at *stage* ("ship", "mining", "processing") and the unknown volume.

    A supplier that lists several countries for a stage has its share split equally.
    """
    volume: dict[str, float] = {}
    unknown = 0.0
    for s in suppliers:
        countries = {"ship": [s.country], "mining": s.mining_countries,
                     "processing": s.processing_countries}[stage]  # fmt: skip
        if not countries:
            unknown += s.share
            continue
        for c in countries:
            volume[c] = volume.get(c, 0.0) + s.share / len(countries)
    return volume, unknown


def hhi(volume: Mapping[str, float]) -> float | None:
    """Herfindahl-Hirschman index of the volumes, in percent squared (0–10,000)."""
    total = sum(volume.values())
    if total <= 0:
        return None
    return round(sum((100 * v / total) ** 2 for v in volume.values()), 1)


def top(volume: Mapping[str, float]) -> tuple[str | None, float | None]:
    """The largest entry (ties broken alphabetically) and its volume."""
    if not volume:
        return None, None
    name = min(volume, key=lambda k: (-volume[k], k))
    return name, round(volume[name], 6)


def material_facts(
    profile: Profile, material: Material, ref: Reference, reaches: Sequence[Reach] | None = None
) -> dict[str, Any]:
    """Facts about one material (*reaches*: how the export controls reach each supplier, if
    already worked out)."""
    if reaches is None:
        exposing = exposing_controls(profile, material, ref)
        defaults = chain(ref, material.mineral.value)
        reaches = [supplier_reach(material, s, j, exposing, defaults)
                   for j, s in enumerate(material.suppliers)]  # fmt: skip
    facts: dict[str, Any] = {
        "material_id": material.id,
        "mineral": material.mineral.value,
        "stage": material.stage.value,
        "criticality": material.criticality.value,
        "magnet_rare_earth": material.mineral in MAGNET_RARE_EARTHS,
        "annual_demand_t": float(material.annual_demand.kg) / 1000,
        "recycled_share": material.recycled_share,
        "alternative_partnership": any(
            p.alternative_chemistry and (not p.minerals or material.mineral in p.minerals)
            for p in profile.programmes.research_partnerships
        ),
    }
    facts.update(_supplier_mix(material))
    facts.update(_stage_mix(material))
    facts.update(_foreign_mix(profile.company.headquarters, material))
    facts.update(_control_facts(material, reaches))
    facts.update(_stock_facts(profile, material, facts))
    facts.update(_contract_facts(profile, material))
    facts.update(_price_facts(profile, material))
    facts.update(_world_facts(material, ref))
    facts.update(battery_minimum_facts(material.mineral.value, profile.as_of))
    facts.update(exposure_facts(profile, material, reaches, facts))
    return facts


def _supplier_mix(material: Material) -> dict[str, Any]:
    sups = material.suppliers
    by_supplier: dict[str, float] = {}
    for s in sups:
        by_supplier[s.id] = by_supplier.get(s.id, 0.0) + s.share
    top_id = max(sups, key=lambda s: s.share).id if sups else None
    ship, _ = country_split(sups, "ship")
    top_country, top_share = top(ship)
    return {
        "supplier_count": float(len(sups)),
        "qualified_supplier_count": float(sum(1 for s in sups if s.qualified)),
        "covered_share": round(sum(s.share for s in sups), 6),
        "top_supplier": top_id,
        "top_supplier_share": max((s.share for s in sups), default=None),
        "supplier_hhi": hhi(by_supplier),
        "top_country": top_country,
        "top_country_share": top_share,
        "country_hhi": hhi(ship),
    }


def _stage_mix(material: Material) -> dict[str, Any]:
    facts: dict[str, Any] = {}
    unknown_any = 0.0
    for s in material.suppliers:
        if not s.mining_countries or not s.processing_countries:
            unknown_any += s.share
    for stage in ("mining", "processing"):
        volume, _ = country_split(material.suppliers, stage)
        name, share = top(volume)
        facts[f"{stage}_top_country"] = name
        facts[f"{stage}_top_country_share"] = share
        facts[f"{stage}_country_hhi"] = hhi(volume)
    facts["unknown_origin_share"] = round(unknown_any, 6) if material.suppliers else None
    return facts


def _foreign_mix(home: str, material: Material) -> dict[str, Any]:
    """The largest volume shipped from, and processed in, one country other than the
    headquarters' own: buying at home is no dependence on a foreign country."""
    facts: dict[str, Any] = {}
    for stage, prefix in (("ship", "foreign"), ("processing", "processing_foreign")):
        volume, _ = country_split(material.suppliers, stage)
        known = bool(volume) or stage == "ship"
        abroad = {c: v for c, v in volume.items() if c != home}
        name, share = top(abroad)
        facts[f"{prefix}_top_country"] = name
        facts[f"{prefix}_top_country_share"] = (
            (share if share is not None else 0.0) if known and material.suppliers else None
        )
    return facts


def supply_countries(supplier: Supplier) -> set[str]:
    """Every country the supplier's material passes through: mined, processed, shipped."""
    return {supplier.country, *supplier.mining_countries, *supplier.processing_countries}


def _control_facts(material: Material, reaches: Sequence[Reach]) -> dict[str, Any]:
    controlled = paused = undetermined = 0.0
    touched: set[str] = set()
    measures: dict[str, str] = {}
    paused_measures: dict[str, str] = {}
    missing: list[str] = []
    for s, r in zip(material.suppliers, reaches, strict=True):
        if r.controlled:
            controlled += s.share
            touched |= r.countries
            measures.update({c.id: c.label() for c in r.measures.values()})
        elif r.undetermined:
            undetermined += s.share
            missing += [_dotted(p) for p in r.missing]
        if r.suspended:
            paused += s.share
            paused_measures.update({c.id: c.label() for c in r.suspended_measures.values()})
    unknown = controlled == 0 and undetermined > 0
    return {
        "controlled_share": None if unknown else round(controlled, 6),
        "control_undetermined_share": round(undetermined, 6),
        "control_missing_fields": list(dict.fromkeys(missing)),
        "suspended_control_share": round(paused, 6),
        "controlled_countries": sorted(touched),
        "control_measures": sorted(measures.values()),
        "suspended_control_measures": sorted(paused_measures.values()),
    }


def _dotted(path: Path) -> str:
    from advisor.yaml.loader import dotted

    return dotted(path)


def _stock_facts(profile: Profile, material: Material, facts: Mapping[str, Any]) -> dict[str, Any]:
    cover = days_of_cover(material)
    policy = profile.programmes.stockpile
    target: float | None = None
    if policy is not None and (not policy.minerals or material.mineral in policy.minerals):
        target = float(policy.target_days)
    top_share = facts.get("top_supplier_share")
    survive = None
    if cover is not None and top_share:
        survive = round(cover / top_share, 1)
    recover = None
    if material.suppliers:
        largest = max(material.suppliers, key=lambda s: s.share)
        recover = _num(largest.qualification_days)
    return {
        "days_of_cover": cover,
        "stock_target_days": target,
        "cover_gap_days": None if cover is None or target is None else max(0.0, target - cover),
        "time_to_recover_days": recover,
        "time_to_survive_days": survive,
        "survival_gap_days": (
            None if recover is None or survive is None else max(0.0, round(recover - survive, 1))
        ),
    }


def days_of_cover(material: Material) -> float | None:
    """Stock on hand in days of average demand; unknown without an inventory figure."""
    inv = material.inventory
    if inv is None:
        return None
    if inv.days_of_cover is not None:
        return float(inv.days_of_cover)
    demand_kg = material.annual_demand.kg
    if inv.quantity is None or inv.unit is None or demand_kg <= 0:
        return None
    stock_kg = inv.quantity * (1000 if inv.unit is Unit.t else 1)
    return round(float(stock_kg * 365 / demand_kg), 1)


def running(profile: Profile, supplier: Supplier) -> bool:
    """True if the supplier has a contract that has not ended before as_of."""
    c = supplier.contract
    if c is None or c.type is ContractType.none:
        return False
    return c.end is None or c.end >= profile.as_of


def _contract_facts(profile: Profile, material: Material) -> dict[str, Any]:
    sups = material.suppliers
    live = [s for s in sups if running(profile, s)]
    days = [(s.contract.end - profile.as_of).days for s in live if s.contract and s.contract.end]
    ended = {s.id: (profile.as_of - end).days for s in sups if (end := _ended(profile, s))}
    ended_share = sum(s.share for s in sups if s.id in ended)
    oldest = min(ended, key=lambda k: (-ended[k], k)) if ended else None
    return {
        "dual_source_clause_share": round(
            sum(s.share for s in live if s.contract and s.contract.dual_source_clause), 6
        ),
        "long_term_share": round(
            sum(s.share for s in live if s.contract and s.contract.type in LONG_TERM), 6
        ),
        "min_contract_days_left": float(min(days)) if days else None,
        "ended_contract_share": round(ended_share, 6),
        "contract_ended_days": float(ended[oldest]) if oldest is not None else None,
        "ended_contract_supplier": oldest,
    }


def _ended(profile: Profile, supplier: Supplier) -> Any:
    """The end date of the supplier's contract if it ended before as_of, else None."""
    c = supplier.contract
    return c.end if c is not None and c.end is not None and c.end < profile.as_of else None


#: Contract types that reserve volume for more than a year.
LONG_TERM = (ContractType.long_term, ContractType.framework)


def _price_exposed(profile: Profile, supplier: Supplier) -> bool:
    c = supplier.contract
    return not running(profile, supplier) or c is None or c.price_basis is not PriceBasis.fixed


def _price_facts(profile: Profile, material: Material) -> dict[str, Any]:
    exposed = round(sum(s.share for s in material.suppliers if _price_exposed(profile, s)), 6)
    price = material.reference_price
    spend = None
    if price is not None:
        per_kg = price.amount / (1000 if price.per is Unit.t else 1)
        spend = round(float(per_kg * material.annual_demand.kg), 2)
    return {
        "price_exposed_share": exposed,
        "annual_spend": spend,
        "price_shock_cost": None if spend is None else round(spend * exposed * 0.5, 2),
        "price_currency": price.currency if price else None,
    }


def _world_facts(material: Material, ref: Reference) -> dict[str, Any]:
    facts: dict[str, Any] = {}
    for stage in ("mining", "refining"):
        shares = (
            ref.shares(material.mineral.value, stage) if material.mineral.value != "other" else None
        )
        country, share = shares.top if shares is not None else (None, None)
        facts[f"world_{stage}_top_country"] = country
        facts[f"world_{stage}_top_share"] = share
    eu = ref.eu2023(material.mineral.value) if material.mineral.value != "other" else None
    facts["eu_supply_risk"] = None if eu is None else float(eu.supply_risk)
    return facts


#: EU Battery Regulation (EU) 2023/1542, Art. 8(2) and 8(3): the minimum share of cobalt,
#: lithium and nickel recovered from waste in the active materials of EV, SLI and industrial
#: (> 2 kWh) batteries, with the dates from which the technical documentation must show it.
BATTERY_MINIMUMS: dict[str, tuple[tuple[dt.date, float], ...]] = {
    "Co": ((dt.date(2031, 8, 18), 0.16), (dt.date(2036, 8, 18), 0.26)),
    "Li": ((dt.date(2031, 8, 18), 0.06), (dt.date(2036, 8, 18), 0.12)),
    "Ni": ((dt.date(2031, 8, 18), 0.06), (dt.date(2036, 8, 18), 0.15)),
}


def battery_minimum_facts(mineral: str, as_of: dt.date) -> dict[str, Any]:
    """The Battery Regulation's recycled-content minimum for *mineral* that applies on
    *as_of*, else the first one to come (0 for a mineral it sets none for), and its date."""
    tiers = BATTERY_MINIMUMS.get(mineral, ())
    applying = [t for t in tiers if t[0] <= as_of]
    tier = applying[-1] if applying else (tiers[0] if tiers else None)
    if tier is None:
        return {"battery_recycled_minimum": 0.0, "battery_recycled_minimum_from": None,
                "battery_recycled_minimum_days": None}  # fmt: skip
    later = [t for t in tiers if t[0] > tier[0]]
    when = tier[0].isoformat() + (
        f" ({later[0][1]:.0%} from {later[0][0].isoformat()})" if later else ""
    )
    return {
        "battery_recycled_minimum": tier[1],
        "battery_recycled_minimum_from": when,
        "battery_recycled_minimum_days": float(max(0, (tier[0] - as_of).days)),
    }


def supplier_facts(profile: Profile, supplier: Supplier, reach: Reach) -> dict[str, Any]:
    """Facts about one supplier of a material (*reach*: how the export controls reach it)."""
    contract = supplier.contract
    days_left = None
    if contract and contract.end:
        days_left = float((contract.end - profile.as_of).days)
    controlled: bool | None = reach.controlled or (None if reach.undetermined else False)
    return {
        "supplier_id": supplier.id,
        "supplier_country": supplier.country,
        "supplier_share": supplier.share,
        "supplier_qualified": supplier.qualified,
        "supplier_tier": float(supplier.tier),
        "lead_time_days": _num(supplier.lead_time_days),
        "qualification_days": _num(supplier.qualification_days),
        "contract_type": contract.type.value if contract else "none",
        "contract_days_left": days_left,
        "contract_running": running(profile, supplier),
        "dual_source_clause": bool(
            contract and contract.dual_source_clause and running(profile, supplier)
        ),
        "price_basis": contract.price_basis.value if contract else "spot",
        "supplier_controlled": controlled,
        "origin_known": bool(supplier.mining_countries and supplier.processing_countries),
    }
