"""The risk diff as JSON (`advisor diff --format json`): scores rounded to 6 places, fixed
key order, no timestamps."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from advisor.render._common import number
from advisor.render._json import dumps, rules_run

if TYPE_CHECKING:
    from advisor.engine.assess.diff_model import Diff, ProfileDiff
    from advisor.engine.assess.model import Finding
    from advisor.render import Options


def render(diff: Diff, options: Options) -> str:
    """The diff as one JSON document."""
    return dumps(as_data(diff)) + "\n"


def as_data(diff: Diff) -> dict[str, Any]:
    """The diff as plain JSON-ready data: what :func:`render` prints."""
    return {
        "base": diff.base,
        "head": diff.head,
        "increased": diff.increased,
        "planning_assumption": {"assume": diff.planning.assume, "chosen": diff.planning.chosen},
        "rules_differ": diff.rules_differ,
        "fails": diff.fails,
        "rules": None
        if diff.before is None or diff.after is None
        else {
            "base": {**rules_run(diff.before.rules), "config": diff.before.config},
            "head": {**rules_run(diff.after.rules), "config": diff.after.config},
        },
        "profiles": [_profile(p) for p in diff.profiles],
    }


def _profile(p: ProfileDiff) -> dict[str, Any]:
    return {
        "profile": p.path,
        "company": p.company,
        "before": _score(p.before),
        "after": _score(p.after),
        "materials": [
            {"id": m, "before": _score(b), "after": _score(a)} for m, b, a in p.materials
        ],
        "new": [_finding(f) for f in p.new],
        "resolved": [_finding(f) for f in p.resolved],
        "moved": [{"what": m.what, "before": m.before, "after": m.after} for m in p.moves],
    }


def _finding(f: Finding) -> dict[str, Any]:
    return {
        "rule": f.rule_id,
        "subject": f.subject,
        "severity": f.severity,
        "message": f.message,
        "line": f.location.line,
    }


def _score(value: float | None) -> float | int | None:
    return None if value is None else number(value)
