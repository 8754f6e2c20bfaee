"""`advisor validate`, `advisor schema` and `advisor init` as a user or CI job runs them.

Each test runs the command line (in this process; the console script, ``python -m advisor``
and one validation of every bad fixture as real processes) and checks what a user would
notice: exit code, stdout versus stderr, the `file:line:col: field: message` lines, and that
nothing is written when a command fails.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import jsonschema
import pytest
from cli_support import advisor as in_process

import advisor
from advisor import cli as cli_module
from advisor.profile.schema import shipped_text

Run = Callable[..., subprocess.CompletedProcess[str]]

#: One problem line: path:line:col: field.path: message.
PROBLEM = re.compile(r"^(?P<file>.+?):(?P<line>\d+):(?P<col>\d+): (?P<field>\S+): (?P<message>.+)$")


def problem_lines(stderr: str) -> list[re.Match[str]]:
    """Every stderr line but the closing summary, each matched as a problem line."""
    lines = stderr.splitlines()
    assert re.fullmatch(r"\d+ of \d+ profile\(s\) invalid", lines[-1]), lines[-1]
    body = [line for line in lines[:-1] if not re.search(r": … and \d+ more problems$", line)]
    matches = [PROBLEM.match(line) for line in body]
    assert all(matches), lines
    return [m for m in matches if m]


# -- top level ------------------------------------------------------------------------------


def test_version(cli: Run) -> None:
    result = cli("--version")
    assert (result.returncode, result.stdout, result.stderr) == (
        0, f"advisor {advisor.__version__}\n", "",
    )  # fmt: skip


def test_module_entry_point_matches_the_console_script(cli: Run, tmp_path: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "advisor", "--version"],
        cwd=tmp_path, capture_output=True, text=True, timeout=60,
    )  # fmt: skip
    assert (result.returncode, result.stdout) == (0, cli("--version").stdout)


def test_help_lists_the_profile_commands(cli_in: Run) -> None:
    result = cli_in("--help")
    assert result.returncode == 0
    for command in ("validate", "schema", "init"):
        assert re.search(rf"^\s+{command}\s", result.stdout, re.MULTILINE), command


@pytest.mark.parametrize("args", [("bogus",), ("validate", "--bogus", "x.yaml"), ("validate",)])
def test_usage_errors_exit_2_without_traceback(cli_in: Run, args: tuple[str, ...]) -> None:
    result = cli_in(*args)
    assert result.returncode == 2
    assert "Traceback" not in result.stderr
    assert "Usage: advisor" in result.stderr


def test_validate_help_names_the_argument_plainly(cli_in: Run) -> None:
    result = cli_in("validate", "--help")
    assert result.returncode == 0
    usage = result.stdout.splitlines()[0]
    # typer writes a required argument as {NAME} (older releases: NAME)
    assert usage.replace("{", "").replace("}", "") == "Usage: advisor validate [OPTIONS] PROFILE..."


# -- validate -------------------------------------------------------------------------------


def test_validate_a_valid_profile(cli_in: Run, data_dir: Path) -> None:
    path = data_dir / "profiles" / "valid.yaml"
    result = cli_in("validate", path)
    assert (result.returncode, result.stdout, result.stderr) == (0, f"{path}: ok\n", "")


def test_validate_quiet_prints_nothing_when_all_is_well(cli_in: Run, data_dir: Path) -> None:
    result = cli_in("validate", "-q", data_dir / "profiles" / "valid.yaml")
    assert (result.returncode, result.stdout, result.stderr) == (0, "", "")


def test_validate_several_files_reports_each(cli_in: Run, data_dir: Path) -> None:
    profiles = data_dir / "profiles"
    result = cli_in("validate", profiles / "valid.yaml", profiles / "bad-country.yaml",
                 profiles / "bad-date.yaml")  # fmt: skip
    assert result.returncode == 2
    assert result.stdout == f"{profiles / 'valid.yaml'}: ok\n"
    found = problem_lines(result.stderr)
    assert [(m["file"], m["line"], m["col"], m["field"]) for m in found] == [
        (str(profiles / "bad-country.yaml"), "7", "17", "company.headquarters"),
        (str(profiles / "bad-date.yaml"), "3", "8", "as_of"),
    ]
    assert result.stderr.splitlines()[-1] == "2 of 3 profile(s) invalid"


def test_validate_paths_are_shown_as_given(cli_in: Run, data_dir: Path) -> None:
    result = cli_in("validate", "profiles/bad-shares.yaml", cwd=data_dir)
    assert result.stderr.startswith("profiles/bad-shares.yaml:26:7: materials[0].suppliers: ")


BAD_FIXTURES = {
    "bad-shares.yaml": ("26:7", "materials[0].suppliers", "points over 100%"),
    "bad-country.yaml": ("7:17", "company.headquarters", "(did you mean GB?)"),
    "bad-date.yaml": ("3:8", "as_of", "2026-02-30 is not a real date"),
    "bad-duplicate-key.yaml": ("9:3", "company.currency", "first defined on line 8"),
    "bad-unknown-key.yaml": ("32:9", "materials[0].suppliers[0].teir", "did you mean 'tier'?"),
    "bad-python-tag.yaml": ("5:9", "company.name", "is not allowed"),
    "bad-flag-yes.yaml": ("33:20", "materials[0].suppliers[0].qualified", "expected true or false"),
    "bad-tab-indent.yaml": ("6:1", "company.name", "tab character where YAML needs spaces"),
    "bad-two-documents.yaml": ("73:1", "<document>", "several YAML documents"),
    "bad-top-level-list.yaml": ("1:1", "<document>", "top level is a list"),
    "bad-empty.yaml": ("1:1", "<document>", "file is empty"),
    "bad-billion-laughs.yaml": ("7:8", "f[0]", "aliases expand to more than 100000 nodes"),
}


@pytest.fixture(scope="module")
def bad_run(run_advisor: Run, data_dir: Path) -> subprocess.CompletedProcess[str]:
    """One `advisor validate` over every bad fixture (and the valid one), as CI would run it."""
    names = ["valid.yaml", *sorted(BAD_FIXTURES)]
    return run_advisor("validate", *(f"profiles/{name}" for name in names), cwd=data_dir)


def test_validate_many_files_exit_code_and_summary(
    bad_run: subprocess.CompletedProcess[str],
) -> None:
    assert bad_run.returncode == 2
    assert bad_run.stdout == "profiles/valid.yaml: ok\n"
    assert (
        bad_run.stderr.splitlines()[-1]
        == f"{len(BAD_FIXTURES)} of {len(BAD_FIXTURES) + 1} profile(s) invalid"
    )
    assert "Traceback" not in bad_run.stderr


@pytest.mark.parametrize("name", sorted(BAD_FIXTURES))
def test_validate_bad_fixture(bad_run: subprocess.CompletedProcess[str], name: str) -> None:
    where, field, says = BAD_FIXTURES[name]
    found = [m for m in problem_lines(bad_run.stderr) if m["file"] == f"profiles/{name}"]
    assert len(found) == 1, found
    assert (f"{found[0]['line']}:{found[0]['col']}", found[0]["field"]) == (where, field)
    assert says in found[0]["message"]


def test_every_bad_fixture_is_covered(data_dir: Path) -> None:
    assert {p.name for p in (data_dir / "profiles").glob("bad-*.yaml")} - {"bad-several.yaml"} == (
        set(BAD_FIXTURES)
    )


def test_billion_laughs_is_refused_quickly(cli_in: Run, data_dir: Path) -> None:
    start = time.perf_counter()
    result = cli_in("validate", data_dir / "profiles" / "bad-billion-laughs.yaml")
    assert result.returncode == 2
    assert time.perf_counter() - start < 10  # process start-up included; the parse takes ms


def test_all_problems_of_a_file_at_once_sorted_by_line(cli_in: Run, data_dir: Path) -> None:
    result = cli_in("validate", "profiles/bad-several.yaml", cwd=data_dir)
    assert result.returncode == 2
    assert result.stderr == (
        "profiles/bad-several.yaml:7:17: company.headquarters: 'DEU' is not an ISO 3166-1 "
        "alpha-2 country code (did you mean DE?)\n"
        "profiles/bad-several.yaml:32:15: materials[0].suppliers[0].tier: must be at most 5, "
        "got 7\n"
        "profiles/bad-several.yaml:64:18: programmes.stockpile.target_days: expected a number, "
        "got 'ninety'\n"
        "1 of 1 profile(s) invalid\n"
    )


@pytest.mark.parametrize(
    ("prefix", "codec", "ok"),
    [
        (b"\xef\xbb\xbf", "utf-8", True),
        (b"\xff\xfe", "utf-16-le", True),
        (b"\xfe\xff", "utf-16-be", True),
        (b"", "utf-16-le", False),
        (b"\x00", "utf-8", False),
        ("\u202e".encode(), "utf-8", False),
        (b"\xff\xfe\x00\x00", "utf-32-le", False),
    ],
    ids=["utf8-bom", "utf16le-bom", "utf16be-bom", "utf16-no-bom", "nul", "rlo", "utf32"],
)
def test_encodings_and_characters_at_the_start(
    cli_in: Run, tmp_path: Path, valid_text: str, prefix: bytes, codec: str, ok: bool
) -> None:
    path = tmp_path / "p.yaml"
    path.write_bytes(prefix + valid_text.encode(codec))
    result = cli_in("validate", path)
    assert result.returncode == (0 if ok else 2), result.stderr
    assert "Traceback" not in result.stderr
    if not ok:
        assert problem_lines(result.stderr)[0]["line"] == "1"


def test_non_utf8_bytes(cli_in: Run, tmp_path: Path, valid_text: str) -> None:
    path = tmp_path / "p.yaml"
    path.write_bytes(valid_text.replace("Testwerk AG", "Testw\xe9rk AG").encode("latin-1"))
    result = cli_in("validate", path)
    assert result.returncode == 2
    assert result.stderr.startswith(
        f"{path}:5:14: <document>: not valid UTF-8 (byte 0xe9); save the file as UTF-8\n"
    )


@pytest.mark.parametrize("target", ["missing.yaml", "."], ids=["missing", "directory"])
def test_validate_unreadable_path(cli_in: Run, tmp_path: Path, target: str) -> None:
    result = cli_in("validate", target)
    assert result.returncode == 2
    assert result.stderr.startswith(f"{target}: ")
    assert "Traceback" not in result.stderr


def test_file_size_cap_from_environment(cli_in: Run, data_dir: Path) -> None:
    path = data_dir / "profiles" / "valid.yaml"
    result = cli_in("validate", path, env={"ADVISOR_MAX_FILE_SIZE": "1K"})
    assert result.returncode == 2
    assert "larger than the limit of 1024 (raise it with ADVISOR_MAX_FILE_SIZE)" in result.stderr
    assert cli_in("validate", path, env={"ADVISOR_MAX_FILE_SIZE": "64K"}).returncode == 0


def test_bad_file_size_setting_is_a_usage_error(cli_in: Run, data_dir: Path) -> None:
    result = cli_in("validate", data_dir / "profiles" / "valid.yaml",
                 env={"ADVISOR_MAX_FILE_SIZE": "lots"})  # fmt: skip
    assert result.returncode == 2
    assert "ADVISOR_MAX_FILE_SIZE: 'lots' is not a size (e.g. 64M)" in result.stderr


# -- schema ---------------------------------------------------------------------------------


def test_schema_prints_the_shipped_draft_2020_12_schema(cli_in: Run) -> None:
    result = cli_in("schema")
    assert result.returncode == 0
    assert result.stdout == shipped_text()
    schema = json.loads(result.stdout)
    jsonschema.Draft202012Validator.check_schema(schema)
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"


# -- init -----------------------------------------------------------------------------------


def test_init_writes_a_starter_profile_that_validates(
    cli_in: Run, tmp_path: Path, template: str
) -> None:
    result = cli_in("init")
    assert result.returncode == 0
    assert "profile.advisor.yaml" in result.stdout
    assert (tmp_path / "profile.advisor.yaml").read_text(encoding="utf-8") == template
    checked = cli_in("validate", "profile.advisor.yaml")
    assert (checked.returncode, checked.stdout) == (0, "profile.advisor.yaml: ok\n")


def test_init_writes_a_name_check_finds_and_that_passes_the_gate(
    cli_in: Run, tmp_path: Path
) -> None:
    assert cli_in("init").returncode == 0
    gate = cli_in("check", "--fail-on", "high", "--no-config")
    assert gate.returncode == 0, gate.stdout + gate.stderr
    assert "1 profile(s) checked, 0 finding(s) at or above high" in gate.stderr
    assert "missing data" not in gate.stdout


def test_init_names_the_path_it_wrote_in_the_header(cli_in: Run, tmp_path: Path) -> None:
    (tmp_path / "procurement").mkdir()
    assert cli_in("init", "procurement/motors.advisor.yaml").returncode == 0
    text = (tmp_path / "procurement" / "motors.advisor.yaml").read_text(encoding="utf-8")
    header = text.split("\n---\n", 1)[0]
    assert "procurement/motors.advisor.yaml" in header
    assert "profile.advisor.yaml" not in text


def test_init_to_a_name_check_does_not_find_says_so(cli_in: Run, tmp_path: Path) -> None:
    result = cli_in("init", "configs-profile.yaml")
    assert result.returncode == 0
    assert "advisor check finds profiles named *.advisor.yaml" in result.stderr
    assert cli_in("validate", tmp_path / "configs-profile.yaml").returncode == 0


def test_the_starter_profile_explains_the_fields_rules_read(template: str) -> None:
    lines = template.splitlines()
    for field in ("content", "inventory", "suppliers", "in_house_recovery_rate",
                  "research_partnerships", "sector"):  # fmt: skip
        at = next(i for i, line in enumerate(lines) if line.lstrip().startswith(f"{field}:"))
        above = []
        for line in reversed(lines[:at]):
            if not line.lstrip().startswith("#"):
                break
            above.append(line)
        said = " ".join([*above, lines[at].partition("#")[2]])
        assert "rule" in said, field


def test_the_starter_profile_passes_yamllint(template: str, tmp_path: Path) -> None:
    yamllint = pytest.importorskip("yamllint.cli")
    path = tmp_path / "profile.advisor.yaml"
    path.write_text(template, encoding="utf-8")
    with pytest.raises(SystemExit) as done:
        yamllint.run(["--strict", str(path)])
    assert done.value.code == 0


def test_init_refuses_to_overwrite(cli_in: Run, tmp_path: Path) -> None:
    path = tmp_path / "profile.advisor.yaml"
    path.write_text("mine\n", encoding="utf-8")
    result = cli_in("init")
    assert result.returncode == 2
    assert result.stderr == "profile.advisor.yaml: already exists (use --force to overwrite)\n"
    assert path.read_text(encoding="utf-8") == "mine\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["profile.advisor.yaml"]


def test_init_force_overwrites(cli_in: Run, tmp_path: Path, template: str) -> None:
    path = tmp_path / "profile.advisor.yaml"
    path.write_text("mine\n", encoding="utf-8")
    assert cli_in("init", "--force").returncode == 0
    assert path.read_text(encoding="utf-8") == template


@pytest.mark.parametrize("force", [False, True])
def test_init_onto_a_directory(cli_in: Run, tmp_path: Path, force: bool) -> None:
    (tmp_path / "d").mkdir()
    result = cli_in("init", "d", *(["--force"] if force else []))
    assert result.returncode == 2
    assert result.stderr.startswith("d: ")
    assert list((tmp_path / "d").iterdir()) == []


def test_init_into_a_missing_folder_writes_nothing(cli_in: Run, tmp_path: Path) -> None:
    result = cli_in("init", "no/such/folder/profile.yaml")
    assert result.returncode == 2
    assert result.stderr.startswith("no/such/folder/profile.yaml: cannot write")
    assert list(tmp_path.iterdir()) == []


# -- internal errors ------------------------------------------------------------------------


def _boom(path: str) -> None:
    raise RuntimeError("boom")


@pytest.mark.parametrize("debug", [False, True])
def test_internal_error_exits_3_with_a_short_message(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], data_dir: Path,
    debug: bool,
) -> None:  # fmt: skip
    monkeypatch.setattr("advisor.api.load_profile", _boom)
    monkeypatch.delenv("ADVISOR_DEBUG", raising=False)
    args = [*(["--debug"] if debug else []), "validate", str(data_dir / "profiles" / "valid.yaml")]
    with pytest.raises(SystemExit) as caught:
        cli_module.main(args)
    assert caught.value.code == 3
    err = capsys.readouterr().err
    assert "advisor: internal error (RuntimeError)" in err
    assert ("Traceback" in err) is debug


def test_internal_error_traceback_with_environment_switch(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], data_dir: Path
) -> None:
    monkeypatch.setattr("advisor.api.load_profile", _boom)
    monkeypatch.setenv("ADVISOR_DEBUG", "1")
    with pytest.raises(SystemExit) as caught:
        cli_module.main(["validate", str(data_dir / "profiles" / "valid.yaml")])
    assert caught.value.code == 3
    assert "Traceback" in capsys.readouterr().err


#: Every command and subcommand, as a user types it before --help.
_COMMANDS = [
    ("validate",), ("schema",), ("init",), ("assess",), ("check",), ("config", "show"),
    ("diff",), ("simulate",), ("scenarios", "list"), ("data", "list"), ("data", "changes"),
    ("data", "version"), ("data", "show"), ("data", "sources"), ("data", "claims"),
    ("rules", "list"), ("rules", "show"), ("rules", "test"), ("import", "rmi"),
    ("import", "table"), ("report",),
]  # fmt: skip
#: A usage line: the command, [OPTIONS], then arguments as typer writes them: {REQUIRED} or
#: [OPTIONAL], each followed by "..." when it takes several; nothing nested, no type.
_USAGE = re.compile(r"Usage: advisor [a-z ]+ \[OPTIONS\]( (\{[A-Z]+\}|\[[A-Z |]+\])(\.\.\.)?)*")


@pytest.mark.parametrize("command", _COMMANDS, ids=" ".join)
def test_every_usage_line_names_its_arguments_plainly(
    capsys: pytest.CaptureFixture[str], command: tuple[str, ...]
) -> None:
    code, out, _ = in_process(capsys, *command, "--help")
    assert code == 0
    usage = out.splitlines()[0]
    assert _USAGE.fullmatch(usage), usage
    # an option's value is named for the user (FILE, DAYS, YYYY-MM-DD, <a|b>), never by type
    assert not re.findall(r"<(?:path|str|text|int|integer|float|list\[.*?\])>", out), out
