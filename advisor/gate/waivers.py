"""Waivers: a finding accepted for a stated reason until a date, after which it fails again.

A waivers file lists ``rule`` + ``subject`` (a material id, or ``material/supplier``) with a
``reason`` and an ``until`` date (both required), an optional ``owner`` and an optional
``profile`` glob; a profile line may carry an inline one,
``# advisor: ignore[ADV001] reason until=2027-06-30``, that covers the findings pointing at that
line. A waived finding stays in the report, marked suppressed, and does not fail the gate. An
expired waiver waives nothing, fails the gate and says so; a waiver that matched no finding is
listed as unused (when only named files are checked, as pre-commit does, only the waivers one of
them could have matched: its glob and its subject). Inline waivers can be forbidden
(``--no-inline-waivers``): they are then ignored, each with a note.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Annotated

from pydantic import BaseModel, ConfigDict, Field, StringConstraints

from advisor.engine.assess.model import Assessment, Finding, Suppression
from advisor.errors import Problem, UsageError
from advisor.profile.fields import Date
from advisor.render import Notice

if TYPE_CHECKING:
    from advisor.rules.packs import RuleSet

Text = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=500)]


class WaiverSpec(BaseModel):
    """One waiver in a waivers file."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    rule: Annotated[Text, Field(description="Rule id, name or alias.")]
    subject: Annotated[Text, Field(description="Material id, or material/supplier.")]
    reason: Annotated[Text, Field(description="Why the finding is accepted.")]
    until: Annotated[Date, Field(description="Last day the waiver holds, YYYY-MM-DD.")]
    owner: Annotated[Text | None, Field(description="Who answers for it.")] = None
    profile: Annotated[Text | None, Field(description="Glob of the profiles it covers.")] = None


class WaiverFile(BaseModel):
    """A waivers file."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    waivers: list[WaiverSpec] = []


@dataclass(frozen=True)
class Waiver:
    """A waiver, from a file or a profile comment, and where it is written."""

    rules: tuple[str, ...]
    reason: str
    until: dt.date
    kind: str  # "external" | "inSource"
    file: str
    line: int
    subject: str | None = None
    owner: str = ""
    profile: str | None = None

    @property
    def where(self) -> str:
        """``path:line`` of the waiver."""
        return f"{self.file}:{self.line}"

    def label(self) -> str:
        """``ADV001 [dy-alloy]`` for messages."""
        return ",".join(self.rules) + (f" [{self.subject}]" if self.subject else "")


def load_file(path: str, rules: RuleSet) -> tuple[Waiver, ...]:
    """The waivers of the file at *path*; UsageError (exit 2) lists every problem in it."""
    from advisor.profile.build import build
    from advisor.yaml.loader import load_file as load_yaml

    doc = load_yaml(path)
    if doc.data is None:
        return ()
    spec = build(doc, WaiverFile, UsageError)
    out: list[Waiver] = []
    problems: list[Problem] = []
    for i, w in enumerate(spec.waivers):
        rule = rules.find(w.rule)
        if rule is None:
            hint = rules.suggest(w.rule)
            more = f" (did you mean {hint!r}?)" if hint else ""
            problems.append(doc.problem(("waivers", i, "rule"), f"no rule {w.rule!r}{more}"))
            continue
        line = doc.loc(("waivers", i))[0]
        out.append(
            Waiver((rule.id,), w.reason, w.until, "external", path, line, w.subject,
                   w.owner or "", w.profile)
        )  # fmt: skip
    if problems:
        raise UsageError(problems=problems)
    return tuple(out)


_INLINE = re.compile(
    r"(?:^|(?<=[\r\n])|[ \t])(#)[ \t]*advisor:[ \t]*ignore\[([^\]\r\n]*)\]([^\r\n]*)"
)
#: A line break as YAML counts them: CR LF, CR or LF (the others are refused before parsing).
_BREAK = re.compile(r"\r\n?|\n")
_UNTIL = re.compile(r"(?:^|\s)until=(\S*)")
_OWNER = re.compile(r"(?:^|\s)owner=(\S*)")


def inline(text: str, source: str) -> tuple[tuple[Waiver, ...], tuple[Problem, ...]]:
    """The ``# advisor: ignore[...]`` comments of a profile's text, and their problems.

    Only a real YAML comment waives: a ``#`` inside a quoted or block scalar (a supplier named
    ``"X # advisor: ignore[ADV001] ..."``) is text, found so from the YAML scanner's tokens. A
    comment covers the findings of its own line only."""
    if "advisor:" not in text:
        return (), ()
    candidates = list(_INLINE.finditer(text))
    if not candidates:
        return (), ()
    scalars = _scalar_spans(text)
    if scalars is None:  # not YAML: the loader reports it; nothing is waived
        return (), ()
    found: list[Waiver] = []
    problems: list[Problem] = []
    starts = _line_starts(text)
    for match in candidates:
        at = match.start(1)
        if _inside(scalars, at):
            continue
        number, col = _line_col(starts, at)
        waiver, message = _parse_inline(match.group(2), match.group(3), source, number)
        if waiver is not None:
            found.append(waiver)
        else:
            problems.append(Problem(number, col, "advisor: ignore", message, source))
    return tuple(found), tuple(problems)


def _line_col(starts: list[int], at: int) -> tuple[int, int]:
    """The 1-based line and column of offset *at*, given the offsets *starts* at which lines
    start (0 first)."""
    import bisect

    line = bisect.bisect_right(starts, at)
    return line, at - starts[line - 1] + 1


def _line_starts(text: str) -> list[int]:
    """Where each line of *text* starts, counting line breaks as YAML does (a file with CR
    line ends puts a comment on the line its findings name)."""
    return [0, *(m.end() for m in _BREAK.finditer(text))]


def _scalar_spans(text: str) -> tuple[list[int], list[int]] | None:
    """The (starts, ends) character offsets of every scalar token of *text*, in order; None if
    the text cannot be scanned as YAML."""
    import yaml

    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    starts: list[int] = []
    ends: list[int] = []
    try:
        for token in yaml.scan(text, Loader=loader):
            if isinstance(token, yaml.ScalarToken):
                starts.append(token.start_mark.index)
                ends.append(token.end_mark.index)
    except yaml.YAMLError:
        return None
    return starts, ends


def _inside(spans: tuple[list[int], list[int]], at: int) -> bool:
    import bisect

    starts, ends = spans
    i = bisect.bisect_right(starts, at) - 1
    return i >= 0 and at < ends[i]


def _parse_inline(ids: str, rest: str, source: str, line: int) -> tuple[Waiver | None, str]:
    rules = tuple(r.strip().upper() for r in ids.split(",") if r.strip())
    if not rules or not all(re.fullmatch(r"[A-Z]{2,6}[0-9]{3}", r) for r in rules):
        return None, "name the rule ids in the brackets, e.g. ignore[ADV001]"
    until = _UNTIL.search(rest)
    owner = _OWNER.search(rest)
    reason = _OWNER.sub(" ", _UNTIL.sub(" ", rest)).strip()
    if not reason:
        return None, "an inline waiver needs a reason: ignore[ADV001] why until=YYYY-MM-DD"
    if until is None:
        return None, "an inline waiver needs an expiry date: add until=YYYY-MM-DD"
    try:
        day = dt.date.fromisoformat(until.group(1))
    except ValueError:
        return None, f"until={until.group(1)!r} is not a date as YYYY-MM-DD"
    who = owner.group(1) if owner else ""
    return Waiver(rules, reason, day, "inSource", source, line, owner=who), ""


@dataclass(frozen=True)
class Applied:
    """The assessments with waived findings marked, and what became of each waiver."""

    assessments: tuple[Assessment, ...]
    used: Mapping[Waiver, int]
    expired: tuple[Waiver, ...]
    unused: tuple[Waiver, ...]
    forbidden: tuple[Waiver, ...]

    def notices(self) -> list[Notice]:
        """What a user must hear about the waivers: expired (an error), forbidden, unused."""
        return notices(self.expired, self.forbidden, self.unused)


def notices(
    expired: Sequence[Waiver], forbidden: Sequence[Waiver], unused: Sequence[Waiver]
) -> list[Notice]:
    """The notes on expired (an error), forbidden and unused waivers, in that order."""
    out = [
        Notice("error", f"waiver for {w.label()} expired on {w.until.isoformat()}"
               f"{_by(w)}; renew it with a new date, or fix the finding", w.file, w.line)
        for w in expired
    ]  # fmt: skip
    out += [
        Notice("warning", f"inline waiver for {w.label()} ignored: inline waivers are not "
               "allowed here (--no-inline-waivers); put it in the waivers file",
               w.file, w.line)
        for w in forbidden
    ]  # fmt: skip
    out += [
        Notice("warning", f"waiver for {w.label()} matched no finding; remove it",
               w.file, w.line)
        for w in unused
    ]  # fmt: skip
    return out


def _by(w: Waiver) -> str:
    return f" (owner {w.owner})" if w.owner else ""


def apply(
    assessments: Sequence[Assessment],
    waivers: Sequence[Waiver],
    today: dt.date,
    paths: Mapping[str, str],
    allow_inline: bool = True,
) -> Applied:
    """Mark each finding a live waiver covers; *paths* maps a source to its report path."""
    waiving = Waiving(waivers, today, paths, allow_inline)
    out = tuple(waiving.mark(a) for a in assessments)
    return Applied(out, waiving.used, *waiving.outcome())


class Waiving:
    """Waivers applied one file at a time, in the order the files come: the same marks and
    notes as :func:`apply` over all of them, keeping between files only the waivers given up
    front (the waivers file) and the inline waivers that end up in a note."""

    def __init__(
        self,
        waivers: Sequence[Waiver],
        today: dt.date,
        paths: Mapping[str, str],
        allow_inline: bool = True,
        subset: bool = False,
    ) -> None:
        self.today, self.paths, self.allow_inline = today, paths, allow_inline
        #: Checking a subset of the profiles: a waiver given up front is judged unused only
        #: if one of the profiles checked could have matched it (its glob, its subject).
        self.subset = subset
        self.could: set[Waiver] = set()
        self.forbidden, self.expired, active = self._split(waivers)
        #: How many findings each waiver given up front covers.
        self.used = dict.fromkeys(active, 0)
        #: Findings waived so far, by every waiver.
        self.waived = 0
        self._unused: list[Waiver] = []

    def _split(self, waivers: Sequence[Waiver]) -> tuple[list[Waiver], list[Waiver], list[Waiver]]:
        """*waivers* as (forbidden, expired, active)."""
        forbidden = [w for w in waivers if w.kind == "inSource" and not self.allow_inline]
        live = [w for w in waivers if w not in forbidden]
        return (
            forbidden,
            [w for w in live if w.until < self.today],
            [w for w in live if w.until >= self.today],
        )

    def mark(
        self, a: Assessment, inline: Sequence[Waiver] = (), subjects: Collection[str] = ()
    ) -> Assessment:
        """*a* with each finding the first live waiver covers marked waived: a waiver given up
        front, else one of *inline*, the file's own comments. *subjects* are those its rules
        were evaluated on: the waivers given up front that could match one of them."""
        forbidden, expired, active = self._split(inline)
        self.forbidden += forbidden
        self.expired += expired
        own = dict.fromkeys(active, 0)
        order = [*self.used, *own]
        report = self.paths.get(a.source, a.source)
        if self.subset:
            self.could.update(w for w in self.used if _could(w, subjects, report))
        findings = []
        for f in a.findings:
            w = next((w for w in order if _covers(w, f, a.source, report)), None)
            if w is not None:
                counts = self.used if w in self.used else own
                counts[w] += 1
                self.waived += 1
                f = replace(f, suppression=_suppression(w, self.paths))
            findings.append(f)
        self._unused += [w for w, n in own.items() if n == 0]
        return replace(a, findings=tuple(findings))

    def outcome(self) -> tuple[tuple[Waiver, ...], tuple[Waiver, ...], tuple[Waiver, ...]]:
        """(expired, unused, forbidden) once every file is marked."""
        judged = [w for w in self.used if not self.subset or w in self.could]
        unused = [w for w in judged if self.used[w] == 0] + self._unused
        return tuple(self.expired), tuple(unused), tuple(self.forbidden)

    def notices(self) -> list[Notice]:
        """The notes of :meth:`Applied.notices`, once every file is marked."""
        expired, unused, forbidden = self.outcome()
        return notices(expired, forbidden, unused)


def _could(w: Waiver, subjects: Collection[str], report: str) -> bool:
    """True if waiver *w* (given up front) could match a finding of the profile at *report*
    whose rules were evaluated on *subjects*."""
    from advisor.gate.scan import matches

    return w.subject in subjects and (w.profile is None or matches(report, [w.profile]))


def _covers(w: Waiver, f: Finding, source: str, report: str) -> bool:
    if f.rule_id not in w.rules:
        return False
    if w.kind == "inSource":
        return w.file == source and f.location.line == w.line
    if w.subject != f.subject:
        return False
    if w.profile is None:
        return True
    from advisor.gate.scan import matches

    return matches(report, [w.profile])


def _suppression(w: Waiver, paths: Mapping[str, str]) -> Suppression:
    where = f"{paths.get(w.file, w.file)}:{w.line}"
    return Suppression(w.kind, w.reason, w.until.isoformat(), w.owner, where)
