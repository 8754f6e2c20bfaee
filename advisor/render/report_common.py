"""Drafted regulatory assessments: what a draft is made of, and what every draft shares.

A draft (:class:`Draft`) is one regulation's report for one profile, made of one
:class:`Section` per section the regulation requires: each regulation keeps its required
sections as data, with the article or paragraph each comes from (``REQUIRED`` in
:mod:`.report_crma`, :mod:`.report_battery`, :mod:`.report_oecd`), and fills each one from
the same data as ``assess`` and ``simulate`` or lists it as an evidence gap. Every section
carries its :class:`Trace`: the profile lines, reference-data source ids and stress-test
scenarios it was made from. The markdown and HTML renderers (:mod:`.report_markdown`,
:mod:`.report_html`) are pure functions of drafts; nothing here reads a file or the clock.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from importlib import import_module
from typing import TYPE_CHECKING, Literal

if TYPE_CHECKING:
    from advisor.engine.assess.model import Assessment
    from advisor.engine.stress.model import Simulation
    from advisor.profile.model import Profile
    from advisor.reference.load import Reference
    from advisor.yaml.document import Document

#: The kinds of draft, each the module that fills it (``REQUIRED`` and ``build``).
REPORTS = {
    "crma-art24": "advisor.render.report_crma",
    "battery-due-diligence": "advisor.render.report_battery",
    "oecd-step5": "advisor.render.report_oecd",
}

Status = Literal["filled", "partial", "gap", "not applicable"]

#: What every draft says first, before anything else.
BANNER = (
    "DRAFT for review. advisor drafted this from the supplier profile, its reference data and "
    "its stress tests; it is not a filed assessment. A person responsible must check every "
    "section, supply the evidence listed as missing, and sign it off."
)


def _unique(items: Iterable[str]) -> tuple[str, ...]:
    return tuple(dict.fromkeys(items))


@dataclass(frozen=True)
class Requirement:
    """One section a regulation requires, and where the regulation requires it."""

    key: str
    title: str
    #: The article, paragraph or step it comes from, e.g. ``Art. 24(1)(a)``.
    basis: str
    #: What the regulation asks for in it, in a line.
    asks: str


@dataclass(frozen=True)
class Trace:
    """What a section was made from: profile ``file:line``, reference source ids, scenarios."""

    profile: tuple[str, ...] = ()
    sources: tuple[str, ...] = ()
    scenarios: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        for name in ("profile", "sources", "scenarios"):  # each cited once, first-seen order
            object.__setattr__(self, name, _unique(getattr(self, name)))

    def __add__(self, other: Trace) -> Trace:
        return Trace(
            _unique((*self.profile, *other.profile)),
            _unique((*self.sources, *other.sources)),
            _unique((*self.scenarios, *other.scenarios)),
        )


@dataclass(frozen=True)
class Table:
    """A table of a section: a header row and body rows, all text."""

    header: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]


@dataclass(frozen=True)
class Section:
    """One required section, filled from the data or listed as an evidence gap."""

    requirement: Requirement
    status: Status
    text: tuple[str, ...] = ()
    tables: tuple[Table, ...] = ()
    #: Evidence the section needs that advisor does not have.
    gaps: tuple[str, ...] = ()
    trace: Trace = Trace()


@dataclass(frozen=True)
class Draft:
    """One regulation's drafted report for one profile."""

    kind: str
    title: str
    regulation: str
    #: The Official Journal (or publisher) citation of the regulation and its amendments.
    citations: tuple[str, ...]
    #: Dates that matter: when the obligation applies, how often.
    dates: tuple[str, ...]
    #: Whether the profile's materials fall in the regulation's scope, and why, in a line.
    in_scope: bool
    scope: str
    company: str
    profile: str
    as_of: str
    data_version: str
    sections: tuple[Section, ...]
    banner: str = BANNER
    notes: tuple[str, ...] = field(default=())

    @property
    def gaps(self) -> tuple[tuple[str, str], ...]:
        """Every evidence gap as (section title, what is missing), in section order."""
        return tuple((s.requirement.title, g) for s in self.sections for g in s.gaps)


@dataclass(frozen=True)
class Inputs:
    """What a draft is built from: the same data as ``assess`` and ``simulate``."""

    profile: Profile
    document: Document
    assessment: Assessment
    simulations: tuple[Simulation, ...]
    reference: Reference
    #: The profile path the draft shows (relative, POSIX).
    shown: str

    def at(self, *path: str | int) -> str:
        """``file:line`` of the profile node at *path*."""
        line, _ = self.document.loc(path)
        return f"{self.shown}:{line}"


def build(kind: str, inputs: Inputs) -> Draft:
    """The draft of *kind* (one of :data:`REPORTS`) for *inputs*; KeyError for another kind."""
    found = import_module(REPORTS[kind])
    draft: Draft = found.build(inputs)
    return draft


def required(kind: str) -> tuple[Requirement, ...]:
    """The sections the regulation of *kind* requires."""
    found: tuple[Requirement, ...] = import_module(REPORTS[kind]).REQUIRED
    return found


def section(
    req: Requirement,
    status: Status,
    text: Iterable[str] = (),
    tables: Iterable[Table] = (),
    gaps: Iterable[str] = (),
    trace: Trace = Trace(),
) -> Section:
    """A :class:`Section` from iterables."""
    return Section(req, status, tuple(text), tuple(tables), tuple(gaps), trace)


def countries(codes: Sequence[str]) -> str:
    """``CN, MY`` or ``unknown`` for an empty list."""
    return ", ".join(codes) if codes else "unknown"


def percent(value: float | None) -> str:
    """``35%`` (whole percent), ``unknown`` for None."""
    return "unknown" if value is None else f"{round(float(value) * 100):d}%"


def days(value: float | None) -> str:
    """``95 d``, or ``-`` for None."""
    return "-" if value is None else f"{value:,.0f} d"


def profile_trace(inputs: Inputs, findings_of: Iterable[str | None] = ()) -> Trace:
    """The profile lines of the findings on the materials *findings_of*."""
    wanted = set(findings_of)
    lines = [
        f"{inputs.shown}:{f.location.line}"
        for f in inputs.assessment.findings
        if f.material in wanted
    ]
    return Trace(profile=_unique(lines))


__all__ = [
    "BANNER",
    "REPORTS",
    "Draft",
    "Inputs",
    "Requirement",
    "Section",
    "Status",
    "Table",
    "Trace",
    "build",
    "countries",
    "days",
    "percent",
    "profile_trace",
    "required",
    "section",
]
