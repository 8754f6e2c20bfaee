"""Evaluate one rule on one subject's facts: fired, passed, or missing (undecidable).

Pure: no I/O, no clock. Three-valued: an unknown fact makes a condition undecidable, never
false, so what could not be checked is reported as missing data, not as a pass.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from advisor.rules import conditions as cond
from advisor.rules.catalogue import CATALOGUE
from advisor.rules.models import Rule, Status
from advisor.rules.text import fill, format_unit, format_value


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
