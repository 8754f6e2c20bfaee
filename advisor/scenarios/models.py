"""The stress-test scenario file: frozen pydantic models, unknown keys rejected.

A scenario names a disruption (which supply stops, which prices jump), how long it lasts and
why, the sources it rests on and the assumptions it makes. Built-in scenarios and a user's
own files use the same format (docs/simulate.md); cross-field checks live in
:func:`cross_checks`, which names the field a person must edit.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Annotated, Literal

from pydantic import BaseModel, Discriminator, Field, Tag, model_validator

from advisor.profile.fields import (
    STRICT_MODEL,
    Choice,
    Count,
    Country,
    Flag,
    Fraction,
    Number,
    Text,
    Word,
)
from advisor.profile.model import Mineral, Stage

#: Longest disruption a scenario may describe: ten years, in days.
MAX_DAYS = 3650

Path = tuple[str | int, ...]
Key = Annotated[Text, Field(pattern=r"^[a-z0-9][a-z0-9_.-]*$", max_length=80)]
Days = Annotated[Count, Field(ge=0, le=MAX_DAYS)]


class Model(BaseModel):
    """Base of every scenario model: frozen, unknown keys rejected."""

    model_config = STRICT_MODEL


class Route(Choice):
    """Which countries of a supplier's chain a `supply_stop` looks at."""

    any = "any"
    mining = "mining"
    processing = "processing"
    shipping = "shipping"


class Controls(Choice):
    """Which export controls of the reference data a `supply_stop` follows."""

    none = "none"
    in_force = "in_force"
    suspended = "suspended"


class Pick(Choice):
    """Which suppliers of a material a `supply_stop` can hit."""

    all = "all"
    largest = "largest"


class Source(Model):
    """Where a scenario's figures come from; at least one of url or via says where to read it."""

    title: Annotated[Text, Field(description="Title of the document or page.")]
    publisher: Annotated[Text, Field(description="Who published it.")]
    year: Annotated[Count | None, Field(ge=1900, le=2100, description="Year published.")] = None
    url: Annotated[Text | None, Field(pattern=r"^https?://\S+$", description="Web address.")] = None
    via: Annotated[Text | None, Field(description="Where it was read (copy, press).")] = None
    supports: Annotated[Text, Field(description="The figure or fact it supports.")]

    @model_validator(mode="after")
    def _findable(self) -> Source:
        if not (self.url or self.via):
            raise ValueError("a source needs url or via")
        return self


class SupplyStop(Model):
    """Supply that stops: the suppliers (or the part of their volume) the selectors pick."""

    kind: Annotated[Literal["supply_stop"], Field(description="`supply_stop`.")]
    minerals: Annotated[list[Mineral], Field(description="Minerals hit; empty = all.")] = []
    countries: Annotated[
        list[Country], Field(description="Supply through these countries stops; empty = any.")
    ] = []
    route: Annotated[
        Route,
        Word,
        Field(description="Countries looked at: any (mined, processed or shipped), or one stage."),
    ] = Route.any
    controls: Annotated[
        Controls,
        Word,
        Field(
            description="none, or only countries whose controls (reference data) are "
            "in_force or suspended on the start date and apply to the company."
        ),
    ] = Controls.none
    suppliers: Annotated[Pick, Word, Field(description="all, or the largest of each.")] = Pick.all
    export_measure: Annotated[
        Flag,
        Field(description="An export measure: a company headquartered in the country is spared."),
    ] = False
    share: Annotated[Fraction, Field(description="Share of the picked volume lost.")] = 1.0
    start_day: Annotated[
        Days, Field(description="Days after the start (or the suspension's end) it begins.")
    ] = 0


class PriceRatio(Model):
    """A price multiple read from the reference data: price in `peak` over price in `base`."""

    product: Annotated[Text, Field(description="Product of a reference price series.")]
    base: Annotated[Text, Field(description="Period before the shock, e.g. 2020.")]
    peak: Annotated[Text, Field(description="Period of the shock, e.g. 2022.")]


class PriceShock(Model):
    """Prices of some minerals multiplied for the scenario's duration."""

    kind: Annotated[Literal["price"], Field(description="`price`.")]
    minerals: Annotated[list[Mineral], Field(min_length=1, description="Minerals it prices.")]
    factor: Annotated[
        Number | None, Field(ge=1, le=1000, description="Price multiple, e.g. 20 for 20x.")
    ] = None
    from_prices: Annotated[
        PriceRatio | None, Field(description="Take the multiple from reference-data prices.")
    ] = None
    stages: Annotated[list[Stage], Field(description="Bought forms it hits; empty = all.")] = []
    pass_through: Annotated[
        Fraction, Field(description="Share of the price the company pays that moves with it.")
    ] = 1.0
    start_day: Annotated[
        Days, Field(description="Days after the start (or the suspension's end) it begins.")
    ] = 0

    @model_validator(mode="after")
    def _one_factor(self) -> PriceShock:
        if (self.factor is None) == (self.from_prices is None):
            raise ValueError("give either factor or from_prices")
        return self


def _kind(value: object) -> str | None:
    """The union tag of an event: written like a pydantic tag so that error paths skip it."""
    kind = value.get("kind") if isinstance(value, dict) else getattr(value, "kind", None)
    return f"kind='{kind}'" if kind in ("supply_stop", "price") else None


Event = Annotated[
    Annotated[SupplyStop, Tag("kind='supply_stop'")] | Annotated[PriceShock, Tag("kind='price'")],
    Discriminator(
        _kind,
        custom_error_type="event_kind",
        custom_error_message="kind must be supply_stop or price",
    ),
]


class Scenario(Model):
    """A stress-test scenario (format 1)."""

    format: Annotated[Literal[1], Field(description="File format version; 1.")] = 1
    id: Annotated[Key, Field(description="Stable name, e.g. cn-licence-stop.")]
    title: Annotated[Text, Field(max_length=120, description="What happens, in a line.")]
    summary: Annotated[Text, Field(description="What happens and why it is plausible.")]
    duration_days: Annotated[
        Count, Field(ge=1, le=MAX_DAYS, description="How long each event lasts, days.")
    ]
    duration_basis: Annotated[Text, Field(description="Why it lasts that long.")]
    alternative_premium: Annotated[
        Number | None,
        Field(ge=0, le=10, description="Premium of replacement supply over the usual price."),
    ] = None
    events: Annotated[list[Event], Field(min_length=1, description="What stops or jumps.")]
    sources: Annotated[
        list[Source], Field(min_length=1, description="Where the figures come from.")
    ]
    reference_sources: Annotated[
        list[Key], Field(description="Keys of reference-data sources it also rests on.")
    ] = []
    assumptions: Annotated[list[Text], Field(min_length=1, description="What it assumes.")]


def cross_checks(scenario: Scenario) -> Iterator[tuple[Path, str]]:
    """Problems that span fields: (path of the field to edit, message)."""
    for i, event in enumerate(scenario.events):
        where: Path = ("events", i)
        if isinstance(event, SupplyStop) and _selects_everything(event):
            yield (
                where,
                "stops all supply of every mineral; name minerals, countries, controls "
                "or suppliers: largest",
            )


def _selects_everything(event: SupplyStop) -> bool:
    return not (
        event.minerals
        or event.countries
        or event.controls is not Controls.none
        or event.suppliers is not Pick.all
    )
