"""SARIF 2.1.0 for GitHub code scanning: one run per invocation, one result per finding.

GitHub code scanning takes one run per tool and category in an upload, so every profile a
check reads goes into one run (category ``advisor/``), each result pointing at the exact YAML
node (``%SRCROOT%``-relative path, 1-based line and column) with a fingerprint made of the rule
id, the subject and the field inside the subject: never a line number or a list index, so an
alert survives unrelated edits and reordering of the profile. A waived finding carries a
``suppressions`` entry (its reason, expiry and owner); with a baseline, each result has its
``baselineState``. Files that could not be checked are ``toolExecutionNotifications`` of the
invocation, which is then not ``executionSuccessful``; expired or unused waivers are
``toolConfigurationNotifications``.

GitHub's limits (25,000 results and 1,000 rules per run, 10 MB gzipped) are never met by
truncation, because code scanning closes the alerts missing from an upload: going over a limit
is a usage error (exit 2) that says how to split the upload.
"""

from __future__ import annotations

import gzip
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any
from urllib.parse import quote

from advisor import __version__
from advisor.engine.assess.model import fingerprint
from advisor.errors import UsageError
from advisor.render._common import (
    is_builtin,
    md_escape,
    plain,
    repository_url,
    rule_url,
    rules_by_id,
)
from advisor.render._json import dumps

if TYPE_CHECKING:
    from advisor.engine.assess.model import Assessment, Finding, RulesRun, Suppression
    from advisor.errors import Problem
    from advisor.render import Notice, Options
    from advisor.rules.models import Rule

SCHEMA_URI = (
    "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"
)
MAX_RESULTS = 25_000
MAX_RULES = 1_000
MAX_GZIP_BYTES = 10 * 1024 * 1024
LEVEL = {"critical": "error", "high": "error", "medium": "warning", "low": "note", "info": "note"}
#: GitHub's security-severity (a number as text): ≥ 9 critical, ≥ 7 high, ≥ 4 medium, else low.
SECURITY_SEVERITY = {"critical": "9.5", "high": "8.0", "medium": "5.5", "low": "3.0", "info": "1.0"}
FINGERPRINT = "advisorFinding/v1"
#: The code-scanning category of every upload (``runAutomationDetails.id``).
CATEGORY = "advisor/"


def render(assessments: Sequence[Assessment], options: Options) -> str:
    """A SARIF log with one run holding every assessment's results; UsageError over GitHub's
    limits."""
    log = {"$schema": SCHEMA_URI, "version": "2.1.0", "runs": [_run(assessments, options)]}
    text = dumps(log) + "\n"
    _check_size(text)
    return text


def _check_size(text: str) -> None:
    raw = text.encode("utf-8")
    if len(raw) <= MAX_GZIP_BYTES:
        return
    size = len(gzip.compress(raw, mtime=0))
    if size > MAX_GZIP_BYTES:
        raise UsageError(
            f"SARIF: the report is {size:,} bytes gzipped, more than GitHub's upload limit of "
            f"{MAX_GZIP_BYTES:,}; check fewer profiles per upload"
        )


def _run(assessments: Sequence[Assessment], options: Options) -> dict[str, Any]:
    total = sum(len(a.findings) for a in assessments)
    if total > MAX_RESULTS:
        raise UsageError(
            f"SARIF: {total:,} findings, more than the {MAX_RESULTS:,} results GitHub code "
            "scanning accepts per run; raise --min-severity, or check the profiles in groups "
            "with a category each"
        )
    rules = _rules(assessments, options)
    index = {rule["id"]: i for i, rule in enumerate(rules)}
    baseline = any(f.baseline is not None for a in assessments for f in a.findings)
    results = [
        _result(f, index[f.rule_id], _uri(options.path(a.source)), baseline)
        for a in assessments
        for f in a.findings
    ]
    return {
        "tool": {"driver": _driver(rules)},
        "automationDetails": {"id": CATEGORY},
        "columnKind": "unicodeCodePoints",
        "invocations": [_invocation(options, assessments)],
        "artifacts": [_artifact(options.path(a.source)) for a in assessments],
        "results": results,
        "properties": _run_properties(assessments, options),
    }


def _artifact(path: str) -> dict[str, Any]:
    return {"location": {"uri": _uri(path), "uriBaseId": "%SRCROOT%"}}


def _invocation(options: Options, assessments: Sequence[Assessment] = ()) -> dict[str, Any]:
    """Whether every file could be checked, what went wrong with those that could not, and
    which rules ran (see :func:`_rules_run`)."""
    out: dict[str, Any] = {"executionSuccessful": not options.errors}
    if options.errors:
        out["toolExecutionNotifications"] = [_error(p, options) for p in options.errors]
    configuration = [_notice(n, options) for n in options.notices]
    ran = next((a.rules_run for a in assessments if a.rules_run is not None), None)
    if ran is not None:
        note, overrides = _rules_run(ran)
        configuration.append(note)
        if overrides:
            out["ruleConfigurationOverrides"] = overrides
    if configuration:
        out["toolConfigurationNotifications"] = configuration
    return out


def _place(file: str, line: int, col: int, options: Options) -> dict[str, Any]:
    where: dict[str, Any] = {"artifactLocation": {"uri": _uri(options.path(file)),
                                                  "uriBaseId": "%SRCROOT%"}}  # fmt: skip
    if line > 0:
        where["region"] = {"startLine": line, "startColumn": max(1, col)}
    return {"physicalLocation": where}


def _error(p: Problem, options: Options) -> dict[str, Any]:
    field = f"{p.field}: " if p.field and p.line > 0 else ""
    return {
        "level": "error",
        "message": {"text": f"{options.path(p.file)} was not checked: {field}{p.message}"},
        "locations": [_place(p.file, p.line, p.col, options)],
        "descriptor": {"id": "advisor/invalid-input"},
    }


def _notice(n: Notice, options: Options) -> dict[str, Any]:
    out: dict[str, Any] = {"level": n.level, "message": {"text": n.message}}
    if n.file:
        out["locations"] = [_place(n.file, n.line, 1, options)]
    return out


def _rules_run(ran: RulesRun) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    """Which rules ran, where code scanning shows it: a notification (a warning when rules were
    disabled or the built-in pack left out) and an override per disabled rule."""
    switched_off = ran.altered
    note = {
        "descriptor": {"id": "advisor/rules-run"},
        "level": "warning" if switched_off else "note",
        "message": {"text": ran.text()},
    }
    overrides = [
        {"descriptor": {"id": rule}, "configuration": {"enabled": False},
         "properties": {"disabledBy": pack}}
        for rule, pack in ran.disabled
    ]  # fmt: skip
    return note, overrides


def _driver(rules: list[dict[str, Any]]) -> dict[str, Any]:
    driver: dict[str, Any] = {
        "name": "advisor",
        "version": __version__,
        "semanticVersion": __version__,
        "rules": rules,
    }
    url = repository_url()
    if url is not None:
        driver["informationUri"] = url
    return driver


def _run_properties(assessments: Sequence[Assessment], options: Options) -> dict[str, Any]:
    profiles = [
        {
            "profile": options.path(a.source),
            "company": a.company,
            "asOf": a.as_of,
            "score": plain(a.score.value),
            "band": a.band,
            "planningAssumption": {"assume": a.planning.assume, "chosen": a.planning.chosen},
        }
        for a in assessments
    ]
    first = assessments[0].versions if assessments else {}
    props: dict[str, Any] = {
        "rules": first.get("rules", ""),
        "referenceData": first.get("reference_data", ""),
        "profiles": profiles,
    }
    if options.timestamp is not None:
        props["timestamp"] = options.timestamp
    return props


def _rules(assessments: Sequence[Assessment], options: Options) -> list[dict[str, Any]]:
    """Every rule evaluated (or, over GitHub's limit, every rule with a result), sorted by id."""
    known = rules_by_id(options)
    findings = [f for a in assessments for f in a.findings]
    ids = {r for a in assessments for r, _ in a.evaluated} | {f.rule_id for f in findings}
    if len(ids) > MAX_RULES:
        ids = {f.rule_id for f in findings}
    if len(ids) > MAX_RULES:
        raise UsageError(
            f"SARIF: findings of {len(ids):,} rules, more than the {MAX_RULES:,} rules GitHub "
            "code scanning accepts per run; disable rules or split the rule packs"
        )
    first = {f.rule_id: f for f in reversed(findings)}
    security = options.security_severity
    return [
        _rule(rule_id, known.get(rule_id), first.get(rule_id), security) for rule_id in sorted(ids)
    ]


def _rule(
    rule_id: str, rule: Rule | None, finding: Finding | None, security: bool = False
) -> dict[str, Any]:
    """A reportingDescriptor from the rule (or, without its metadata, from one of its findings);
    with *security*, a ``security-severity`` that makes GitHub file its results as security
    alerts."""
    name = rule.name if rule else (finding.rule_name if finding else rule_id.lower())
    title = rule.title if rule else (finding.title if finding else rule_id)
    severity = rule.severity if rule else (finding.severity if finding else "info")
    category = rule.category if rule else (finding.category if finding else "data")
    rationale = " ".join(rule.rationale.split()) if rule else title
    out: dict[str, Any] = {
        "id": rule_id,
        "name": name,
        "shortDescription": {"text": title},
        "fullDescription": {"text": rationale},
        "help": _help(rule_id, title, rationale, rule),
    }
    url = rule_url(rule_id, name) if rule is None or is_builtin(rule) else None
    if url is not None:
        out["helpUri"] = url
    out["defaultConfiguration"] = {"level": LEVEL[severity]}
    out["properties"] = {
        "tags": [
            "supply-chain",
            "critical-minerals",
            category,
            *(["security"] if security else []),
        ],
        "precision": "high",
        "problem.severity": LEVEL[severity] if LEVEL[severity] != "note" else "recommendation",
    }
    if security:
        out["properties"]["security-severity"] = SECURITY_SEVERITY[severity]
    return out


def _help(rule_id: str, title: str, rationale: str, rule: Rule | None) -> dict[str, str]:
    sources: list[str] = []
    if rule is not None:
        if rule.source.seed:
            sources.append(f"seed article, section \u201c{rule.source.seed}\u201d")
        sources.extend(rule.source.references)
    text = f"{rule_id} {title}\n\n{rationale}"
    markdown = f"**{rule_id} {md_escape(title)}**\n\n{md_escape(rationale)}"
    if sources:
        text += "\n\nSources: " + "; ".join(sources) + "."
        markdown += "\n\nSources:\n\n" + "\n".join(f"- {md_escape(s)}" for s in sources)
    return {"text": text, "markdown": markdown}


def _result(f: Finding, rule_index: int, uri: str, baseline: bool) -> dict[str, Any]:
    loc = f.location
    text = f.message if f.status == "fired" else f"Missing data: {f.message}"
    if f.status == "fired" and f.recommendation:
        text = f"{text.rstrip('.')}. What to do: {f.recommendation}"
    out: dict[str, Any] = {
        "ruleId": f.rule_id,
        "ruleIndex": rule_index,
        "level": LEVEL[f.severity],
        "message": {"text": text},
        "locations": [
            {
                "physicalLocation": {
                    "artifactLocation": {"uri": uri, "uriBaseId": "%SRCROOT%"},
                    "region": {"startLine": max(1, loc.line), "startColumn": max(1, loc.col)},
                },
                "logicalLocations": [{"fullyQualifiedName": loc.field, "kind": "member"}],
            }
        ],
        "partialFingerprints": {FINGERPRINT: fingerprint(f)},
        "rank": plain(f.score.value),
        "properties": {
            "severity": f.severity,
            "status": f.status,
            "subject": f.subject,
            "category": f.category,
            "score": plain(f.score.value),
            "evidence": plain(f.evidence),
            "missing": list(f.missing),
        },
    }
    if f.suppression is not None:
        out["suppressions"] = [_suppression(f.suppression)]
    if baseline:
        out["baselineState"] = "unchanged" if f.baseline == "unchanged" else "new"
    return out


def _suppression(s: Suppression) -> dict[str, Any]:
    props = {"until": s.until, "where": s.where}
    if s.owner:
        props["owner"] = s.owner
    return {"kind": s.kind, "status": "accepted", "justification": s.reason, "properties": props}


def _uri(path: str) -> str:
    """*path* as a URI reference: its bytes percent-encoded, so a file name that is not UTF-8
    (kept by Python as surrogate escapes) names the very bytes of the file."""
    try:
        raw = path.encode("utf-8", "surrogateescape")
    except UnicodeEncodeError:
        raw = path.encode("utf-8", "replace")
    return quote(raw)
