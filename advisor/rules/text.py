"""Rules as words: fact values by unit, message templates, conditions rendered as text.

Shared by evaluation (filling a message), pack checks (template placeholders), the markdown
reference and the renderers. Pure: same input, byte-identical text.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING, Any

from advisor.errors import echo
from advisor.rules import conditions as cond
from advisor.rules.catalogue import CATALOGUE
from advisor.rules.models import Status

if TYPE_CHECKING:
    from advisor.rules.models import Rule

_PLACEHOLDER = re.compile(r"\{\{|\}\}|\{([^{}]*)\}|[{}]")
_NAME = re.compile(r"[a-z][a-z0-9_]*")
#: Each kind of example: its Examples attribute, the word in its id (``ADV001-pass-0``), the
#: outcome it expects, and its heading in the reference.
EXAMPLE_KINDS: tuple[tuple[str, str, Status, str], ...] = (
    ("fail", "fail", "fired", "Fires on"),
    ("passing", "pass", "passed", "Passes on"),
    ("missing", "missing", "missing", "Missing data on"),
)
_PLAIN = re.compile(r"[A-Za-z0-9_][A-Za-z0-9_.\-/]*")


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


# -- conditions -----------------------------------------------------------------------------


def render(when: cond.Condition, params: Mapping[str, Any], indent: int = 0) -> list[str]:
    """The condition as indented lines, e.g. ``qualified_supplier_count < min_qualified (2)``."""
    pad = " " * indent
    if isinstance(when, cond.Compare):
        return [pad + render_compare(when, params)]
    if isinstance(when, cond.Not):
        return [pad + "not:", *render(when.part, params, indent + 2)]
    head = "all of:" if isinstance(when, cond.AllOf) else "any of:"
    return [pad + head, *(line for p in when.parts for line in render(p, params, indent + 2))]


def render_compare(c: cond.Compare, params: Mapping[str, Any]) -> str:
    """One comparison as it reads: fact, operator, value (a parameter shows its value)."""
    if c.op in cond.PRESENCE_OPS:
        return f"{c.fact} {cond.OPS[c.op]}"
    unit = CATALOGUE[c.fact].unit if c.fact in CATALOGUE else ""
    value = c.value
    if isinstance(value, cond.Ref) and value.kind == "fact":
        shown = value.name
    elif isinstance(value, cond.Ref):
        shown = f"{value.name} ({format_literal(unit, params.get(value.name))})"
    else:
        shown = format_literal(unit, value)
    return f"{c.fact} {cond.OPS[c.op]} {shown}"


def format_literal(unit: str, value: object) -> str:
    """A literal or parameter value as a condition shows it: lists in brackets."""
    if isinstance(value, (tuple, list)):
        return "[" + ", ".join(format_unit(unit, v) for v in value) + "]"
    return format_unit(unit, value)


def render_gap(rule: Rule) -> str | None:
    """The rule's gap as a sentence, or None."""
    gap = rule.gap
    if gap is None:
        return None
    unit = CATALOGUE[gap.value].unit

    def shown(value: cond.Operand | None) -> str:
        if isinstance(value, cond.Ref):
            if value.kind == "fact":
                return value.name
            return f"{value.name} ({format_literal(unit, rule.parameters.get(value.name))})"
        return format_literal(unit, value)

    text = f"{gap.value} {gap.direction} {shown(gap.threshold)}"
    return text + (f", ceiling {shown(gap.ceiling)}" if gap.ceiling is not None else "")


def example_yaml(facts: Mapping[str, object]) -> str:
    """An example's facts as one line of flow-style YAML."""
    return "{" + ", ".join(f"{k}: {_yaml(v)}" for k, v in facts.items()) + "}"


def _yaml(value: object) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        return f"{value:g}" if value != int(value) else str(int(value))
    if isinstance(value, (tuple, list)):
        return "[" + ", ".join(_yaml(v) for v in value) + "]"
    text = str(value)
    if _PLAIN.fullmatch(text) and text not in ("true", "false", "null", "yes", "no"):
        return text
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'
