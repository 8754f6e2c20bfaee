"""Renderers: pure functions from an Assessment to text, one module per output format.

Every format is one member of :class:`Format`, mapped exhaustively to its module by
:func:`renderer`; a test walks every member. Same Assessment in, byte-identical text out.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from enum import Enum
from importlib import import_module
from typing import TYPE_CHECKING, NoReturn, Protocol

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

    def path(self, source: str) -> str:
        """The path a report shows for the profile read from *source*."""
        return self.paths.get(source, source)


class Renderer(Protocol):
    """A format module: `render(assessments, options) -> str`."""

    def render(self, assessments: Sequence[Assessment], options: Options) -> str:
        """Render one or more assessments as one document."""


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
