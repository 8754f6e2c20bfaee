"""`advisor check` as CI runs it, in a temporary git repository of profiles (in this process;
the exit codes and the parallel run also as a real process).

Mixed valid, invalid and risky files; exit codes; every format carrying the errors; waivers;
baselines from a file and from a git revision; the config file found from a subfolder, and
which value wins; serial and parallel runs giving the same bytes; the folder scan's errors.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from cli_support import run_in
from gate_support import (
    assert_valid_junit,
    assert_valid_sarif,
    commit,
    example,
    make_repo,
    run,
    write,
)

from advisor.rules.load import builtin_count

BATTERY = example("battery-maker")  # one high finding: ADV013 [anode-graphite] at 25:16
EV = example("ev-motor-maker")
HIGH = "configs/battery.advisor.yaml:25:16: high ADV013 [anode-graphite]"


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    """A repository of two profiles and YAML that is not a profile."""
    return make_repo(tmp_path / "repo", {
        "configs/battery.advisor.yaml": BATTERY,
        "configs/notes.yaml": "title: not a profile, and not named like one\n",
        ".github/workflows/ci.yml": "on: push\njobs: {}\n",
        "rules/pack.yaml": "pack: x\nversion: 1\n",
    })  # fmt: skip


def test_mixed_files_exit_2_and_every_format_still_reports_the_valid_ones(repo: Path) -> None:
    write(repo, {"configs/ev.advisor.yaml": EV, "configs/broken.advisor.yaml": "as_of: [\n"})
    result = run_in(repo, "check", "-f", "github", "--sarif-output", "out.sarif",
                 "--junit-output", "out.xml", "-j", "1")  # fmt: skip
    assert result.returncode == 2, result.stderr
    assert result.stdout.startswith("::error file=configs/broken.advisor.yaml,line=2,")
    assert "::error file=configs/ev.advisor.yaml,line=61,col=5," in result.stdout
    assert "1 file(s) could not be checked" in result.stderr
    log = json.loads((repo / "out.sarif").read_text(encoding="utf-8"))
    assert_valid_sarif(log)
    (sarif_run,) = log["runs"]
    assert sarif_run["invocations"][0]["executionSuccessful"] is False
    assert {a["location"]["uri"] for a in sarif_run["artifacts"]} == {
        "configs/battery.advisor.yaml", "configs/ev.advisor.yaml"}  # fmt: skip
    junit = (repo / "out.xml").read_text(encoding="utf-8")
    assert_valid_junit(junit)
    assert 'name="configs/broken.advisor.yaml"' in junit and "invalid-input" in junit


def test_exit_codes_follow_fail_on(repo: Path) -> None:
    high = run(repo, "check", "-j", "1")
    assert high.returncode == 1 and HIGH in high.stdout
    assert "notes.yaml" not in high.stdout + high.stderr  # not named *.advisor.yaml
    assert high.stderr == (
        "advisor: 1 profile(s) checked, 1 finding(s) at or above high; "
        f"rules: {builtin_count()} of {builtin_count()} built-in active\n"
    )
    # the process's exit status above; the same code in this process for the other thresholds
    assert run_in(repo, "check", "--fail-on", "critical", "-q").returncode == 0
    assert run_in(repo, "check", "--fail-on", "none", "-q").returncode == 0


def test_what_is_shown_agrees_with_the_exit_code(repo: Path) -> None:
    result = run_in(repo, "check", "--min-severity", "critical", "-f", "github")
    assert result.returncode == 1
    # the failing high finding is shown although --min-severity hides the rest below critical
    assert result.stdout.count("::error ") == 1
    assert "advisor: 1 finding(s)" in result.stdout
    assert "::warning" not in result.stdout


def test_standard_input_and_quiet(repo: Path) -> None:
    result = run_in(repo, "check", "-", "-q", stdin=BATTERY)
    assert result.returncode == 1 and result.stderr == ""
    assert "<stdin>:25:16: high ADV013 [anode-graphite]" in result.stdout


def _waivers(repo: Path, body: str) -> None:
    write(repo, {"advisor-waivers.yaml": "waivers:\n" + body})


VALID_WAIVER = """\
  - rule: ADV013
    subject: anode-graphite
    reason: second graphite source in qualification (PO 4411)
    until: 2027-06-30
    owner: supply-risk@example.invalid
"""


def test_a_valid_waiver_suppresses_the_finding(repo: Path) -> None:
    _waivers(repo, VALID_WAIVER)
    result = run_in(repo, "check", "--waivers", "advisor-waivers.yaml", "--today", "2026-12-01",
                 "--sarif-output", "out.sarif")  # fmt: skip
    assert result.returncode == 0, result.stdout + result.stderr
    assert "ADV013" not in result.stdout
    assert "1 waived" in result.stderr
    (sarif_run,) = json.loads((repo / "out.sarif").read_text(encoding="utf-8"))["runs"]
    (waived,) = [r for r in sarif_run["results"] if "suppressions" in r]
    assert waived["ruleId"] == "ADV013"
    assert waived["suppressions"][0]["kind"] == "external"
    assert waived["suppressions"][0]["properties"]["owner"] == "supply-risk@example.invalid"


def test_a_waiver_without_a_reason_is_bad_input(repo: Path) -> None:
    _waivers(repo, "  - {rule: ADV013, subject: anode-graphite, until: 2027-06-30}\n")
    result = run_in(repo, "check", "--waivers", "advisor-waivers.yaml")
    assert result.returncode == 2
    assert "advisor-waivers.yaml:2:5: waivers[0].reason: required field is missing" in (
        result.stderr
    )
    assert result.stdout == ""


def test_an_expired_waiver_fails_and_says_so(repo: Path) -> None:
    _waivers(repo, VALID_WAIVER.replace("2027-06-30", "2026-11-30"))
    result = run_in(repo, "check", "--waivers", "advisor-waivers.yaml", "--today", "2026-12-01",
                 "--fail-on", "critical")  # fmt: skip
    assert result.returncode == 1  # even below --fail-on: the waiver must be renewed or dropped
    assert ("advisor-waivers.yaml:2: error: waiver for ADV013 [anode-graphite] expired on "
            "2026-11-30 (owner supply-risk@example.invalid)") in result.stdout  # fmt: skip
    assert "1 expired waiver(s)" in result.stderr


def test_unused_waivers_are_listed(repo: Path) -> None:
    _waivers(repo, VALID_WAIVER + VALID_WAIVER.replace("anode-graphite", "no-such-material"))
    result = run_in(repo, "check", "--waivers", "advisor-waivers.yaml", "--today", "2026-12-01")
    assert result.returncode == 0
    assert ("advisor-waivers.yaml:7: warning: waiver for ADV013 [no-such-material] matched no "
            "finding; remove it") in result.stdout  # fmt: skip


def _inline(repo: Path, comment: str) -> None:
    text = BATTERY.replace(
        "    inventory: {days_of_cover: 95}\n", f"    inventory: {{days_of_cover: 95}}  {comment}\n"
    )
    write(repo, {"configs/battery.advisor.yaml": text})


def test_inline_waivers_and_forbidding_them(repo: Path) -> None:
    _inline(repo, "# advisor: ignore[ADV013] second source qualifying until=2027-06-30")
    allowed = run_in(repo, "check", "--today", "2026-12-01", "--sarif-output", "out.sarif")
    assert allowed.returncode == 0, allowed.stdout
    (sarif_run,) = json.loads((repo / "out.sarif").read_text(encoding="utf-8"))["runs"]
    kinds = [s["kind"] for r in sarif_run["results"] for s in r.get("suppressions", [])]
    assert kinds == ["inSource"]
    forbidden = run_in(repo, "check", "--today", "2026-12-01", "--no-inline-waivers")
    assert forbidden.returncode == 1
    assert HIGH in forbidden.stdout
    assert "configs/battery.advisor.yaml:25: warning: inline waiver for ADV013 ignored" in (
        forbidden.stdout
    )


def test_an_inline_waiver_needs_a_reason_and_a_date(repo: Path) -> None:
    _inline(repo, "# advisor: ignore[ADV013] until=2027-06-30")
    no_reason = run_in(repo, "check")
    assert no_reason.returncode == 2
    assert "configs/battery.advisor.yaml:25:37: error: advisor: ignore: an inline waiver " \
        "needs a reason" in no_reason.stdout  # fmt: skip
    _inline(repo, "# advisor: ignore[ADV013] qualifying a second source")
    assert "needs an expiry date" in run_in(repo, "check").stdout


def _more_risk(repo: Path) -> None:
    """Cut the lithium stock: new findings for lithium-hydroxide, the rest unchanged."""
    worse = BATTERY.replace("inventory: {days_of_cover: 100}", "inventory: {days_of_cover: 5}")
    write(repo, {"configs/battery.advisor.yaml": worse})


def test_a_baseline_file_fails_only_on_new_findings(repo: Path) -> None:
    written = run_in(repo, "check", "--write-baseline", "baseline.json", "-q")
    assert written.returncode == 1
    recorded = json.loads((repo / "baseline.json").read_text(encoding="utf-8"))
    assert len(recorded["findings"]) == 8
    same = run_in(repo, "check", "--baseline", "baseline.json")
    assert same.returncode == 0, same.stdout
    assert "baseline: 0 new, 8 known, 0 fixed" in same.stderr
    _more_risk(repo)
    worse = run_in(repo, "check", "--baseline", "baseline.json")
    assert worse.returncode == 1
    assert HIGH not in worse.stdout and "[lithium-hydroxide]" in worse.stdout
    better = BATTERY.replace("inventory: {days_of_cover: 95}", "inventory: {days_of_cover: 400}")
    write(repo, {"configs/battery.advisor.yaml": better})
    fixed = run_in(repo, "check", "--baseline", "baseline.json")
    assert fixed.returncode == 0
    assert "0 new, 7 known, 1 fixed" in fixed.stderr


def test_a_baseline_from_a_git_revision(repo: Path) -> None:
    _more_risk(repo)
    result = run_in(repo, "check", "--baseline-ref", "HEAD", "--sarif-output", "out.sarif")
    assert result.returncode == 1
    assert HIGH not in result.stdout and "[lithium-hydroxide]" in result.stdout
    (sarif_run,) = json.loads((repo / "out.sarif").read_text(encoding="utf-8"))["runs"]
    states = [r["baselineState"] for r in sarif_run["results"]]
    assert states.count("unchanged") == 8 and states.count("new") >= 1
    commit(repo, "less lithium stock")
    assert run_in(repo, "check", "--baseline-ref", "HEAD", "-q").returncode == 0
    bad = run_in(repo, "check", "--baseline-ref", "no-such-branch")
    assert bad.returncode == 2 and "'no-such-branch': no such git revision" in bad.stderr


def test_config_is_found_from_a_subfolder_and_flags_and_environment_win(repo: Path) -> None:
    write(repo, {".advisor.yaml": "fail-on: critical\nmin-severity: high\n"})
    sub = repo / "configs"
    assert run_in(sub, "check", "-q").returncode == 0  # the file says critical
    assert run_in(sub, "check", "-q", "--fail-on", "high").returncode == 1  # a flag wins
    assert run_in(sub, "check", "-q", env={"ADVISOR_FAIL_ON": "high"}).returncode == 1
    assert run_in(sub, "check", "-q", "--no-config").returncode == 1  # the default is high
    shown = run_in(sub, "config", "show", env={"ADVISOR_MIN_SEVERITY": "low"}).stdout
    assert f"config file: {repo / '.advisor.yaml'}" in shown
    lines = {line.split()[0]: line for line in shown.splitlines()[1:]}
    assert lines["fail-on"].endswith(f"({repo / '.advisor.yaml'}:1)")
    assert lines["min-severity"].endswith("(environment ADVISOR_MIN_SEVERITY)")
    assert lines["jobs"].endswith("(default)")


def test_pyproject_config_and_unknown_keys(repo: Path) -> None:
    write(repo, {"pyproject.toml": "[project]\nname = 'x'\n\n[tool.advisor]\n"
                 "fail-on = 'critical'\ndisable = ['ADV013']\n"})  # fmt: skip
    assert run_in(repo / "configs", "check", "-q").returncode == 0
    write(repo, {".advisor.yaml": "fail_on: high\nglob: ['*.yaml']\n"})
    result = run_in(repo / "configs", "check")
    assert result.returncode == 2
    assert ".advisor.yaml:1:1: fail_on: unknown setting 'fail_on' (did you mean 'fail-on'?)" in (
        result.stderr
    )
    assert "glob: unknown setting 'glob' (did you mean 'globs'?)" in result.stderr


def test_config_rule_parameters_and_a_wrong_rule_id(repo: Path) -> None:
    write(repo, {".advisor.yaml": "parameters:\n  ADV013: {}\n  ADV010:\n"
                 "    target_days: 120\n    stockpile_minerals: [graphite]\n"})  # fmt: skip
    result = run_in(repo, "check")
    assert "anode-graphite (graphite): cover is 95 days; the just-in-case target is 120" in (
        result.stdout
    )
    write(repo, {".advisor.yaml": "disable: [ADV999]\n"})
    wrong = run_in(repo, "check")
    assert wrong.returncode == 2
    assert ".advisor.yaml:1:11: disable[0]: no rule 'ADV999'" in wrong.stderr


def test_serial_and_parallel_give_the_same_bytes(repo: Path) -> None:
    names = ["battery-maker", "ev-motor-maker", "wind-turbine-maker", "electronics-maker"]
    write(repo, {f"configs/p{i}-{n}.advisor.yaml": example(n) for i, n in enumerate(names * 2)})
    outputs = []
    for jobs in ("1", "2"):
        result = run(repo, "check", "-j", jobs, "--sarif-output", f"{jobs}.sarif",
                     "--junit-output", f"{jobs}.xml")  # fmt: skip
        assert result.returncode == 1
        files = [(repo / f"{jobs}.{ext}").read_bytes() for ext in ("sarif", "xml")]
        outputs.append((result.stdout, *files))
    assert outputs[0] == outputs[1]
    assert outputs[0][0].count(": risk ") == 9


def test_folder_scan_names_every_entry_it_cannot_read(repo: Path) -> None:
    configs = repo / "configs"
    (configs / "gone.advisor.yaml").symlink_to(configs / "nowhere.yaml")
    (configs / "loop.advisor.yaml").symlink_to(configs / "loop.advisor.yaml")
    os.mkfifo(configs / "pipe.advisor.yaml")
    near = "Company: {name: X}\nMaterials: []\nas-of: 2026-01-01\n"
    write(repo, {"configs/hidden/.x.advisor.yaml": "as_of: [\n", "configs/near.advisor.yaml": near,
                 "configs/.skipped/bad.advisor.yaml": "as_of: [\n"})  # fmt: skip
    result = run_in(repo, "check", "configs", "-f", "lines")
    assert result.returncode == 2
    out = result.stdout
    assert "configs/gone.advisor.yaml: error: dangling symbolic link" in out
    assert "configs/loop.advisor.yaml: error: symbolic link loop" in out
    assert "configs/pipe.advisor.yaml: error: not a regular file (a FIFO)" in out
    assert "configs/near.advisor.yaml:1:1: error: Company: unknown field 'Company' (did you " \
        "mean 'company'?)" in out  # fmt: skip
    assert "as-of: unknown field 'as-of' (did you mean 'as_of'?)" in out
    assert ".x.advisor.yaml" not in out and "bad.advisor.yaml" not in out
    assert "configs/battery.advisor.yaml: risk 32/100" in out


def test_explicit_files_that_are_not_profiles_are_skipped(repo: Path) -> None:
    result = run_in(repo, "check", "configs/notes.yaml", ".github/workflows/ci.yml",
                 "configs/battery.advisor.yaml")  # fmt: skip
    assert result.returncode == 1
    assert "configs/notes.yaml: skipped, not a supplier profile" in result.stderr


def test_outputs_that_cannot_be_written_are_refused_before_the_work(repo: Path) -> None:
    missing = run_in(repo, "check", "--sarif-output", "no/such/folder/out.sarif")
    assert missing.returncode == 2
    assert "no/such/folder/out.sarif: the folder no/such/folder does not exist" in missing.stderr
    twice = run_in(repo, "check", "--sarif-output", "x", "--junit-output", "x")
    assert twice.returncode == 2 and "x: named for two outputs" in twice.stderr
