"""One configuration for every command (issue 19 part 2, and the config items of issue 22).

A `.advisor.yaml` that disables rules changes `assess`, `check`, `simulate` and `diff` alike,
and every report says so; precedence is flag > ADVISOR_* > .advisor.yaml > [tool.advisor] >
default for every command and for a Python caller; bad config is a one-line exit 2 naming
file:line and key (or the variable), never a traceback and never silently ignored.
"""

from __future__ import annotations

import json
import os
import shutil
import time
from pathlib import Path

import pytest
from cli_support import advisor
from gate_support import commit, git, make_repo

from advisor import api
from advisor.config.model import cpu_count
from advisor.errors import UsageError
from advisor.gate.scan import matches
from advisor.rules.load import builtin_count

ROOT = Path(__file__).resolve().parents[2]
BATTERY = ROOT / "examples" / "battery-maker.yaml"
TOTAL = builtin_count()
OFF = "disable: [ADV013, ADV021]\n"
SAID = "disabled by config .advisor.yaml: ADV013, ADV021"


@pytest.fixture
def folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A repository folder holding the battery maker's profile, as the working folder, with
    no ADVISOR_* variable set."""
    for name in list(os.environ):
        if name.startswith("ADVISOR_") and name not in ("ADVISOR_CACHE_DIR", "ADVISOR_NO_CACHE"):
            monkeypatch.delenv(name)
    (tmp_path / ".git").mkdir()
    shutil.copy(BATTERY, tmp_path / "battery.advisor.yaml")
    monkeypatch.chdir(tmp_path)
    return tmp_path


def _rules(out: str) -> set[str]:
    return {f["rule_id"] for a in json.loads(out)["assessments"] for f in a["findings"]}


# -- one config, every command -----------------------------------------------------------


def test_without_config_the_rules_fire(capsys: pytest.CaptureFixture[str], folder: Path) -> None:
    code, out, _ = advisor(capsys, "assess", "battery.advisor.yaml", "-f", "json")
    assert code == 0
    assert {"ADV013", "ADV021"} <= _rules(out)


@pytest.mark.parametrize("command", ["assess", "check"])
def test_a_disabled_rule_is_off_in_assess_and_check_and_json_says_by_which_file(
    capsys: pytest.CaptureFixture[str], folder: Path, command: str
) -> None:
    (folder / ".advisor.yaml").write_text(OFF, encoding="utf-8")
    _, out, _ = advisor(capsys, command, "battery.advisor.yaml", "-f", "json")
    assert not {"ADV013", "ADV021"} & _rules(out)
    ran = json.loads(out)["assessments"][0]["rules_run"]
    assert ran["active"] == TOTAL - 2
    assert ran["disabled"] == [
        {"rule_id": "ADV013", "pack": "config"},
        {"rule_id": "ADV021", "pack": "config"},
    ]
    assert ran["packs"] == [{"pack": "config", "file": ".advisor.yaml"}]


@pytest.mark.parametrize("fmt", ["table", "lines", "markdown", "github", "sarif", "junit"])
@pytest.mark.parametrize("command", ["assess", "check"])
def test_every_format_of_assess_and_check_says_what_the_config_disabled(
    capsys: pytest.CaptureFixture[str], folder: Path, command: str, fmt: str
) -> None:
    (folder / ".advisor.yaml").write_text(OFF, encoding="utf-8")
    _, out, _ = advisor(capsys, command, "battery.advisor.yaml", "-f", fmt)
    flat = " ".join(out.replace("\\", "").split())
    assert f"{TOTAL - 2} of {TOTAL} built-in active" in flat
    assert SAID in flat


@pytest.mark.parametrize("fmt", ["table", "markdown", "json"])
def test_simulate_says_what_the_config_changed(
    capsys: pytest.CaptureFixture[str], folder: Path, fmt: str
) -> None:
    (folder / ".advisor.yaml").write_text(OFF, encoding="utf-8")
    code, out, _ = advisor(
        capsys, "simulate", "battery.advisor.yaml", "-s", "cn-licence-stop", "-f", fmt
    )
    assert code == 0, out
    flat = " ".join(out.replace("\\", "").split())
    if fmt == "json":
        configuration = json.loads(out)["configuration"]
        assert configuration["disabled"][0] == {"rule_id": "ADV013", "pack": "config"}
    else:
        assert SAID in flat


def test_simulate_without_config_says_nothing_of_it(
    capsys: pytest.CaptureFixture[str], folder: Path
) -> None:
    _, out, _ = advisor(
        capsys, "simulate", "battery.advisor.yaml", "-s", "cn-licence-stop", "-f", "json"
    )
    assert "configuration" not in json.loads(out)


@pytest.mark.parametrize("fmt", ["text", "markdown", "json"])
def test_diff_of_two_files_states_the_rules_both_ran(
    capsys: pytest.CaptureFixture[str], folder: Path, fmt: str
) -> None:
    (folder / ".advisor.yaml").write_text(OFF, encoding="utf-8")
    shutil.copy(BATTERY, folder / "head.yaml")
    code, out, _ = advisor(capsys, "diff", "battery.advisor.yaml", "head.yaml", "-f", fmt)
    assert code == 0
    if fmt == "json":
        data = json.loads(out)
        assert data["rules"]["head"]["disabled"][0]["rule_id"] == "ADV013"
        assert data["rules_differ"] is False
    else:
        assert SAID in " ".join(out.replace("\\", "").split())


def test_a_parameter_and_severity_override_is_said_with_the_file(
    capsys: pytest.CaptureFixture[str], folder: Path
) -> None:
    (folder / ".advisor.yaml").write_text(
        "parameters:\n  ADV010: {target_days: 120}\n", encoding="utf-8"
    )
    _, out, _ = advisor(capsys, "assess", "battery.advisor.yaml", "-f", "lines")
    assert "changed by config .advisor.yaml: ADV010 target_days 90 days → 120 days" in out


def test_a_pack_that_lowers_a_severity_is_said(
    capsys: pytest.CaptureFixture[str], folder: Path
) -> None:
    pack = folder / "soft.yaml"
    pack.write_text(
        "version: 1\npack: soft\noverrides:\n  ADV013: {severity: info}\n", encoding="utf-8"
    )
    (folder / ".advisor.yaml").write_text("rules: [soft.yaml]\n", encoding="utf-8")
    _, out, _ = advisor(capsys, "check", "battery.advisor.yaml")
    assert "changed by pack soft: ADV013 severity lowered high → info" in out
    assert f"packs: soft ({pack})" in out


@pytest.mark.parametrize("fmt", ["lines", "json", "sarif", "junit", "github", "markdown", "table"])
def test_fail_on_none_in_the_config_is_said_in_every_format(
    capsys: pytest.CaptureFixture[str], folder: Path, fmt: str
) -> None:
    (folder / ".advisor.yaml").write_text("fail-on: none\n", encoding="utf-8")
    code, out, _ = advisor(capsys, "check", "battery.advisor.yaml", "-f", fmt)
    assert code == 0
    assert "gate off: fail-on none (.advisor.yaml:1)" in " ".join(out.split())


def test_fail_on_from_the_config_gates_assess_too(
    capsys: pytest.CaptureFixture[str], folder: Path
) -> None:
    assert advisor(capsys, "assess", "battery.advisor.yaml")[0] == 0  # assess: no gate
    (folder / ".advisor.yaml").write_text("fail-on: high\n", encoding="utf-8")
    assert advisor(capsys, "assess", "battery.advisor.yaml")[0] == 1


# -- diff --git: each side with its own config --------------------------------------------


def test_a_change_that_adds_a_config_disabling_rules_fails_the_diff_gate(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    repo = make_repo(tmp_path / "repo", {"battery.advisor.yaml": BATTERY.read_text("utf-8")})
    others = [f"ADV{i:03d}" for i in range(1, TOTAL + 1) if i != 1]
    (repo / ".advisor.yaml").write_text(f"disable: [{', '.join(others)}]\n", encoding="utf-8")
    commit(repo, "switch 31 rules off")
    monkeypatch.chdir(repo)
    code, out, _ = advisor(capsys, "diff", "--git", "HEAD~1", "--fail-on-increase")
    assert code == 1
    head = out.split("\n", 1)[0].removeprefix("advisor risk diff: HEAD~1 → ")  # the branch
    assert out.startswith(f"advisor risk diff: HEAD~1 → {head}\nWARNING: the two sides ran")
    assert f"base (HEAD~1) rules: {TOTAL} of {TOTAL} built-in active" in out
    assert f"head ({head}) rules: 1 of {TOTAL} built-in active" in out
    assert "risk did not increase" not in out
    for fmt in ("markdown", "json"):
        code, out, _ = advisor(capsys, "diff", "--git", "HEAD~1", "-f", fmt, "--fail-on-increase")
        assert code == 1
        assert "different rules" in out or json.loads(out)["rules_differ"] is True


def test_a_diff_with_the_same_config_on_both_sides_passes(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    repo = make_repo(
        tmp_path / "repo",
        {"battery.advisor.yaml": BATTERY.read_text("utf-8"), ".advisor.yaml": OFF},
    )
    monkeypatch.chdir(repo)
    code, out, _ = advisor(capsys, "diff", "--git", "HEAD", "--fail-on-increase")
    assert code == 0, out
    assert SAID in out
    assert "WARNING" not in out
    git(repo, "status")


# -- precedence: flag > environment > .advisor.yaml > pyproject > default ------------------


def _levels(folder: Path, yaml: bool, toml: bool) -> None:
    if toml:
        (folder / "pyproject.toml").write_text(
            '[project]\nname = "x"\n\n[tool.advisor]\nmin-severity = "low"\n', encoding="utf-8"
        )
    if yaml:
        (folder / ".advisor.yaml").write_text("min-severity: medium\n", encoding="utf-8")


@pytest.mark.parametrize(
    ("yaml", "toml", "env", "flag", "value", "source"),
    [
        (False, False, None, None, "info", "default"),
        (False, True, None, None, "low", "pyproject.toml:5"),
        (True, True, None, None, "medium", ".advisor.yaml:1"),
        (True, True, "high", None, "high", "environment ADVISOR_MIN_SEVERITY"),
        (True, True, "high", "critical", "critical", "flag"),
    ],
)
def test_precedence_for_a_python_caller(
    folder: Path, yaml: bool, toml: bool, env: str | None, flag: str | None, value: str,
    source: str,
) -> None:  # fmt: skip
    _levels(folder, yaml, toml)
    config = api.load_config(
        {"min-severity": flag} if flag else {},
        {"ADVISOR_MIN_SEVERITY": env} if env else {},
        cwd=folder,
    )
    assert config["min-severity"] == value
    assert config.where("min-severity").endswith(source)


@pytest.mark.parametrize(
    ("yaml", "toml", "env", "fired"),
    [
        (False, False, None, {"ADV013", "ADV017", "ADV021"}),
        (False, True, None, {"ADV017", "ADV021"}),
        (True, True, None, {"ADV021"}),
        (True, True, "ADV021", {"ADV013", "ADV017"}),
    ],
)
@pytest.mark.parametrize("command", ["assess", "check"])
def test_precedence_from_the_command_line_for_every_level(
    capsys: pytest.CaptureFixture[str], folder: Path, monkeypatch: pytest.MonkeyPatch,
    yaml: bool, toml: bool, env: str | None, fired: set[str], command: str,
) -> None:  # fmt: skip
    if toml:
        (folder / "pyproject.toml").write_text(
            '[tool.advisor]\ndisable = ["ADV013"]\n', encoding="utf-8"
        )
    if yaml:
        (folder / ".advisor.yaml").write_text("disable: [ADV013, ADV017]\n", encoding="utf-8")
    if env:
        monkeypatch.setenv("ADVISOR_DISABLE", env)
    _, out, _ = advisor(capsys, command, "battery.advisor.yaml", "-f", "json", "--fail-on", "none")
    assert _rules(out) == fired


def test_the_fail_on_flag_beats_the_environment_and_the_file(
    capsys: pytest.CaptureFixture[str], folder: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (folder / ".advisor.yaml").write_text("fail-on: none\n", encoding="utf-8")
    assert advisor(capsys, "check", "battery.advisor.yaml")[0] == 0
    monkeypatch.setenv("ADVISOR_FAIL_ON", "high")
    assert advisor(capsys, "check", "battery.advisor.yaml")[0] == 1
    assert advisor(capsys, "check", "battery.advisor.yaml", "--fail-on", "critical")[0] == 0


# -- a Python caller gets the same -------------------------------------------------------


def test_api_assess_applies_the_config_found_from_the_working_folder(folder: Path) -> None:
    profile = api.load_profile("battery.advisor.yaml")
    assert {"ADV013", "ADV021"} <= {f.rule_id for f in api.assess(profile).findings}
    (folder / ".advisor.yaml").write_text(OFF, encoding="utf-8")
    result = api.assess(profile)
    assert not {"ADV013", "ADV021"} & {f.rule_id for f in result.findings}
    assert result.rules_run is not None
    assert SAID in result.rules_run.text()
    explicit = api.assess(profile, config=api.load_config(use_file=False))
    assert "ADV013" in {f.rule_id for f in explicit.findings}


def test_api_check_and_diff_apply_the_config(folder: Path) -> None:
    (folder / ".advisor.yaml").write_text(OFF, encoding="utf-8")
    import datetime as dt

    run = api.check(["battery.advisor.yaml"], today=dt.date(2026, 12, 1), cwd=folder)
    assert not {"ADV013", "ADV021"} & {f.rule_id for a in run.assessments for f in a.findings}
    diff = api.diff_files("battery.advisor.yaml", "battery.advisor.yaml")
    assert diff.after is not None and SAID in diff.after.rules.text()
    assert not diff.fails


# -- bad config: exit 2, file:line and key, or the variable ---------------------------------


def test_a_bad_severity_in_the_file_has_a_did_you_mean(
    capsys: pytest.CaptureFixture[str], folder: Path
) -> None:
    (folder / ".advisor.yaml").write_text("jobs: 1\nfail-on: hihg\n", encoding="utf-8")
    for command in ("assess", "check", "simulate"):
        code, _, err = advisor(capsys, command, "battery.advisor.yaml")
        assert code == 2
        assert ".advisor.yaml:2:10: fail-on: 'hihg' is not one of" in err
        assert "(did you mean 'high'?)" in err


def test_a_bad_environment_variable_is_named_without_a_fake_location(
    capsys: pytest.CaptureFixture[str], folder: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("ADVISOR_FAIL_ON", "hgh")
    code, _, err = advisor(capsys, "check", "battery.advisor.yaml")
    assert code == 2
    assert err == (
        "ADVISOR_FAIL_ON: 'hgh' is not one of: none, info, low, medium, high, critical "
        "(did you mean 'high'?)\n"
    )


@pytest.mark.parametrize(
    "text", ['tool = "x"\n', "[tool]\nadvisor = 5\n", '# [tool.advisor]\ntool = "x"\n']
)
def test_a_pyproject_with_a_tool_that_is_not_a_table_is_bad_input(
    capsys: pytest.CaptureFixture[str], folder: Path, text: str
) -> None:
    (folder / "pyproject.toml").write_text(text, encoding="utf-8")
    code, _, err = advisor(capsys, "config", "show", "--config", "pyproject.toml")
    assert code == 2
    assert "pyproject.toml:" in err and "expected a table" in err
    assert "internal error" not in err


def test_a_dangling_symlink_config_is_an_error(
    capsys: pytest.CaptureFixture[str], folder: Path
) -> None:
    (folder / ".advisor.yaml").symlink_to(folder / "gone.yaml")
    for command in (["check", "battery.advisor.yaml"], ["assess", "battery.advisor.yaml"]):
        code, _, err = advisor(capsys, *command)
        assert code == 2
        assert ".advisor.yaml: is a symbolic link to" in err and "does not exist" in err


def test_a_fifo_config_is_an_error(capsys: pytest.CaptureFixture[str], folder: Path) -> None:
    os.mkfifo(folder / ".advisor.yaml")
    code, _, err = advisor(capsys, "check", "battery.advisor.yaml")
    assert code == 2
    assert ".advisor.yaml: is a FIFO" in err


@pytest.mark.parametrize("name", [".advisor.yaml", "pyproject.toml"])
def test_config_files_are_read_with_the_input_bound(
    capsys: pytest.CaptureFixture[str], folder: Path, monkeypatch: pytest.MonkeyPatch, name: str
) -> None:
    monkeypatch.setenv("ADVISOR_MAX_FILE_SIZE", "1K")
    body = "# padding\n" * 200
    text = body + ("[tool.advisor]\n" if name == "pyproject.toml" else "jobs: 1\n")
    (folder / name).write_text(text, encoding="utf-8")
    code, _, err = advisor(capsys, "config", "show")
    assert code == 2
    assert f"{name}: file is" in err and "larger than the limit of 1024" in err


def test_jobs_is_capped_at_the_cpu_count(folder: Path) -> None:
    (folder / ".advisor.yaml").write_text("jobs: 100000\n", encoding="utf-8")
    assert api.load_config(cwd=folder)["jobs"] == cpu_count()
    assert api.load_config({"jobs": 100000}, cwd=folder)["jobs"] == cpu_count()


def test_config_show_escapes_control_characters(
    capsys: pytest.CaptureFixture[str], folder: Path
) -> None:
    (folder / ".advisor.yaml").write_text('data: "x\\n::error::pwned"\n', encoding="utf-8")
    code, out, _ = advisor(capsys, "config", "show")
    assert code == 0
    assert not any(line.lstrip().startswith("::") for line in out.splitlines())
    assert "x\\n::error::pwned" in out


def test_an_unknown_key_has_a_did_you_mean(folder: Path) -> None:
    (folder / ".advisor.yaml").write_text("fail_on: high\n", encoding="utf-8")
    with pytest.raises(UsageError) as caught:
        api.load_config(cwd=folder)
    assert "unknown setting 'fail_on' (did you mean 'fail-on'?)" in str(caught.value)


# -- globs in linear time ------------------------------------------------------------------

HOSTILE = "*a" * 14 + "b"


def test_globs_match_in_linear_time() -> None:
    start = time.perf_counter()
    assert not matches("a" * 40, [HOSTILE])
    assert not matches("a" * 4000, [HOSTILE])
    assert time.perf_counter() - start < 2


def test_a_hostile_config_glob_and_waiver_glob_do_not_hang(
    capsys: pytest.CaptureFixture[str], folder: Path
) -> None:
    (folder / ("a" * 40)).write_text("x: 1\n", encoding="utf-8")
    (folder / "waivers.yaml").write_text(
        "waivers:\n  - rule: ADV013\n    subject: x\n    reason: r\n    until: 2099-01-01\n"
        f"    profile: '{HOSTILE}'\n",
        encoding="utf-8",
    )
    (folder / ".advisor.yaml").write_text(
        f"globs: ['{HOSTILE}']\nwaivers: waivers.yaml\nfail-on: none\n", encoding="utf-8"
    )
    start = time.perf_counter()
    code, _, _ = advisor(capsys, "check", "-q")
    assert code == 0
    assert time.perf_counter() - start < 20


# -- severity overrides in the config ------------------------------------------------------


def test_config_severities_apply_and_are_said(
    capsys: pytest.CaptureFixture[str], folder: Path
) -> None:
    (folder / ".advisor.yaml").write_text("severity:\n  ADV013: low\n", encoding="utf-8")
    code, out, _ = advisor(capsys, "check", "battery.advisor.yaml", "-f", "json")
    assert code == 0  # ADV013 was the only high finding
    ran = json.loads(out)["assessments"][0]["rules_run"]
    assert ran["changed"] == [
        {"rule_id": "ADV013", "change": "severity lowered high → low", "pack": "config"}
    ]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("severity:\n  ADV013: lwo\n", ".advisor.yaml:2:3: severity: ADV013: 'lwo' is not one of"),
        ("severity:\n  ADV999: low\n", ".advisor.yaml:2:11: severity.ADV999: no rule 'ADV999'"),
        (
            "parameters:\n  ADV010: {target_dayz: 5}\n",
            ".advisor.yaml:2:25: parameters.ADV010.target_dayz: ADV010 has no parameter",
        ),
    ],
)
def test_a_bad_rule_override_in_the_config_is_named_by_its_key(
    capsys: pytest.CaptureFixture[str], folder: Path, text: str, expected: str
) -> None:
    (folder / ".advisor.yaml").write_text(text, encoding="utf-8")
    code, _, err = advisor(capsys, "assess", "battery.advisor.yaml")
    assert code == 2
    assert expected in err
