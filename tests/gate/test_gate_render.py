"""What the CI gate adds to the formats: file errors, waivers, baselines; and the schemas CI
tools check them against (SARIF 2.1.0, the Jenkins xunit junit-10.xsd)."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from dataclasses import replace

import pytest
from gate_support import assert_valid_junit, assert_valid_sarif
from render_support import EXAMPLE_NAMES, example, render

from advisor.engine.assess.model import Assessment, Suppression
from advisor.errors import Problem
from advisor.render import Format, Notice

ERRORS = (
    Problem(3, 5, "materials[0].share", "must be at most 1, got 1.5", "configs/bad.advisor.yaml"),
    Problem(
        0, 0, "", "dangling symbolic link (its target does not exist)", "configs/x.advisor.yaml"
    ),
)
NOTICES = (
    Notice("error", "waiver for ADV013 [anode-graphite] expired on 2026-01-01", "waivers.yaml", 4),
    Notice("warning", "waiver for ADV001 [x] matched no finding; remove it", "waivers.yaml", 9),
)


def gated() -> Assessment:
    """The battery maker with its one high finding waived and the rest known or new."""
    a = example("battery-maker")
    waiver = Suppression("external", "second source in qualification", "2027-06-30", "ops",
                         "waivers.yaml:2")  # fmt: skip
    findings = tuple(
        replace(f, suppression=waiver if f.severity == "high" else None,
                baseline="unchanged" if i % 2 else "new")
        for i, f in enumerate(a.findings)
    )  # fmt: skip
    return replace(a, findings=findings)


@pytest.mark.parametrize("name", EXAMPLE_NAMES)
def test_junit_validates_against_the_jenkins_xsd(name: str) -> None:
    assert_valid_junit(render(Format.junit, example(name)))


def test_junit_with_errors_waivers_and_notices_validates_and_says_so() -> None:
    text = render(Format.junit, gated(), example("ev-motor-maker"), errors=ERRORS, notices=NOTICES)
    assert_valid_junit(text)
    root = ET.fromstring(text)
    assert root.get("errors") == "2" and root.get("skipped") is None
    bad = next(s for s in root.iter("testsuite") if s.get("name") == "configs/bad.advisor.yaml")
    error = bad.find("testcase/error")
    assert error is not None and error.text is not None
    assert "configs/bad.advisor.yaml:3:5: materials[0].share: must be at most 1" in error.text
    waived = [c for c in root.iter("testcase") if c.find("skipped[@type='waived']") is not None]
    assert len(waived) == 1
    expired = [c for c in root.iter("testcase") if c.find("failure[@type='expired-waiver']")
               is not None]  # fmt: skip
    assert [c.get("name") for c in expired] == ["waivers.yaml:4"]


def test_sarif_carries_errors_suppressions_and_baseline_state() -> None:
    log = json.loads(render(Format.sarif, gated(), errors=ERRORS, notices=NOTICES))
    assert_valid_sarif(log)
    (run,) = log["runs"]
    (invocation,) = run["invocations"]
    assert invocation["executionSuccessful"] is False
    texts = [n["message"]["text"] for n in invocation["toolExecutionNotifications"]]
    assert texts[0] == (
        "configs/bad.advisor.yaml was not checked: materials[0].share: must be at most 1, got 1.5"
    )
    assert "region" not in invocation["toolExecutionNotifications"][1]["locations"][0][
        "physicalLocation"]  # fmt: skip
    assert [n["level"] for n in invocation["toolConfigurationNotifications"]] == [
        "error", "warning", "note"]  # fmt: skip
    suppressed = [r for r in run["results"] if "suppressions" in r]
    assert len(suppressed) == 1
    assert suppressed[0]["suppressions"][0]["justification"] == "second source in qualification"
    assert suppressed[0]["suppressions"][0]["properties"]["until"] == "2027-06-30"
    assert {r["baselineState"] for r in run["results"]} == {"new", "unchanged"}


def test_github_and_lines_carry_errors_and_hide_what_does_not_gate() -> None:
    github = render(Format.github, gated(), errors=ERRORS, notices=NOTICES, fail_on="high")
    assert github.startswith("::error file=configs/bad.advisor.yaml,line=3,col=5,")
    assert "::error file=configs/x.advisor.yaml,title=" in github
    assert "::error file=waivers.yaml,line=4," in github
    assert "[anode-graphite] stock survives" not in github  # the waived high finding
    assert "not counted: 1 waived, " in github
    lines = render(Format.lines, gated(), errors=ERRORS, notices=NOTICES, fail_on="high")
    assert lines.splitlines()[:2] == [
        "configs/bad.advisor.yaml:3:5: error: materials[0].share: must be at most 1, got 1.5",
        "configs/x.advisor.yaml: error: dangling symbolic link (its target does not exist)",
    ]
    assert lines.rstrip().endswith("0 finding(s) at or above high in 1 profile(s)")


def test_json_carries_errors_notices_and_waivers_and_stays_valid() -> None:
    from importlib import resources

    import jsonschema

    schema = resources.files("advisor.schemas").joinpath("assessment.schema.json")
    schema_text = schema.read_text(encoding="utf-8")
    data = json.loads(render(Format.json, gated(), errors=ERRORS, notices=NOTICES))
    assert not list(jsonschema.Draft202012Validator(json.loads(schema_text)).iter_errors(data))
    assert data["schema_version"] == "1.6"
    assert [e["line"] for e in data["errors"]] == [3, 0]
    assert data["notices"][0]["level"] == "error"
    findings = data["assessments"][0]["findings"]
    assert sum(1 for f in findings if "suppression" in f) == 1
    assert {f["baseline"] for f in findings} == {"new", "unchanged"}
