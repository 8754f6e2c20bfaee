"""When an action can take effect, what can be done before then, and what it costs.

A recommendation is only useful if it can be carried out in the time it states. Stock bought
through licensed imports arrives after one licence cycle and a delivery; a second source after
its qualification; a contract amendment at once. When that is later than the deadline of the
urgent findings, the plan says what can be done inside the window (stock already outside the
controlling country, traders' inventory, a general licence where one exists, allocation between
products, the DFARS non-availability exception for US defence buyers) and what must start now.

Costs are computed only from sourced prices: the company's own reference price, else the latest
annual price of the mineral in the reference data (its source named). The carrying cost of stock
is an assumption (``CARRYING_RATE``), stated in every text that uses it. Where no price is known
the plan says so, never a number.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from advisor.engine.advise.numbers import figure
from advisor.engine.assess.exposure import supply_countries
from advisor.profile.model import Material, Profile, Sector, Stage, Unit
from advisor.rules.text import format_unit

if TYPE_CHECKING:
    from advisor.reference.load import Reference

#: Yearly carrying cost of stock as a share of its value (storage, insurance, capital):
#: an assumption, not a sourced figure; every cost that uses it says so.
CARRYING_RATE = 0.10
#: Days a contract amendment or a supplier question takes: it can start at once.
AT_ONCE = 0
#: Days a research or recycling programme takes before it changes supply (years).
YEARS = 730
#: Per kg of each price unit the reference data uses.
PER_KG = {"USD/kg": 1.0, "USD/t": 0.001, "USD/lb": 1 / 0.45359237}
#: Models whose action is a contract or a question: no purchase, no delay.
AT_ONCE_MODELS = frozenset({"add_dual_source_clause", "renew_contracts", ""})
#: Models that take years.
YEARS_MODELS = frozenset(
    {"partner_on_alternatives", "reach_recycling_target", "raise_recovery_rate"}
)
#: Models that buy from a new source.
SOURCE_MODELS = frozenset({"add_second_source", "move_off_covered_nations"})
#: Models that move volume between suppliers already qualified.
REBALANCE = "rebalance_suppliers"
#: Stages whose price is not a mineral's: a magnet or a part costs what the profile says.
PART_STAGES = frozenset({Stage.magnet_component, Stage.product})


@dataclass(frozen=True)
class Plan:
    """When an action takes effect, what to do before then, and its cost."""

    takes_days: int | None
    window: str | None
    cost: float | None
    currency: str | None
    cost_text: str


@dataclass(frozen=True)
class Price:
    """A price per kg with its words (product, period and source); *floor* when it is a lower
    bound: the mineral content of a part only, or the oxide price of a metal."""

    per_kg: float
    currency: str
    words: str
    floor: bool = False


def price_of(ref: Reference, material: Material) -> Price | None:
    """The company's reference price, else the latest annual reference-data price (for a
    part, of the mineral content the profile gives: a lower bound)."""
    own = material.reference_price
    if own is not None:
        per_kg = float(own.amount) / (1000 if own.per is Unit.t else 1)
        return Price(per_kg, own.currency, f"the profile's reference price {own.amount:g} "
                     f"{own.currency}/{own.per.value}")  # fmt: skip
    if material.stage in PART_STAGES:
        return content_price(ref, material)
    p = latest_price(ref, material.mineral.value)
    if p is None:
        return None
    words = f"{p.product} {p.value:g} {p.unit} ({p.period}, {p.source})"
    if _earlier_stage(p.product, material.stage):
        words += f"; the {STAGE_WORDS[material.stage]} costs more than the {p.product}"
        return Price(p.value * PER_KG[p.unit], "USD", words, floor=True)
    return Price(p.value * PER_KG[p.unit], "USD", words)


#: How a stage is named when its price is above the reference product's.
STAGE_WORDS = {
    Stage.oxide_separated: "processed form",
    Stage.metal_alloy: "metal or alloy",
    Stage.magnet_component: "magnet",
    Stage.product: "part",
}


def _earlier_stage(product: str, stage: Stage) -> bool:
    """True when a reference product is an earlier stage than what is bought: an oxide for a
    metal, a concentrate or flake for a processed form."""
    name = product.lower()
    if stage is Stage.metal_alloy and "oxide" in name:
        return True
    early = ("concentrate", "flake", "carbonate")
    return stage in (Stage.oxide_separated, Stage.metal_alloy) and any(w in name for w in early)


def latest_price(ref: Reference, mineral: str, own: bool = False) -> Any:
    """The latest annual reference-data price of *mineral* in a unit per mass, or None; with
    *own*, a product of that mineral alone first (Nd oxide, not NdPr oxide)."""
    points = [p for p in ref.prices(mineral) if p.unit in PER_KG and p.period.isdigit()]
    if not points:
        return None
    return max(points, key=lambda p: (p.period, own and p.product.startswith(f"{mineral} "),
                                      p.product))  # fmt: skip


def content_price(ref: Reference, material: Material) -> Price | None:
    """A part's price floor: the weight share of each priced mineral the profile's ``content``
    gives × that mineral's latest reference price; the part itself costs more."""
    parts, per_kg = [], 0.0
    for mineral, fraction in sorted((material.content or {}).items(), key=lambda kv: str(kv[0])):
        p = latest_price(ref, mineral.value, own=True)
        if p is None or not fraction:
            continue
        per_kg += float(fraction) * p.value * PER_KG[p.unit]
        parts.append(f"{mineral.value} {format_unit('share', float(fraction))} at {p.product} "
                     f"{p.value:g} {p.unit} "
                     f"({p.period}, {p.source})")  # fmt: skip
    if not parts:
        return None
    part = STAGE_WORDS[material.stage]
    words = (f"the mineral content only ({'; '.join(parts)}), not the {part}'s price: the "
             f"{part} costs more")  # fmt: skip
    return Price(per_kg, "USD", words, floor=True)


def premium(ref: Reference, material: Material) -> tuple[float, str] | None:
    """The premium of supply outside China from the reference data: a non-Chinese price
    floor against the Chinese price of the same product and period, when both are known."""
    if material.stage in PART_STAGES:  # an oxide premium says nothing of a magnet's price
        return None
    points = ref.prices(material.mineral.value)
    # the market price: China's own series, else the reference annual average (USGS, quoting
    # the Chinese market) of the same product and year
    china = {(p.period, p.unit, p.product.split(",")[0]): p for p in points
             if p.product.endswith(", China") or "," not in p.product}  # fmt: skip
    for p in points:
        name = p.product.split(",")[0]
        base = china.get((p.period, p.unit, name)) or china.get((p.period[:4], p.unit, name))
        if base is None or p is base or "," not in p.product:
            continue
        if base.value > 0 and p.value > base.value:
            rate = p.value / base.value - 1
            return rate, (
                f"{p.product} {p.value:g} against {base.product} {base.value:g} {p.unit} "
                f"({p.period}; {p.source}, {base.source})"
            )
    return None


def money(value: float, currency: str) -> str:
    """``1.23 billion JPY``, ``1.2 million USD``, ``45,000 USD``."""
    if value >= 1e9:
        return f"{value / 1e9:,.3g} billion {currency}"
    if value >= 1e6:
        return f"{value / 1e6:,.3g} million {currency}"
    return f"{value:,.0f} {currency}"


def stock_cost(
    ref: Reference, before: Profile, after: Profile, materials: Sequence[str]
) -> tuple[float | None, str | None, list[str]]:
    """Stock bought: tonnes × price and a year's carrying cost, per material; when a price is a
    lower bound (a part's mineral content, a metal at the oxide price) the words say "at
    least", first of all."""
    total, currency, words, floor = 0.0, None, [], False
    for m_before, m_after in zip(before.materials, after.materials, strict=True):
        if m_before.id not in materials:
            continue
        add = _days(m_after) - _days(m_before)
        if add <= 0:
            continue
        tonnes = add * float(m_before.annual_demand.kg) / 1000 / 365
        price = price_of(ref, m_before)
        if price is None:
            words.append(f"{m_before.id}: {figure(tonnes)} t of stock; cost unknown: "
                         + _no_price(ref, m_before))  # fmt: skip
            currency = currency or ""
            total = float("nan")
            continue
        value = tonnes * 1000 * price.per_kg
        carry = value * CARRYING_RATE
        carrying = f"a year to carry it (assumed {CARRYING_RATE:.0%} a year of its value)"
        words.append(
            f"at least {money(value, price.currency)} for {m_before.id}: {figure(tonnes)} t × "
            f"{price.words}, and at least {money(carry, price.currency)} {carrying}"
            if price.floor
            else f"{m_before.id}: {figure(tonnes)} t × {price.words} = "
            f"{money(value, price.currency)}, and about {money(carry, price.currency)} {carrying}"
        )
        if currency not in (None, price.currency):
            total = float("nan")
        currency, floor = price.currency, floor or price.floor
        total += value
    if not words:
        return None, None, []
    if total != total or not currency:  # nan: a price unknown or currencies mixed
        return None, None, words
    if floor and len(words) > 1:
        words.insert(0, f"at least {money(total, currency)} in all")
    return total, currency, words


def _no_price(ref: Reference, material: Material) -> str:
    """Why a material has no price, naming the data that is missing."""
    if material.stage in PART_STAGES:
        priced = [m.value for m in material.content or {} if latest_price(ref, m.value)]
        if material.content is None:
            part = STAGE_WORDS[material.stage]
            return (
                f"no reference price for a {part}, and the profile gives no content to price "
                "its minerals (give reference_price or content)"
            )
        if not priced:
            return "no reference price for the part or for any mineral its content lists"
    other = sorted({f"{p.product} in {p.unit}" for p in ref.prices(material.mineral.value)})
    if other:
        return (f"no reference price of {material.mineral.value} in a unit per mass (only "
                f"{', '.join(other)}, which is no price per kg of what is bought)")  # fmt: skip
    return f"no reference price of {material.mineral.value} in a unit per mass"


def _days(material: Material) -> float:
    inv = material.inventory
    if inv is None:
        return 0.0
    if inv.days_of_cover is not None:
        return float(inv.days_of_cover)
    kg = float(inv.quantity or 0) * (1000 if inv.unit is Unit.t else 1)
    demand = float(material.annual_demand.kg)
    return kg / demand * 365 if demand else 0.0


def source_cost(
    ref: Reference, before: Profile, after: Profile, materials: Sequence[str]
) -> tuple[float | None, str | None, list[str]]:
    """The yearly premium of the volume moved to a new source (when every premium is known),
    and the qualification, whose cost no reference figure gives."""
    words: list[str] = []
    totals: list[tuple[float, str] | None] = []
    for m_before, m_after in zip(before.materials, after.materials, strict=True):
        if m_before.id not in materials:
            continue
        old = {s.id for s in m_before.suppliers}
        moved = sum(s.share for s in m_after.suppliers if s.id not in old)
        if moved <= 0:
            continue
        tonnes = float(moved) * float(m_before.annual_demand.kg) / 1000
        price, found = price_of(ref, m_before), premium(ref, m_before)
        if found is not None and not _off_chinese(m_before, m_after):
            found = None  # a premium over the Chinese price says nothing of other chains
        if price is not None and found is not None:
            extra = tonnes * 1000 * price.per_kg * found[0]
            totals.append((extra, price.currency))
            words.append(
                f"{m_before.id}: {figure(tonnes)} t a year at a premium of {found[0]:.0%} "
                f"({found[1]}) ≈ {money(extra, price.currency)} a year"
            )
        else:
            totals.append(None)
            worth = (
                f" (worth {'at least ' if price.floor else 'about '}"
                f"{money(tonnes * 1000 * price.per_kg, price.currency)} a year at "
                f"{price.words})"
                if price is not None
                else ""
            )
            words.append(
                f"{m_before.id}: {figure(tonnes)} t a year{worth}; premium unknown: no sourced "
                f"price of {_product(ref, m_before)} produced outside the dominant country, "
                "none assumed"
            )
    if words:
        words.append("qualification (samples, audits, trials): cost unknown, no reference figure")
    known = [t for t in totals if t is not None]
    currencies = {c for _, c in known}
    if not known or len(known) < len(totals) or len(currencies) != 1:
        return None, None, words
    return sum(v for v, _ in known), currencies.pop(), words


def _off_chinese(before: Material, after: Material) -> bool:
    """True when the volume a new source takes comes off suppliers with China in their chain:
    only then is a premium of non-Chinese supply over the Chinese price the cost."""
    shares = {s.id: s.share for s in after.suppliers}
    return any(
        shares.get(s.id, 0.0) < s.share and "CN" in supply_countries(s) for s in before.suppliers
    )


def _product(ref: Reference, material: Material) -> str:
    """What the missing premium would price: the material (by id; its free-text form is not
    repeated in a cost)."""
    return f"{material.id} ({material.mineral.value})"


def takes_days(model: str, facts: Sequence[Mapping[str, Any]], profile: Profile,
               materials: Sequence[str]) -> int | None:  # fmt: skip
    """Days until the action takes effect, from the facts and the suppliers' own times."""
    if model in AT_ONCE_MODELS:
        return AT_ONCE
    if model in YEARS_MODELS:
        return YEARS
    mats = [m for m in profile.materials if m.id in materials]
    lead = max((s.lead_time_days or 0 for m in mats for s in m.suppliers), default=0)
    if model == REBALANCE:  # suppliers already qualified: the next deliveries
        return lead
    if model in SOURCE_MODELS:
        qual = max((s.qualification_days or 0 for m in mats for s in m.suppliers), default=0)
        return qual + lead if qual else None
    licence = max((_num(f.get("licence_days")) for f in facts), default=0.0)
    return round(licence) + lead


def _num(value: object) -> float:
    return float(value) if isinstance(value, (int, float)) and not isinstance(value, bool) else 0.0


def window_text(
    model: str,
    takes: int | None,
    deadline: float | None,
    profile: Profile,
    facts: Sequence[Mapping[str, Any]],
) -> str | None:
    """What can be done inside the deadline when the action takes longer, and what to start now."""
    if deadline is None or takes is None or takes <= deadline:
        return None
    named = next((f.get("country_loss_country") for f in facts if f.get("country_loss_country")),
                 None)  # fmt: skip
    dfars = _dfars_buyer(profile, facts)
    country = named or ("China, Russia, North Korea and Iran" if dfars else "the dominant country")
    left = f"{deadline:.0f} days"
    source = model in SOURCE_MODELS
    how = (
        f"a new source takes {takes} days to qualify and deliver"
        if source
        else f"licensed imports take {takes} days (one licence cycle and the lead time)"
    )
    held = (f"compliant stock (made outside {country})" if dfars
            else f"stock already outside {country}")  # fmt: skip
    steps = [f"buy {held} from distributors' and traders' inventory or the company's other sites"]
    if not source:
        steps.append(f"use a general licence where {country} grants one")
    steps.append("allocate the stock on hand between products by margin and commitment")
    if dfars:
        steps.append(
            "ask the contracting officer for a DFARS non-availability exception (DFARS "
            "225.7018-3) for deliveries due before a compliant source is qualified"
        )
    later = ("begin qualifying the new source now" if source
             else "file the licence applications and begin qualifying a second source outside "
             + country)  # fmt: skip
    return (f"{how[0].upper()}{how[1:]}, longer than the {left} left. Inside the {left}: "
            + "; ".join(steps) + f". Start now for later: {later}.")  # fmt: skip


def _dfars_buyer(profile: Profile, facts: Sequence[Mapping[str, Any]]) -> bool:
    """A US defence buyer of a material the DFARS clause covers."""
    company = profile.company
    us_defence = company.sector is Sector.defence and company.headquarters == "US"
    return us_defence and any(f.get("dfars_covered_material") for f in facts)
