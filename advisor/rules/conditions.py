"""The condition language of rules: what a condition means, and its public face.

A condition is a tree of ``all`` / ``any`` / ``not`` over comparisons ``{fact, op, value}``
(:mod:`advisor.rules.condition_tree`). It is data, never code: nothing here evaluates text. Parsing
checks every name and type against the fact catalogue (:mod:`advisor.rules.condition_check`) so that
a typo or a comparison of a share with a word is an error at load time, not a rule that
silently never fires. This module evaluates a condition and re-exports the other two, so that
``advisor.rules.conditions`` is the whole language.

Evaluation uses three-valued logic: a comparison that reads an unknown fact (``None``) is
unknown; ``all`` is false if a part is false, else unknown if a part is unknown; ``any`` is
true if a part is true, else unknown if a part is unknown; ``not`` of unknown is unknown.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Union

from advisor.rules.condition_check import (
    Context,
    choices,
    describe,
    did_you_mean,
    fact_spec,
    literal,
    literal_problem,
    operand,
    operand_problems,
    parse,
)
from advisor.rules.condition_tree import (
    OPS,
    ORDER_OPS,
    PRESENCE_OPS,
    AllOf,
    AnyOf,
    Compare,
    Condition,
    Not,
    Operand,
    Ref,
    comparisons,
    facts_read,
)
from advisor.yaml.document import describe as kind

__all__ = [
    "OPS",
    "ORDER_OPS",
    "PRESENCE_OPS",
    "AllOf",
    "AnyOf",
    "Compare",
    "Condition",
    "Context",
    "Not",
    "Operand",
    "Ref",
    "Truth",
    "apply",
    "choices",
    "comparisons",
    "describe",
    "did_you_mean",
    "fact_spec",
    "facts_read",
    "kind",
    "literal",
    "literal_problem",
    "operand",
    "operand_problems",
    "parse",
    "resolve",
    "truth",
]

Truth = Union[bool, None]  # noqa: UP007


# -- evaluation -------------------------------------------------------------------------------


def truth(
    cond: Condition, facts: Mapping[str, object], params: Mapping[str, Any]
) -> tuple[Truth, frozenset[str]]:
    """The condition's value (None = unknown) and, when unknown, the facts that made it so."""
    if isinstance(cond, Compare):
        return _compare_truth(cond, facts, params)
    if isinstance(cond, Not):
        value, missing = truth(cond.part, facts, params)
        return (None if value is None else not value), missing
    results = [truth(part, facts, params) for part in cond.parts]
    decisive = isinstance(cond, AnyOf)  # any: a true part decides; all: a false part decides
    if any(value is decisive for value, _ in results):
        return decisive, frozenset()
    unknown = [missing for value, missing in results if value is None]
    if unknown:
        return None, frozenset().union(*unknown)
    return not decisive, frozenset()


def _compare_truth(
    c: Compare, facts: Mapping[str, object], params: Mapping[str, Any]
) -> tuple[Truth, frozenset[str]]:
    left = facts.get(c.fact)
    if c.op in PRESENCE_OPS:
        return (left is None) == (c.op == "unknown"), frozenset()
    right, right_missing = resolve(c.value, facts, params)
    missing = {c.fact} if left is None else set()
    if right_missing:
        missing.add(right_missing)
    if missing:
        return None, frozenset(missing)
    return apply(c.op, left, right), frozenset()


def resolve(
    value: Operand | None, facts: Mapping[str, object], params: Mapping[str, Any]
) -> tuple[Any, str | None]:
    """A comparison value as data, and the name of the fact it reads if that fact is unknown."""
    if isinstance(value, Ref):
        if value.kind == "param":
            return params[value.name], None
        found = facts.get(value.name)
        return found, (value.name if found is None else None)
    return value, None


def apply(op: str, left: Any, right: Any) -> bool:
    """The comparison *left* OP *right* on known values."""
    if op == "contains":
        return bool(right in left)
    if op in ("in", "not_in"):
        return bool(left in right) == (op == "in")
    if op == "lt":
        return bool(left < right)
    if op == "le":
        return bool(left <= right)
    if op == "gt":
        return bool(left > right)
    if op == "ge":
        return bool(left >= right)
    return bool(left == right) == (op == "eq")
