"""The stock model: days of cover raised to what the findings ask for, each need with its
reason, and a stockpile policy adopted where none covers the mineral."""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from advisor.engine.advise.change import Change, Outcome, days, replace_material, share
from advisor.profile.model import Inventory, Mineral, Profile, Stockpile
from advisor.rules.condition_tree import Ref
from advisor.rules.conditions import resolve

if TYPE_CHECKING:
    from advisor.engine.assess.model import Finding
    from advisor.rules.models import Rule


def stock_needs(findings: Sequence[Finding], rules: Mapping[str, Rule]) -> list[tuple[int, str]]:
    """What the stock findings ask for, in days of cover, each with its reason: the threshold
    each finding's rule declares for days of cover (its gap), and the stock that bridges the
    time to recover the supply it exposes."""
    needs: list[tuple[int, str]] = []
    for f in findings:
        e = f.evidence  # the bridges read facts; the rule's thresholds come from its gap
        rule = rules.get(f.rule_id)
        target = cover_target(rule, f) if rule is not None else None
        if target is not None:
            needs.append(target)
        needs += _bridge(
            e,
            "time_to_recover_days",
            "top_supplier_share",
            f"replacing {e.get('top_supplier') or 'the largest supplier'}",
        )
        needs += _bridge(
            e,
            "country_loss_recover_days",
            "country_loss_share",
            f"supply back after {e.get('country_loss_country') or 'it'} stops",
        )
        needs += _bridge(
            e,
            "control_change_recover_days",
            "control_change_share",
            "supply back after the returning control",
        )
    return needs


#: Days of cover is the fact a stock rule measures; its gap names the cover the rule asks for.
COVER = "days_of_cover"
#: How the built-in stock rules' thresholds are named in a recommendation; another rule's
#: threshold is named by its own parameter or fact and rule id.
REASONS = {
    "ADV009": "one export-licence cycle",
    "ADV010": "the just-in-case target",
    "ADV012": "the company's own target",
}


def cover_target(rule: Rule, finding: Finding) -> tuple[int, str] | None:
    """The days of cover *rule* asks for (the threshold of its gap on days of cover, as the
    rule's pack sets it), with its reason; None if the rule declares none or it is unknown."""
    gap = rule.gap
    if gap is None or gap.value != COVER or gap.direction != "below":
        return None
    value, _ = resolve(gap.threshold, finding.evidence, finding.parameters)
    if not _num(value):
        return None
    name = gap.threshold.name if isinstance(gap.threshold, Ref) else "threshold"
    return math.ceil(value), REASONS.get(rule.id, f"the {name} of {rule.id}")


def _bridge(e: Mapping[str, Any], recover: str, exposed: str, why: str) -> list[tuple[int, str]]:
    """Stock that bridges *recover* days for the *exposed* share: recover × share."""
    r, s = e.get(recover), e.get(exposed)
    if not isinstance(r, (int, float)) or not isinstance(s, (int, float)) or s <= 0:
        return []
    return [(math.ceil(r * s), f"{why}, {days(r)} × {share(s)} of volume")]


def _num(value: object) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)


#: Days of cover a modelled stockpile policy sets (the article's just-in-case target).
POLICY_DAYS = 90
#: The action whose findings say that no stockpile policy covers the mineral.
POLICY_ACTION = "adopt-stockpile-policy"


def raise_stock(change: Change) -> Outcome | None:
    """Days of cover raised to the largest need of the findings the action answers; where no
    policy covers the mineral, a policy of POLICY_DAYS that covers it is adopted too."""
    needs = stock_needs(change.findings, change.rules)
    policy = any(f.action == POLICY_ACTION for f in change.findings)
    material = change.material
    cover = change.facts.get("days_of_cover")
    if policy:
        needs.append((_policy_days(change.profile), "the stockpile policy to adopt"))
    if not needs:
        return None
    target = max(n for n, _ in needs)
    adopt = (
        f"adopt a stockpile policy of {days(_policy_days(change.profile))} that covers "
        f"{material.mineral.value}"
    )
    if policy and isinstance(cover, (int, float)) and cover >= target:  # the policy alone
        text = f"{adopt[0].upper()}{adopt[1:]} and fund it as a strategic reserve."
        profile = _cover_mineral(change.profile, material.mineral)
        return Outcome(profile, f"stockpile policy adopted for {material.mineral.value}", text)
    inventory = Inventory(days_of_cover=Decimal(target))
    update = {"inventory": inventory}
    profile = replace_material(
        change.profile, change.index or 0, material.model_copy(update=update)
    )
    if policy:
        profile = _cover_mineral(profile, material.mineral)
    reasons = "; ".join(f"{why}: {days(n)}" for n, why in sorted(set(needs), reverse=True))
    start = f"from {days(cover)} " if isinstance(cover, (int, float)) else ""
    text = (
        f"{_deadline(change.findings)}raise {material.id} stock {start}to {days(target)} of "
        f"cover, the most the findings ask for ({reasons}), "
        + (f"{adopt} " if policy else "")
        + "and fund it as a strategic reserve; "
        "a qualified second source shortens the time to recover and so the stock needed."
    )
    text = text[0].upper() + text[1:]
    note = f"stock raised to {days(target)} of cover" + (", policy adopted" if policy else "")
    return Outcome(profile, note, text)


def _policy_days(profile: Profile) -> int:
    current = profile.programmes.stockpile
    return int(current.target_days) if current is not None else POLICY_DAYS


def _cover_mineral(profile: Profile, mineral: Mineral) -> Profile:
    """The profile with its stockpile policy covering *mineral* (a new one if none)."""
    current = profile.programmes.stockpile
    if current is None:
        policy = Stockpile(target_days=POLICY_DAYS, minerals=[mineral])
    elif not current.minerals or mineral in current.minerals:
        return profile
    else:
        policy = current.model_copy(update={"minerals": [*current.minerals, mineral]})
    programmes = profile.programmes.model_copy(update={"stockpile": policy})
    return profile.model_copy(update={"programmes": programmes})


def _deadline(findings: Sequence[Finding]) -> str:
    """``Act within 26 days (… may return on 2026-11-27): `` for the most urgent finding."""
    urgent = [f for f in findings if f.urgent and f.deadline_days is not None]
    if not urgent:
        return ""
    first = min(urgent, key=lambda f: (f.deadline_days or 0.0, f.rule_id))
    change = first.evidence.get("control_change")
    left = days(first.deadline_days or 0.0)
    return f"Act within {left} ({change}): " if isinstance(change, str) else f"Act within {left}: "
