"""The catalogue of facts that rules may read: name, scope, type, unit and formula.

Rules are checked against this catalogue when a pack is loaded, so a misspelt fact or a
comparison of a share with a word is rejected at load time, not silently never true.
A subject sees the facts of its own scope and of the scopes around it: a supplier rule may
read material and company facts, a material rule company facts.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

Scope = Literal["company", "material", "supplier"]
FactType = Literal["number", "bool", "text", "list"]

#: Scopes each scope can see, innermost first.
VISIBLE: dict[str, tuple[str, ...]] = {
    "company": ("company",),
    "material": ("material", "company"),
    "supplier": ("supplier", "material", "company"),
}


@dataclass(frozen=True)
class FactSpec:
    """One fact: what it is, how it is computed, and the type a condition may compare it with."""

    name: str
    scope: Scope
    type: FactType
    unit: str
    formula: str
    #: What a user adds to the profile so that the fact is known (a missing-data finding names
    #: it); empty: the fact's own name.
    asks: str = ""
    #: Where in its subject's part of the profile the fact comes from: a finding that reads it
    #: points at that line (or, where it is not written, at its nearest written parent). For
    #: a company fact, from the top of the file (the programmes are not under ``company``).
    #: Empty: at the subject itself.
    at: tuple[str | int, ...] = ()


def _f(
    name: str,
    scope: Scope,
    type_: FactType,
    unit: str,
    formula: str,
    *,
    asks: str = "",
    at: tuple[str | int, ...] = (),
) -> FactSpec:
    return FactSpec(name, scope, type_, unit, formula, asks, at)


_C: Scope = "company"
_M: Scope = "material"
_S: Scope = "supplier"

CATALOGUE: dict[str, FactSpec] = {
    spec.name: spec
    for spec in [
        # -- company ---------------------------------------------------------------------
        _f("sector", _C, "text", "", "company.sector"),
        _f("headquarters", _C, "text", "ISO 3166", "company.headquarters"),
        _f("material_count", _C, "number", "count", "number of materials in the profile"),
        _f("magnet_rare_earth_bought", _C, "bool", "",
           "any material is Nd, Pr, Dy, Tb or Sm"),
        _f("stockpile_policy", _C, "bool", "", "programmes.stockpile is given",
           at=("programmes", "stockpile")),
        _f("recycling_programme", _C, "bool", "", "programmes.recycling is given",
           at=("programmes", "recycling")),
        _f("recycling_recovery_rate", _C, "number", "share",
           "programmes.recycling.in_house_recovery_rate; unknown without a programme",
           asks="programmes.recycling",
           at=("programmes", "recycling", "in_house_recovery_rate")),
        _f("recycling_tax_credit_unclaimed", _C, "bool", "",
           "a recycling programme with a capital cost whose tax credit is not claimed; "
           "unknown without a programme",
           asks="programmes.recycling", at=("programmes", "recycling", "tax_credit_claimed")),
        _f("recycling_capital_cost", _C, "number", "currency",
           "programmes.recycling.capital_cost",
           asks="programmes.recycling.capital_cost",
           at=("programmes", "recycling", "capital_cost")),
        _f("alternative_partnerships", _C, "number", "count",
           "research partnerships with alternative_chemistry: true",
           at=("programmes", "research_partnerships")),
        _f("research_partnerships", _C, "number", "count", "research partnerships",
           at=("programmes", "research_partnerships")),
        _f("company_entity_list", _C, "text", "",
           "control or watch when company.name is on an export-control entity list on as_of "
           "(reference data: MOFCOM Ann. 11 and 12/2026), else none"),
        _f("company_listed_by", _C, "text", "", "the list's measure and what it means"),
        # -- material --------------------------------------------------------------------
        _f("material_id", _M, "text", "", "materials[].id"),
        _f("mineral", _M, "text", "", "materials[].mineral"),
        _f("stage", _M, "text", "", "materials[].stage"),
        _f("criticality", _M, "text", "", "materials[].criticality"),
        _f("magnet_rare_earth", _M, "bool", "", "mineral is Nd, Pr, Dy, Tb or Sm"),
        _f("annual_demand_t", _M, "number", "t", "annual_demand converted to tonnes"),
        _f("supplier_count", _M, "number", "count", "suppliers listed",
           at=("suppliers",)),
        _f("qualified_supplier_count", _M, "number", "count", "suppliers with qualified: true",
           at=("suppliers",)),
        _f("covered_share", _M, "number", "share", "sum of supplier shares"),
        _f("top_supplier_share", _M, "number", "share", "largest supplier share",
           asks="suppliers", at=("suppliers",)),
        _f("top_supplier", _M, "text", "", "id of the largest supplier (ties: first listed)",
           asks="suppliers"),
        _f("supplier_hhi", _M, "number", "HHI",
           "Σ (100·share/covered)² over suppliers, 0–10,000",
           asks="suppliers"),
        _f("top_country", _M, "text", "ISO 3166", "ship-from country with most volume",
           asks="suppliers"),
        _f("top_country_share", _M, "number", "share", "volume shipped from top_country",
           asks="suppliers"),
        _f("country_hhi", _M, "number", "HHI", "HHI of ship-from countries, 0–10,000",
           asks="suppliers"),
        _f("foreign_top_country", _M, "text", "ISO 3166",
           "ship-from country other than the headquarters' with most volume",
           asks="suppliers"),
        _f("foreign_top_country_share", _M, "number", "share",
           "volume shipped from foreign_top_country; 0 when every supplier ships from the "
           "headquarters' country (buying at home is no foreign dependence)",
           asks="suppliers"),
        _f("processing_foreign_top_country", _M, "text", "ISO 3166",
           "processing country other than the headquarters' with most volume",
           asks="suppliers[].processing_countries"),
        _f("processing_foreign_top_country_share", _M, "number", "share",
           "volume processed in processing_foreign_top_country; 0 when all known processing "
           "is in the headquarters' country; unknown when no supplier gives it",
           asks="suppliers[].processing_countries"),
        _f("mining_top_country", _M, "text", "ISO 3166",
           "mining country with most volume (a supplier's countries split its share equally)",
           asks="suppliers[].mining_countries"),
        _f("mining_top_country_share", _M, "number", "share",
           "volume mined in mining_top_country; unknown when no supplier gives mining countries",
           asks="suppliers[].mining_countries"),
        _f("mining_country_hhi", _M, "number", "HHI",
           "HHI of mining countries over the volume whose mining origin is known",
           asks="suppliers[].mining_countries"),
        _f("processing_top_country", _M, "text", "ISO 3166",
           "processing/refining country with most volume",
           asks="suppliers[].processing_countries"),
        _f("processing_top_country_share", _M, "number", "share",
           "volume processed in processing_top_country; unknown when no supplier gives it",
           asks="suppliers[].processing_countries"),
        _f("processing_country_hhi", _M, "number", "HHI",
           "HHI of processing countries over the volume whose processing origin is known",
           asks="suppliers[].processing_countries"),
        _f("unknown_origin_share", _M, "number", "share",
           "volume whose mining or processing country is not given",
           asks="suppliers"),
        _f("controlled_share", _M, "number", "share",
           "volume whose chain an export control on the goods (not a technology ban) reaches "
           "on as_of: the country ships the bought form, processes its oxide, metal or alloy, "
           "or mines and exports its ore, in a form and content the measure lists, with a "
           "destination that includes the headquarters (military end users: a defence "
           "company); a control of the headquarters' own country does not count, buying at "
           "home is not an export; unknown when none is controlled and some cannot be decided "
           "(reference data)",
           asks="suppliers[].mining_countries, suppliers[].processing_countries, content"),
        _f("control_undetermined_share", _M, "number", "share",
           "volume not known to be controlled whose exposure cannot be decided: its mining or "
           "processing country is not given where the dominant country has a control that "
           "would reach it, or its content of other minerals is not given"),
        _f("control_missing_fields", _M, "list", "",
           "the profile fields to fill so that the export-control exposure can be decided"),
        _f("suspended_control_share", _M, "number", "share",
           "volume reached by a control that is suspended on as_of and may return"),
        _f("controlled_countries", _M, "list", "ISO 3166",
           "countries with a control in force that reaches the supply"),
        _f("control_measures", _M, "list", "",
           "the controls in force that reach the supply, with their effective date and any "
           "assumption about their status"),
        _f("suspended_control_measures", _M, "list", "",
           "the suspended controls that reach the supply, with the date they may return"),
        _f("days_of_cover", _M, "number", "days",
           "inventory.days_of_cover, or inventory ÷ (annual demand ÷ 365)",
           asks="inventory (days_of_cover or quantity)", at=("inventory",)),
        _f("stock_target_days", _M, "number", "days",
           "programmes.stockpile.target_days if the policy covers the mineral",
           asks="programmes.stockpile", at=("inventory",)),
        _f("cover_gap_days", _M, "number", "days", "max(0, stock_target_days − days_of_cover)",
           asks="inventory (days_of_cover or quantity)", at=("inventory",)),
        _f("time_to_recover_days", _M, "number", "days",
           "qualification_days of the largest supplier: time to qualify its replacement",
           asks="suppliers[].qualification_days", at=("suppliers",)),
        _f("time_to_survive_days", _M, "number", "days",
           "days_of_cover ÷ top_supplier_share: how long stock covers the loss of the "
           "largest supplier while the others keep delivering",
           asks="inventory (days_of_cover or quantity)", at=("inventory",)),
        _f("survival_gap_days", _M, "number", "days",
           "max(0, time_to_recover_days − time_to_survive_days)",
           asks="inventory (days_of_cover or quantity)", at=("inventory",)),
        _f("recycled_share", _M, "number", "share", "materials[].recycled_share",
           asks="recycled_share", at=("recycled_share",)),
        _f("battery_recycled_minimum", _M, "number", "share",
           "EU Battery Regulation 2023/1542 Art. 8: the minimum share of the mineral recovered "
           "from waste in battery active materials that applies on as_of, else the next one "
           "(Co 16%, Li 6%, Ni 6% from 2031-08-18; 26%, 12%, 15% from 2036-08-18); 0 for a "
           "mineral it sets none for"),
        _f("battery_recycled_minimum_from", _M, "text", "",
           "the date that minimum applies from, and the later one"),
        _f("battery_recycled_minimum_days", _M, "number", "days",
           "days from as_of until that minimum applies (0 once it does)"),
        _f("dual_source_clause_share", _M, "number", "share",
           "volume under running contracts with dual_source_clause: true",
           at=("suppliers",)),
        _f("long_term_share", _M, "number", "share",
           "volume under long_term or framework contracts still running on as_of"),
        _f("min_contract_days_left", _M, "number", "days",
           "fewest days from as_of to the end date of a supplier contract still running",
           asks="suppliers[].contract.end", at=("suppliers",)),
        _f("ended_contract_share", _M, "number", "share",
           "volume of suppliers whose contract ended before as_of (bought without a contract)"),
        _f("contract_ended_days", _M, "number", "days",
           "days since the contract that ended longest before as_of ended"),
        _f("ended_contract_supplier", _M, "text", "",
           "the supplier whose contract ended longest before as_of"),
        _f("price_exposed_share", _M, "number", "share",
           "volume bought at spot or indexed prices, or with no contract"),
        _f("annual_spend", _M, "number", "currency",
           "annual demand × reference_price (in the price's currency)",
           asks="reference_price"),
        _f("price_shock_cost", _M, "number", "currency",
           "annual_spend × price_exposed_share × 0.5: the extra cost of a 50% price rise",
           asks="reference_price"),
        _f("price_currency", _M, "text", "ISO 4217", "reference_price.currency",
           asks="reference_price"),
        _f("annual_spend_note", _M, "text", "",
           "the annual spend in words, or that no reference price is given"),
        _f("price_shock_note", _M, "text", "",
           "what a 50% price rise would cost in words, or that no reference price is given"),
        _f("chain_span", _M, "text", "",
           "the processing steps of the bought form in words, e.g. 'refining to metal'"),
        # -- country loss and urgency (docs/scoring.md) ----------------------------------
        _f("country_loss_country", _M, "text", "ISO 3166",
           "among the countries with an export control in force or suspended that reaches "
           "the supply, the one whose loss is worst: the longest shortfall of stock against "
           "recovery, then recovery unknown, then the most volume; unknown without one"),
        _f("country_loss_share", _M, "number", "share",
           "volume mined, processed or shipped in country_loss_country: it stops together "
           "(0 when no export control reaches the supply)"),
        _f("country_loss_survive_days", _M, "number", "days",
           "days_of_cover ÷ country_loss_share: how long stock lasts if that country stops",
           asks="inventory (days_of_cover or quantity)"),
        _f("country_loss_recover_days", _M, "number", "days",
           "how long supply through country_loss_country takes to come back, by the kind of "
           "its measures: under a ban or quota (in force, suspended and returning, or assumed "
           "back) the longest qualification_days of its suppliers (a source outside the "
           "country is qualified); under licensing alone licence_days + the longest lead time "
           "(the floor: a licence, then a delivery)",
           asks="suppliers[].lead_time_days or qualification_days"),
        _f("country_loss_recovery_kind", _M, "text", "",
           "the kind of measure the recovery rests on: licence, ban, or 'ban or licence' "
           "when the ban is suspended or only assumed in force (both readings are given)"),
        _f("country_loss_recovery", _M, "text", "",
           "country_loss_recover_days in words: the number, the measure and what it rests on "
           "(for a ban that is only assumed or may return, the licensing reading too)"),
        _f("country_loss_licence_recover_days", _M, "number", "days",
           "licence_days + the longest lead time of the suppliers through "
           "country_loss_country, when a licensing measure of that country reaches them",
           asks="suppliers[].lead_time_days"),
        _f("country_loss_requalify_days", _M, "number", "days",
           "the longest qualification_days of the suppliers through country_loss_country",
           asks="suppliers[].qualification_days"),
        _f("country_loss_gap_days", _M, "number", "days",
           "max(0, country_loss_recover_days − country_loss_survive_days)",
           asks="inventory (days_of_cover or quantity)"),
        # -- mitigation: the consequence of a loss is covered (docs/scoring.md §3) --------
        _f("supplier_loss_cover", _M, "text", "",
           "the loss of any one supplier is covered: for every supplier, days_of_cover ÷ its "
           "share ≥ its qualification_days, or every running contract has a dual-source "
           "clause; the mitigation in words, '' when not covered",
           asks="inventory and suppliers[].qualification_days"),
        _f("ship_country_loss_cover", _M, "text", "",
           "the loss of any one foreign ship-from country is covered: for every one, "
           "days_of_cover ÷ the volume shipped from it ≥ the longest qualification_days of its "
           "suppliers (a replacement; a licence floor is no cover, a licence can be refused); "
           "'' when not covered",
           asks="inventory and suppliers[].qualification_days"),
        _f("processing_country_loss_cover", _M, "text", "",
           "the same for every foreign processing country and the volume processed there",
           asks="inventory and suppliers[].qualification_days"),
        _f("mining_country_loss_cover", _M, "text", "",
           "the same for every foreign mining country and the volume mined there",
           asks="inventory and suppliers[].qualification_days"),
        _f("stage_country_loss_cover", _M, "text", "",
           "processing_country_loss_cover and mining_country_loss_cover together: the loss of "
           "the largest foreign country at either stage is covered; '' when one is not",
           asks="inventory and suppliers[].qualification_days"),
        _f("country_loss_cover", _M, "text", "",
           "country_loss_survive_days ≥ country_loss_requalify_days (stock outlasts qualifying "
           "a source outside the country), in words; '' when not",
           asks="inventory and suppliers[].qualification_days"),
        _f("licence_days", _M, "number", "days",
           "one licence cycle: 45 working days, about 63 calendar days"),
        _f("control_change_days", _M, "number", "days",
           "days from as_of until the nearest suspended export control on the supply may "
           "return, or an announced one takes effect"),
        _f("control_change_share", _M, "number", "share",
           "volume exposed to that control"),
        _f("control_change", _M, "text", "",
           "that control and the date it returns or takes effect, in words"),
        _f("control_change_recover_days", _M, "number", "days",
           "once it is in force, how long supply takes to come back: a licence plus the "
           "longest lead time for a licensing control, else (a ban, a quota) the longest "
           "qualification_days of the exposed suppliers (a replacement)"),
        _f("action_window_days", _M, "number", "days",
           "max(days_of_cover, the longest lead time): the time the company is covered "
           "before a new order must arrive",
           asks="inventory (days_of_cover or quantity)"),
        # -- US defence sourcing (DFARS 252.225-7052) ------------------------------------
        _f("dfars_covered_material", _M, "bool", "",
           "NdFeB or SmCo magnets (Nd, Pr, Dy, Tb, Sm at the magnet stage) or tungsten metal, "
           "alloy or parts (W at the metal or magnet/component stage)"),
        _f("dfars_covered_share", _M, "number", "share",
           "volume from a covered nation (CN, RU, KP, IR) at a stage the clause covers on "
           "as_of: melted or produced (ship-from country) before 2027-01-01; also mined, "
           "refined or separated from then on"),
        _f("dfars_upstream_share", _M, "number", "share",
           "volume mined, processed or produced in a covered nation"),
        _f("dfars_new_share", _M, "number", "share",
           "volume that becomes non-compliant on 2027-01-01 (mined, refined or separated in "
           "a covered nation, produced elsewhere); 0 from that date"),
        _f("dfars_upstream_days", _M, "number", "days",
           "days from as_of until 2027-01-01, when the clause extends to mining, refining "
           "and separation"),
        _f("world_mining_top_country", _M, "text", "ISO 3166",
           "largest mine producer of the mineral (reference data)",
           asks="reference data (--data)"),
        _f("world_mining_top_share", _M, "number", "share",
           "its share of world mine production (reference data)",
           asks="reference data (--data)"),
        _f("world_refining_top_country", _M, "text", "ISO 3166",
           "largest refiner of the mineral (reference data)",
           asks="reference data (--data)"),
        _f("world_refining_top_share", _M, "number", "share",
           "its share of world refining (reference data)",
           asks="reference data (--data)"),
        _f("eu_supply_risk", _M, "number", "index", "EU CRM 2023 supply risk (reference data)",
           asks="reference data (--data)"),
        _f("alternative_partnership", _M, "bool", "",
           "a research partnership on alternative chemistry covers the mineral"),
        # -- supplier --------------------------------------------------------------------
        _f("supplier_id", _S, "text", "", "suppliers[].id"),
        _f("supplier_country", _S, "text", "ISO 3166", "suppliers[].country"),
        _f("supplier_share", _S, "number", "share", "suppliers[].share",
           at=("share",)),
        _f("supplier_qualified", _S, "bool", "", "suppliers[].qualified"),
        _f("supplier_tier", _S, "number", "", "suppliers[].tier"),
        _f("lead_time_days", _S, "number", "days", "suppliers[].lead_time_days",
           asks="suppliers[].lead_time_days"),
        _f("qualification_days", _S, "number", "days", "suppliers[].qualification_days",
           asks="suppliers[].qualification_days", at=("qualification_days",)),
        _f("contract_type", _S, "text", "", "suppliers[].contract.type; none without a contract"),
        _f("contract_days_left", _S, "number", "days",
           "days from as_of to contract.end (negative once it has ended)",
           asks="suppliers[].contract.end", at=("contract", "end")),
        _f("contract_running", _S, "bool", "",
           "a contract is given and has not ended before as_of"),
        _f("dual_source_clause", _S, "bool", "", "contract.dual_source_clause",
           at=("contract",)),
        _f("price_basis", _S, "text", "", "contract.price_basis; spot without a contract",
           at=("contract",)),
        _f("supplier_controlled", _S, "bool", "",
           "an export control in force on as_of reaches its chain (as for controlled_share); "
           "unknown when that cannot be decided",
           asks="mining_countries, processing_countries, content"),
        _f("origin_known", _S, "bool", "", "both mining and processing countries are given",
           at=("country",)),
        _f("supplier_entity_list", _S, "text", "",
           "control or watch when suppliers[].name is on an export-control entity list on "
           "as_of (reference data: MOFCOM Ann. 11 and 12/2026), else none"),
        _f("supplier_listed_by", _S, "text", "", "the list's measure and what it means"),
    ]
}  # fmt: skip


def visible(scope: str) -> dict[str, FactSpec]:
    """The facts a rule of *scope* may read."""
    scopes = VISIBLE[scope]
    return {name: spec for name, spec in CATALOGUE.items() if spec.scope in scopes}


def profile_field(fact: str) -> str:
    """What a user adds to the profile so that *fact* is known (its declared ``asks``)."""
    spec = CATALOGUE.get(fact)
    return spec.asks if spec is not None and spec.asks else fact
