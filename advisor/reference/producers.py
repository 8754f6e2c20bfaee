"""The registry of producers outside the dominant country: the real options a buyer has.

``advisor/data/producers.yaml`` lists, per mineral and stage, who produces outside the
country that dominates the stage: country, site, status (operating, ramping, planned with its
year, or idled), public capacity and source. Recommendations name these candidates, and a modelled
second source is always one of them, in its own country, at its own stage, never an invented
supplier. Loaded once per process; nothing here reads the clock or the network.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from functools import lru_cache
from typing import Annotated

from pydantic import BaseModel, Field, model_validator

from advisor import dataset, snapshot
from advisor.errors import DataError
from advisor.profile.build import build
from advisor.profile.fields import (
    STRICT_MODEL,
    Choice,
    Count,
    Country,
    CountryList,
    Date,
    Flag,
    Number,
    Text,
)
from advisor.profile.fields import Word as _Word
from advisor.profile.model import MAGNET_RARE_EARTHS, Mineral, Stage
from advisor.yaml.loader import load_text

#: How the built-in registry is named in messages.
PRODUCERS_FILE = "advisor/data/producers.yaml"


class ProducerStage(Choice):
    """The stage a producer works at."""

    mining = "mining"
    separation = "separation"
    refining = "refining"
    metal = "metal"
    alloy = "alloy"
    magnet = "magnet"
    anode = "anode"


class Status(Choice):
    """Whether the producer sells now."""

    operating = "operating"
    ramping = "ramping"
    planned = "planned"
    idled = "idled"


class Confidence(Choice):
    """V read in the primary; S a secondary source citing it; unverified recalled."""

    V = "V"
    S = "S"
    unverified = "unverified"


class Producer(BaseModel):
    """One producer at one site and stage."""

    model_config = STRICT_MODEL

    id: Annotated[Text, Field(pattern=r"^[a-z0-9][a-z0-9-]*$", description="Stable key.")]
    name: Annotated[Text, Field(description="Company name.")]
    site: Annotated[Text | None, Field(description="Plant or mine.")] = None
    country: Annotated[Country, Field(description="Country of the plant.")]
    minerals: Annotated[list[Mineral], Field(min_length=1, description="Minerals it produces.")]
    stage: Annotated[ProducerStage, _Word, Field(description="Stage it works at.")]
    status: Annotated[
        Status,
        _Word,
        Field(
            description="operating, ramping, planned, or idled (care and maintenance, or its "
            "feed halted, with no restart announced)."
        ),
    ]
    year: Annotated[
        Count | None,
        Field(ge=1900, le=2100, description="Start year (operating, ramping) or target year."),
    ] = None
    capacity: Annotated[Text, Field(description="Public capacity, or 'not disclosed'.")]
    capacity_t: Annotated[
        Number | None,
        Field(
            ge=0,
            description="The capacity in tonnes a year of what it sells (contained metal or "
            "product), when the source gives a number; what a modelled second source can take.",
        ),
    ] = None
    weak_source: Annotated[
        Flag,
        Field(
            description="True when the registry judges it no real second source (a refiner "
            "or recycler of small lots whose primary feed may come from the dominant country)."
        ),
    ] = False
    form: Annotated[
        Text | None,
        Field(
            description="What it sells when it differs from its stage's product, e.g. "
            "'concentrate'."
        ),
    ] = None
    checked: Annotated[
        Date | None, Field(description="Date this entry's status was last checked.")
    ] = None
    processing_countries: Annotated[
        CountryList, Field(description="Where its input is separated or refined, if known.")
    ] = []
    feed_countries: Annotated[
        CountryList, Field(description="Where its feed is mined, if known.")
    ] = []
    source: Annotated[Text, Field(description="Publisher and date of the sources.")]
    confidence: Annotated[Confidence, Field(description="V, S or unverified.")]
    note: Annotated[Text | None, Field(description="Free text shown with the entry.")] = None

    @model_validator(mode="after")
    def _mineral_named(self) -> Producer:
        if Mineral.other in self.minerals:
            raise ValueError("a producer lists minerals of the vocabulary, not 'other'")
        return self

    @property
    def processed_in(self) -> list[str]:
        """Where its input is processed: given, or its own country for a processing stage."""
        if self.processing_countries:
            return list(self.processing_countries)
        return [self.country] if self.stage in PROCESSING_STAGES else []

    def available(self, on: dt.date) -> bool:
        """True if it sells on *on*: operating or ramping, and started by that year."""
        if self.status in (Status.planned, Status.idled):
            return False
        return self.year is None or self.year <= on.year

    @property
    def tonnes(self) -> float | None:
        """The capacity in tonnes a year, when the registry gives a number."""
        return float(self.capacity_t) if self.capacity_t is not None else None

    def sells(self, stage: Stage) -> bool:
        """True if it is a real source of *stage*: not a weak source, and selling that form
        (a mine's concentrate is no source of refined metal)."""
        if self.weak_source:
            return False
        return self.form != "concentrate" or stage is Stage.ore_concentrate

    def label(self) -> str:
        """E.g. ``Lynas Rare Earths (Lynas Malaysia), MY, operating since 2025``."""
        if self.year is None:
            when = " (no date found)" if self.status is Status.planned else ""
        else:
            words = {Status.operating: "since", Status.ramping: "from", Status.planned: "for",
                     Status.idled: "since"}  # fmt: skip
            when = f" {words[self.status]} {self.year}"
        status = "ramping up" if self.status is Status.ramping else self.status.value
        return f"{self.name}, {self.country}, {status}{when}"


#: Stages at which a producer itself separates or refines what it sells.
PROCESSING_STAGES = frozenset({ProducerStage.separation, ProducerStage.refining})


class ProducersFile(BaseModel):
    """The registry file."""

    model_config = STRICT_MODEL

    format: Annotated[int, Field(ge=1, le=1, description="File format version; 1.")]
    checked: Annotated[Date, Field(description="Date the entries were last checked.")]
    producers: Annotated[list[Producer], Field(description="The producers.")]

    @model_validator(mode="after")
    def _unique(self) -> ProducersFile:
        seen: set[str] = set()
        for p in self.producers:
            if p.id in seen:
                raise ValueError(f"duplicate producer id {p.id!r}")
            seen.add(p.id)
        return self


def stages_for(mineral: Mineral, stage: Stage) -> tuple[ProducerStage, ...]:
    """The producer stages that sell a material of *mineral* bought at *stage*."""
    if stage is Stage.ore_concentrate:
        return (ProducerStage.mining,)
    if mineral in MAGNET_RARE_EARTHS:
        return {
            Stage.oxide_separated: (ProducerStage.separation,),
            Stage.metal_alloy: (ProducerStage.metal, ProducerStage.alloy),
            Stage.magnet_component: (ProducerStage.magnet,),
            Stage.product: (ProducerStage.magnet,),
        }[stage]
    if mineral is Mineral.graphite:
        return (ProducerStage.anode, ProducerStage.refining)
    return (ProducerStage.refining, ProducerStage.metal)


class Producers:
    """The registry with its queries."""

    def __init__(self, data: ProducersFile) -> None:
        """Index *data*."""
        self.checked = data.checked
        self.entries: tuple[Producer, ...] = tuple(data.producers)

    def at(self, mineral: Mineral, stage: Stage) -> list[Producer]:
        """Every producer of *mineral* at the stages that sell *stage*, in file order."""
        stages = stages_for(mineral, stage)
        return [p for p in self.entries if mineral in p.minerals and p.stage in stages]

    def candidates(
        self, mineral: Mineral, stage: Stage, avoid: Iterable[str], on: dt.date
    ) -> list[Producer]:
        """Producers a buyer can qualify now, outside the countries in *avoid*.

        Best first: those whose processing country is known; then operating before ramping;
        then file order (larger producers first). A weak source, one selling another form
        (concentrate for metal), or one known to process its input in a country of *avoid* (a
        Korean anode maker buying Chinese spherical graphite) is no candidate: it moves the
        supplier, not the chain (:meth:`weak` names them).
        """
        weak = {p.id for p in self.weak(mineral, stage, avoid, on)}
        found = [p for p in self._outside(mineral, stage, avoid, on) if p.id not in weak]

        def key(p: Producer) -> tuple[int, int]:
            return (0 if p.processed_in else 1, 0 if p.status is Status.operating else 1)

        return sorted(found, key=key)

    def _outside(
        self, mineral: Mineral, stage: Stage, avoid: Iterable[str], on: dt.date
    ) -> list[Producer]:
        """Producers of *mineral* at *stage* that sell on *on*, in a country outside *avoid*."""
        banned = set(avoid)
        return [p for p in self.at(mineral, stage) if p.country not in banned and p.available(on)]

    def weak(
        self, mineral: Mineral, stage: Stage, avoid: Iterable[str], on: dt.date
    ) -> list[Producer]:
        """Producers outside *avoid* that sell now but are no real source (weak, other form,
        or input processed in a country of *avoid*)."""
        banned = set(avoid)
        return [
            p
            for p in self._outside(mineral, stage, banned, on)
            if not p.sells(stage) or set(p.processed_in) & banned
        ]

    def later(
        self, mineral: Mineral, stage: Stage, avoid: Iterable[str], on: dt.date
    ) -> list[Producer]:
        """Producers outside *avoid* that do not sell yet on *on* (planned, or starting later);
        an idled one is no later option until a restart is announced (then it is planned)."""
        banned = set(avoid)
        return [
            p
            for p in self.at(mineral, stage)
            if p.country not in banned and not p.available(on) and p.status is not Status.idled
        ]


def describe(producers: Sequence[Producer], limit: int = 3) -> str:
    """The first *limit* producers as one phrase: ``A, MY, operating since 2025; B, US, …``."""
    shown = "; ".join(f"{p.label()} — {p.capacity}" for p in producers[:limit])
    more = len(producers) - limit
    return shown + (f"; and {more} more" if more > 0 else "")


@lru_cache(maxsize=1)
def load_producers() -> Producers:
    """The shipped registry (the built-in copy, or a newer ``mineral-advisor-data``:
    :mod:`advisor.dataset`), once per process: from its snapshot (:mod:`advisor.snapshot`) when
    one was saved for this very copy, file and code, else parsed strictly (DataError if it is
    not valid) and saved for the next run."""
    shipped = dataset.in_use()
    label = PRODUCERS_FILE if shipped.origin == dataset.BUILTIN else (
        f"{dataset.DIST_PACKAGE}/producers.yaml"
    )  # fmt: skip
    return snapshot.cached(
        "producers", [shipped.label, shipped.folder, dataset.text(shipped.producers)], Producers,
        lambda: read_producers(dataset.text(shipped.producers), label),
    )  # fmt: skip


def read_producers(text: str, label: str) -> Producers:
    """The registry in *text* (named *label* in messages), parsed strictly; DataError if it is
    not valid."""
    return Producers(read_producers_file(text, label))


def read_producers_file(text: str, label: str) -> ProducersFile:
    """The registry file in *text* (named *label* in messages); DataError if it is not valid."""
    return build(load_text(text, label), ProducersFile, DataError)
