"""A rule's condition, gap and examples as text, for `rules show` and the rule reference.

Pure: same input, byte-identical text.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from advisor.rules import conditions as cond
from advisor.rules.catalogue import CATALOGUE
from advisor.rules.text import format_literal

if TYPE_CHECKING:
    from advisor.rules.models import Rule

_PLAIN = re.compile(r"[A-Za-z0-9_][A-Za-z0-9_.\-/]*")


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
