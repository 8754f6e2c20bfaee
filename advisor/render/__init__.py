"""Renderers: pure functions from an Assessment to text, one module per output format.

Every format is one member of :class:`Format`, mapped exhaustively to its module by
:func:`renderer`; a test walks every member. Same Assessment in, byte-identical text out.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from enum import Enum
from importlib import import_module
from typing import TYPE_CHECKING, Protocol

if TYPE_CHECKING:
    from advisor.engine import Assessment


class Format(str, Enum):
    """Output formats of `advisor assess --format`."""

    table = "table"
    lines = "lines"


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


class Renderer(Protocol):
    """A format module: `render(assessments, options) -> str`."""

    def render(self, assessments: Sequence[Assessment], options: Options) -> str:
        """Render one or more assessments as one document."""


_MODULES: dict[Format, str] = {
    Format.table: "advisor.render.table",
    Format.lines: "advisor.render.lines",
}


def renderer(fmt: Format) -> Renderer:
    """The module that renders *fmt* (imported only when used)."""
    module: Renderer = import_module(_MODULES[fmt])
    return module
