"""What changed between two data releases, as text for a terminal or a log, or as JSON.

Pure functions of a :class:`~advisor.gate.data_changes.DataChanges`. The text shows every value
on one visible line (:mod:`advisor.escape`), long values cut; the JSON keeps them whole. The
profiles' part is the risk diff of ``advisor diff`` (:mod:`advisor.gate.diff_render`), with the
findings present in both releases that scored differently.
"""

from __future__ import annotations

import json
from typing import Any

from advisor import escape
from advisor.gate.data_changes import DataChanges, EntryChange, ProfileChange, Rescored
from advisor.gate.diff_render import as_data, profile_lines
from advisor.render._common import number
from advisor.render._json import dumps

#: Longest value the text shows; JSON keeps every value whole.
MAX_VALUE = 100
_MARK = {"added": "+", "removed": "-", "changed": "~"}


def text(changes: DataChanges) -> str:
    """Plain text: the data entries that changed by section, then the risk diff of each profile
    whose findings or scores changed."""
    lines = [f"advisor data changes: {changes.old} → {changes.new}",
             f"compared: {', '.join(changes.compared)}"]  # fmt: skip
    if not changes.entries:
        lines.append("no data entry changed")
    section = ""
    for entry in changes.entries:
        if entry.section != section:
            section = entry.section
            lines += ["", f"{section}:"]
        lines += _entry(entry)
    if changes.profiles:
        lines += ["", *_profiles(changes)]
    return "\n".join(escape.line(line) for line in lines) + "\n"


def _entry(entry: EntryChange) -> list[str]:
    out = [f"  {_MARK[entry.change]} {entry.key} ({entry.change})"]
    out += [f"      {f.field}: {_value(f.before)} → {_value(f.after)}" for f in entry.fields]
    return out


def _value(value: Any) -> str:
    if value is None:
        return "(none)"
    shown = value if isinstance(value, str) else json.dumps(value, ensure_ascii=False)
    return escape.bounded(shown, MAX_VALUE)


def _profiles(changes: DataChanges) -> list[str]:
    out: list[str] = []
    for p in (p for p in changes.profiles if p.changed):
        out += [*profile_lines(p.diff), *(_rescored(r) for r in p.rescored), ""]
    count, total = sum(p.changed for p in changes.profiles), len(changes.profiles)
    verdict = (f"findings or scores changed for {count} of {total} profile(s)" if count
               else f"no finding or score of the {total} profile(s) changed")  # fmt: skip
    increased = "; risk increased" if changes.increased else ""
    return [*out, verdict + increased]


def _rescored(r: Rescored) -> str:
    a, b = r.before, r.after
    return (f"  * {b.rule_id} [{b.subject}] {a.severity} {a.score.value:.1f} → "
            f"{b.severity} {b.score.value:.1f}")  # fmt: skip


def as_json(changes: DataChanges) -> str:
    """The changes as JSON: every entry with its fields, and each profile's risk diff."""
    risk = as_data(changes.risk())
    profiles = [
        {**body, "changed": p.changed, "rescored": [_rescored_data(r) for r in p.rescored]}
        for body, p in zip(risk["profiles"], changes.profiles, strict=True)
    ]
    out = {
        "old": changes.old,
        "new": changes.new,
        "compared": list(changes.compared),
        "data": [_entry_data(e) for e in changes.entries],
        "changed": changes.changed,
        "increased": changes.increased,
        "profiles": profiles,
    }
    return dumps(out) + "\n"


def _entry_data(entry: EntryChange) -> dict[str, Any]:
    return {
        "section": entry.section,
        "key": entry.key,
        "change": entry.change,
        "fields": [{"field": f.field, "before": f.before, "after": f.after} for f in entry.fields],
    }


def _rescored_data(r: Rescored) -> dict[str, Any]:
    return {
        "rule": r.after.rule_id,
        "subject": r.after.subject,
        "before": {"severity": r.before.severity, "score": number(r.before.score.value)},
        "after": {"severity": r.after.severity, "score": number(r.after.score.value)},
        "line": r.after.location.line,
    }


__all__ = ["ProfileChange", "as_json", "text"]
