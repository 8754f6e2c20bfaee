"""What changed between two data releases, as JSON (`advisor data changes --format json`):
every data entry with its fields whole, and each profile's risk diff with its rescored
findings."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from advisor.render._common import number
from advisor.render._json import dumps
from advisor.render.diff_json import as_data

if TYPE_CHECKING:
    from advisor.engine.assess.diff_model import DataChanges, EntryChange, Rescored
    from advisor.render import Options


def render(changes: DataChanges, options: Options) -> str:
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
        "planning_assumption": {
            "assume": changes.planning.assume,
            "chosen": changes.planning.chosen,
        },
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
