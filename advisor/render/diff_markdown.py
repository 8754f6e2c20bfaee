"""The risk diff as markdown for a pull-request comment (`advisor diff --format markdown`): a
summary table, then the details of each profile. Every value that comes from a profile is
escaped, so a supplier's name cannot add markup or mentions to the comment."""

from __future__ import annotations

from typing import TYPE_CHECKING

from advisor.escape import guard
from advisor.render._common import md_escape
from advisor.render.diff_text import DIFFERENT_RULES, change, planning, score, sides
from advisor.render.markdown import code

if TYPE_CHECKING:
    from advisor.engine.assess.diff_model import Diff, ProfileDiff
    from advisor.render import Options

#: New or resolved findings listed per profile; the rest are counted.
MAX_LISTED = 20


def render(diff: Diff, options: Options) -> str:
    """A pull-request comment body: a summary table, then the details of each profile."""
    out = [f"### advisor risk diff: {md_escape(diff.base)} → {md_escape(diff.head)}", ""]
    if diff.rules_differ:
        out += [f"> [!WARNING]\n> **{md_escape(DIFFERENT_RULES.capitalize())}.**", ""]
    out += [*(f"{md_escape(line)}  " for line in planning(diff)), ""]
    out += [f"*Rules:* {md_escape(line)}  " for line in sides(diff)]
    out += [""] if diff.before is not None else []
    if not diff.profiles:
        verdict = "**Risk not comparable.**" if diff.rules_differ else "No profile's risk changed."
        return guard("\n".join([*out, verdict, ""]))
    out += ["| Profile | Risk before | Risk after | Change |", "|---|---:|---:|---:|"]
    out += [
        f"| {code(p.path)} | {score(p.before)} | {score(p.after)} | {change(p.before, p.after)} |"
        for p in diff.profiles
    ]
    for p in diff.profiles:
        out += _profile(p)
    verdict = "**Risk increased.**" if diff.increased else "Risk did not increase."
    if diff.rules_differ:
        verdict = "**Risk not comparable: the two sides ran different rules.**"
    return guard("\n".join([*out, "", verdict, ""]))


def _profile(p: ProfileDiff) -> list[str]:
    out = ["", f"#### {code(p.path)} ({md_escape(p.company)})", ""]
    if p.materials:
        out += ["| Material | Before | After | Change |", "|---|---:|---:|---:|"]
        out += [
            f"| {md_escape(m)} | {score(b)} | {score(a)} | {change(b, a)} |"
            for m, b, a in p.materials
        ]
        out.append("")
    for title, findings in (("New findings", p.new), ("Resolved findings", p.resolved)):
        if not findings:
            continue
        out.append(f"{title} ({len(findings)}):")
        out += [
            f"- **{f.severity} {f.rule_id}** \\[{md_escape(f.subject)}\\] {md_escape(f.message)}"
            f" (line {f.location.line})"
            for f in findings[:MAX_LISTED]
        ]
        if len(findings) > MAX_LISTED:
            out.append(f"- … and {len(findings) - MAX_LISTED} more")
        out.append("")
    if p.moves:
        out.append("Changed numbers:")
        out += [
            f"- {md_escape(m.what)}: {md_escape(str(m.before))} → {md_escape(str(m.after))}"
            for m in p.moves
        ]
    return out
