"""Rules as words: fact values by unit, message templates and literals.

Shared by evaluation (filling a message), pack checks (template placeholders) and the
renderers; conditions and examples as text are rendered by ``advisor.render.rule_text``.
Pure: same input, byte-identical text.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import TYPE_CHECKING

from advisor.errors import echo
from advisor.rules.catalogue import CATALOGUE
from advisor.rules.models import Status

if TYPE_CHECKING:
    pass

_PLACEHOLDER = re.compile(r"\{\{|\}\}|\{([^{}]*)\}|[{}]")
_NAME = re.compile(r"[a-z][a-z0-9_]*")
#: Each kind of example: its Examples attribute, the word in its id (``ADV001-pass-0``), the
#: outcome it expects, and its heading in the reference.
EXAMPLE_KINDS: tuple[tuple[str, str, Status, str], ...] = (
    ("fail", "fail", "fired", "Fires on"),
    ("passing", "pass", "passed", "Passes on"),
    ("missing", "missing", "missing", "Missing data on"),
)


# -- values and templates -------------------------------------------------------------------


def format_value(fact_name: str, value: object) -> str:
    """A fact's value formatted by its unit: share "72%", days "20 days", HHI "5,200"."""
    spec = CATALOGUE.get(fact_name)
    return format_unit(spec.unit if spec else "", value)


def format_unit(unit: str, value: object) -> str:
    """A value formatted for *unit*; None is "unknown", lists are joined with ", "."""
    if value is None:
        return "unknown"
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, (list, tuple)):
        return ", ".join(format_unit(unit, v) for v in value) if value else "none"
    if not isinstance(value, (int, float)):
        return str(value)
    number = float(value)
    if unit == "share":
        return f"{_decimal(number * 100, 1)}%"
    if unit == "days":
        return f"{_decimal(number, 1)} day" + ("" if number == 1 else "s")
    if unit in ("HHI", "count", "currency"):
        return f"{round(number):,}"
    if unit == "t":
        return f"{_decimal(number, 1)} t"
    return _decimal(number, 2)


def _decimal(number: float, places: int) -> str:
    text = f"{number:,.{places}f}"
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return "0" if text == "-0" else text


def placeholders(template: str) -> list[str]:
    """The names a template fills in, in order; ValueError on a stray brace or a format spec."""
    names: list[str] = []
    for match in _PLACEHOLDER.finditer(template):
        text = match.group(0)
        if text in ("{{", "}}"):
            continue
        name = match.group(1)
        if name is None:
            raise ValueError(f"unmatched {text!r} (write {text * 2} for a literal brace)")
        if not _NAME.fullmatch(name):
            raise ValueError(
                f"placeholder {{{echo(name)}}} is not a name; values are formatted "
                "by their unit, so no format spec is needed"
            )
        names.append(name)
    return names


def fill(template: str, value_of: Callable[[str], str]) -> str:
    """*template* with each ``{name}`` replaced by ``value_of(name)``; ``{{``, ``}}`` are braces."""

    def one(match: re.Match[str]) -> str:
        text = match.group(0)
        return text[0] if text in ("{{", "}}") else value_of(match.group(1))

    return _PLACEHOLDER.sub(one, template)


# -- literals ------------------------------------------------------------------------------


def format_literal(unit: str, value: object) -> str:
    """A literal or parameter value as a condition shows it: lists in brackets."""
    if isinstance(value, (tuple, list)):
        return "[" + ", ".join(format_unit(unit, v) for v in value) + "]"
    return format_unit(unit, value)
