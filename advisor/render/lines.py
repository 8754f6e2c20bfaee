"""One line per finding, like a linter: `path:line:col: severity RULE [subject] message`.

The default of `advisor check`, for CI logs and pre-commit hooks. Files that could not be
checked come first (``path:line:col: error: field: problem``), then notes about waivers, then
the findings; waived findings and those known from a baseline are counted, not listed. Every
value is made one visible line (:func:`advisor.escape.visible`) and no line can be a CI
command (:func:`advisor.escape.guard`).

The report is written one file at a time (:class:`Stream`): each profile's lines as it is
checked, the errors and notes before them and the totals after them once every file is in.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from advisor.engine.assess.scoring import severity_rank
from advisor.escape import guard, visible
from advisor.render._common import fails

if TYPE_CHECKING:
    from advisor.engine.assess.model import Assessment
    from advisor.errors import Problem
    from advisor.render import Notice, Options


def render(assessments: Sequence[Assessment], options: Options) -> str:
    """Findings at or above --min-severity, sorted by file and line, then a summary: each
    profile's score, which rules ran (active of built-in, what was disabled and by which pack),
    and with --fail-on the count of failing findings."""
    stream = Stream()
    body = "".join([stream.add(a, options) for a in assessments])
    return stream.head(options) + body + stream.tail(options)


class Stream:
    """The report one profile at a time (:class:`advisor.render.FileStream`): what it keeps
    between files is two counts and the distinct "rules: …" lines."""

    def __init__(self) -> None:
        self.profiles = 0
        self.failing = 0
        self.rules: dict[str, None] = {}

    def add(self, a: Assessment, options: Options) -> str:
        """The lines of one profile: its shown findings by line, then its score."""
        floor = severity_rank(options.min_severity)
        shown = [f for f in a.findings if severity_rank(f.severity) >= floor and f.gating]
        shown.sort(key=lambda f: (f.location.line, f.location.col, f.rule_id, f.subject))
        lines = []
        for f in shown:
            loc = f.location
            kind = "missing data: " if f.status == "missing" else ""
            lines.append(
                visible(f"{loc.file}:{loc.line}:{loc.col}: {f.severity} {f.rule_id} ")
                + visible(f"[{f.subject}] {kind}{f.message}")
            )
        counts = ", ".join(f"{n} {s}" for s, n in a.counts().items() if n) or "no findings"
        data = a.versions.get("reference_data", "")
        lines.append(
            f"{visible(a.source)}: risk {a.score.value:.0f}/100 ({a.band}), {counts}"
            + (f"; reference data {data}" if data else "")
            + f"; {a.planning.text()}"
        )
        self.profiles += 1
        if options.fail_on:
            self.failing += sum(1 for f in a.findings if fails(f, options))
        if a.rules_run is not None:
            self.rules.setdefault(a.rules_run.text())
        return _text(lines)

    def head(self, options: Options) -> str:
        """The files that could not be checked, then the notes about waivers."""
        return _text([_error(p) for p in options.errors] + [_notice(n) for n in options.notices])

    def tail(self, options: Options) -> str:
        """Which rules ran, and with --fail-on the count of failing findings."""
        lines = [visible(text) for text in self.rules]
        if options.fail_on:
            lines.append(
                f"{self.failing} finding(s) at or above {options.fail_on} in {self.profiles} "
                "profile(s)"
            )
        if not (lines or self.profiles or options.errors or options.notices):
            return "\n"  # a report of nothing is one empty line
        return _text(lines)


def _text(lines: list[str]) -> str:
    """*lines*, each ending with a line feed, none a CI command (:func:`advisor.escape.guard`
    works line by line, so the parts of a report can be guarded one by one)."""
    return guard("".join(line + "\n" for line in lines))


def _error(p: Problem) -> str:
    if p.line <= 0:
        return visible(f"{p.file}: error: {p.message}")
    return visible(f"{p.file}:{p.line}:{p.col}: error: {p.field}: {p.message}")


def _notice(n: Notice) -> str:
    where = f"{n.file}:{n.line}: " if n.file else ""
    return visible(f"{where}{n.level}: {n.message}")
