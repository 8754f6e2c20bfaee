"""Parse a condition from YAML and type-check it against the fact catalogue.

Every name and type is checked against the fact catalogue (:mod:`advisor.rules.catalogue`) so that a
typo or a comparison of a share with a word is an error at load time, not a rule that silently
never fires. Problems are collected in a :class:`Context`, each at its field path, so that a
rule's every problem is reported at once. Nothing here evaluates text.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from advisor.errors import echo
from advisor.rules.catalogue import CATALOGUE, FactSpec
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
)
from advisor.yaml.document import describe as kind
from advisor.yaml.loader import Path_

#: What people write for an operator, for the did-you-mean.
_OP_HINTS = {
    "<": "lt", "<=": "le", ">": "gt", ">=": "ge", "==": "eq", "=": "eq", "!=": "ne",
    "gte": "ge", "lte": "le", "equals": "eq", "is": "eq", "not in": "not_in", "nin": "not_in",
    "has": "contains", "includes": "contains", "missing": "unknown", "present": "known",
}  # fmt: skip


@dataclass
class Context:
    """What a condition is checked against: the facts visible to the rule and its parameters."""

    facts: Mapping[str, FactSpec]
    params: Mapping[str, Any]
    scope: str
    problems: list[tuple[Path_, str]] = field(default_factory=list)

    def fail(self, path: Path_, message: str) -> None:
        """Record a problem at *path*."""
        self.problems.append((path, message))


# -- parsing ----------------------------------------------------------------------------------


def parse(raw: object, path: Path_, ctx: Context) -> Condition | None:
    """The condition written at *path*, or None after recording every problem in *ctx*."""
    if not isinstance(raw, dict):
        ctx.fail(
            path, f"a condition is a mapping (all, any, not, or fact/op/value), got {kind(raw)}"
        )
        return None
    keys = [k for k in ("all", "any", "not", "fact") if k in raw]
    if len(keys) != 1:
        found = " and ".join(keys) if keys else ", ".join(repr(echo(str(k))) for k in raw)
        ctx.fail(
            path, f"a condition has exactly one of all, any, not or fact; found {found or 'none'}"
        )
        return None
    if keys[0] == "fact":
        return _compare(raw, path, ctx)
    key = keys[0]
    for extra in sorted(set(raw) - {key}, key=str):
        ctx.fail((*path, str(extra)), f"unexpected key {echo(str(extra))!r} beside {key!r}")
    if key == "not":
        part = parse(raw["not"], (*path, "not"), ctx)
        return Not(part=part) if part is not None else None
    items = raw[key]
    if not isinstance(items, list) or not items:
        ctx.fail((*path, key), f"{key!r} needs a non-empty list of conditions, got {kind(items)}")
        return None
    parts = [parse(item, (*path, key, i), ctx) for i, item in enumerate(items)]
    if any(p is None for p in parts):
        return None
    done = tuple(p for p in parts if p is not None)
    return AllOf(parts=done) if key == "all" else AnyOf(parts=done)


def _compare(raw: dict[Any, Any], path: Path_, ctx: Context) -> Compare | None:
    for extra in sorted(set(raw) - {"fact", "op", "value"}, key=str):
        ctx.fail(
            (*path, str(extra)),
            f"unknown key {echo(str(extra))!r} in a comparison (expected fact, op, value)",
        )
    spec = fact_spec(raw.get("fact"), (*path, "fact"), ctx)
    op = _op(raw, path, ctx)
    if op is None:
        return None
    if op in PRESENCE_OPS:
        if "value" in raw:
            ctx.fail((*path, "value"), f"op {op!r} takes no value")
        return Compare(fact=spec.name, op=op) if spec else None
    if "value" not in raw:
        ctx.fail(path, f"op {op!r} needs a value (a literal, {{param: NAME}} or {{fact: NAME}})")
        return None
    value = operand(raw["value"], (*path, "value"), ctx)
    if spec is None or value is None:
        return None
    for message in operand_problems(spec, op, value, ctx.params):
        ctx.fail((*path, "value"), message)
    return Compare(fact=spec.name, op=op, value=value)


def _op(raw: dict[Any, Any], path: Path_, ctx: Context) -> str | None:
    if "op" not in raw:
        ctx.fail(path, f"a comparison needs op (one of: {', '.join(OPS)})")
        return None
    op = raw["op"]
    if isinstance(op, str) and op in OPS:
        return op
    text = echo(str(op))
    guess = _OP_HINTS.get(str(op).strip().lower()) if isinstance(op, str) else None
    guess = guess or next(iter(difflib.get_close_matches(str(op), list(OPS), n=1)), None)
    hint = f" (did you mean {guess!r}?)" if guess else f" (expected one of: {', '.join(OPS)})"
    ctx.fail((*path, "op"), f"unknown operator {text!r}{hint}")
    return None


def fact_spec(name: object, path: Path_, ctx: Context) -> FactSpec | None:
    """The catalogue entry of fact *name* if the rule's scope can see it; else record why not."""
    if not isinstance(name, str):
        ctx.fail(path, f"a fact name is text, got {kind(name)}")
        return None
    if name in ctx.facts:
        return ctx.facts[name]
    if name in CATALOGUE:
        other = CATALOGUE[name].scope
        ctx.fail(
            path,
            f"fact {name!r} is a {other} fact; a {ctx.scope} rule cannot read it "
            f"(make the rule's scope {other})",
        )
        return None
    hint = did_you_mean(name, ctx.facts)
    ctx.fail(path, f"unknown fact {echo(name)!r}{hint}; `advisor rules facts` lists them")
    return None


def operand(raw: object, path: Path_, ctx: Context) -> Operand | None:
    """A comparison value: a literal, a list of literals, ``{param: N}`` or ``{fact: N}``."""
    if isinstance(raw, dict):
        if len(raw) != 1 or next(iter(raw)) not in ("param", "fact"):
            ctx.fail(path, "a value mapping is {param: NAME} or {fact: NAME}")
            return None
        ref_kind, name = next(iter(raw.items()))
        if ref_kind == "fact":
            spec = fact_spec(name, (*path, "fact"), ctx)
            return Ref(kind="fact", name=spec.name) if spec else None
        return _param_ref(name, (*path, "param"), ctx)
    if isinstance(raw, list):
        items = [literal(item) for item in raw]
        if any(item is None for item in items):
            ctx.fail(path, "a list value holds only numbers, text or true/false")
            return None
        return tuple(item for item in items if item is not None)
    value = literal(raw)
    if value is None:
        ctx.fail(path, f"value is {kind(raw)}; to test for an unknown fact use op: unknown")
    return value


def _param_ref(name: object, path: Path_, ctx: Context) -> Ref | None:
    if isinstance(name, str) and name in ctx.params:
        return Ref(kind="param", name=name)
    known = list(ctx.params)
    hint = did_you_mean(name, known)
    where = f"; declared: {', '.join(known)}" if known else "; the rule declares no parameters"
    ctx.fail(path, f"unknown parameter {echo(str(name))!r}" + (hint or where))
    return None


def did_you_mean(name: object, options: Iterable[str], cutoff: float = 0.6) -> str:
    """`` (did you mean 'x'?)`` for the option closest to *name*, or nothing."""
    close = difflib.get_close_matches(str(name), list(options), n=1, cutoff=cutoff)
    return f" (did you mean {close[0]!r}?)" if close else ""


def literal(raw: object) -> bool | float | str | None:
    """A scalar as a condition holds it (numbers become float); None if not a scalar."""
    if isinstance(raw, (bool, str)):
        return raw
    if isinstance(raw, (int, float)) and raw == raw and abs(raw) != float("inf"):
        return float(raw)
    return None


# -- type checks ------------------------------------------------------------------------------


def describe(spec: FactSpec) -> str:
    """A fact's type as a message says it."""
    if spec.type == "number":
        return "a share (0 to 1)" if spec.unit == "share" else f"a number ({spec.unit or 'plain'})"
    return {"bool": "true/false", "text": "text", "list": "a list of text"}[spec.type]


def operand_problems(
    spec: FactSpec, op: str, value: Operand, params: Mapping[str, Any]
) -> list[str]:
    """Why comparing fact *spec* with *value* by *op* cannot work (empty when it can)."""
    if isinstance(value, Ref) and value.kind == "fact":
        return _fact_pair_problems(spec, op, CATALOGUE[value.name])
    if isinstance(value, Ref):
        problem = literal_problem(spec, op, params[value.name])
        return [f"parameter {value.name!r}: {problem}"] if problem else []
    problem = literal_problem(spec, op, value)
    return [problem] if problem else []


def _op_problem(spec: FactSpec, op: str) -> str | None:
    name = f"{spec.name} is {describe(spec)}"
    if op in ORDER_OPS and spec.type != "number":
        hint = "; use eq true/false" if spec.type == "bool" else ""
        return f"{name}; {op!r} compares numbers only{hint}"
    if op in ("in", "not_in") and spec.type not in ("text", "number"):
        return f"{name}; {op!r} needs a text or number fact" + (
            " (use contains for a list fact)" if spec.type == "list" else ""
        )
    if op == "contains" and spec.type != "list":
        return f"{name}; 'contains' needs a list fact (use eq or in)"
    if op in ("eq", "ne") and spec.type == "list":
        return f"{name}; use contains to test a list fact"
    return None


def literal_problem(spec: FactSpec, op: str, value: object) -> str | None:
    """Why *value* (a literal or a parameter's value) cannot be compared with *spec* by *op*."""
    problem = _op_problem(spec, op)
    if problem:
        return problem
    if op in ("in", "not_in"):
        if not isinstance(value, tuple):
            return f"{op!r} needs a list of values, got {kind(value)}"
        if not value:
            return f"an empty list: {op!r} would never match"
        return next(filter(None, (_scalar_problem(spec, item) for item in value)), None)
    element = spec if op != "contains" else _element(spec)
    if isinstance(value, tuple):
        return f"{spec.name} is {describe(spec)}; {op!r} needs a single value, got a list"
    return _scalar_problem(element, value)


def _element(spec: FactSpec) -> FactSpec:
    return FactSpec(spec.name, spec.scope, "text", spec.unit, spec.formula)


def _scalar_problem(spec: FactSpec, value: object) -> str | None:
    wanted = {"number": float, "bool": bool, "text": str}[spec.type]
    if isinstance(value, bool) != (wanted is bool) or not isinstance(value, wanted):
        return f"{spec.name} is {describe(spec)} but the value is {kind(value)}"
    if spec.unit == "share" and isinstance(value, float) and not 0 <= value <= 1:
        return f"{spec.name} is a share from 0 to 1; write {value / 100:g} for {value:g}%"
    if isinstance(value, str):
        allowed = choices(spec)
        if allowed is not None and value not in allowed:
            hint = did_you_mean(value, allowed, 0.5)
            listed = ", ".join(allowed) if len(allowed) < 20 else "ISO 3166-1 alpha-2 codes"
            return f"{spec.name} is never {echo(value)!r}{hint}; it is one of: {listed}"
    return None


def _fact_pair_problems(spec: FactSpec, op: str, other: FactSpec) -> list[str]:
    problem = _op_problem(spec, op)
    if problem:
        return [problem]
    if op in ("in", "not_in"):
        ok = other.type == "list" and spec.type == "text" and other.unit == spec.unit
    elif op == "contains":
        ok = other.type == "text" and other.unit == spec.unit
    else:
        ok = other.type == spec.type and other.unit == spec.unit
    if ok:
        return []
    return [
        f"cannot compare {spec.name} ({describe(spec)}) {op!r} {other.name} ({describe(other)})"
    ]


def choices(spec: FactSpec) -> tuple[str, ...] | None:
    """The only values a text fact can take, when they are known."""
    from advisor.profile.model import ContractType, Criticality, Mineral, PriceBasis, Sector, Stage

    enums: dict[str, Any] = {
        "criticality": Criticality,
        "mineral": Mineral,
        "stage": Stage,
        "sector": Sector,
        "contract_type": ContractType,
        "price_basis": PriceBasis,
    }
    if spec.name in enums:
        return tuple(str(member.value) for member in enums[spec.name])
    if spec.unit == "ISO 3166":
        return _countries()
    return None


@lru_cache(maxsize=1)
def _countries() -> tuple[str, ...]:
    import pycountry

    return tuple(sorted(c.alpha_2 for c in pycountry.countries))
