"""Renderers: pure functions from a report to text, one module per output format and kind.

Every format is one member of :class:`Format`, whose :func:`spec` (in :mod:`.spec`) names the
module that renders each kind of report in it and says what it shows; a test walks every
member. Same report in, byte-identical text out.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from importlib import import_module
from typing import TYPE_CHECKING, Any, Protocol

from advisor.render.spec import ALL, KINDS, Format, Kind, Spec, formats, module_name, spec

if TYPE_CHECKING:
    from advisor.engine.assess.model import Assessment, RulesRun
    from advisor.engine.stress.model import Simulation
    from advisor.errors import Problem
    from advisor.rules.models import Rule


@dataclass(frozen=True)
class Notice:
    """Something about the run itself that a report must carry, such as an expired waiver."""

    level: str  # "error" | "warning" | "note"
    message: str
    file: str = ""
    line: int = 0
    #: What it is about: "waiver", or "data" (the data is older than ``max-data-age``).
    about: str = "waiver"


@dataclass(frozen=True)
class Options:
    """What the user asked of the output."""

    width: int = 80
    color: bool = False
    #: The text goes to a terminal: rich tables draw their rules (the `rules` listings).
    terminal: bool = False
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
    #: For reports that run no rules (stress tests): the rules the configuration would run and
    #: what it changed, stated when it changed anything (assessments carry their own).
    configuration: RulesRun | None = None
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
    """A new stream of *fmt*, whose spec says it streams (the module's ``Stream``)."""
    if not spec(fmt).streams:
        raise ValueError(f"{fmt.value} is not written one file at a time")
    found: Any = import_module(module_name(fmt))
    stream: FileStream = found.Stream()
    return stream


class SimulationRenderer(Protocol):
    """A stress-test format module: `render(simulations, options) -> str`."""

    def render(self, simulations: Sequence[Simulation], options: Options) -> str:
        """Render one or more simulations as one document."""


def simulation_renderer(fmt: Format) -> SimulationRenderer | None:
    """The module that renders stress tests in *fmt*, or None if the format has none."""
    name = spec(fmt).modules.get("simulation")
    if name is None:
        return None
    found: SimulationRenderer = import_module(name)
    return found


def renderer(fmt: Format) -> Renderer:
    """The module that renders assessments in *fmt* (imported only when used); ValueError if
    *fmt* renders none."""
    found: Renderer = import_module(module_name(fmt))
    return found


def module(fmt: Format, kind: Kind) -> Any:
    """The module that renders *kind* in *fmt* (imported only when used); ValueError if *fmt*
    renders none."""
    return import_module(module_name(fmt, kind))


__all__ = [
    "ALL",
    "KINDS",
    "FileStream",
    "Format",
    "Kind",
    "Notice",
    "Options",
    "Renderer",
    "SimulationRenderer",
    "Spec",
    "file_stream",
    "formats",
    "module",
    "module_name",
    "renderer",
    "simulation_renderer",
    "spec",
]
