"""The risk diff as plain text for a terminal (`advisor diff --format text`), one block per
profile: the score before and after, the materials that moved, new (+) and resolved (-)
findings and the numbers that changed (~)."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from advisor.engine.assess.diff_model import Diff
    from advisor.render import Options


def score(value: float | None) -> str:
    """A score as shown, or a dash where the profile or material is absent."""
    return "—" if value is None else f"{value:.0f}"


def change(before: float | None, after: float | None) -> str:
    """How a score moved: ``added``, ``removed``, ``±0``, ``▲ +3`` or ``▼ -3``."""
    if before is None:
        return "added"
    if after is None:
        return "removed"
    delta = round(after - before)
    return "±0" if delta == 0 else f"{'▲ +' if delta > 0 else '▼ '}{delta}"


def render(diff: Diff, options: Options) -> str:
    """Plain text, one block per profile."""
    lines = [f"advisor risk diff: {diff.base} → {diff.head}"]
    if not diff.profiles:
        lines.append("no profile's risk changed")
    for p in diff.profiles:
        lines += ["", f"{p.path}: risk {score(p.before)} → {score(p.after)} "
                      f"({change(p.before, p.after)})"]  # fmt: skip
        lines += [f"  {m}: {score(b)} → {score(a)} ({change(b, a)})" for m, b, a in p.materials]
        lines += [f"  + {f.severity} {f.rule_id} [{f.subject}] {f.message}" for f in p.new]
        lines += [f"  - {f.severity} {f.rule_id} [{f.subject}] {f.message}" for f in p.resolved]
        lines += [f"  ~ {m.what}: {m.before} → {m.after}" for m in p.moves]
    lines.append("")
    lines.append("risk increased" if diff.increased else "risk did not increase")
    return "\n".join(lines) + "\n"
