"""The reference-data file format: frozen pydantic models, one per section of the file.

One format serves the built-in ``advisor/data/reference.yaml`` and a user's ``--data`` override;
in an override every top-level section is optional. ``docs/data.md`` documents every field.
Cross-field rules (shares adding up, world totals matching tonnages, dates in order, source keys
that exist) live in :func:`advisor.reference.checks.cross_checks`.
"""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import BaseModel, Field, model_validator

from advisor.profile.fields import (
    STRICT_MODEL,
    Choice,
    Count,
    Country,
    Date,
    Flag,
    Fraction,
    Number,
    Text,
    Word,
)
from advisor.reference.controls import (
    TRADE_FACTORS,
    Control,
    ControlKind,
    ControlState,
    Coverage,
    Form,
)
from advisor.reference.keys import (
    OTHER,
    VOCABULARY,
    Conf,
    Confidence,
    Key,
    MineralKey,
    Period,
    Place,
    SourceKey,
    Year,
)

__all__ = [
    "OTHER",
    "TRADE_FACTORS",
    "VOCABULARY",
    "Confidence",
    "Control",
    "ControlKind",
    "ControlState",
    "Coverage",
]


class Stage(Choice):
    """Supply-chain stage of a production dataset."""

    mining = "mining"
    refining = "refining"


class EUStage(Choice):
    """The stage the EU 2023 assessment used for supply risk."""

    extraction = "extraction"
    processing = "processing"


class Verdict(Choice):
    """How a claim of the seed article compares with the sourced figure."""

    consistent = "consistent"
    outdated = "outdated"
    contradicted = "contradicted"
    unsupported = "unsupported"


class Model(BaseModel):
    """Base of every reference-data model: frozen, unknown keys rejected."""

    model_config = STRICT_MODEL


Notes = Annotated[list[Text], Field(description="Free-text notes shown with the figure.")]
Amount = Annotated[Number, Field(ge=0)]
Tonnages = Annotated[dict[Place, Amount], Field(description="Tonnes by country (or other).")]
Shares = Annotated[dict[Place, Fraction], Field(description="Share of world, by country.")]


class Meta(Model):
    """What the dataset is: its version and the date it was compiled (the default as-of)."""

    version: Annotated[Text | None, Field(description="Dataset version, e.g. 2025.1.")] = None
    compiled: Annotated[
        Date | None, Field(description="Date the data was checked: its 'as of' date.")
    ] = None
    note: Annotated[Text | None, Field(description="Free text.")] = None


class SourceEntry(Model):
    """One bibliography entry; at least one of url, doi or via says where to find it."""

    title: Annotated[Text, Field(description="Title of the document or page.")]
    publisher: Annotated[Text, Field(description="Who published it.")]
    year: Annotated[Year | None, Field(description="Year of publication.")] = None
    url: Annotated[Text | None, Field(pattern=r"^https?://\S+$", description="Web address.")] = None
    doi: Annotated[Text | None, Field(pattern=r"^10\.[0-9]{4,9}/\S+$", description="DOI.")] = None
    via: Annotated[Text | None, Field(description="Where it was read (copy, transcript).")] = None
    checked: Annotated[Date | None, Field(description="Date it was last checked.")] = None
    note: Annotated[Text | None, Field(description="Free text.")] = None

    @model_validator(mode="after")
    def _findable(self) -> SourceEntry:
        if not (self.url or self.doi or self.via):
            raise ValueError("a source needs at least one of url, doi or via")
        return self


class MineralInfo(Model):
    """Names and notes for one mineral of the vocabulary."""

    name: Annotated[Text, Field(description="English name, e.g. neodymium.")]
    group: Annotated[Text | None, Field(description="Commodity group, e.g. rare earths.")] = None
    mined_as: Annotated[
        list[Annotated[Form, Word]],
        Field(description="Forms the mining stage exports (default ore_concentrate)."),
    ] = []
    stages: Annotated[
        dict[Annotated[Stage, Word], Text],
        Field(description="What each stage's figures measure for this mineral."),
    ] = {}
    notes: Notes = []


class Production(Model):
    """Shares of world production by country for one stage and year."""

    minerals: Annotated[list[MineralKey], Field(min_length=1, description="Minerals it covers.")]
    commodity: Annotated[Text, Field(description="What is counted, e.g. rare earths.")]
    stage: Annotated[Stage, Word, Field(description="mining or refining.")]
    year: Annotated[Year, Field(description="The year the figures describe.")]
    what: Annotated[Text, Field(description="The measure, e.g. mine production.")]
    unit: Annotated[Text | None, Field(description="Unit of tonnages, e.g. t REO.")] = None
    world_total: Annotated[Number | None, Field(gt=0, description="World total, in unit.")] = None
    tonnes: Tonnages = {}
    shares: Shares = {}
    lower_bound: Annotated[Flag, Field(description="Shares are 'more than' figures.")] = False
    projection: Annotated[Flag, Field(description="A forecast, not an observed year.")] = False
    source: SourceKey
    via: Annotated[Text | None, Field(description="Secondary page it was read on.")] = None
    confidence: Conf
    notes: Notes = []


class PriceSeries(Model):
    """Prices of one product over time."""

    minerals: Annotated[list[MineralKey], Field(min_length=1, description="Minerals it prices.")]
    product: Annotated[Text, Field(description="Product, e.g. Nd oxide.")]
    unit: Annotated[Text, Field(description="e.g. USD/kg.")]
    basis: Annotated[Text | None, Field(description="e.g. annual average, Argus.")] = None
    points: Annotated[
        dict[Period, Annotated[Number, Field(ge=0)]],
        Field(min_length=1, description="Period (2024 or 2024-07) to value."),
    ]
    source: SourceKey
    via: Annotated[Text | None, Field(description="Secondary page it was read on.")] = None
    confidence: Conf
    notes: Notes = []


class EUValue(Model):
    """EU 2023 criticality assessment values for one material."""

    material: Annotated[Text, Field(description="Material name as in the EU study.")]
    supply_risk: Annotated[Number, Field(ge=0, description="SR.")]
    economic_importance: Annotated[Number, Field(ge=0, description="EI.")]
    stage_used: Annotated[EUStage, Word, Field(description="extraction or processing.")]
    import_reliance_primary: Annotated[Fraction | None, Field(description="IR, primary.")] = None
    import_reliance_refined: Annotated[Fraction | None, Field(description="IR, refined.")] = None
    eol_rir: Annotated[Fraction, Field(description="End-of-life recycling input rate.")]
    source: SourceKey
    confidence: Conf
    note: Annotated[Text | None, Field(description="Free text.")] = None


class EUGroup(EUValue):
    """EU 2023 values for a group of materials (LREE, HREE)."""

    members: Annotated[list[MineralKey], Field(min_length=1, description="Vocabulary members.")]


class BenchmarkEntry(Model):
    """A threshold or target the rules use, with its source."""

    value: Annotated[Number, Field(description="The figure.")]
    unit: Annotated[Text, Field(description="fraction, days, HHI, working days, …")]
    label: Annotated[Text, Field(description="What it is, in a line.")]
    from_article: Annotated[Flag, Field(description="The seed article's figure.")] = False
    source: SourceKey
    confidence: Conf
    note: Annotated[Text | None, Field(description="Free text.")] = None


class ClaimEntry(Model):
    """A market claim of the seed article beside the sourced figure."""

    number: Annotated[Count, Field(ge=1, description="Row number.")]
    seed_section: Annotated[Text, Field(description="Seed article heading it comes from.")]
    article_says: Annotated[Text, Field(description="The claim, as the article puts it.")]
    sourced_figure: Annotated[Text, Field(description="What the sources say.")]
    verdict: Annotated[Verdict, Word, Field(description="The verdict.")]
    note: Annotated[Text | None, Field(description="Nuance behind the verdict.")] = None
    sources: Annotated[list[Key], Field(min_length=1, description="Source keys.")]
    confidence: Conf


class ListKind(Choice):
    """Which list of a country's export-control authority an entity is on."""

    control = "control"
    watch = "watch"


class ListedEntity(Model):
    """One listed entity, by the names a profile may give it."""

    name: Annotated[Text, Field(description="The entity's name as published.")]
    aliases: Annotated[list[Text], Field(description="Other names, e.g. with Corporation.")] = []


class EntityList(Model):
    """Entities a country's export-control authority put on a list, and what that means."""

    id: Annotated[Key, Field(description="Stable id; an override with the same id replaces it.")]
    country: Annotated[Country, Field(description="The listing country.")]
    kind: Annotated[ListKind, Word, Field(description="control or watch.")]
    measure: Annotated[Text, Field(description="The measure that listed them.")]
    effective: Annotated[Date, Field(description="Date the listing applies from.")]
    listed_count: Annotated[
        Count | None, Field(description="How many entities the measure listed.")
    ] = None
    entities: Annotated[
        list[ListedEntity], Field(description="The names encoded (may be fewer).")
    ] = []
    consequence: Annotated[Text, Field(description="What the listing means for a buyer.")]
    source: SourceKey
    confidence: Conf
    note: Annotated[Text | None, Field(description="Free text.")] = None


class ReferenceFile(Model):
    """A reference-data file (format 1); every section is optional in an override."""

    format: Annotated[Literal[1], Field(description="File format version; 1.")] = 1
    meta: Annotated[Meta, Field(description="Version and compiled date.")] = Meta()
    sources: Annotated[dict[Key, SourceEntry], Field(description="Bibliography.")] = {}
    minerals: Annotated[dict[MineralKey, MineralInfo], Field(description="Names, notes.")] = {}
    production: Annotated[list[Production], Field(description="Shares by country.")] = []
    controls: Annotated[list[Control], Field(description="Export controls.")] = []
    prices: Annotated[list[PriceSeries], Field(description="Price history.")] = []
    eu2023: Annotated[dict[MineralKey, EUValue], Field(description="EU 2023 values.")] = {}
    eu2023_groups: Annotated[dict[Key, EUGroup], Field(description="EU 2023 groups.")] = {}
    benchmarks: Annotated[dict[Key, BenchmarkEntry], Field(description="Thresholds.")] = {}
    claims: Annotated[list[ClaimEntry], Field(description="Seed article claims.")] = []
    entity_lists: Annotated[
        list[EntityList], Field(description="Entities on export-control lists.")
    ] = []
