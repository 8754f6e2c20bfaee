"""`advisor simulate` and `advisor scenarios` as a user runs them: outputs, schema, exit codes."""

from __future__ import annotations

import json
from importlib import resources
from pathlib import Path
from typing import Any

import pytest
from cli_support import advisor
from jsonschema import Draft202012Validator

ROOT = Path(__file__).resolve().parents[2]
DATA = ROOT / "tests" / "data" / "simulate"
EV = "examples/ev-motor-maker.yaml"
WORKED = "tests/data/simulate/worked.yaml"
WORKED_SCENARIO = "tests/data/simulate/worked-scenario.yaml"


@pytest.fixture(autouse=True)
def _at_root(monkeypatch: pytest.MonkeyPatch) -> None:
    """The paths above are relative to the repository root: run each test from there."""
    monkeypatch.chdir(ROOT)


def schema(name: str) -> Draft202012Validator:
    text = resources.files("advisor.schemas").joinpath(name).read_text("utf-8")
    return Draft202012Validator(
        json.loads(text), format_checker=Draft202012Validator.FORMAT_CHECKER
    )


def test_json_is_valid_against_the_shipped_schema(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = advisor(capsys, "simulate", EV, "--all", "--format", "json")
    assert code == 0
    document: dict[str, Any] = json.loads(out)
    schema("simulation.schema.json").validate(document)
    assert [s["scenario"]["id"] for s in document["simulations"]][:3] == [
        "cd-cobalt-export-stop", "cn-ban-to-headquarters", "cn-licence-stop"]  # fmt: skip
    again = advisor(capsys, "simulate", EV, "--all", "--format", "json")[1]
    assert again == out  # byte-identical


def test_the_assessment_schema_embeds_the_simulation_schema() -> None:
    sim = json.loads(resources.files("advisor.schemas").joinpath("simulation.schema.json")
                     .read_text("utf-8"))["$defs"]  # fmt: skip
    whole = json.loads(resources.files("advisor.schemas").joinpath("assessment.schema.json")
                       .read_text("utf-8"))["$defs"]  # fmt: skip
    assert {k: whole[k] for k in sim} == sim


def test_assess_with_scenarios_adds_stress_tests(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = advisor(capsys, "assess", EV, "--with-scenarios", "--format", "json")
    assert code == 0
    document = json.loads(out)
    schema("assessment.schema.json").validate(document)
    tests = document["assessments"][0]["stress_tests"]
    assert len(tests) == 8
    md = advisor(capsys, "assess", EV, "--scenario", "cn-licence-stop", "-f", "markdown")[1]
    assert "## Stress tests" in md and "### Stress test: China stops granting" in md
    assert '```mermaid\nxychart-beta\n    title "Stock of dy-alloy, kg"' in md
    table = advisor(capsys, "assess", EV, "--scenario", "cn-licence-stop")[1]
    assert "Stress test cn-licence-stop" in table and "✗" in table
    plain = advisor(capsys, "assess", EV, "--format", "json")[1]
    assert "stress_tests" not in json.loads(plain)["assessments"][0]


def test_the_table_shows_a_stock_bar(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = advisor(capsys, "simulate", EV, "-s", "cn-licence-stop")
    assert code == 0
    bars = [line for line in out.splitlines() if line.startswith("  day 0 |")]
    assert len(bars) == 2 and all(line.endswith("✗✗✗| day 63") for line in bars)
    assert "runs out on day 20 (2026-07-20)" in out
    assert all(len(line) <= 80 for line in out.splitlines())


def test_markdown_has_a_table_and_a_chart(capsys: pytest.CaptureFixture[str]) -> None:
    out = advisor(capsys, "simulate", WORKED, "-s", WORKED_SCENARIO, "-f", "markdown")[1]
    assert (
        "| dy-oxide (Dy) | 60% | 50 d | 90 d | day 50 (2026-02-20) | 2.4 t | EUR 3,720,000 |" in out
    )
    assert '    x-axis "day" 0 --> 120' in out and "    line [3, 2.4, 1.8, 1.2, 0.6, 0, 0," in out


def test_fail_if_runs_out_within(capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = advisor(capsys, "simulate", EV, "-s", "cn-licence-stop",
                           "--fail-if-runs-out-within", "30")  # fmt: skip
    assert code == 1
    assert "dy-alloy runs out on day 20 under cn-licence-stop (limit 30 days)" in err
    assert advisor(capsys, "simulate", EV, "-s", "cn-licence-stop",
                   "--fail-if-runs-out-within", "19")[0] == 0  # fmt: skip


def test_start_and_duration_change_the_run(capsys: pytest.CaptureFixture[str]) -> None:
    out = advisor(capsys, "simulate", EV, "-s", "cn-licence-stop", "--start", "2025-01-01",
                  "-f", "json")[1]  # fmt: skip
    (sim,) = json.loads(out)["simulations"]
    assert sim["start"] == "2025-01-01" and not any(m["affected"] for m in sim["materials"])
    out = advisor(capsys, "simulate", EV, "-s", "cn-licence-stop", "--duration", "500",
                  "-f", "json")[1]  # fmt: skip
    (sim,) = json.loads(out)["simulations"]
    assert sim["duration_days"] == 500
    assert sim["notes"] == ["duration set to 500 days (the scenario says 63)"]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["-s", "nope"], "no built-in scenario 'nope'"),
        ([], "name a scenario with --scenario NAME"),
        (["-s", "cn-licence-stop", "--start", "2026-02-30"], "--start: expected a date"),
        (
            ["-s", "cn-licence-stop", "-f", "sarif"],
            "'sarif' is not one of table, markdown, json",
        ),
        (["-s", "tests/data/simulate/bad-scenario.yaml"], "bad-scenario.yaml:5:16: duration_days"),
    ],
)
def test_bad_input_is_exit_2_with_one_line_each(
    capsys: pytest.CaptureFixture[str], args: list[str], message: str
) -> None:
    code, out, err = advisor(capsys, "simulate", EV, *args)
    assert code == 2 and out == "" and message in err and "Traceback" not in err


def test_scenarios_list_show_validate(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = advisor(capsys, "scenarios", "list")
    assert code == 0 and len(out.splitlines()) == 8
    assert "cn-licence-stop                  63 d  China stops granting" in out
    out = advisor(capsys, "scenarios", "show", "cn-licence-stop")[1]
    assert "duration: 63 days" in out and "sources:" in out and "assumptions:" in out
    code, out, _ = advisor(capsys, "scenarios", "validate", WORKED_SCENARIO)
    assert code == 0 and out == f"{WORKED_SCENARIO}: ok\n"
    code, _, err = advisor(capsys, "scenarios", "validate", "tests/data/simulate/bad-scenario.yaml")
    assert code == 2 and err.count("bad-scenario.yaml:") == 5


def test_check_fails_when_a_material_runs_out_within_the_limit(
    capsys: pytest.CaptureFixture[str],
) -> None:
    args = ("check", EV, "--fail-on", "none", "--scenario", "cn-licence-stop")
    code, out, err = advisor(capsys, *args, "--fail-if-runs-out-within", "90")
    assert code == 1 and "ADV" in out  # the usual report is still written
    assert (
        "examples/ev-motor-maker.yaml:61:5: stress cn-licence-stop [dy-alloy] runs out on day 20 "
        "(2026-07-20) (limit 90 days)" in err
    )
    assert advisor(capsys, *args, "--fail-if-runs-out-within", "10")[0] == 0
    battery = ("check", "examples/battery-maker.yaml", "--fail-on", "none")
    assert advisor(capsys, *battery, "--scenario", "cn-licence-stop")[0] == 0
    code, _, err = advisor(capsys, *battery, "--fail-if-runs-out-within", "3")
    assert code == 2 and "--fail-if-runs-out-within needs --scenario NAME" in err
