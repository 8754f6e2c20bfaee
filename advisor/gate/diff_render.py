"""The risk diff as text for a terminal, markdown for a pull-request comment, or JSON.

Pure functions of a :class:`~advisor.gate.diff.Diff`; markdown escapes every value that comes
from a profile, so a supplier's name cannot add markup or mentions to the comment.
"""

from __future__ import annotations

from typing import Any

from advisor.gate.diff import Diff, ProfileDiff
from advisor.render._common import md_escape, number
from advisor.render._json import dumps

#: New or resolved findings listed per profile; the rest are counted.
MAX_LISTED = 20


def _score(value: float | None) -> str:
    return "—" if value is None else f"{value:.0f}"


def _change(before: float | None, after: float | None) -> str:
    if before is None:
        return "added"
    if after is None:
        return "removed"
    delta = round(after - before)
    return "±0" if delta == 0 else f"{'▲ +' if delta > 0 else '▼ '}{delta}"


def text(diff: Diff) -> str:
    """Plain text, one block per profile."""
    lines = [f"advisor risk diff: {diff.base} → {diff.head}", diff.planning.text()]
    if not diff.profiles:
        lines.append("no profile's risk changed")
    for p in diff.profiles:
        lines += [
            "",
            f"{p.path}: risk {_score(p.before)} → {_score(p.after)} ({_change(p.before, p.after)})",
        ]
        lines += [f"  {m}: {_score(b)} → {_score(a)} ({_change(b, a)})" for m, b, a in p.materials]
        lines += [f"  + {f.severity} {f.rule_id} [{f.subject}] {f.message}" for f in p.new]
        lines += [f"  - {f.severity} {f.rule_id} [{f.subject}] {f.message}" for f in p.resolved]
        lines += [f"  ~ {m.what}: {m.before} → {m.after}" for m in p.moves]
    lines.append("")
    lines.append("risk increased" if diff.increased else "risk did not increase")
    return "\n".join(lines) + "\n"


def markdown(diff: Diff) -> str:
    """A pull-request comment body: a summary table, then the details of each profile."""
    out = [f"### advisor risk diff: {md_escape(diff.base)} → {md_escape(diff.head)}", ""]
    out += [md_escape(diff.planning.text()), ""]
    if not diff.profiles:
        return "\n".join([*out, "No profile's risk changed.", ""])
    out += ["| Profile | Risk before | Risk after | Change |", "|---|---:|---:|---:|"]
    out += [
        f"| `{p.path}` | {_score(p.before)} | {_score(p.after)} | {_change(p.before, p.after)} |"
        for p in diff.profiles
    ]
    for p in diff.profiles:
        out += _profile_md(p)
    verdict = "**Risk increased.**" if diff.increased else "Risk did not increase."
    return "\n".join([*out, "", verdict, ""])


def _profile_md(p: ProfileDiff) -> list[str]:
    out = ["", f"#### `{p.path}` ({md_escape(p.company)})", ""]
    if p.materials:
        out += ["| Material | Before | After | Change |", "|---|---:|---:|---:|"]
        out += [
            f"| {md_escape(m)} | {_score(b)} | {_score(a)} | {_change(b, a)} |"
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
        out += [f"- {md_escape(m.what)}: {m.before} → {m.after}" for m in p.moves]
    return out


def as_json(diff: Diff) -> str:
    """The diff as JSON (scores rounded to 6 places)."""

    def finding(f: Any) -> dict[str, Any]:
        return {
            "rule": f.rule_id,
            "subject": f.subject,
            "severity": f.severity,
            "message": f.message,
            "line": f.location.line,
        }

    def score(value: float | None) -> float | int | None:
        return None if value is None else number(value)

    body = {
        "base": diff.base,
        "head": diff.head,
        "increased": diff.increased,
        "planning_assumption": {"assume": diff.planning.assume, "chosen": diff.planning.chosen},
        "profiles": [
            {
                "profile": p.path,
                "company": p.company,
                "before": score(p.before),
                "after": score(p.after),
                "materials": [
                    {"id": m, "before": score(b), "after": score(a)} for m, b, a in p.materials
                ],
                "new": [finding(f) for f in p.new],
                "resolved": [finding(f) for f in p.resolved],
                "moved": [{"what": m.what, "before": m.before, "after": m.after} for m in p.moves],
            }
            for p in diff.profiles
        ],
    }
    return dumps(body) + "\n"
