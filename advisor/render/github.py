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
from typing import TYPE_CHECKING, Any

from advisor.engine.assess.scoring import severity_rank
from advisor.escape import visible
from advisor.render._common import rank

if TYPE_CHECKING:
    from advisor.engine.assess.model import Assessment, Finding
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
    stream = Stream()
    body = "".join([stream.add(a, options) for a in assessments])
    return stream.head(options) + body + stream.tail(options)


class Stream:
    """The annotations one profile at a time (:class:`advisor.render.FileStream`): between
    files it keeps the highest-ranked findings of each level (at most a few times
    ``PER_LEVEL``), counts and the distinct "rules: …" lines; the annotations come first, once
    every file is in."""

    def __init__(self) -> None:
        #: Per level: (rank key, order seen, finding), the best ``PER_LEVEL`` among them.
        self.best: dict[str, list[tuple[tuple[Any, ...], int, Finding]]] = {
            level: [] for level in LEVELS
        }
        self.found = dict.fromkeys(LEVELS, 0)
        self.seen = self.waived = self.known = 0
        self.rules: dict[str, None] = {}

    def add(self, a: Assessment, options: Options) -> str:
        """The profile's summary line; its findings are ranked against every file's."""
        floor = severity_rank(options.min_severity)
        for f in a.findings:
            if severity_rank(f.severity) < floor:
                continue
            if not f.gating:
                self.waived += f.suppression is not None
                self.known += f.suppression is None
                continue
            level = LEVEL[f.severity]
            self.found[level] += 1
            best = self.best[level]
            best.append((rank(f), self.seen, f))
            self.seen += 1
            if len(best) > 4 * PER_LEVEL:
                best.sort(key=_rank)
                del best[PER_LEVEL:]
        if a.rules_run is not None:
            self.rules.setdefault(a.rules_run.text())
        return _profile_line(a, options) + "\n"

    def chosen(self) -> list[Finding]:
        """The findings annotated: the ``PER_LEVEL`` highest-ranked of each level, in rank
        order (ties in the order the files and their findings came)."""
        best = [
            entry for level in LEVELS for entry in sorted(self.best[level], key=_rank)[:PER_LEVEL]
        ]
        return [f for _, _, f in sorted(best, key=_rank)]

    def head(self, options: Options) -> str:
        """The files that could not be checked, the waivers' notes, then the annotations."""
        lines = [_error(p, options) for p in options.errors]
        lines += [_notice(n, options) for n in options.notices]
        lines += [command(f, options) for f in self.chosen()]
        return "".join(line + "\n" for line in lines)

    def tail(self, options: Options) -> str:
        """Which rules ran, and the summary line."""
        lines = [f"advisor: {visible(text)}" for text in self.rules]
        chosen = self.chosen()
        left_out = {
            level: self.found[level] - sum(1 for f in chosen if LEVEL[f.severity] == level)
            for level in LEVELS
        }
        summary = _summary(sum(self.found.values()), chosen, left_out)
        if self.waived or self.known:
            summary += f"; not counted: {self.waived} waived, {self.known} known from the baseline"
        if options.errors:
            files = len({p.file for p in options.errors})
            summary += f"; {files} file(s) could not be checked"
        lines.append(summary)
        return "".join(line + "\n" for line in lines)


def _rank(entry: tuple[tuple[Any, ...], int, Finding]) -> tuple[tuple[Any, ...], int]:
    return entry[0], entry[1]


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
    props.append(f"title={escape_property(f'advisor {n.about}')}")
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
    text += f"; {a.planning.text()}"
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
