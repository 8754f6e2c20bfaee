"""`advisor assess` as a user runs it: golden terminal output for each example, 80 columns without
colour when piped, --top/--min-severity/--explain, --rules/--data, and the --fail-on exit codes.

Golden files: tests/golden/table/<example>.txt; regenerate with ``ADVISOR_UPDATE_GOLDEN=1``.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
from cli_support import advisor, run_in

from advisor.engine.assess.model import Assessment
from advisor.engine.pipeline import assess
from advisor.profile.build import load_profile
from advisor.reference.load import load_reference
from advisor.render import Options
from advisor.render.table import render
from advisor.rules.load import load_rules

ROOT = Path(__file__).resolve().parents[2]
GOLDEN = ROOT / "tests" / "golden" / "table"
EXAMPLES = ["battery-maker", "electronics-maker", "ev-motor-maker", "wind-turbine-maker"]
ANSI = re.compile(r"\x1b\[")
UPDATE = os.environ.get("ADVISOR_UPDATE_GOLDEN") == "1"

#: The clean profile of tests/engine/test_engine.py in short: no findings with its inventory line.
CLEAN = """\
version: 1
as_of: 2026-06-30
company: {name: Lagerlos GmbH, sector: ev_motors, headquarters: DE, currency: EUR}
materials:
  - id: magnets
    mineral: Nd
    form: NdFeB sintered magnet
    stage: magnet_component
    annual_demand: {quantity: 100, unit: t}
    inventory: {days_of_cover: 120}
    recycled_share: 30%
    criticality: low
    suppliers:
      - {id: au, name: AU Magnets, country: AU, mining_countries: [AU], processing_countries: [AU],
         share: 40%, qualification_days: 120, contract: {type: long_term, end: 2030-12-31,
         dual_source_clause: true, price_basis: fixed}}
      - {id: us, name: US Magnets, country: US, mining_countries: [US], processing_countries: [US],
         share: 30%, qualification_days: 150, contract: {type: long_term, end: 2030-12-31,
         dual_source_clause: true, price_basis: fixed}}
      - {id: ca, name: CA Magnets, country: CA, mining_countries: [CA], processing_countries: [CA],
         share: 30%, qualification_days: 150, contract: {type: long_term, end: 2030-12-31,
         dual_source_clause: true, price_basis: fixed}}
programmes:
  stockpile: {target_days: 90, minerals: [Nd]}
  recycling: {in_house_recovery_rate: 20%}
  research_partnerships:
    - {partner: TU Example, topic: ferrite motors, minerals: [Nd], alternative_chemistry: true}
"""
INVENTORY = "    inventory: {days_of_cover: 120}\n"

#: A third-party pack whose condition compares a share with a word (line 10).
BAD_PACK = """\
pack: third-party
version: 1
rules:
  - id: TP001
    name: too-concentrated
    title: Too concentrated
    category: concentration
    severity: high
    scope: material
    when: {fact: top_country_share, op: gt, value: high}
    message: "{material_id}: too concentrated"
    action: add-second-source
    recommendation: Diversify.
    rationale: Because.
    source: {references: ["test"]}
    examples: {fail: [{top_country_share: 0.9}], pass: [{top_country_share: 0.1}]}
"""


@pytest.fixture
def at_root(monkeypatch: pytest.MonkeyPatch) -> Path:
    """Run from the project root, without colour or advisor settings from the environment."""
    monkeypatch.chdir(ROOT)
    for key in [k for k in os.environ if k.startswith("ADVISOR_") or k == "NO_COLOR"]:
        monkeypatch.delenv(key)
    return ROOT


def assessed(name: str) -> Assessment:
    profile, doc = load_profile(f"examples/{name}.yaml")
    return assess(profile, load_rules(), load_reference(), doc)


# -- golden output ----------------------------------------------------------------------------


@pytest.mark.parametrize("name", EXAMPLES)
def test_golden_table(at_root: Path, name: str) -> None:
    text = render([assessed(name)], Options(width=80, color=False))
    golden = GOLDEN / f"{name}.txt"
    if UPDATE:
        golden.parent.mkdir(parents=True, exist_ok=True)
        golden.write_text(text, encoding="utf-8", newline="\n")
    assert text == golden.read_text(encoding="utf-8"), (
        f"regenerate: ADVISOR_UPDATE_GOLDEN=1 ({name})"
    )


@pytest.mark.parametrize("name", EXAMPLES)
def test_the_command_prints_the_golden_table(
    at_root: Path, capsys: pytest.CaptureFixture[str], name: str
) -> None:
    code, out, err = advisor(capsys, "assess", f"examples/{name}.yaml")
    assert (code, err) == (0, "")
    assert out == (GOLDEN / f"{name}.txt").read_text(encoding="utf-8")


def test_golden_tables_show_what_the_issue_asks_for() -> None:
    text = (GOLDEN / "electronics-maker.txt").read_text(encoding="utf-8")
    assert "Cascade Semiconductor Systems, Inc. (electronics), data as of 2026-09-30" in text
    assert re.search(r"Overall risk \d+/100 (low|moderate|high|severe)", text)
    assert re.search(r"\d+ critical · \d+ high · \d+ medium · \d+ low · \d+ info", text)
    assert "What to do first" in text and "Risk by material" in text
    assert "at examples/electronics-maker.yaml:" in text  # the profile line it concerns
    assert "100% is processed in CN" in text  # the numbers that made it fire
    assert "ships from US" not in text  # a US buyer's US distributor: no foreign dependence


# -- as piped: 80 columns, no colour ----------------------------------------------------------


@pytest.mark.parametrize("no_color", [None, "1"], ids=["piped", "NO_COLOR"])
def test_piped_output_fits_80_columns_without_escapes(no_color: str | None) -> None:
    profiles = [f"examples/{n}.yaml" for n in EXAMPLES]
    if no_color:  # the variable does it, in this process
        result = run_in(ROOT, "assess", "--explain", *profiles, env={"COLUMNS": None})
    else:  # a real pipe does it, with no variable saying so
        env = {
            k: v
            for k, v in os.environ.items()
            if not k.startswith("ADVISOR_") and k not in ("NO_COLOR", "FORCE_COLOR", "COLUMNS")
        }
        result = subprocess.run(
            [sys.executable, "-m", "advisor", "assess", "--explain", *profiles],
            cwd=ROOT, env=env, capture_output=True, text=True, timeout=60,
        )  # fmt: skip
    assert (result.returncode, result.stderr) == (0, "")
    assert not ANSI.search(result.stdout)
    lines = result.stdout.splitlines()
    assert max(len(line) for line in lines) <= 80
    assert sum(line.startswith("Overall risk") for line in lines) == len(EXAMPLES)


@pytest.fixture
def terminal(at_root: Path, monkeypatch: pytest.MonkeyPatch) -> Callable[[int], None]:
    """Make stdout a terminal *columns* wide (call it once capsys has replaced stdout)."""

    def make(columns: int) -> None:
        monkeypatch.setattr(sys.stdout, "isatty", lambda: True)
        monkeypatch.setattr(os, "get_terminal_size", lambda *_: os.terminal_size((columns, 24)))
        monkeypatch.setenv("TERM", "xterm-256color")

    return make


def widths(out: str) -> list[int]:
    return [len(ANSI_CODE.sub("", line)) for line in out.splitlines()]


ANSI_CODE = re.compile(r"\x1b\[[0-9;]*m")


def test_colour_and_the_full_width_on_a_terminal(
    terminal: Callable[[int], None], capsys: pytest.CaptureFixture[str]
) -> None:
    terminal(100)
    code, out, _ = advisor(capsys, "assess", "examples/ev-motor-maker.yaml")
    assert code == 0
    assert ANSI.search(out)
    assert max(widths(out)) == 100
    terminal(200)
    _, out, _ = advisor(capsys, "assess", "examples/ev-motor-maker.yaml")
    assert max(widths(out)) == 120  # wide terminals are capped for readability


def test_no_color_is_honoured_on_a_terminal(
    terminal: Callable[[int], None],
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    terminal(100)
    monkeypatch.setenv("NO_COLOR", "1")
    code, out, _ = advisor(capsys, "assess", "examples/ev-motor-maker.yaml")
    assert (code, bool(ANSI.search(out))) == (0, False)
    assert "Overall risk" in out


def test_a_terminal_that_reports_no_width_still_gets_the_report(
    terminal: Callable[[int], None], capsys: pytest.CaptureFixture[str]
) -> None:
    """BUG: a pseudo-terminal without a window size (docker -t, CI runners, `script`) reports
    0 columns; the report is then rendered 0 columns wide, i.e. not at all, and exit is 0."""
    terminal(0)
    code, out, _ = advisor(capsys, "assess", "examples/ev-motor-maker.yaml", "--fail-on", "none")
    assert code == 0
    assert "Overall risk" in out
    assert max(widths(out)) <= 80


# -- the options --------------------------------------------------------------------------------


ROW = re.compile(r"\s*(\d+)\s+(critical|high|medium|low|info)\s+(\S+)")


def rows(out: str) -> list[tuple[str, ...]]:
    """(rank, severity, material) of each row of the 'What to do first' table."""
    table = out.split("What to do first", 1)[1].split("\n\n", 1)[0]
    return [m.groups() for line in table.splitlines() if (m := ROW.match(line))]


def test_top_shows_the_first_n_recommendations(
    at_root: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _, everything, _ = advisor(capsys, "assess", "examples/ev-motor-maker.yaml")
    code, out, _ = advisor(capsys, "assess", "examples/ev-motor-maker.yaml", "--top", "3")
    assert code == 0
    assert rows(out) == rows(everything)[:3]
    assert f"{len(rows(everything)) - 3} more recommendation(s) not shown (--top 3)" in out
    assert "\n4. " not in out and "\n3. " in out


def test_min_severity_hides_less_severe_recommendations(
    at_root: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, _ = advisor(
        capsys, "assess", "examples/ev-motor-maker.yaml", "--min-severity", "high"
    )
    assert code == 0
    shown = rows(out)
    assert shown and all(row[1] in ("high", "critical") for row in shown)
    assert "Risk by material" in out  # the summary still lists every material
    code, out, _ = advisor(
        capsys, "assess", "examples/battery-maker.yaml", "--min-severity", "critical"
    )
    assert "No recommendations at or above the chosen severity." in out


def test_explain_breaks_every_score_into_its_terms(
    at_root: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _, plain, _ = advisor(capsys, "assess", "examples/ev-motor-maker.yaml")
    _, out, _ = advisor(capsys, "assess", "examples/ev-motor-maker.yaml", "--explain")
    result = assessed("ev-motor-maker")
    flat = " ".join(out.split())
    assert "100 × (1 − exp(−(g(worst material) + 0.25 × mean g(other materials) + " in flat
    for f in result.findings:
        assert f"{f.rule_id} {f.score.explain()}" in flat
    assert "severity 0.75 (high)" not in plain


def test_rules_adds_and_overrides_packs(at_root: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = advisor(
        capsys,
        "assess",
        "examples/ev-motor-maker.yaml",
        "--rules",
        "examples/rules/company-policy.yaml",
    )
    assert code == 0
    flat = " ".join(out.split())
    assert "acme-policy v1" in flat
    assert "the just-in-case target is 120 days" in flat
    assert "Raise the recycled share" not in flat  # ADV017 is disabled by the pack
    assert re.search(r"[1-9]\d* critical", flat)


def test_data_overrides_the_reference_data(
    at_root: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    data = "tests/data/reference/override_ok.yaml"
    _, before, _ = advisor(capsys, "assess", "examples/electronics-maker.yaml")
    code, out, _ = advisor(capsys, "assess", "examples/electronics-maker.yaml", "--data", data)
    assert code == 0
    flat = " ".join(out.split())
    assert "reference data 2026.2+test.1 (as of 2026-12-08)" in flat
    assert "(suspension lifted early)" in flat  # Ann. 46's US ban is in force in the override
    assert "(suspension lifted early)" not in " ".join(before.split())


# -- exit codes -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "fail_on", "code"),
    [
        ("ev-motor-maker", "none", 0),
        ("ev-motor-maker", "high", 1),
        ("ev-motor-maker", "critical", 0),
        ("battery-maker", "high", 1),
        ("battery-maker", "critical", 0),
        ("battery-maker", "low", 1),
    ],
)
def test_fail_on_sets_the_exit_code(
    at_root: Path, capsys: pytest.CaptureFixture[str], name: str, fail_on: str, code: int
) -> None:
    got, out, err = advisor(capsys, "assess", f"examples/{name}.yaml", "--fail-on", fail_on)
    assert (got, err) == (code, "")
    assert "Overall risk" in out  # the report is printed whatever the exit code


def test_missing_data_fails_closed(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    clean, unstocked = tmp_path / "clean.yaml", tmp_path / "unstocked.yaml"
    clean.write_text(CLEAN, encoding="utf-8")
    unstocked.write_text(CLEAN.replace(INVENTORY, ""), encoding="utf-8")
    assert advisor(capsys, "assess", clean, "--fail-on", "low")[0] == 0
    code, out, _ = advisor(capsys, "assess", unstocked, "--fail-on", "high")
    assert code == 1
    assert "Complete the profile" in out
    assert "0 critical · 2 high · 1 medium" in out
    code, out, _ = advisor(capsys, "assess", unstocked, "--min-severity", "high")
    assert "Complete the profile" in out  # not hidden: its most severe finding is high
    code, out, _ = advisor(capsys, "check", unstocked)  # CI default: --fail-on high
    assert code == 1
    assert "high ADV010 [magnets] missing data:" in out
    assert advisor(capsys, "check", clean)[0] == 0


def test_a_pack_with_a_bad_condition_is_rejected_with_file_and_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    pack = tmp_path / "third-party.yaml"
    pack.write_text(BAD_PACK, encoding="utf-8")
    profile = ROOT / "examples" / "ev-motor-maker.yaml"
    code, out, err = advisor(capsys, "assess", profile, "--rules", pack, "--fail-on", "high")
    assert (code, out) == (2, "")
    assert err.startswith(f"{pack}:10:")
    assert "rules[0].when.value" in err and "'high'" in err
    assert "Traceback" not in err


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["nope.yaml", "--fail-on", "high"], "nope.yaml: cannot read"),
        (
            ["tests/data/profiles/bad-shares.yaml", "--fail-on", "high"],
            "tests/data/profiles/bad-shares.yaml:",
        ),
        (
            ["examples/ev-motor-maker.yaml", "--data", "tests/data/reference/bad_share.yaml"],
            "bad_share.yaml:",
        ),
        (["examples/ev-motor-maker.yaml", "--fail-on", "severe"], "Invalid value for '--fail-on'"),
    ],
)
def test_bad_input_exits_2_without_a_report(
    at_root: Path, capsys: pytest.CaptureFixture[str], args: list[str], message: str
) -> None:
    code, out, err = advisor(capsys, "assess", *args)
    assert (code, out) == (2, "")
    assert message in err
    assert "Traceback" not in err


# -- the examples get different advice ----------------------------------------------------------


def test_each_example_gets_its_own_sensible_advice(at_root: Path) -> None:
    results = {name: assessed(name) for name in EXAMPLES}
    first = {
        name: (r.recommendations[0].action, r.recommendations[0].material)
        for name, r in results.items()
    }
    assert len(set(first.values())) == len(EXAMPLES)
    scores = {name: r.score.value for name, r in results.items()}
    assert len(set(scores.values())) == len(EXAMPLES)
    # the diversified battery maker is the least exposed; the EV-motor maker, 85-100% Chinese
    # with 20 days of stock, the most
    assert min(scores, key=scores.__getitem__) == "battery-maker"
    assert max(scores, key=scores.__getitem__) == "ev-motor-maker"
    assert results["battery-maker"].band in ("low", "moderate")
    # the sole gallium distributor's contract ends in 46 days, before the US ban in principle
    # returns (58 days): it is renewed first (issue 21, item 4)
    assert first["electronics-maker"] == ("renew-contracts", "gallium-7n")
    # 20 days of dysprosium stock is less than one licence cycle: urgent
    assert first["ev-motor-maker"] == ("build-strategic-stock", "dy-alloy")
