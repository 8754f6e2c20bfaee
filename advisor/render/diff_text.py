"""The risk diff as plain text for a terminal (`advisor diff --format text`), one block per
profile: the score before and after, the materials that moved, new (+) and resolved (-)
findings and the numbers that changed (~)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from advisor.escape import guard, visible

if TYPE_CHECKING:
    from advisor.engine.assess.diff_model import Diff, ProfileDiff, Side
    from advisor.render import Options

#: Said first, in every format, when the two sides of a diff ran different rules.
DIFFERENT_RULES = (
    "the two sides ran different rules (rules disabled, severities or parameters changed, "
    "the gate switched off, or another planning assumption): their scores do not compare, "
    "and --fail-on-increase fails"
)


def score(value: float | None) -> str:
    """A score as shown, or a dash where the profile or material is absent."""
    return "—" if value is None else f"{value:.0f}"


def change(before: float | None, after: float | None) -> str:
    """How a score moved: ``added``, ``removed``, ``±0``, ``▲ +3`` or ``▼ -3``."""
    if before is None:
        return "added"
    if after is None:
        return "removed"
    delta = round(after) - round(before)  # the difference of the rounded scores shown
    return "±0" if delta == 0 else f"{'▲ +' if delta > 0 else '▼ '}{delta}"


def sides(diff: Diff) -> list[str]:
    """Which rules each side ran, in one line each (one line when they are the same)."""
    if diff.before is None or diff.after is None:
        return []
    if not diff.rules_differ:
        return [_side("", diff.after)]
    return [_side(f"base ({diff.base}) ", diff.before), _side(f"head ({diff.head}) ", diff.after)]


def planning(diff: Diff) -> list[str]:
    """The planning assumption for unknown control states, in one line (one per side when
    the two sides were assessed under different ones)."""
    b, a = diff.before, diff.after
    if b is not None and a is not None and b.planning != a.planning:
        return [
            f"base ({diff.base}) {b.planning.text()}",
            f"head ({diff.head}) {a.planning.text()}",
        ]
    return [diff.planning.text()]


def _side(label: str, side: Side) -> str:
    config = f" [config {side.config}]" if side.config else ""
    return visible(f"{label}{side.rules.text()}{config}")


def verdict(diff: Diff) -> str:
    """The last line: whether the risk went up, or that the two sides do not compare."""
    if diff.rules_differ:
        return "risk not comparable: the two sides ran different rules"
    return "risk increased" if diff.increased else "risk did not increase"


def render(diff: Diff, options: Options) -> str:
    """Plain text, one block per profile."""
    v = visible  # every value one visible line (advisor.escape): no CI command, no escape code
    lines = [f"advisor risk diff: {v(diff.base)} → {v(diff.head)}"]
    if diff.rules_differ:
        lines.append(f"WARNING: {DIFFERENT_RULES}")
    lines += [*planning(diff), *sides(diff)]
    if not diff.profiles:
        lines.append("no profile's risk changed")
    for p in diff.profiles:
        lines += ["", *profile_lines(p)]
    lines.append("")
    lines.append(verdict(diff))
    return guard("\n".join(lines) + "\n")


def profile_lines(p: ProfileDiff) -> list[str]:
    """One profile's block: its risk, the materials that moved, new (+) and resolved (-)
    findings and the numbers that changed (~)."""
    v = visible
    lines = [
        f"{v(p.path)}: risk {score(p.before)} → {score(p.after)} ({change(p.before, p.after)})"
    ]
    lines += [f"  {v(m)}: {score(b)} → {score(a)} ({change(b, a)})" for m, b, a in p.materials]
    lines += [f"  + {f.severity} {f.rule_id} [{v(f.subject)}] {v(f.message)}" for f in p.new]
    lines += [f"  - {f.severity} {f.rule_id} [{v(f.subject)}] {v(f.message)}" for f in p.resolved]
    lines += [f"  ~ {v(m.what)}: {v(str(m.before))} → {v(str(m.after))}" for m in p.moves]
    return lines
