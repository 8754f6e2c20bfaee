"""One line per finding, like a linter: `path:line:col: severity RULE [subject] message`.

The default of `advisor check`, for CI logs and pre-commit hooks. Files that could not be
checked come first (``path:line:col: error: field: problem``), then notes about waivers, then
the findings; waived findings and those known from a baseline are counted, not listed. Every
value is made one visible line (:func:`advisor.escape.visible`) and no line can be a CI
command (:func:`advisor.escape.guard`).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from advisor.engine.scoring import severity_rank
from advisor.escape import guard, visible
from advisor.render._common import rules_ran

if TYPE_CHECKING:
    from advisor.engine.model import Assessment
    from advisor.errors import Problem
    from advisor.render import Notice, Options


def render(assessments: Sequence[Assessment], options: Options) -> str:
    """Findings at or above --min-severity, sorted by file and line, then a summary: each
    profile's score, which rules ran (active of built-in, what was disabled and by which pack),
    and with --fail-on the count of failing findings."""
    floor = severity_rank(options.min_severity)
    lines = [_error(p) for p in options.errors]
    lines += [_notice(n) for n in options.notices]
    total = 0
    for a in assessments:
        shown = [f for f in a.findings if severity_rank(f.severity) >= floor and f.gating]
        shown.sort(key=lambda f: (f.location.line, f.location.col, f.rule_id, f.subject))
        for f in shown:
            loc = f.location
            kind = "missing data: " if f.status == "missing" else ""
            lines.append(
                visible(f"{loc.file}:{loc.line}:{loc.col}: {f.severity} {f.rule_id} ")
                + visible(f"[{f.subject}] {kind}{f.message}")
            )
        total += len(shown)
        counts = ", ".join(f"{n} {s}" for s, n in a.counts().items() if n) or "no findings"
        data = a.versions.get("reference_data", "")
        lines.append(
            f"{visible(a.source)}: risk {a.score.value:.0f}/100 ({a.band}), {counts}"
            + (f"; reference data {data}" if data else "")
        )
    lines += [visible(text) for text in rules_ran(assessments)]
    if options.fail_on:
        failing = sum(
            1
            for a in assessments
            for f in a.findings
            if severity_rank(f.severity) >= severity_rank(options.fail_on) and f.gating
        )
        lines.append(
            f"{failing} finding(s) at or above {options.fail_on} in {len(assessments)} profile(s)"
        )
    return guard("\n".join(lines) + "\n")


def _error(p: Problem) -> str:
    if p.line <= 0:
        return visible(f"{p.file}: error: {p.message}")
    return visible(f"{p.file}:{p.line}:{p.col}: error: {p.field}: {p.message}")


def _notice(n: Notice) -> str:
    where = f"{n.file}:{n.line}: " if n.file else ""
    return visible(f"{where}{n.level}: {n.message}")
