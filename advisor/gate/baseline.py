"""Baselines: today's findings recorded by fingerprint, so that a gate fails only on new ones.

A finding's key is its profile's report path (relative to the repository root) and its
fingerprint (rule id, subject and the field inside the subject: no line, no list index), so a
baseline survives edits elsewhere in the profile and reordering of its lists. Compared with a
baseline, each current finding is *new* or *known* (SARIF ``baselineState`` ``new`` or
``unchanged``), and each baseline entry no longer found is *fixed*. The file is JSON with sorted
entries, so it diffs well in review.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass, replace
from typing import Any

from advisor.engine.assess.model import Assessment, fingerprint
from advisor.errors import UsageError
from advisor.render._json import dumps

#: The format of a baseline file; another number is refused.
FORMAT = 1


@dataclass(frozen=True, order=True, slots=True)
class Entry:
    """One recorded finding."""

    file: str
    fingerprint: str
    rule: str = ""
    subject: str = ""
    severity: str = ""
    title: str = ""

    @property
    def key(self) -> tuple[str, str]:
        """What a current finding is matched by."""
        return (self.file, self.fingerprint)


def entries(assessments: Sequence[Assessment], paths: Mapping[str, str]) -> list[Entry]:
    """Every finding of *assessments* as a baseline entry, sorted."""
    found = {
        Entry(paths.get(a.source, a.source), fingerprint(f), f.rule_id, f.subject, f.severity,
              f.title)
        for a in assessments
        for f in a.findings
    }  # fmt: skip
    return sorted(found)


def dump(items: Sequence[Entry]) -> str:
    """A baseline file's text."""
    body = {
        "advisor_baseline": FORMAT,
        "findings": [
            {"file": e.file, "fingerprint": e.fingerprint, "rule": e.rule, "subject": e.subject,
             "severity": e.severity, "title": e.title}
            for e in sorted(items)
        ],
    }  # fmt: skip
    return dumps(body) + "\n"


def parse(text: str, source: str) -> list[Entry]:
    """The entries of a baseline file; UsageError (exit 2) if it is not one."""
    try:
        data: Any = json.loads(text)
    except ValueError as exc:
        raise UsageError(f"{source}: not a baseline file (not JSON: {exc})") from None
    except RecursionError:
        raise UsageError(f"{source}: not a baseline file (JSON nested too deep)") from None
    if not isinstance(data, dict) or data.get("advisor_baseline") != FORMAT:
        raise UsageError(
            f"{source}: not an advisor baseline of format {FORMAT}; write one with "
            "`advisor check --write-baseline FILE`"
        )
    items = data.get("findings")
    if not isinstance(items, list):
        raise UsageError(f"{source}: 'findings' must be a list")
    out = []
    for i, item in enumerate(items):
        if not isinstance(item, dict) or not all(
            isinstance(item.get(k), str) for k in ("file", "fingerprint")
        ):
            raise UsageError(f"{source}: findings[{i}] needs 'file' and 'fingerprint' as text")
        # a check holds every entry: one copy of the texts that repeat (all but fingerprints)
        out.append(Entry(**{k: _shared(k, item.get(k, "")) for k in Entry.__dataclass_fields__}))
    return out


def _shared(key: str, value: object) -> str:
    return str(value) if key == "fingerprint" else sys.intern(str(value))


@dataclass(frozen=True)
class Compared:
    """The assessments with every finding marked new or known, and the fixed entries."""

    assessments: tuple[Assessment, ...]
    new: int
    known: int
    fixed: tuple[Entry, ...]


def compare(
    assessments: Sequence[Assessment],
    baseline: Sequence[Entry],
    paths: Mapping[str, str],
    checked: Sequence[str] | None = None,
) -> Compared:
    """Mark each finding ``new`` or ``unchanged``; entries of the files checked (*checked*,
    report paths; all files when None) that match no finding are fixed."""
    comparing = Comparing(baseline)
    out = tuple(comparing.mark(a, paths.get(a.source, a.source)) for a in assessments)
    fixed = comparing.fixed(set(checked) if checked is not None else None)
    return Compared(out, comparing.new, comparing.known, fixed)


class Comparing:
    """A baseline compared one file at a time: the same marks as :func:`compare`, keeping
    between files only counts and which of the baseline's entries and files were seen."""

    def __init__(self, baseline: Sequence[Entry]) -> None:
        self.baseline = baseline
        self.keys = {e.key for e in baseline}
        self.files = {e.file for e in baseline}
        self.new = self.known = 0
        #: The baseline's keys that a finding matched, and its files that were checked.
        self.seen: set[tuple[str, str]] = set()
        self.checked: set[str] = set()

    def mark(self, a: Assessment, report: str) -> Assessment:
        """*a*, the profile reports show as *report*, with each finding new or known."""
        if report in self.files:
            self.checked.add(report)
        findings = []
        for f in a.findings:
            key = (report, fingerprint(f))
            known = key in self.keys
            if known:
                self.seen.add(key)
            self.new, self.known = self.new + (not known), self.known + known
            findings.append(replace(f, baseline="unchanged" if known else "new"))
        return replace(a, findings=tuple(findings))

    def fixed(self, scope: Collection[str] | None) -> tuple[Entry, ...]:
        """The entries of the files in *scope* (report paths; None: all) no finding matched."""
        return tuple(
            e
            for e in sorted(self.baseline)
            if e.key not in self.seen and (scope is None or e.file in scope)
        )
