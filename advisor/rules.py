"""Rules, the entry point: load rule packs, evaluate a rule on a subject's facts, run examples.

Packs load in order: the built-in packs (package data ``advisor.builtin_rules``), then the
user's packs in command-line order. Every pack is validated whole before anything is
evaluated, and every problem of every pack is reported at once (file:line:col, field path).
A later pack may add rules and actions, override an earlier rule's parameters and severity,
disable an earlier rule, or replace it (``replace: true``); rule ids are never reused. The
pack format is :mod:`advisor.rule_models`, how packs merge is :mod:`advisor.rule_packs`; this
module re-exports what the rest of advisor uses.

:func:`evaluate` is pure: no I/O, no clock. See docs/rule-format.md.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Literal

from advisor import conditions as cond
from advisor.errors import AdvisorError, Problem, RuleError
from advisor.factspec import CATALOGUE
from advisor.rule_models import Action, PackInfo, Rule
from advisor.rule_packs import BUILTIN, Merge, RuleSet
from advisor.rules_doc import (
    ExampleCase,
    ExampleResult,
    example_cases,
    fill,
    format_unit,
    format_value,
    run_example,
)
from advisor.yamlload import Document, Limits, load_file, load_text

__all__ = [
    "BUILTIN",
    "Action",
    "ExampleCase",
    "ExampleResult",
    "Outcome",
    "PackInfo",
    "Rule",
    "RuleSet",
    "evaluate",
    "example_cases",
    "format_value",
    "load_rules",
    "run_example",
]

Status = Literal["fired", "passed", "missing"]


def load_rules(paths: Sequence[str] = (), *, include_builtin: bool = True) -> RuleSet:
    """Load, validate and merge the packs; RuleError lists every problem in every pack."""
    merge = Merge()
    sources: list[tuple[Document | None, str]] = []
    if include_builtin:
        sources += [(doc, BUILTIN) for doc in _builtin_documents()]
    for path in paths:
        sources += [
            (_read(file, merge), path if file == path else file) for file in _expand(path, merge)
        ]
    for doc, origin in sources:
        if doc is not None:
            merge.add(doc, origin)
    if merge.problems:
        raise RuleError(problems=merge.problems)
    return merge.result()


@lru_cache(maxsize=1)
def _builtin_documents() -> tuple[Document, ...]:
    folder = resources.files("advisor.builtin_rules")
    names = sorted(p.name for p in folder.iterdir() if p.name.endswith((".yaml", ".yml")))
    return tuple(
        load_text(folder.joinpath(n).read_text("utf-8"), f"rules/{n}", Limits()) for n in names
    )


def _expand(path: str, merge: Merge) -> list[str]:
    target = Path(path)
    if not target.is_dir():
        return [path]
    files = sorted(
        str(p) for p in target.iterdir() if p.suffix in (".yaml", ".yml") and p.is_file()
    )
    if not files:
        merge.problems.append(Problem(1, 1, "<document>", "no rule packs (*.yaml) here", path))
    return files


def _read(path: str, merge: Merge) -> Document | None:
    try:
        return load_file(path)
    except AdvisorError as exc:
        merge.problems += exc.problems or [
            Problem(1, 1, "<document>", exc.message.removeprefix(f"{path}: "), path)
        ]
        return None


# -- evaluation -------------------------------------------------------------------------------


@dataclass(frozen=True)
class Outcome:
    """What one rule says of one subject.

    ``status`` is fired, passed or missing (the condition could not be decided); ``missing``
    names the unknown facts that made it undecidable; ``evidence`` is every fact the rule read
    with its value; ``message`` and ``recommendation`` are the templates filled in;
    ``exposure`` is 0-1 (1.0 without an exposure fact or when it is unknown); ``gap`` is the
    relative gap 0-1, None when the rule has none or it is unknown.
    """

    status: Status
    missing: tuple[str, ...]
    evidence: dict[str, object]
    message: str
    recommendation: str
    exposure: float
    gap: float | None


def evaluate(rule: Rule, facts: Mapping[str, object], *, text: bool = True) -> Outcome:
    """Evaluate *rule* on one subject's *facts* (a missing or None fact is unknown).

    The message and recommendation are filled in only for an outcome that is not "passed",
    and only with *text* (a what-if re-assessment needs the scores, not the words).
    """
    value, unknown = cond.truth(rule.when, facts, rule.parameters)
    status: Status = "missing" if value is None else "fired" if value else "passed"
    words = text and status != "passed"

    def value_of(name: str) -> str:
        if name in rule.parameters:
            return format_unit(rule.param_units.get(name, ""), rule.parameters[name])
        return format_value(name, facts.get(name))

    return Outcome(
        status=status,
        missing=tuple(sorted(unknown)) if value is None else (),
        evidence={name: facts.get(name) for name in rule.reads},
        message=fill(rule.message, value_of) if words else "",
        recommendation=fill(rule.recommendation, value_of) if words else "",
        exposure=_exposure(rule, facts),
        gap=_gap(rule, facts),
    )


def _exposure(rule: Rule, facts: Mapping[str, object]) -> float:
    value = facts.get(rule.exposure) if rule.exposure else None
    if not isinstance(value, (int, float)) or isinstance(value, bool):
        return 1.0
    return min(1.0, max(0.0, float(value)))


def _gap(rule: Rule, facts: Mapping[str, object]) -> float | None:
    gap = rule.gap
    if gap is None:
        return None
    value = facts.get(gap.value)
    threshold, _ = cond.resolve(gap.threshold, facts, rule.parameters)
    if not isinstance(value, (int, float)) or not isinstance(threshold, (int, float)):
        return None
    if gap.direction == "below":
        diff, span = threshold - value, threshold
    else:
        ceiling, _ = cond.resolve(gap.ceiling, facts, rule.parameters)
        if ceiling is None and CATALOGUE[gap.value].unit == "share":
            ceiling = 1.0
        diff = value - threshold
        span = ceiling - threshold if isinstance(ceiling, (int, float)) else threshold
    if diff <= 0:
        return 0.0
    return 1.0 if span <= 0 else round(min(1.0, diff / span), 4)
