"""SARIF 2.1.0 for GitHub code scanning: one run per profile, one result per finding.

Each run names its profile in ``automationDetails.id`` (``advisor/<profile path>/``), so that
several profiles uploaded in one file are separate categories. A result points at the exact
YAML node (``%SRCROOT%``-relative path, 1-based line and column) and carries a fingerprint made
of the rule id, the subject and the field inside the subject: never a line number or a list
index, so an alert survives unrelated edits and reordering of the profile.

GitHub's limits (20 runs per file, 25,000 results per run, 1,000 rules per run, 10 MB
gzipped) are never met by truncation, because code scanning closes the alerts missing from an
upload: going over a limit is a usage error (exit 2) that says how to split the upload.
"""

from __future__ import annotations

import gzip
import hashlib
import json
import re
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any
from urllib.parse import quote

from advisor import __version__
from advisor.errors import UsageError
from advisor.render._common import (
    REPOSITORY_URL,
    is_builtin,
    md_escape,
    plain,
    rule_url,
    rules_by_id,
)

if TYPE_CHECKING:
    from advisor.engine.model import Assessment, Finding, RulesRun
    from advisor.render import Options
    from advisor.rules.models import Rule

SCHEMA_URI = (
    "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"
)
MAX_RUNS = 20
MAX_RESULTS = 25_000
MAX_RULES = 1_000
MAX_GZIP_BYTES = 10 * 1024 * 1024
LEVEL = {"critical": "error", "high": "error", "medium": "warning", "low": "note", "info": "note"}
#: GitHub's security-severity (a number as text): ≥ 9 critical, ≥ 7 high, ≥ 4 medium, else low.
SECURITY_SEVERITY = {"critical": "9.5", "high": "8.0", "medium": "5.5", "low": "3.0", "info": "1.0"}
FINGERPRINT = "advisorFinding/v1"
_INDEXED = re.compile(r"^materials\[\d+\](?:\.suppliers\[\d+\])?\.?")


def render(assessments: Sequence[Assessment], options: Options) -> str:
    """A SARIF log with one run per assessment; UsageError if GitHub's limits are exceeded."""
    if len(assessments) > MAX_RUNS:
        raise UsageError(
            f"SARIF: {len(assessments)} profiles, but GitHub code scanning accepts at most "
            f"{MAX_RUNS} runs (one per profile) in one file; check the profiles in groups of "
            f"{MAX_RUNS} or fewer and upload each file"
        )
    log = {
        "$schema": SCHEMA_URI,
        "version": "2.1.0",
        "runs": [_run(a, options) for a in assessments],
    }
    text = json.dumps(log, indent=2, ensure_ascii=False) + "\n"
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


def _run(a: Assessment, options: Options) -> dict[str, Any]:
    path = options.path(a.source)
    if len(a.findings) > MAX_RESULTS:
        raise UsageError(
            f"SARIF: {path} has {len(a.findings):,} findings, more than the {MAX_RESULTS:,} "
            "results GitHub code scanning accepts per run; raise --min-severity or split the "
            "profile"
        )
    rules = _rules(a, options)
    index = {rule["id"]: i for i, rule in enumerate(rules)}
    run: dict[str, Any] = {
        "tool": {"driver": _driver(rules)},
        "automationDetails": {"id": f"advisor/{path}/"},
        "columnKind": "unicodeCodePoints",
        "results": [_result(f, index[f.rule_id], quote(path)) for f in a.findings],
        "properties": _run_properties(a, options),
    }
    if a.rules_run is not None:
        run["invocations"] = [_invocation(a.rules_run)]
    return run


def _invocation(ran: RulesRun) -> dict[str, Any]:
    """Which rules ran, where code scanning shows it: a notification (a warning when rules were
    disabled or the built-in pack left out) and an override per disabled rule."""
    switched_off = bool(ran.disabled) or not ran.builtin_loaded
    out: dict[str, Any] = {
        "executionSuccessful": True,
        "toolConfigurationNotifications": [
            {
                "descriptor": {"id": "advisor.rules-run"},
                "level": "warning" if switched_off else "note",
                "message": {"text": ran.text()},
            }
        ],
    }
    if ran.disabled:
        out["ruleConfigurationOverrides"] = [
            {"descriptor": {"id": rule}, "configuration": {"enabled": False},
             "properties": {"disabledBy": pack}}
            for rule, pack in ran.disabled
        ]  # fmt: skip
    return out


def _driver(rules: list[dict[str, Any]]) -> dict[str, Any]:
    return {
        "name": "advisor",
        "version": __version__,
        "semanticVersion": __version__,
        "informationUri": REPOSITORY_URL,
        "rules": rules,
    }


def _run_properties(a: Assessment, options: Options) -> dict[str, Any]:
    props: dict[str, Any] = {
        "company": a.company,
        "asOf": a.as_of,
        "score": plain(a.score.value),
        "band": a.band,
        "rules": a.versions.get("rules", ""),
        "referenceData": a.versions.get("reference_data", ""),
    }
    if options.timestamp is not None:
        props["timestamp"] = options.timestamp
    return props


def _rules(a: Assessment, options: Options) -> list[dict[str, Any]]:
    """Every rule evaluated (or, over GitHub's limit, every rule with a result), sorted by id."""
    known = rules_by_id(options)
    ids = {r for r, _ in a.evaluated} | {f.rule_id for f in a.findings}
    if len(ids) > MAX_RULES:
        ids = {f.rule_id for f in a.findings}
    if len(ids) > MAX_RULES:
        raise UsageError(
            f"SARIF: findings of {len(ids):,} rules, more than the {MAX_RULES:,} rules GitHub "
            "code scanning accepts per run; disable rules or split the rule packs"
        )
    first = {f.rule_id: f for f in reversed(a.findings)}
    return [_rule(rule_id, known.get(rule_id), first.get(rule_id)) for rule_id in sorted(ids)]


def _rule(rule_id: str, rule: Rule | None, finding: Finding | None) -> dict[str, Any]:
    """A reportingDescriptor from the rule (or, without its metadata, from one of its findings)."""
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
    if rule is None or is_builtin(rule):
        out["helpUri"] = rule_url(rule_id, name)
    out["defaultConfiguration"] = {"level": LEVEL[severity]}
    out["properties"] = {
        "tags": ["supply-chain", "critical-minerals", category],
        "precision": "high",
        "problem.severity": LEVEL[severity] if LEVEL[severity] != "note" else "recommendation",
        "security-severity": SECURITY_SEVERITY[severity],
    }
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


def fingerprint(f: Finding) -> str:
    """A hash of rule id, subject and the field inside the subject: no line, no list index."""
    inner = _INDEXED.sub("", f.location.field)
    key = "\x00".join((f.rule_id, f.subject, inner))
    return hashlib.sha256(key.encode("utf-8")).hexdigest()[:32]


def _result(f: Finding, rule_index: int, uri: str) -> dict[str, Any]:
    loc = f.location
    text = f.message if f.status == "fired" else f"Missing data: {f.message}"
    if f.status == "fired" and f.recommendation:
        text = f"{text.rstrip('.')}. What to do: {f.recommendation}"
    return {
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
