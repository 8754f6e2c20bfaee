"""What a condition is: the tree of ``all`` / ``any`` / ``not`` over comparisons, its operators.

A comparison is ``{fact, op, value}``; its value is a literal, a list of literals, or a
:class:`Ref` to a rule parameter or another fact. The tree is data, never code, and frozen.
Parsing it from YAML is :mod:`advisor.rules.condition_check`; what it means is
:mod:`advisor.rules.conditions`.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Literal, Union

from pydantic import BaseModel, ConfigDict

#: Operators and how they read.
OPS: dict[str, str] = {
    "lt": "<", "le": "<=", "gt": ">", "ge": ">=", "eq": "==", "ne": "!=",
    "in": "in", "not_in": "not in", "contains": "contains",
    "known": "is known", "unknown": "is unknown",
}  # fmt: skip
ORDER_OPS = frozenset({"lt", "le", "gt", "ge"})
PRESENCE_OPS = frozenset({"known", "unknown"})


class _Node(BaseModel):
    model_config = ConfigDict(frozen=True, defer_build=True)  # built on first use


class Ref(_Node):
    """A comparison value that names a rule parameter or another fact."""

    kind: Literal["param", "fact"]
    name: str


Operand = Union[Ref, bool, float, str, tuple[Union[bool, float, str], ...]]  # noqa: UP007


class Compare(_Node):
    """``{fact: NAME, op: OP, value: VALUE}``; ``known``/``unknown`` take no value."""

    fact: str
    op: str
    value: Operand | None = None


class AllOf(_Node):
    """True when every part is true."""

    parts: tuple[Condition, ...]


class AnyOf(_Node):
    """True when some part is true."""

    parts: tuple[Condition, ...]


class Not(_Node):
    """True when its part is false."""

    part: Condition


Condition = Union[Compare, AllOf, AnyOf, Not]  # noqa: UP007
AllOf.model_rebuild()
AnyOf.model_rebuild()
Not.model_rebuild()


# -- reading the tree -------------------------------------------------------------------------


def comparisons(cond: Condition) -> Iterator[Compare]:
    """Every comparison in the tree, in the order written."""
    if isinstance(cond, Compare):
        yield cond
    elif isinstance(cond, Not):
        yield from comparisons(cond.part)
    else:
        for part in cond.parts:
            yield from comparisons(part)


def facts_read(cond: Condition) -> list[str]:
    """The facts a condition reads, in the order written, each once."""
    names: list[str] = []
    for c in comparisons(cond):
        for name in (c.fact, c.value.name if _is_fact_ref(c.value) else None):  # type: ignore[union-attr]
            if name and name not in names:
                names.append(name)
    return names


def _is_fact_ref(value: object) -> bool:
    return isinstance(value, Ref) and value.kind == "fact"
