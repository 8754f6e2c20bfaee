"""JUnit XML: one test suite per profile, one test case per rule evaluated on a subject.

Passes are test cases too, so a CI dashboard shows what was checked, not only what failed.
A finding at or above ``--fail-on`` (``high`` when ``--fail-on`` is not given, as for
`advisor check`) is a ``<failure>``; a fired finding below it passes with the finding in
``<system-out>``; a missing-data finding below it is ``<skipped>`` (it could not be decided),
never a silent pass. A waived finding is ``<skipped type="waived">`` with its reason and expiry;
one known from a baseline passes with the finding in ``<system-out>``. Every finding is included
whatever ``--min-severity`` says. A file that could not be checked is a suite with one
``<error>`` case listing its problems; an expired waiver is a failed case of the suite
``advisor``. The document follows the Jenkins xunit ``junit-10.xsd`` (which pytest also uses):
no ``skipped`` count on ``testsuites``, no ``file`` or ``line`` on a case (the location is in
the text), a ``time`` everywhere (always 0: advisor does not time its rules, and a measured
time would make the output differ between runs). Built with ElementTree, so every value is
escaped; the output is indented and byte-stable.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from collections.abc import Sequence
from typing import TYPE_CHECKING

from advisor.escape import guard, xml_chars
from advisor.render._common import fail_floor, fails, problem_text
from advisor.rules.text import format_value

if TYPE_CHECKING:
    from advisor.engine.assess.model import Assessment, Finding
    from advisor.errors import Problem
    from advisor.render import Options

#: Every duration: advisor does not time its rules (a measured time would break byte-stability).
TIME = "0"


def render(assessments: Sequence[Assessment], options: Options) -> str:
    """A ``<testsuites>`` document with one ``<testsuite>`` per assessment, one per file that
    could not be checked, and one for expired waivers."""
    root = ET.Element("testsuites", {"name": "advisor"})
    suites = [_suite(a, options) for a in assessments]
    suites += [_error_suite(path, problems, options) for path, problems in _by_file(options.errors)]
    if any(n.level == "error" for n in options.notices):
        suites.append(_notice_suite(options))
    for key in ("tests", "failures", "errors"):
        root.set(key, str(sum(int(s.get(key, "0")) for s in suites)))
    root.set("time", TIME)
    root.extend(suites)
    ET.indent(root, space="  ")
    body = ET.tostring(root, encoding="unicode", short_empty_elements=True)
    # text nodes keep their line breaks: no line may be a CI command when this is printed
    # a file name may hold what XML forbids (ESC, BEL, bytes that are not UTF-8)
    return guard(xml_chars('<?xml version="1.0" encoding="UTF-8"?>\n' + body + "\n"))


def _suite(a: Assessment, options: Options) -> ET.Element:
    path = options.path(a.source)
    suite = ET.Element("testsuite", {"name": path})
    by_pair = {(f.rule_id, f.subject): f for f in a.findings}
    pairs = list(a.evaluated) or [(f.rule_id, f.subject) for f in a.findings]
    names = {r.id: r.name for r in options.rules} | {f.rule_id: f.rule_name for f in a.findings}
    cases = [_case(r, s, names.get(r, ""), by_pair.get((r, s)), path, options) for r, s in pairs]
    counts = {"tests": len(cases), "failures": 0, "errors": 0, "skipped": 0}
    for case in cases:
        counts["failures"] += case.find("failure") is not None
        counts["skipped"] += case.find("skipped") is not None
    for key, value in counts.items():
        suite.set(key, str(value))
    suite.set("time", TIME)
    suite.set("file", path)
    if options.timestamp is not None:
        suite.set("timestamp", options.timestamp)
    suite.append(_properties(a, options))
    suite.extend(cases)
    return suite


def _properties(a: Assessment, options: Options) -> ET.Element:
    props = ET.Element("properties")
    values = [
        ("company", a.company),
        ("as_of", a.as_of),
        ("advisor", a.versions.get("advisor", "")),
        ("rules", a.versions.get("rules", "")),
        ("reference_data", a.versions.get("reference_data", "")),
        ("planning_assumption", a.planning.text()),
        ("score", f"{a.score.value:.2f}"),
        ("band", a.band),
        ("fail_on", fail_floor(options)),
    ]
    if a.rules_run is not None:
        values.append(("rules_run", a.rules_run.text()))
    if options.timestamp is not None:
        values.append(("timestamp", options.timestamp))
    for name, value in values:
        ET.SubElement(props, "property", {"name": name, "value": value})
    return props


def _case(
    rule_id: str, subject: str, name: str, f: Finding | None, path: str, options: Options
) -> ET.Element:
    case = ET.Element(
        "testcase", {"classname": f"{rule_id} {name}".strip(), "name": subject, "time": TIME}
    )
    if f is None:
        return case
    if f.suppression is not None:
        s = f.suppression
        why = f"waived until {s.until} ({s.where}): {s.reason}"
        ET.SubElement(case, "skipped", {"type": "waived", "message": why}).text = details(f, path)
    elif fails(f, options):
        kind = "missing-data" if f.status == "missing" else f.severity
        failure = ET.SubElement(case, "failure", {"type": kind, "message": f.message})
        failure.text = details(f, path)
    elif f.status == "missing":
        ET.SubElement(case, "skipped", {"message": f"missing data: {f.message}"})
    else:
        known = "Known from the baseline.\n" if f.baseline == "unchanged" else ""
        ET.SubElement(case, "system-out").text = known + details(f, path)
    return case


def _by_file(problems: Sequence[Problem]) -> list[tuple[str, list[Problem]]]:
    grouped: dict[str, list[Problem]] = {}
    for p in problems:
        grouped.setdefault(p.file, []).append(p)
    return list(grouped.items())


def _error_suite(source: str, problems: Sequence[Problem], options: Options) -> ET.Element:
    path = options.path(source)
    attrs = {"name": path, "tests": "1", "failures": "0", "errors": "1", "skipped": "0"}
    suite = ET.Element("testsuite", {**attrs, "time": TIME, "file": path})
    case = ET.SubElement(
        suite, "testcase", {"classname": "advisor", "name": "profile is valid", "time": TIME}
    )
    message = f"{path} was not checked: {len(problems)} problem(s)"
    error = ET.SubElement(case, "error", {"type": "invalid-input", "message": message})
    error.text = "\n".join(problem_text(p) for p in problems)
    return suite


#: The test case class and failure type of an error notice, by what it is about.
_NOTICE_KINDS = {"waiver": ("advisor waivers", "expired-waiver"),
                 "data": ("advisor data", "stale-data")}  # fmt: skip


def _notice_suite(options: Options) -> ET.Element:
    errors = [n for n in options.notices if n.level == "error"]
    attrs = {"name": "advisor", "tests": str(len(errors)), "failures": str(len(errors))}
    suite = ET.Element("testsuite", {**attrs, "errors": "0", "skipped": "0", "time": TIME})
    for n in errors:
        where = f"{options.path(n.file)}:{n.line}" if n.file else "advisor"
        classname, kind = _NOTICE_KINDS.get(n.about, _NOTICE_KINDS["waiver"])
        case = ET.SubElement(suite, "testcase", {"classname": classname, "name": where,
                                                 "time": TIME})  # fmt: skip
        ET.SubElement(case, "failure", {"type": kind, "message": n.message})
    return suite


def details(f: Finding, path: str) -> str:
    """What a person needs to act on *f*: message, evidence, profile line, what to do, score."""
    loc = f.location
    lines = [f"{f.severity} {f.rule_id} {f.title}", f.message]
    if f.missing:
        lines.append("Missing: " + ", ".join(f.missing))
    if f.evidence:
        lines.append(
            "Evidence: "
            + "; ".join(f"{k} {format_value(k, v)}" for k, v in sorted(f.evidence.items()))
        )
    lines.append(f"At {path}:{loc.line}:{loc.col} ({loc.field})")
    if f.status == "fired" and f.recommendation:
        lines.append(f"What to do: {f.recommendation}")
    lines.append(f"Score {f.score.explain()}")
    return "\n".join(lines)
