"""What `advisor check` keeps of a file once it is assessed: what its report formats read.

A check that renders a format building one document of every file (SARIF, JUnit, json, table,
markdown) holds every file's results until it prints, so a full assessment per file makes
memory grow with the number of files (``lines`` and ``github`` are written a file at a time
and hold none: :mod:`advisor.cli.check_report`). What each format reads is in its spec
(:attr:`advisor.render.spec.Spec.reads`): the default ``lines`` format reads a dozen values of
each finding; SARIF and JUnit a few more; the json, table and markdown formats everything.
:func:`keep` cuts an assessment down to what the chosen formats read, in the worker that made
it, before it is sent back; a test renders every format from a full and a cut assessment and
requires the same bytes.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace
from typing import TYPE_CHECKING, Any

from advisor.render.spec import ALL

if TYPE_CHECKING:
    from advisor.engine.assess.model import Assessment, Finding, Location

#: A finding's values a format may do without, and what stands in for them.
_FINDING_BLANKS: Mapping[str, Any] = {
    "rule_name": "",
    "category": "",
    "scope": "",
    "material": None,
    "supplier": None,
    "message": "",
    "recommendation": "",
    "action": "",
    "evidence": {},
    "parameters": {},
    "missing": (),
    "cause": "other",
    "note": None,
    "deadline_days": None,
    "urgent": False,
}
#: An assessment's values that only the formats reading everything use (``evaluated`` aside).
_ASSESSMENT_BLANKS: Mapping[str, Any] = {
    "materials": (),
    "recommendations": (),
    "company_facts": {},
    "stale": (),
    "suppliers": (),
    "stories": (),
    "assumptions": (),
    "stress_tests": (),
}


def keep(a: Assessment, needs: frozenset[str] | None) -> Assessment:
    """*a* with only what *needs* (:func:`advisor.render.spec.reads` of the formats) says is
    read; *a* itself for ALL."""
    if needs is ALL:
        return a
    places: dict[Location, Location] = {}  # one of each place: many findings share one
    findings = tuple(_finding(f, needs, places) for f in a.findings)
    evaluated = a.evaluated if "evaluated" in needs else ()
    if "evaluated.rules" in needs and "evaluated" not in needs:
        evaluated = tuple({rule: (rule, subject) for rule, subject in a.evaluated}.values())
    return replace(a, findings=findings, evaluated=evaluated, **_ASSESSMENT_BLANKS)


def _finding(f: Finding, needs: frozenset[str], places: dict[Location, Location]) -> Finding:
    from advisor.engine.assess.scoring import Score

    cut = {k: v for k, v in _FINDING_BLANKS.items() if k not in needs}
    if "score.terms" not in needs:  # the value ranks; the terms and formula are explanation
        cut["score"] = Score(f.score.value, ())
    cut["location"] = places.setdefault(f.location, f.location)
    return _copy(f, cut)


def _copy(f: Finding, changes: dict[str, Any]) -> Finding:
    """``dataclasses.replace(f, **changes)`` without running ``__init__`` again (a tenth of the
    time: a check copies every finding of every file); a class without a ``__dict__`` (slots)
    is replaced the usual way."""
    if not hasattr(f, "__dict__"):
        return replace(f, **changes)
    copy = object.__new__(type(f))
    values = vars(copy)
    values.update(vars(f))
    values.update(changes)
    return copy


__all__ = ["ALL", "keep"]
