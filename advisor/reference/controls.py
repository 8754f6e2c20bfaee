"""The export-control part of the reference-data format: what a measure covers, and when.

A measure (:class:`Control`) says who restricts what: the **forms** it covers (ore, separated
oxide, metal, alloy, magnet or part, products containing a listed element, technology,
equipment), per mineral, with a **content** condition where the published text has one (NdFeB
magnet material counts only if it contains Dy or Tb); the **destinations** (all, named
countries, or military end users in them); and a **timeline** of states (in force, suspended
until a date, lifted, replaced, not known), each with its own source and check date.

:func:`Control.state_on` answers what the measure was on a date. A state the public record does
not settle (``unknown``, e.g. after a suspension ran out with no published instrument) carries
its **readings**, each with its source; which one advisor acts on is the user's **planning
assumption** (``--assume suspended|in-force``, default :data:`DEFAULT_PLAN`), and the status is
always marked as an assumption, never reported as fact. A suspension that ended with nothing
recorded after it is treated the same way. :func:`reach` decides whether a coverage entry
reaches a bought form with a given mineral content: True, False, or None when the content is
not known.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from typing import Annotated

from pydantic import BaseModel, Field, model_validator

from advisor.profile.fields import STRICT_MODEL, Choice, Country, Date, Flag, Number, Text, Word
from advisor.reference.keys import Conf, Key, MineralKey, SourceKey


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


class Form(Choice):
    """A stage or form of the supply chain that a measure can cover."""

    ore_concentrate = "ore_concentrate"
    oxide_compound = "oxide_compound"
    metal = "metal"
    alloy = "alloy"
    magnet_part = "magnet_part"
    product = "product"
    technology = "technology"
    equipment = "equipment"


#: Forms a company buys as material; technology and equipment are never a profile material.
GOODS_FORMS: tuple[Form, ...] = (
    Form.ore_concentrate,
    Form.oxide_compound,
    Form.metal,
    Form.alloy,
    Form.magnet_part,
    Form.product,
)
#: Forms that mix several elements: their content of other minerals decides some measures.
MIXED_FORMS = frozenset({Form.alloy, Form.magnet_part, Form.product})

#: The forms each profile ``stage`` is, in supply-chain order.
STAGE_FORMS: dict[str, tuple[Form, ...]] = {
    "ore_concentrate": (Form.ore_concentrate,),
    "oxide_separated": (Form.oxide_compound,),
    "metal_alloy": (Form.metal, Form.alloy),
    "magnet_component": (Form.magnet_part,),
    "product": (Form.product,),
}
#: Profile stages in supply-chain order, upstream first.
STAGE_ORDER: tuple[str, ...] = tuple(STAGE_FORMS)


class State(Choice):
    """A state in a measure's timeline."""

    in_force = "in_force"
    suspended = "suspended"
    lifted = "lifted"
    replaced = "replaced"
    unknown = "unknown"


#: The planning assumptions a user can choose for a state the data does not know.
PLANS: dict[str, State] = {"suspended": State.suspended, "in-force": State.in_force}
#: The default: a suspension whose end the public record does not settle is taken as continuing
#: (the latest political act, MOFCOM's readout of 2026-09-28, points that way); its return is a
#: stress scenario (``cn-suspended-controls-return``), not today's fact.
DEFAULT_PLAN = "suspended"


class Model(BaseModel):
    """Base of the control models: frozen, unknown keys rejected."""

    model_config = STRICT_MODEL


class Reading(Model):
    """One reading of a state the record does not settle, with the material behind it."""

    state: Annotated[State, Word, Field(description="in_force or suspended.")]
    until: Annotated[Date | None, Field(description="For suspended: until when.")] = None
    sources: Annotated[list[Key], Field(min_length=1, description="Sources of this reading.")]
    note: Annotated[Text | None, Field(description="What the sources say.")] = None

    @model_validator(mode="after")
    def _plannable(self) -> Reading:
        if self.state not in PLANS.values():
            raise ValueError("a reading is in_force or suspended")
        if self.until is not None and self.state is not State.suspended:
            raise ValueError("only a suspended reading has until")
        return self


class Coverage(Model):
    """One group of items a measure lists: the forms, the minerals, a content condition."""

    forms: Annotated[list[Annotated[Form, Word]], Field(min_length=1, description="Forms.")]
    minerals: Annotated[
        list[MineralKey], Field(min_length=1, description="Minerals whose forms are listed.")
    ]
    containing: Annotated[
        list[MineralKey],
        Field(description="Only forms that contain one of these (e.g. NdFeB with Dy or Tb)."),
    ] = []
    foreign_made: Annotated[
        Flag, Field(description="Also goods made abroad from the country's material.")
    ] = False
    note: Annotated[Text | None, Field(description="Free text, e.g. a threshold.")] = None

    def label(self) -> str:
        """A short description: 'Dy, Tb oxide_compound, metal (containing Dy or Tb)'."""
        forms = ", ".join(f.value for f in self.forms)
        text = f"{', '.join(self.minerals)}: {forms}"
        if self.containing:
            text += f" (only if containing {' or '.join(self.containing)})"
        if self.foreign_made:
            text += " (also made abroad from its material)"
        return text


class ControlState(Model):
    """One state of a measure from a date on, with its own source and check date."""

    state: Annotated[State, Word, Field(description="in_force, suspended, lifted, …")]
    date: Annotated[Date, Field(description="The date the state starts.")]
    until: Annotated[Date | None, Field(description="End of a suspension (may return).")] = None
    source: Annotated[Key | None, Field(description="Source of this state.")] = None
    checked: Annotated[Date | None, Field(description="Date this state was last checked.")] = None
    readings: Annotated[
        list[Reading], Field(description="For unknown: the readings public material allows.")
    ] = []
    basis: Annotated[Text | None, Field(description="For unknown: why it is not known.")] = None
    replaced_by: Annotated[Key | None, Field(description="For replaced: the new id.")] = None
    note: Annotated[Text | None, Field(description="Free text.")] = None

    @model_validator(mode="after")
    def _consistent(self) -> ControlState:
        if self.state is State.unknown:
            if len({r.state for r in self.readings}) != len(self.readings):
                raise ValueError("one reading per state")
        elif self.source is None:
            raise ValueError(f"a {self.state.value} state needs its source")
        elif self.readings or self.basis is not None:
            raise ValueError("readings and basis belong to an unknown state")
        if (self.until is not None) != (self.state is State.suspended):
            raise ValueError("a suspended state needs until (and only it has one)")
        return self


@dataclass(frozen=True)
class StateOn:
    """What a measure is on a date: its status word, the state behind it, any assumption."""

    status: str  # announced | active | suspended | lapsed | replaced
    since: dt.date
    until: dt.date | None
    source: str | None
    checked: dt.date | None
    assumed: bool
    basis: str | None
    back: bool  # the assumption is a return after a suspension
    readings: tuple[Reading, ...] = ()


_STATUS = {
    State.in_force: "active",
    State.suspended: "suspended",
    State.lifted: "lapsed",
    State.replaced: "replaced",
}


class Control(Model):
    """One export-control measure: what it covers, where to, and its timeline."""

    id: Annotated[Key, Field(description="Stable id; an override with the same id replaces it.")]
    country: Annotated[Country, Field(description="The restricting country.")]
    measure: Annotated[Text, Field(description="Name of the measure.")]
    kind: Annotated[ControlKind, Word, Field(description="What the measure does.")]
    items: Annotated[Text, Field(description="Items covered, as published.")]
    minerals: Annotated[list[MineralKey], Field(description="Minerals, every form.")] = []
    covers: Annotated[list[Coverage], Field(description="Forms covered, per mineral.")] = []
    target_countries: Annotated[list[Country], Field(description="Empty = all destinations.")] = []
    military_end_users: Annotated[
        Flag, Field(description="Only military end users and uses in target_countries.")
    ] = False
    announced: Annotated[Date | None, Field(description="Announcement date.")] = None
    effective: Annotated[Date, Field(description="Date it takes effect.")]
    suspended_from: Annotated[Date | None, Field(description="Suspension starts.")] = None
    suspended_until: Annotated[Date | None, Field(description="Suspension ends.")] = None
    lifted: Annotated[Date | None, Field(description="Date it ended for good.")] = None
    timeline: Annotated[list[ControlState], Field(description="States after effective.")] = []
    trade_factor: Annotated[Number | None, Field(ge=1, le=2, description="EU-style t_c.")] = None
    source: SourceKey
    suspension_source: Annotated[Key | None, Field(description="Source of the suspension.")] = None
    checked: Annotated[Date | None, Field(description="Date the measure was checked.")] = None
    confidence: Conf
    note: Annotated[Text | None, Field(description="Free text.")] = None

    def coverage(self) -> list[Coverage]:
        """What the measure covers: ``covers``, plus every goods form of ``minerals``."""
        out = list(self.covers)
        if self.minerals:
            out.append(Coverage(forms=list(GOODS_FORMS), minerals=list(self.minerals)))
        return out

    def all_minerals(self) -> list[str]:
        """Every vocabulary mineral some coverage entry lists, each once."""
        found = [m for c in self.coverage() for m in (*c.minerals, *c.containing)]
        return list(dict.fromkeys(found))

    def base(self) -> ControlState:
        """The state the measure takes effect in: in force from ``effective``."""
        return ControlState(state=State.in_force, date=self.effective, source=self.source,
                            checked=self.checked)  # fmt: skip

    def changes(self) -> list[ControlState]:
        """The recorded changes after it was announced, oldest first (flat fields included)."""
        states = list(self.timeline)
        if self.suspended_from is not None and self.suspended_until is not None:
            states.append(ControlState(state=State.suspended, date=self.suspended_from,
                                       until=self.suspended_until,
                                       source=self.suspension_source or self.source,
                                       checked=self.checked))  # fmt: skip
        if self.lifted is not None:
            states.append(ControlState(state=State.lifted, date=self.lifted, source=self.source,
                                       checked=self.checked))  # fmt: skip
        return sorted(states, key=lambda s: s.date)

    def states(self) -> list[ControlState]:
        """The whole timeline: in force from ``effective``, then each recorded change."""
        return [self.base(), *self.changes()]

    def state_on(self, on: dt.date, plan: State = PLANS[DEFAULT_PLAN]) -> StateOn | None:
        """The measure on *on*; None if not announced by then.

        A recorded change applies from its date (a suspension may start before the measure
        takes effect) and a suspension up to the day before ``until``. A state the record does
        not settle (``unknown``, or a suspension that ran out with nothing recorded after it)
        takes the planning assumption *plan* (in_force or suspended) and is marked assumed.
        """
        if on < (self.announced or self.effective):
            return None
        changes = [s for s in self.changes() if s.date <= on]
        if not changes and on < self.effective:
            return StateOn("announced", self.announced or self.effective, None, self.source,
                           self.checked, False, None, False)  # fmt: skip
        current = changes[-1] if changes else self.base()
        if current.state is State.suspended and current.until is not None and on >= current.until:
            basis = "no state recorded after the suspension ended"
            return _planned(plan, current.until, None, current.checked, basis, ())
        if current.state is State.unknown:
            return _planned(plan, current.date, current.source, current.checked, current.basis,
                            tuple(current.readings))  # fmt: skip
        return StateOn(_STATUS[current.state], current.date, current.until, current.source,
                       current.checked, False, None, False)  # fmt: skip

    def status_on(self, on: dt.date) -> str | None:
        """announced, active, suspended, lapsed or replaced on *on*; None if not announced."""
        state = self.state_on(on)
        return None if state is None else state.status

    def factor(self) -> Decimal:
        """The EU-style t_c while in force: the written one, else the default for its kind."""
        if self.trade_factor is not None:
            return self.trade_factor
        if self.kind is ControlKind.ban and self.target_countries:
            return Decimal("1.5")
        return TRADE_FACTORS[self.kind]


def _planned(
    plan: State,
    since: dt.date,
    source: str | None,
    checked: dt.date | None,
    basis: str | None,
    readings: tuple[Reading, ...],
) -> StateOn:
    """An unsettled state taken as *plan*: suspended (until the date its reading gives, if
    any) or back in force."""
    reading = next((r for r in readings if r.state is plan), None)
    until = reading.until if reading is not None else None
    status = "suspended" if plan is State.suspended else "active"
    return StateOn(status, since, until, source, checked, True, basis, plan is State.in_force,
                   readings)  # fmt: skip


def reach(entry: Coverage, form: Form, present: set[str], content_known: bool) -> bool | None:
    """Whether *entry* covers *form* holding the minerals *present*.

    None when it depends on a content that is not known: a mixed form (alloy, magnet, product)
    whose other minerals are not given may contain a listed one.
    """
    if form not in entry.forms:
        return False
    unsure = not content_known and form in MIXED_FORMS
    if not present & set(entry.minerals):
        return None if unsure else False
    if entry.containing and not present & set(entry.containing):
        return None if unsure else False
    return True
