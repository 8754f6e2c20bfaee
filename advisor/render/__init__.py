"""Renderers: pure functions from an Assessment to text, one module per output format.

Every format is one member of :class:`Format`, mapped exhaustively to its module by
:func:`renderer`; a test walks every member. Same Assessment in, byte-identical text out.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from enum import Enum
from importlib import import_module
from typing import TYPE_CHECKING, Any, NoReturn, Protocol

if TYPE_CHECKING:
    from advisor.engine.model import Assessment
    from advisor.engine.stress_model import Simulation
    from advisor.errors import Problem
    from advisor.rules.models import Rule


class Format(str, Enum):
    """Output formats of `advisor assess --format`."""

    table = "table"
    lines = "lines"
    markdown = "markdown"
    json = "json"
    sarif = "sarif"
    junit = "junit"
    github = "github"


#: The formats that print an assessment's recommendations; for the others none need be computed
#: (their output is the same bytes either way, which a test checks for every format).
SHOWS_RECOMMENDATIONS = frozenset({Format.table, Format.markdown, Format.json})


@dataclass(frozen=True)
class Notice:
    """Something about the run itself that a report must carry, such as an expired waiver."""

    level: str  # "error" | "warning" | "note"
    message: str
    file: str = ""
    line: int = 0


@dataclass(frozen=True)
class Options:
    """What the user asked of the output."""

    width: int = 80
    color: bool = False
    top: int | None = None
    min_severity: str = "info"
    explain: bool = False
    fail_on: str | None = None
    timestamp: str | None = None
    #: Profile path as given (``Assessment.source``) → the path reports show: relative to the
    #: repository root (the folder holding ``.git``), else to the working folder; POSIX slashes.
    paths: Mapping[str, str] = field(default_factory=dict)
    #: The rules that were evaluated, for rule metadata (descriptions, sources, help).
    rules: tuple[Rule, ...] = ()
    #: Problems of the files that could not be checked (a CI check reports them with the
    #: results of the others; line 0 means the whole file).
    errors: tuple[Problem, ...] = ()
    #: Notes about the run: expired, unused or ignored waivers, a baseline's fixed findings.
    notices: tuple[Notice, ...] = ()
    #: SARIF: give each rule a ``security-severity`` and the ``security`` tag, so that GitHub
    #: code scanning files its results as security alerts (off: they are code-quality alerts).
    security_severity: bool = False

    def path(self, source: str) -> str:
        """The path a report shows for the profile read from *source*."""
        return self.paths.get(source, source)


class Renderer(Protocol):
    """A format module: `render(assessments, options) -> str`."""

    def render(self, assessments: Sequence[Assessment], options: Options) -> str:
        """Render one or more assessments as one document."""


#: The formats that can be written one file at a time (:class:`FileStream`), so that a check
#: need not hold every file's results; the others build one document of every file.
STREAMED = frozenset({Format.lines, Format.github})


class FileStream(Protocol):
    """A report written one file at a time: ``head + add(a1) + add(a2) + ... + tail`` is
    ``render([a1, a2, ...], options)``, byte for byte (the format's ``render`` is written so).

    *add* gets each assessment in order with options whose ``paths`` name at least that file;
    the head and the tail, which depend on every file (and on ``errors`` and ``notices``), are
    asked for after the last one, with the run's whole options.
    """

    def add(self, assessment: Assessment, options: Options) -> str:
        """The text of one file, which comes after the head and before the next file's."""

    def head(self, options: Options) -> str:
        """What comes before the first file."""

    def tail(self, options: Options) -> str:
        """What comes after the last file."""


def file_stream(fmt: Format) -> FileStream:
    """A new stream of *fmt*, one of :data:`STREAMED` (the module's ``Stream``)."""
    if fmt not in STREAMED:
        raise ValueError(f"{fmt.value} is not written one file at a time")
    module: Any = import_module(module_name(fmt))
    stream: FileStream = module.Stream()
    return stream


def module_name(fmt: Format) -> str:
    """The module that renders *fmt*; mypy checks that every member is mapped."""
    if fmt is Format.table:
        return "advisor.render.table"
    if fmt is Format.lines:
        return "advisor.render.lines"
    if fmt is Format.markdown:
        return "advisor.render.markdown"
    if fmt is Format.json:
        return "advisor.render.json_format"
    if fmt is Format.sarif:
        return "advisor.render.sarif"
    if fmt is Format.junit:
        return "advisor.render.junit"
    if fmt is Format.github:
        return "advisor.render.github"
    return _unmapped(fmt)


def _unmapped(fmt: NoReturn) -> NoReturn:  # pragma: no cover - mypy proves it unreachable
    raise AssertionError(f"no renderer for {fmt!r}")


#: The formats `advisor simulate` writes, and the module of each.
SIMULATION_MODULES = {
    Format.table: "advisor.render.simulate_table",
    Format.markdown: "advisor.render.simulate_markdown",
    Format.json: "advisor.render.simulate_json",
}


class SimulationRenderer(Protocol):
    """A stress-test format module: `render(simulations, options) -> str`."""

    def render(self, simulations: Sequence[Simulation], options: Options) -> str:
        """Render one or more simulations as one document."""


def simulation_renderer(fmt: Format) -> SimulationRenderer | None:
    """The module that renders stress tests in *fmt*, or None if the format has none."""
    name = SIMULATION_MODULES.get(fmt)
    if name is None:
        return None
    module: SimulationRenderer = import_module(name)
    return module


def renderer(fmt: Format) -> Renderer:
    """The module that renders *fmt* (imported only when used)."""
    module: Renderer = import_module(module_name(fmt))
    return module
