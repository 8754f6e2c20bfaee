"""The reference-data file format: frozen pydantic models, one per section of the file.

One format serves the built-in ``advisor/data/reference.yaml`` and a user's ``--data`` override;
in an override every top-level section is optional. ``docs/data.md`` documents every field.
Cross-field rules (shares adding up, world totals matching tonnages, dates in order, source keys
that exist) live in :func:`advisor.reference.checks.cross_checks`.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Annotated, Any, Literal

from pydantic import BaseModel, BeforeValidator, Field, model_validator
from pydantic_core import PydanticCustomError

from advisor.errors import echo
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
    country_name,
)
from advisor.profile.model import Mineral
from advisor.yaml.loader import scalar_text

#: The minerals reference data covers, in the profile vocabulary's order.
VOCABULARY: tuple[str, ...] = tuple(m.value for m in Mineral if m is not Mineral.other)
#: The residual entry allowed besides ISO country codes in shares and tonnages.
OTHER = "other"


def _mineral_key(value: Any) -> Any:
    text = scalar_text(value)
    if isinstance(text, str) and text in VOCABULARY:
        return text
    shown = repr(echo(str(text)))
    raise PydanticCustomError(
        "mineral",
        "{got} is not a mineral key; expected one of: {known}",
        {"got": shown, "known": ", ".join(VOCABULARY)},
    )


def _place(value: Any) -> Any:
    text = scalar_text(value)
    if text == OTHER:
        return text
    if isinstance(text, str) and len(text) == 2 and text.isupper() and country_name(text) != text:
        return text
    raise PydanticCustomError(
        "country",
        "{got} is not an ISO 3166-1 alpha-2 country code (in capitals) or 'other'",
        {"got": repr(echo(str(text)))},
    )


def _period(value: Any) -> Any:
    text = str(scalar_text(value)).strip()
    year, _, month = text.partition("-")
    ok = len(year) == 4 and year.isdigit() and (not month or month in _MONTHS)
    if not ok or isinstance(value, bool):
        raise PydanticCustomError(
            "period", "{got} is not a period (write 2024 or 2024-07)", {"got": repr(echo(text))}
        )
    return text


_MONTHS = frozenset(f"{m:02d}" for m in range(1, 13))

MineralKey = Annotated[str, BeforeValidator(_mineral_key)]
Place = Annotated[str, BeforeValidator(_place)]
Period = Annotated[str, BeforeValidator(_period)]
Key = Annotated[Text, Field(pattern=r"^[a-z0-9][a-z0-9_.-]*$", max_length=80)]
Year = Annotated[Count, Field(ge=1900, le=2100)]


class Confidence(Choice):
    """How a figure was established: V read in the primary, S secondary, unverified recalled."""

    V = "V"
    S = "S"
    unverified = "unverified"


class Stage(Choice):
    """Supply-chain stage of a production dataset."""

    mining = "mining"
    refining = "refining"


class ControlKind(Choice):
    """What an export measure does."""

    licence = "licence"
    ban = "ban"
    quota = "quota"
    technology = "technology"
    end_use = "end_use"
    extraterritorial = "extraterritorial"


#: Default t_c by kind while in force (design proposal; a ban on named countries is 1.5).
TRADE_FACTORS = {
    ControlKind.licence: Decimal("1.1"),
    ControlKind.quota: Decimal("1.3"),
    ControlKind.ban: Decimal("1.3"),
    ControlKind.technology: Decimal("1.2"),
    ControlKind.end_use: Decimal("1.2"),
    ControlKind.extraterritorial: Decimal("1.2"),
}


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


Conf = Annotated[Confidence, Word, Field(description="V, S or unverified.")]
SourceKey = Annotated[Key, Field(description="A key of `sources`.")]
Notes = Annotated[list[Text], Field(description="Free-text notes shown with the figure.")]
Amount = Annotated[Number, Field(ge=0)]
Tonnages = Annotated[dict[Place, Amount], Field(description="Tonnes by country (or other).")]
Shares = Annotated[dict[Place, Fraction], Field(description="Share of world, by country.")]


class Meta(Model):
    """What the dataset is: its version and the date it was compiled (the default as-of)."""

    version: Annotated[Text | None, Field(description="Dataset version, e.g. 2025.1.")] = None
    compiled: Annotated[Date | None, Field(description="Date the facts describe.")] = None
    note: Annotated[Text | None, Field(description="Free text.")] = None


class SourceEntry(Model):
    """One bibliography entry; at least one of url, doi or via says where to find it."""

    title: Annotated[Text, Field(description="Title of the document or page.")]
    publisher: Annotated[Text, Field(description="Who published it.")]
    year: Annotated[Year | None, Field(description="Year of publication.")] = None
    url: Annotated[Text | None, Field(pattern=r"^https?://\S+$", description="Web address.")] = None
    doi: Annotated[Text | None, Field(pattern=r"^10\.[0-9]{4,9}/\S+$", description="DOI.")] = None
    via: Annotated[Text | None, Field(description="Where it was read (copy, transcript).")] = None
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


class Control(Model):
    """One export-control measure and its timeline."""

    id: Annotated[Key, Field(description="Stable id; an override with the same id replaces it.")]
    country: Annotated[Country, Field(description="The restricting country.")]
    measure: Annotated[Text, Field(description="Name of the measure.")]
    kind: Annotated[ControlKind, Word, Field(description="What the measure does.")]
    items: Annotated[Text, Field(description="Items covered, as published.")]
    minerals: Annotated[list[MineralKey], Field(description="Vocabulary minerals covered.")] = []
    target_countries: Annotated[list[Country], Field(description="Empty = all destinations.")] = []
    announced: Annotated[Date | None, Field(description="Announcement date.")] = None
    effective: Annotated[Date, Field(description="Date it takes effect.")]
    suspended_from: Annotated[Date | None, Field(description="Suspension starts.")] = None
    suspended_until: Annotated[Date | None, Field(description="Suspension ends; may return.")] = (
        None
    )
    lifted: Annotated[Date | None, Field(description="Date it ended for good.")] = None
    trade_factor: Annotated[Number | None, Field(ge=1, le=2, description="EU-style t_c.")] = None
    source: SourceKey
    suspension_source: Annotated[Key | None, Field(description="Source of the suspension.")] = None
    confidence: Conf
    note: Annotated[Text | None, Field(description="Free text.")] = None

    def status_on(self, on: dt.date) -> str | None:
        """announced, active, suspended or lapsed on *on*; None if not announced by then.

        Suspended from ``suspended_from`` up to the day before ``suspended_until``: the measure
        may return on ``suspended_until``.
        """
        if on < (self.announced or self.effective):
            return None
        if self.lifted is not None and on >= self.lifted:
            return "lapsed"
        start, end = self.suspended_from, self.suspended_until
        if start is not None and end is not None and start <= on < end:
            return "suspended"
        return "announced" if on < self.effective else "active"

    def factor(self) -> Decimal:
        """The EU-style t_c while in force: the written one, else the default for its kind."""
        if self.trade_factor is not None:
            return self.trade_factor
        if self.kind is ControlKind.ban and self.target_countries:
            return Decimal("1.5")
        return TRADE_FACTORS[self.kind]


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
