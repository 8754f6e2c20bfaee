"""Each severity maps to its SARIF level, on real rendered SARIF.

critical and high are ``error``, medium is ``warning``, low and info are ``note``: for a
result (the finding's severity) and for a rule's ``defaultConfiguration`` (the rule's severity).
Asserted per severity against this table, not through a golden file.
"""

from __future__ import annotations

import json
from dataclasses import replace

import pytest
from gate_support import assert_valid_sarif
from render_support import example, render, ruleset

from advisor.render import Format
from advisor.rules.severity import SEVERITIES

LEVELS = {"critical": "error", "high": "error", "medium": "warning", "low": "note", "info": "note"}


def test_the_table_covers_every_severity() -> None:
    assert set(LEVELS) == set(SEVERITIES)


@pytest.mark.parametrize("severity", SEVERITIES)
def test_a_findings_severity_is_its_result_level(severity: str) -> None:
    a = example("ev-motor-maker")
    fired = next(f for f in a.findings if f.status == "fired")
    one = replace(a, findings=(replace(fired, severity=severity),))
    log = json.loads(render(Format.sarif, one))
    assert_valid_sarif(log)
    (result,) = log["runs"][0]["results"]
    assert result["properties"]["severity"] == severity
    assert result["level"] == LEVELS[severity]


def test_a_rules_severity_is_its_default_level() -> None:
    log = json.loads(render(Format.sarif, example("ev-motor-maker")))
    severity = {r.id: r.severity for r in ruleset().rules}
    rules = log["runs"][0]["tool"]["driver"]["rules"]
    assert rules
    for rule in rules:
        assert rule["defaultConfiguration"]["level"] == LEVELS[severity[rule["id"]]], rule["id"]
