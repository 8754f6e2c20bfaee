"""What changed between two data releases, as text for a terminal or a log (`advisor data
changes`): every value on one visible line (:mod:`advisor.escape`), long values cut. The
profiles' part is the risk diff of ``advisor diff`` (:mod:`advisor.render.diff_text`), with the
findings present in both releases that scored differently."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

from advisor import escape
from advisor.render.diff_text import profile_lines

if TYPE_CHECKING:
    from advisor.engine.assess.diff_model import DataChanges, EntryChange, Rescored
    from advisor.render import Options

#: Longest value the text shows; JSON keeps every value whole.
MAX_VALUE = 100
_MARK = {"added": "+", "removed": "-", "changed": "~"}


def render(changes: DataChanges, options: Options) -> str:
    """Plain text: the data entries that changed by section, then the risk diff of each profile
    whose findings or scores changed."""
    lines = [f"advisor data changes: {changes.old} → {changes.new}",
             f"compared: {', '.join(changes.compared)}"]  # fmt: skip
    if changes.profiles:
        lines.append(changes.planning.text())
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
