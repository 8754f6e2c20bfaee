"""What each output format renders, shows and streams, declared once per format.

Every format is one member of :class:`Format`, and :func:`spec` maps each member exhaustively
(mypy proves no member is left out; a test walks every one) to its :class:`Spec`: the module
that renders each kind of report in it, whether it shows an assessment's recommendations,
whether `advisor check` can write it one file at a time, and which values of each file's
assessment it reads. The commands ask this module, never a list of their own: `check` and
`assess` compute recommendations only for a format that shows them, a command's ``--format``
choices are the formats that render its kind of report, and `check` keeps of each file what
its formats read (:mod:`advisor.gate.keep`). This module imports no renderer, so asking it is
free at start-up.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from dataclasses import dataclass
from enum import Enum
from typing import Literal, NoReturn

#: The kinds of report a format may render: `assess` and `check` (assessment), `simulate`
#: (simulation), `diff`, the `data` commands, the `rules` commands, `config show`,
#: `data changes` (data-changes), `data version` (data-version) and `report` (regulatory: the
#: drafted regulatory assessments).
Kind = Literal[
    "assessment", "simulation", "diff", "data", "rules", "config", "data-changes", "data-version",
    "regulatory",
]  # fmt: skip
KINDS: tuple[Kind, ...] = (
    "assessment", "simulation", "diff", "data", "rules", "config", "data-changes",
    "data-version", "regulatory",
)  # fmt: skip


class Format(str, Enum):
    """Output formats; each command accepts those that render its kind of report."""

    text = "text"
    table = "table"
    lines = "lines"
    markdown = "markdown"
    json = "json"
    sarif = "sarif"
    junit = "junit"
    github = "github"
    html = "html"


#: ``Spec.reads`` of a format that reads every value of an assessment.
ALL = None


@dataclass(frozen=True)
class Spec:
    """What one format renders and shows."""

    #: Kind of report → the module that renders it in this format.
    modules: Mapping[Kind, str]
    #: Whether an assessment in this format shows its recommendations (if not, it renders the
    #: same bytes without them, so none need be computed).
    recommendations: bool = False
    #: Whether an assessment report can be written one file at a time (the module's
    #: ``Stream``: ``head + add(a1) + add(a2) + ... + tail == render([a1, a2, ...])``).
    streams: bool = False
    #: The values of an assessment this format reads beyond what every check needs (the
    #: waiver, baseline, ranking, counts and exit code): names of finding fields, ``evaluated``
    #: (which rules ran on which subjects), ``evaluated.rules`` (which rules ran) and
    #: ``score.terms`` (what a score is made of); ALL for everything. `advisor check` keeps
    #: of each file only what its formats read (:func:`advisor.gate.keep.keep`).
    reads: frozenset[str] | None = ALL
    #: Whether an assessment report tells a reader, in lines of its own, the files that could
    #: not be checked (so that `advisor check` need not repeat them on standard error).
    tells_errors: bool = False
    #: In GitHub Actions (``GITHUB_STEP_SUMMARY`` set), the format of the report an
    #: assessment in this format also appends to the job summary.
    summary: Format | None = None


_R = "advisor.render."
_TABLE = Spec(
    {"assessment": _R + "table", "simulation": _R + "simulate_table", "data": _R + "data_table",
     "rules": _R + "rules_table", "data-version": _R + "data_version_table"},
    recommendations=True,
)  # fmt: skip
_LINES = Spec(
    {"assessment": _R + "lines"}, streams=True, reads=frozenset({"message"}), tells_errors=True
)
_MARKDOWN = Spec(
    {"assessment": _R + "markdown", "simulation": _R + "simulate_markdown",
     "diff": _R + "diff_markdown", "regulatory": _R + "report_markdown"},
    recommendations=True,
)  # fmt: skip
_JSON = Spec(
    {"assessment": _R + "json_format", "simulation": _R + "simulate_json",
     "diff": _R + "diff_json", "data": _R + "data_json",
     "data-changes": _R + "data_changes_json", "data-version": _R + "data_version_json"},
    recommendations=True,
)  # fmt: skip
_SARIF = Spec(
    {"assessment": _R + "sarif"},
    reads=frozenset({"message", "recommendation", "rule_name", "category", "evidence", "missing",
                     "evaluated.rules"}),
)  # fmt: skip
_JUNIT = Spec(
    {"assessment": _R + "junit"},
    reads=frozenset({"message", "recommendation", "rule_name", "evidence", "missing",
                     "score.terms", "evaluated", "evaluated.rules"}),
)  # fmt: skip
_GITHUB = Spec(
    {"assessment": _R + "github"},
    streams=True,
    reads=frozenset({"message", "recommendation"}),
    tells_errors=True,
    summary=Format.markdown,
)
_HTML = Spec({"assessment": _R + "html", "regulatory": _R + "report_html"}, recommendations=True)
_TEXT = Spec(
    {"diff": _R + "diff_text", "config": _R + "config_text",
     "data-changes": _R + "data_changes_text"}
)  # fmt: skip


def spec(fmt: Format) -> Spec:
    """The spec of *fmt*; mypy checks that every member is mapped."""
    if fmt is Format.text:
        return _TEXT
    if fmt is Format.table:
        return _TABLE
    if fmt is Format.lines:
        return _LINES
    if fmt is Format.markdown:
        return _MARKDOWN
    if fmt is Format.json:
        return _JSON
    if fmt is Format.sarif:
        return _SARIF
    if fmt is Format.junit:
        return _JUNIT
    if fmt is Format.github:
        return _GITHUB
    if fmt is Format.html:
        return _HTML
    return _unmapped(fmt)


def _unmapped(fmt: NoReturn) -> NoReturn:  # pragma: no cover - mypy proves it unreachable
    raise AssertionError(f"no spec for {fmt!r}")


def formats(kind: Kind) -> tuple[Format, ...]:
    """The formats that render *kind*, in the order of :class:`Format`."""
    return tuple(f for f in Format if kind in spec(f).modules)


def module_name(fmt: Format, kind: Kind = "assessment") -> str:
    """The module that renders *kind* in *fmt*; ValueError if *fmt* does not render it."""
    name = spec(fmt).modules.get(kind)
    if name is None:
        names = ", ".join(f.value for f in formats(kind))
        raise ValueError(f"{kind} reports are written as {names}, not {fmt.value}")
    return name


def shows_recommendations(chosen: Collection[Format]) -> bool:
    """Whether one of the *chosen* formats shows recommendations (else none need be made)."""
    return any(spec(f).recommendations for f in chosen)


def reads(chosen: Collection[Format]) -> frozenset[str] | None:
    """What the *chosen* formats read together (ALL when one of them reads everything)."""
    out: set[str] = set()
    for fmt in chosen:
        needs = spec(fmt).reads
        if needs is ALL:
            return ALL
        out |= needs
    return frozenset(out)


__all__ = [
    "ALL",
    "KINDS",
    "Format",
    "Kind",
    "Spec",
    "formats",
    "module_name",
    "reads",
    "shows_recommendations",
    "spec",
]
