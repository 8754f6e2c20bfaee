"""One problem, one story: the findings of one root cause on one material, told once.

A sole supplier that refines in China fires the single-source, single-country, processing,
export-licence, CRMA and integrated-chain rules at once; a reader must read that as one
problem. Each rule names its root cause (its ``cause``, by default from its category), and the
findings of one cause on one material (or on the company) make one :class:`Story`, with a
label, a one-line summary in plain words and the score of its worst finding. Human formats
show stories; machine formats keep every finding.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from advisor.engine.assess.model import Finding, Story
from advisor.engine.assess.scoring import problem_score, severity_rank
from advisor.rules.text import format_value

#: What each root cause is called in a report.
LABELS = {
    "dependence": "Dependence on one country or supplier",
    "compliance": "US defence sourcing rules (DFARS)",
    "stock": "Stock against the time it takes to recover",
    "contracts": "Contracts and prices",
    "data": "Missing or incomplete data",
    "programmes": "Recycling and research programmes",
}


def stories(findings: Sequence[Finding], facts: Mapping[str, Mapping[str, Any]]) -> list[Story]:
    """The problems of an assessment, worst first; *facts* are the material facts by id."""
    groups: dict[tuple[str | None, str], list[Finding]] = {}
    for f in findings:
        groups.setdefault(f.story, []).append(f)
    out = []
    for (material, cause), found in groups.items():
        worst = min(found, key=lambda f: f.sort_key)
        urgent = [f.deadline_days for f in found if f.urgent and f.deadline_days is not None]
        out.append(
            Story(
                key=story_key(material, cause),
                material=material,
                cause=cause,
                label=LABELS.get(cause, cause.replace("-", " ").capitalize()),
                summary=summary(cause, found, facts.get(material or "", {}), worst),
                severity=max((f.severity for f in found), key=severity_rank),
                score=problem_score(f.score.value for f in found),
                findings=tuple(f"{f.rule_id} {f.subject}" for f in found),
                urgent_days=min(urgent) if urgent else None,
                counted=f"{worst.rule_id} {worst.subject}",
            )
        )
    top: dict[str | None, float] = {}
    for story in out:
        top[story.material] = max(top.get(story.material, 0.0), story.score)
    out.sort(key=lambda s: (s.material is None, -top[s.material], s.material or "",
                            -s.score, -severity_rank(s.severity), s.key))  # fmt: skip
    return out


def story_key(material: str | None, cause: str) -> str:
    """``gallium-7n:dependence``, ``company:programmes``."""
    return f"{material if material is not None else 'company'}:{cause}"


def summary(cause: str, found: Sequence[Finding], facts: Mapping[str, Any], worst: Finding) -> str:
    """The problem in one line of plain words."""
    if cause == "dependence" and facts:
        parts = _dependence(facts)
        if parts:
            return "; ".join(parts)
    if cause == "stock" and facts.get("days_of_cover") is not None:
        return _stock(facts)
    return worst.title


def _dependence(facts: Mapping[str, Any]) -> list[str]:
    parts = []
    # a foreign country only: buying at home is no dependence on another country's policy
    share = facts.get("processing_foreign_top_country_share")
    country = facts.get("processing_foreign_top_country")
    shipped = facts.get("foreign_top_country_share")
    if isinstance(share, float) and share >= 0.5 and country:
        parts.append(f"{format_value('processing_top_country_share', share)} processed in "
                     f"{country}")  # fmt: skip
    elif isinstance(shipped, float) and shipped > 0.8:
        shown = format_value("top_country_share", shipped)
        parts.append(f"{shown} shipped from {facts.get('foreign_top_country')}")
    qualified = facts.get("qualified_supplier_count")
    if qualified is not None and qualified <= 1:
        who = facts.get("top_supplier")
        parts.append("one qualified supplier" + (f" ({who})" if who and qualified == 1 else ""))
    controlled = facts.get("controlled_share")
    if controlled:
        countries = ", ".join(facts.get("controlled_countries") or ())
        parts.append(f"{format_value('controlled_share', controlled)} under export controls in "
                     f"force in {countries}")  # fmt: skip
    change = facts.get("control_change")
    if change and facts.get("control_change_share"):
        parts.append(f"{change} (in {format_value('days_of_cover', facts['control_change_days'])})")
    return parts


def _stock(facts: Mapping[str, Any]) -> str:
    text = f"stock covers {format_value('days_of_cover', facts['days_of_cover'])}"
    country, words = facts.get("country_loss_country"), facts.get("country_loss_recovery")
    lost = facts.get("country_loss_share")
    if country and words and lost:
        text += (
            f"; if {country} stops, {format_value('country_loss_share', lost)} of volume stops "
            f"and supply takes {words}"
        )
    ttr = facts.get("time_to_recover_days")
    if ttr is not None and facts.get("top_supplier"):
        text += f"; replacing {facts['top_supplier']} takes {format_value('days_of_cover', ttr)}"
    return text
