"""The supplier profile: one company, the critical materials it buys, who supplies them.

Frozen pydantic models, unknown keys rejected. The field descriptions are the documentation:
``docs/profile.md`` and the JSON Schema are generated from them. Checks that span several
fields (shares adding up, contract dates in order, ids unique) live in :func:`cross_checks`,
which reports every problem with the path of the field a person must edit.
"""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal
from typing import Annotated

from pydantic import BaseModel, Field, StringConstraints, model_validator

from advisor.errors import echo
from advisor.profile.fields import (
    STRICT_MODEL,
    Choice,
    Count,
    Country,
    CountryList,
    CurrencyCode,
    Date,
    Flag,
    Fraction,
    Id,
    Name,
    Number,
    Text,
    Version,
    Word,
)

#: The profile format version this advisor reads.
PROFILE_VERSION = 1


class Mineral(Choice):
    """The minerals advisor knows; ``other`` needs ``mineral_name``."""

    Nd = "Nd"
    Pr = "Pr"
    Dy = "Dy"
    Tb = "Tb"
    Sm = "Sm"
    Ga = "Ga"
    Ge = "Ge"
    graphite = "graphite"
    Sb = "Sb"
    Li = "Li"
    Co = "Co"
    Ni = "Ni"
    W = "W"
    other = "other"


#: The rare earths that go into permanent magnets.
MAGNET_RARE_EARTHS = frozenset({Mineral.Nd, Mineral.Pr, Mineral.Dy, Mineral.Tb, Mineral.Sm})


class Stage(Choice):
    """Where in the supply chain the bought form sits."""

    ore_concentrate = "ore_concentrate"
    oxide_separated = "oxide_separated"
    metal_alloy = "metal_alloy"
    magnet_component = "magnet_component"
    product = "product"


class Criticality(Choice):
    """How badly the business is hurt if the material stops."""

    low = "low"
    medium = "medium"
    high = "high"
    critical = "critical"


class Sector(Choice):
    """The company's main business."""

    ev_motors = "ev_motors"
    wind_turbines = "wind_turbines"
    electronics = "electronics"
    batteries = "batteries"
    defence = "defence"
    industrial = "industrial"
    other = "other"


class ContractType(Choice):
    """How the supply is contracted."""

    long_term = "long_term"
    framework = "framework"
    annual = "annual"
    spot = "spot"
    none = "none"


class PriceBasis(Choice):
    """How the price is set."""

    fixed = "fixed"
    indexed = "indexed"
    spot = "spot"


class Unit(Choice):
    """Mass units; quantities are converted to kilograms exactly."""

    t = "t"
    kg = "kg"


class Model(BaseModel):
    """Base of every profile model: frozen, unknown keys rejected."""

    model_config = STRICT_MODEL


class Quantity(Model):
    """A mass with its unit, e.g. ``{quantity: 120, unit: t}``."""

    quantity: Annotated[Number, Field(ge=0, description="The amount, zero or more.")]
    unit: Annotated[Unit, Word, Field(description="`t` (metric tonnes) or `kg`.")]

    @property
    def kg(self) -> Decimal:
        """The mass in kilograms, exactly."""
        return self.quantity * (1000 if self.unit is Unit.t else 1)


class Money(Model):
    """A price per unit of mass, e.g. ``{amount: 95, currency: USD, per: kg}``."""

    amount: Annotated[Number, Field(ge=0, description="Price per `per` unit.")]
    currency: Annotated[CurrencyCode, Field(description="ISO 4217 code, e.g. USD.")]
    per: Annotated[Unit, Word, Field(description="The mass unit the price is for.")] = Unit.kg


class Company(Model):
    """The company the profile describes."""

    name: Annotated[Name, Field(description="Legal or trading name.")]
    sector: Annotated[Sector, Word, Field(description="Main business.")]
    headquarters: Annotated[Country, Field(description="ISO 3166-1 alpha-2 code of the HQ.")]
    currency: Annotated[CurrencyCode, Field(description="ISO 4217 reporting currency, e.g. EUR.")]
    annual_revenue: Annotated[
        Number | None, Field(ge=0, description="Annual revenue in `currency`, if known.")
    ] = None


class Inventory(Model):
    """Stock on hand: either a quantity or days of cover, not both."""

    quantity: Annotated[Number | None, Field(ge=0, description="Usable stock on hand.")] = None
    unit: Annotated[Unit | None, Word, Field(description="Unit of `quantity`.")] = None
    days_of_cover: Annotated[
        Number | None, Field(ge=0, description="Stock expressed as days of average demand.")
    ] = None

    @model_validator(mode="after")
    def _one_form(self) -> Inventory:
        if (self.quantity is None) == (self.days_of_cover is None):
            raise ValueError(
                "give either quantity (with unit) or days_of_cover"
                + (", not both" if self.quantity is not None else "")
            )
        if self.quantity is not None and self.unit is None:
            raise ValueError("quantity needs a unit (t or kg)")
        return self


class Usage(Model):
    """A product or part that uses the material: with `kg_per_unit` and `annual_units`,
    `advisor simulate` turns a shortfall into units (and, with `unit_price`, revenue) at risk.
    A product that needs several materials is listed under each, with the same name."""

    product: Annotated[Text, Field(description="Product or part name.")]
    part_number: Annotated[Text | None, Field(description="Part number, kept as text.")] = None
    kg_per_unit: Annotated[Number | None, Field(ge=0, description="Material per unit, kg.")] = None
    annual_units: Annotated[Count | None, Field(ge=0, description="Units built per year.")] = None
    unit_price: Annotated[
        Number | None,
        Field(ge=0, description="Revenue per unit in the company currency, for revenue at risk."),
    ] = None


class Contract(Model):
    """The contract with a supplier."""

    type: Annotated[
        ContractType,
        Word,
        Field(description="long_term, framework, annual (a one-year agreement), spot or none."),
    ]
    start: Annotated[Date | None, Field(description="Start date, YYYY-MM-DD.")] = None
    end: Annotated[Date | None, Field(description="End date, YYYY-MM-DD; after `start`.")] = None
    dual_source_clause: Annotated[
        Flag, Field(description="True if the contract allows or requires a second source.")
    ] = False
    price_basis: Annotated[
        PriceBasis, Word, Field(description="fixed, indexed (to a benchmark) or spot.")
    ] = PriceBasis.spot
    committed_volume: Annotated[
        Quantity | None, Field(description="Volume per year the supplier commits to.")
    ] = None


Countries = Annotated[
    CountryList,
    Field(description="ISO 3166-1 alpha-2 codes; `unknown` or empty when not known."),
]


class Source(Model):
    """Where an imported value was read: the file, and the sheet and cell (or CSV row)."""

    file: Annotated[Text, Field(description="The file it was read from, as given on import.")]
    sheet: Annotated[Text | None, Field(description="Worksheet name (none for CSV).")] = None
    cell: Annotated[Text | None, Field(description="Cell such as `E7`, or `row 12` of a CSV.")] = (
        None
    )

    def text(self) -> str:
        """``file, sheet!cell`` as a person would look it up."""
        where = "!".join(p for p in (self.sheet, self.cell) if p)
        return f"{self.file}, {where}" if where else self.file


class Template(Choice):
    """The RMI reporting template a declaration was made on."""

    CMRT = "CMRT"
    EMRT = "EMRT"
    AMRT = "AMRT"
    CRT = "CRT"


#: An RMI smelter or refiner identification number, e.g. CID002763.
RmiId = Annotated[str, StringConstraints(pattern=r"^CID[0-9]{6}$")]


class Smelter(Model):
    """A smelter or refiner in the supplier's chain, as its declaration lists it."""

    metal: Annotated[Text, Field(description="The metal as the template names it, e.g. Tungsten.")]
    name: Annotated[Text | None, Field(description="Smelter or refiner name.")] = None
    rmi_id: Annotated[
        RmiId | None, Field(description="RMI smelter identification number, e.g. CID002763.")
    ] = None
    country: Annotated[
        Country | None,
        Field(
            description="Where it smelts or refines; absent when the supplier has not "
            "identified it (an unknown processing country, never taken as clean)."
        ),
    ] = None
    mine_countries: Countries = []
    recycled: Annotated[
        Flag | None, Field(description="True if 100% of its feedstock is recycled or scrap.")
    ] = None
    source: Annotated[Source | None, Field(description="Where it was imported from.")] = None


class Declaration(Model):
    """The supplier's RMI declaration (CMRT, EMRT, AMRT or CRT) as imported."""

    template: Annotated[Template, Field(description="CMRT, EMRT, AMRT or CRT.")]
    version: Annotated[Text, Field(description="Template revision, e.g. 6.5.")]
    company: Annotated[Text, Field(description="Company name the declaration is made by.")]
    scope: Annotated[Text | None, Field(description="Declaration scope or class.")] = None
    effective_date: Annotated[Date | None, Field(description="Effective date, YYYY-MM-DD.")] = None
    answers: Annotated[
        dict[str, dict[str, Text]],
        Field(
            description="Answers per metal and question number as the template asks them, e.g. "
            "{Tungsten: {q6: Greater than 90%, q7: 'Yes'}}."
        ),
    ] = {}
    source: Annotated[Source | None, Field(description="Where it was imported from.")] = None


class Supplier(Model):
    """One supplier of a material."""

    id: Annotated[Id, Field(description="Unique id.")]
    name: Annotated[Name, Field(description="Supplier name.")]
    country: Annotated[Country, Field(description="Country the supplier ships from.")]
    mining_countries: Countries = []
    processing_countries: Countries = []
    share: Annotated[Fraction, Field(description="Share of the material's volume, 0.35 or 35%.")]
    tier: Annotated[Count, Field(ge=1, le=5, description="1 = direct supplier.")] = 1
    qualified: Annotated[Flag, Field(description="Qualified for production use.")] = True
    lead_time_days: Annotated[
        Count | None, Field(ge=0, le=3650, description="Order-to-delivery time, days.")
    ] = None
    qualification_days: Annotated[
        Count | None,
        Field(ge=0, le=3650, description="Time to qualify a replacement for it, days."),
    ] = None
    contract: Annotated[Contract | None, Field(description="Contract terms, if any.")] = None
    smelters: Annotated[
        list[Smelter],
        Field(
            description="Smelters and refiners in its chain (from its RMI declaration); when "
            "given, they decide the processing countries advisor assesses."
        ),
    ] = []
    declaration: Annotated[
        Declaration | None, Field(description="Its RMI declaration, if imported.")
    ] = None
    source: Annotated[Source | None, Field(description="Where it was imported from.")] = None


class Material(Model):
    """A critical material the company buys."""

    id: Annotated[Id, Field(description="Unique id.")]
    mineral: Annotated[Mineral, Field(description="The mineral; `other` needs mineral_name.")]
    mineral_name: Annotated[Text | None, Field(description="Name when mineral is other.")] = None
    form: Annotated[Text, Field(description="What is bought, e.g. 'NdFeB sintered magnet'.")]
    stage: Annotated[
        Stage,
        Word,
        Field(
            description="Supply-chain stage of the bought form: ore_concentrate, oxide_separated "
            "(separated oxide or compound, processed graphite), metal_alloy, magnet_component, "
            "or product (a part or assembly containing the material, e.g. a battery cell)."
        ),
    ]
    content: Annotated[
        dict[Mineral, Fraction] | None,
        Field(
            description="Weight share of other minerals in the bought form, e.g. an NdFeB "
            "magnet's {Dy: 4%, Tb: 0.5%}; once given, a mineral not listed counts as absent "
            "({} = none). Export controls with a content condition read it."
        ),
    ] = None
    annual_demand: Annotated[Quantity, Field(description="Average yearly consumption.")]
    inventory: Annotated[Inventory | None, Field(description="Stock on hand, if known.")] = None
    recycled_share: Annotated[
        Fraction | None, Field(description="Share of demand met by recycled/secondary material.")
    ] = None
    criticality: Annotated[Criticality, Word, Field(description="Business criticality.")]
    used_in: Annotated[list[Usage], Field(description="Products or parts that use it.")] = []
    reference_price: Annotated[
        Money | None, Field(description="The company's own reference price.")
    ] = None
    suppliers: Annotated[list[Supplier], Field(description="Who supplies it.")] = []

    @model_validator(mode="after")
    def _named_other(self) -> Material:
        if self.mineral is Mineral.other and self.mineral_name is None:
            raise ValueError("mineral 'other' needs mineral_name")
        return self


class Recycling(Model):
    """In-house recycling or recovery programme."""

    in_house_recovery_rate: Annotated[
        Fraction, Field(description="Share of the material recovered in-house.")
    ]
    minerals: Annotated[list[Mineral], Field(description="Minerals it recovers; empty = all.")] = []
    capital_cost: Annotated[
        Number | None, Field(ge=0, description="Capital cost in the company currency.")
    ] = None
    tax_credit_claimed: Annotated[
        Flag, Field(description="Whether an available investment tax credit was claimed.")
    ] = False


class Stockpile(Model):
    """The company's stockpile policy."""

    target_days: Annotated[Count, Field(ge=0, le=3650, description="Days of cover to hold.")]
    minerals: Annotated[list[Mineral], Field(description="Minerals it covers; empty = all.")] = []


class Partnership(Model):
    """A research partnership."""

    partner: Annotated[Text, Field(description="Institution or company.")]
    topic: Annotated[Text, Field(description="What the partnership works on.")]
    minerals: Annotated[list[Mineral], Field(description="Minerals it addresses.")] = []
    alternative_chemistry: Annotated[
        Flag, Field(description="True if it develops substitutes (e.g. rare-earth-free magnets).")
    ] = False


class Programmes(Model):
    """Recycling, stockpile and research programmes."""

    recycling: Annotated[Recycling | None, Field(description="Recycling programme.")] = None
    stockpile: Annotated[Stockpile | None, Field(description="Stockpile policy.")] = None
    research_partnerships: Annotated[
        list[Partnership], Field(description="Research partnerships.")
    ] = []


class Profile(Model):
    """A company's critical-mineral supply profile (advisor profile format, version 1)."""

    version: Annotated[Version, Field(description="Profile format version; 1.")]
    as_of: Annotated[Date, Field(description="Date the data describes, YYYY-MM-DD.")]
    company: Company
    materials: Annotated[list[Material], Field(min_length=1, description="Materials bought.")]
    programmes: Annotated[Programmes, Field(description="Company programmes.")] = Programmes()


Path = tuple[str | int, ...]


def cross_checks(profile: Profile) -> Iterator[tuple[Path, str]]:
    """Problems that span fields: (path of the field to edit, message)."""
    seen: dict[str, int] = {}
    for i, material in enumerate(profile.materials):
        where: Path = ("materials", i)
        if material.id in seen:
            yield (
                (*where, "id"),
                f"duplicate material id {echo(material.id)!r} "
                f"(also materials[{seen[material.id]}])",
            )
        seen.setdefault(material.id, i)
        yield from _supplier_checks(material, where, profile)


def _supplier_checks(
    material: Material, where: Path, profile: Profile
) -> Iterator[tuple[Path, str]]:
    total = sum(Decimal(str(s.share)) for s in material.suppliers)
    if total > 1:
        over = (total - 1) * 100
        yield (
            (*where, "suppliers"),
            (f"supplier shares add up to {total * 100:g}%, {over:g} points over 100%"),
        )
    ids: dict[str, int] = {}
    for j, supplier in enumerate(material.suppliers):
        here: Path = (*where, "suppliers", j)
        if supplier.id in ids:
            yield (
                (*here, "id"),
                f"duplicate supplier id {echo(supplier.id)!r} (also suppliers[{ids[supplier.id]}])",
            )
        ids.setdefault(supplier.id, j)
        contract = supplier.contract
        if contract and contract.start and contract.end and contract.end <= contract.start:
            yield (
                (*here, "contract", "end"),
                (f"end {contract.end.isoformat()} is not after start {contract.start.isoformat()}"),
            )
