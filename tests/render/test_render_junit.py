"""JUnit XML: one test case per rule and subject evaluated; failures at or above --fail-on."""

from __future__ import annotations

import xml.etree.ElementTree as ET

import pytest
from render_support import EXAMPLE_NAMES, HOSTILE, assessed, example, render

from advisor.engine.assess.scoring import severity_rank
from advisor.render import Format


def parse(text: str) -> ET.Element:
    assert text.startswith('<?xml version="1.0" encoding="UTF-8"?>\n')
    return ET.fromstring(text.encode("utf-8"))


@pytest.mark.parametrize("name", EXAMPLE_NAMES)
def test_one_case_per_rule_and_subject_evaluated(name: str) -> None:
    a = example(name)
    root = parse(render(Format.junit, a))
    (suite,) = root.findall("testsuite")
    cases = suite.findall("testcase")
    assert len(cases) == len(a.evaluated) == int(suite.get("tests", ""))
    assert [(c.get("classname", "").split()[0], c.get("name")) for c in cases] == list(a.evaluated)
    assert root.get("tests") == suite.get("tests")


@pytest.mark.parametrize("fail_on", [None, "critical", "high", "medium", "low", "info"])
def test_failures_at_or_above_fail_on_default_high(fail_on: str | None) -> None:
    a = example("wind-turbine-maker")
    root = parse(render(Format.junit, a, fail_on=fail_on))
    (suite,) = root.findall("testsuite")
    floor = severity_rank(fail_on or "high")
    failing = [f for f in a.findings if severity_rank(f.severity) >= floor]
    below_missing = [f for f in a.findings
                     if severity_rank(f.severity) < floor and f.status == "missing"]  # fmt: skip
    assert int(suite.get("failures", "")) == len(failing) == len(suite.findall("*/failure"))
    assert int(suite.get("skipped", "")) == len(below_missing) == len(suite.findall("*/skipped"))
    assert suite.get("errors") == "0"
    props = {p.get("name"): p.get("value") for p in suite.iter("property")}
    assert props["fail_on"] == (fail_on or "high")


def test_a_failure_says_what_where_and_what_to_do() -> None:
    root = parse(render(Format.junit, example("ev-motor-maker")))
    case = next(c for c in root.iter("testcase") if c.find("failure") is not None)
    failure = case.find("failure")
    assert failure is not None and failure.text is not None
    assert case.get("file") is None and case.get("line") is None  # not in junit-10.xsd
    assert failure.get("type") == "high"
    assert "At examples/ev-motor-maker.yaml:70:7 (materials[1].suppliers)" in failure.text
    assert "What to do: " in failure.text


def test_findings_below_the_threshold_are_reported_not_hidden() -> None:
    a = example("ev-motor-maker")
    root = parse(render(Format.junit, a))
    outs = root.findall(".//system-out")
    fired_below = [f for f in a.findings if f.status == "fired" and severity_rank(f.severity) < 3]
    assert len(outs) == len(fired_below)
    (skipped,) = root.findall(".//skipped")
    assert skipped.get("message", "").startswith("missing data: dy-alloy: cannot check")


def test_properties_and_timestamp() -> None:
    root = parse(render(Format.junit, example("battery-maker"), timestamp="2031-02-03T04:05:06Z"))
    (suite,) = root.findall("testsuite")
    assert suite.get("timestamp") == "2031-02-03T04:05:06Z"
    props = {p.get("name"): p.get("value") for p in suite.iter("property")}
    assert set(props) >= {"company", "as_of", "advisor", "rules", "reference_data", "score",
                          "band", "fail_on", "timestamp"}  # fmt: skip
    (plain,) = parse(render(Format.junit, example("battery-maker"))).findall("testsuite")
    assert "timestamp" not in plain.attrib


def test_hostile_text_is_escaped() -> None:
    a = assessed(str(HOSTILE / "hostile-names.yaml"))
    root = parse(render(Format.junit, a))
    props = {p.get("name"): p.get("value") for p in root.iter("property")}
    assert props["company"] == a.company


def test_several_profiles_several_suites() -> None:
    root = parse(render(Format.junit, *(example(n) for n in EXAMPLE_NAMES)))
    suites = root.findall("testsuite")
    assert [s.get("name") for s in suites] == [f"examples/{n}.yaml" for n in EXAMPLE_NAMES]
    assert int(root.get("tests", "")) == sum(int(s.get("tests", "")) for s in suites)
    assert int(root.get("failures", "")) == sum(int(s.get("failures", "")) for s in suites)
