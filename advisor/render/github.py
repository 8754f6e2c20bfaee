"""GitHub Actions workflow commands: one annotation per finding, on the profile line.

``::error file=…,line=…,col=…,title=…::message``: critical and high findings are errors,
medium warnings, low and info notices. GitHub shows at most 10 annotations of each level per
step, so the 10 highest-ranked findings of each level are annotated and a last line says how
many were left out; the CLI appends the full markdown report to ``$GITHUB_STEP_SUMMARY``.
Values are escaped as the runner requires (``%``, CR and LF everywhere; also ``:`` and ``,``
in properties), so a profile value cannot end a command or start another; before that every
value is made visible (:func:`advisor.escape.visible`: zero-width, bidirectional and control
characters are shown as ``\\uXXXX``).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from advisor.engine.scoring import severity_rank
from advisor.escape import visible
from advisor.render._common import ranked, rules_ran

if TYPE_CHECKING:
    from advisor.engine.model import Assessment, Finding
    from advisor.errors import Problem
    from advisor.render import Notice, Options

#: Annotations GitHub shows per level (error, warning, notice) per step.
PER_LEVEL = 10
LEVELS = ("error", "warning", "notice")
LEVEL = {"critical": "error", "high": "error", "medium": "warning", "low": "notice",
         "info": "notice"}  # fmt: skip


def escape_data(text: str) -> str:
    """A command's message: ``%`` → ``%25``, CR → ``%0D``, LF → ``%0A``."""
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(text: str) -> str:
    """A command property value: as :func:`escape_data`, and ``:`` → ``%3A``, ``,`` → ``%2C``."""
    return escape_data(text).replace(":", "%3A").replace(",", "%2C")


def render(assessments: Sequence[Assessment], options: Options) -> str:
    """Annotations for the highest-ranked findings (10 per level), then a summary line."""
    floor = severity_rank(options.min_severity)
    above = [f for f in ranked(assessments) if severity_rank(f.severity) >= floor]
    findings = [f for f in above if f.gating]
    chosen: list[Finding] = []
    left_out = dict.fromkeys(LEVELS, 0)
    for f in findings:
        level = LEVEL[f.severity]
        if sum(1 for c in chosen if LEVEL[c.severity] == level) < PER_LEVEL:
            chosen.append(f)
        else:
            left_out[level] += 1
    lines = [_error(p, options) for p in options.errors]
    lines += [_notice(n, options) for n in options.notices]
    lines += [command(f, options) for f in chosen]
    lines += [_profile_line(a, options) for a in assessments]
    lines += [f"advisor: {visible(text)}" for text in rules_ran(assessments)]
    summary = _summary(len(findings), chosen, left_out)
    waived = sum(1 for f in above if f.suppression is not None)
    known = sum(1 for f in above if f.suppression is None and not f.gating)
    if waived or known:
        summary += f"; not counted: {waived} waived, {known} known from the baseline"
    if options.errors:
        files = len({p.file for p in options.errors})
        summary += f"; {files} file(s) could not be checked"
    lines.append(summary)
    return "\n".join(lines) + "\n"


def _error(p: Problem, options: Options) -> str:
    props = [f"file={escape_property(visible(options.path(p.file)))}"]
    if p.line > 0:
        props += [f"line={p.line}", f"col={max(1, p.col)}"]
    props.append(f"title={escape_property('advisor: file not checked')}")
    text = f"{p.field}: {p.message}" if p.field and p.line > 0 else p.message
    return f"::error {','.join(props)}::{escape_data(visible(text))}"


def _notice(n: Notice, options: Options) -> str:
    level = {"error": "error", "warning": "warning"}.get(n.level, "notice")
    props = []
    if n.file:
        props += [
            f"file={escape_property(visible(options.path(n.file)))}",
            f"line={max(1, n.line)}",
        ]
    props.append(f"title={escape_property('advisor waiver')}")
    return f"::{level} {','.join(props)}::{escape_data(visible(n.message))}"


def command(f: Finding, options: Options) -> str:
    """The workflow command that annotates *f*."""
    loc = f.location
    props = [
        f"file={escape_property(visible(options.path(loc.file)))}",
        f"line={max(1, loc.line)}",
        f"col={max(1, loc.col)}",
        f"title={escape_property(visible(f'{f.rule_id} {f.title}'))}",
    ]
    subject, message = visible(f.subject), visible(f.message)
    text = f"[{subject}] {message}"
    if f.status == "missing":
        text = f"[{subject}] missing data: {message}"
    elif f.recommendation:
        text += f"\nWhat to do: {visible(f.recommendation)}"
    return f"::{LEVEL[f.severity]} {','.join(props)}::{escape_data(text)}"


def _profile_line(a: Assessment, options: Options) -> str:
    counts = ", ".join(f"{n} {s}" for s, n in a.counts().items() if n) or "no findings"
    text = f"{visible(options.path(a.source))}: risk {a.score.value:.0f}/100 ({a.band}), {counts}"
    data = a.versions.get("reference_data", "")
    text += f"; reference data {data}" if data else ""
    return "advisor: " + " ".join(text.splitlines())


def _summary(total: int, chosen: Sequence[Finding], left_out: dict[str, int]) -> str:
    made = ", ".join(
        f"{sum(1 for f in chosen if LEVEL[f.severity] == level)} {level}" for level in LEVELS
    )
    text = f"advisor: {total} finding(s), annotated {made}"
    skipped = {k: v for k, v in left_out.items() if v}
    if skipped:
        more = ", ".join(f"{n} {level}" for level, n in skipped.items())
        text += (
            f"; {more} not annotated (GitHub shows {PER_LEVEL} per level per step; the job "
            "summary has the full report)"
        )
    return text
