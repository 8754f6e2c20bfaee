"""Which stage concentrations the findings of an action fired on, and what clears them.

A second source must avoid the country of the stage that tripped a rule: the processing country
for a processing-concentration finding, the mining country when the EU CRMA benchmark fires on
ore mined in one third country. The rule's condition says which: the comparisons of a
``<stage>_top_country_share`` fact above a threshold that decided it (of a rule with
alternatives, only those that held). The gap between the share and the threshold is the volume
that must move off that country to clear it.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass, replace
from typing import Any, TypeGuard

from advisor.engine.advise.change import Change
from advisor.rules.conditions import AllOf, AnyOf, Compare, Condition, resolve, truth

__all__ = ["STAGE_FIELDS", "Trip", "clearing", "mined_outside", "trips"]

#: The supplier fields a stage's countries come from, by the prefix of its share facts.
STAGE_FIELDS = {"mining": "mining_countries", "processing": "processing_countries"}


@dataclass(frozen=True)
class Trip:
    """A concentration a finding fired on: the stage, its country, and the share of volume
    that must move off that country to clear the rule's threshold."""

    stage: str
    country: str
    needed: float


def trips(change: Change) -> list[Trip]:
    """The stage concentrations the findings of the action fired on: the comparisons of a
    ``<stage>_top_country_share`` fact above a threshold that decided each rule (of a rule
    with alternatives, only those that held), e.g. the EU CRMA benchmark at the mining stage."""
    found: dict[tuple[str, str], float] = {}
    for f in change.findings:
        rule = change.rules.get(f.rule_id)
        if rule is None:
            continue
        for c in _deciding(rule.when, change.facts, rule.parameters):
            trip = _trip(c, change.facts, rule.parameters)
            if trip is not None:
                key = (trip.stage, trip.country)
                found[key] = max(found.get(key, 0.0), trip.needed)
    return [Trip(stage, country, need) for (stage, country), need in sorted(found.items())]


def _trip(c: Compare, facts: Mapping[str, Any], params: Mapping[str, Any]) -> Trip | None:
    """The stage, country and share to move of one deciding comparison, if all are known."""
    country = facts.get(c.fact.removesuffix("_share"))
    left, right = facts.get(c.fact), resolve(c.value, facts, params)[0]
    if not isinstance(country, str) or not _number(left) or not _number(right):
        return None
    prefix = c.fact.split("_")[0]
    need = float(left) - float(right) + (0.001 if c.op == "ge" else 0.0)
    stage = prefix if prefix in STAGE_FIELDS else "shipping"
    return Trip(stage, country, math.ceil(need * 1000 - 1e-6) / 1000)


def clearing(change: Change, avoid: set[str]) -> float:
    """The share a new source must take so that it answers at least one of its findings: 0
    when some finding is answered by a second source whatever its share (a sole supplier),
    else the least that brings one fired stage share down to its rule's threshold."""
    fired = trips(change)
    if not fired or any(not trips(replace(change, findings=[f])) for f in change.findings):
        return 0.0
    return min((t.needed for t in fired if t.country in avoid), default=0.0)


def _number(value: object) -> TypeGuard[float]:
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def _deciding(
    when: Condition, facts: Mapping[str, Any], params: Mapping[str, Any]
) -> list[Compare]:
    """The top-country share comparisons (``gt``, ``ge``) that made *when* true."""
    if isinstance(when, Compare):
        held = truth(when, facts, params)[0] is True
        wanted = when.fact.endswith("top_country_share") and when.op in ("gt", "ge")
        return [when] if held and wanted else []
    if isinstance(when, AllOf | AnyOf):
        return [c for part in when.parts if truth(part, facts, params)[0] is True
                for c in _deciding(part, facts, params)]  # fmt: skip
    return []


def mined_outside(change: Change) -> set[str]:
    """The mining countries a new source's feed must avoid (a mining-stage finding fired)."""
    home = change.profile.company.headquarters
    return {t.country for t in trips(change) if t.stage == "mining" and t.country != home}
