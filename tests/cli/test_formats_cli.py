"""The report formats through the CLI: atomic -o, the path shown, GitHub's job summary, limits.

Run as a user runs it (the command line in this process: ``cli_support.run_in``).
"""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest
from cli_support import run_in
from render_support import EXAMPLES, ROOT

from advisor.cli.assess_cmds import report_path

EV = EXAMPLES / "ev-motor-maker.yaml"
BAD = ROOT / "tests" / "data" / "profiles" / "bad-shares.yaml"


def advisor(
    *args: str | Path, cwd: Path, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    """``advisor ARGS`` in *cwd*: cli_support.run_in with the folder as a keyword."""
    return run_in(cwd, *args, env=env)


def test_output_file_is_the_report_and_byte_identical_between_runs(tmp_path: Path) -> None:
    first = advisor("assess", EV, "-f", "sarif", "-o", tmp_path / "a.sarif", cwd=ROOT)
    second = advisor("assess", "examples/ev-motor-maker.yaml", "-f", "sarif", cwd=ROOT)
    assert (first.returncode, first.stdout, second.returncode) == (0, "", 0)
    assert (tmp_path / "a.sarif").read_text(encoding="utf-8") == second.stdout
    golden = ROOT / "tests" / "golden" / "sarif" / "ev-motor-maker.sarif"
    assert second.stdout == golden.read_text(encoding="utf-8")


@pytest.mark.parametrize("fmt", ["markdown", "sarif"])
def test_bad_input_keeps_an_existing_report(tmp_path: Path, fmt: str) -> None:
    existing = tmp_path / "report.out"
    existing.write_text("previous report\n", encoding="utf-8")
    result = advisor("assess", BAD, "-f", fmt, "-o", existing, cwd=tmp_path)
    assert result.returncode == 2
    assert "bad-shares.yaml:" in result.stderr and "Traceback" not in result.stderr
    assert existing.read_text(encoding="utf-8") == "previous report\n"
    assert [p.name for p in tmp_path.iterdir()] == ["report.out"]


def test_a_bad_profile_is_reported_with_the_others(tmp_path: Path) -> None:
    result = advisor("check", EV, BAD, "-f", "junit", "-o", tmp_path / "new.xml", cwd=tmp_path)
    assert result.returncode == 2
    report = (tmp_path / "new.xml").read_text(encoding="utf-8")
    assert 'type="invalid-input"' in report and "ev-motor-maker.yaml" in report


def test_many_profiles_are_one_sarif_run(tmp_path: Path) -> None:
    folder = tmp_path / "profiles"
    folder.mkdir()
    for i in range(21):
        shutil.copy(EXAMPLES / "battery-maker.yaml", folder / f"p{i:02}.advisor.yaml")
    result = advisor("check", folder, "-f", "sarif", "-o", tmp_path / "out.sarif", cwd=tmp_path)
    assert result.returncode == 1, result.stderr
    (run,) = json.loads((tmp_path / "out.sarif").read_text(encoding="utf-8"))["runs"]
    assert len(run["artifacts"]) == 21


def test_check_keeps_its_exit_code_with_sarif(tmp_path: Path) -> None:
    files = sorted(str(p.relative_to(ROOT)) for p in EXAMPLES.glob("*.yaml"))
    result = advisor("check", *files, "-f", "sarif", "--fail-on", "high", cwd=ROOT)
    assert result.returncode == 1
    (run,) = json.loads(result.stdout)["runs"]
    assert [a["location"]["uri"] for a in run["artifacts"]] == files


def test_github_format_appends_the_markdown_report_to_the_job_summary(tmp_path: Path) -> None:
    summary = tmp_path / "summary.md"
    summary.write_text("## earlier step\n", encoding="utf-8")
    result = advisor("assess", EV, "-f", "github", cwd=ROOT,
                     env={"GITHUB_STEP_SUMMARY": str(summary)})  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("::error file=examples/ev-motor-maker.yaml,line=")
    report = (ROOT / "tests" / "golden" / "markdown" / "ev-motor-maker.md").read_text("utf-8")
    assert summary.read_text(encoding="utf-8") == "## earlier step\n" + report


def test_a_job_summary_that_cannot_be_written_is_a_warning(tmp_path: Path) -> None:
    result = advisor("assess", EV, "-f", "github", "--fail-on", "critical", cwd=ROOT,
                     env={"GITHUB_STEP_SUMMARY": str(tmp_path)})  # a folder  # fmt: skip
    assert result.returncode == 0
    assert "warning: cannot append the report to GITHUB_STEP_SUMMARY" in result.stderr
    assert result.stdout.startswith("::error ")


def test_paths_are_relative_to_the_repository_root(tmp_path: Path) -> None:
    repo = tmp_path / "repo"
    (repo / ".git").mkdir(parents=True)
    (repo / "configs" / "eu").mkdir(parents=True)
    shutil.copy(EV, repo / "configs" / "eu" / "ev.yaml")
    result = advisor("assess", "eu/ev.yaml", "-f", "json", cwd=repo / "configs")
    assert result.returncode == 0, result.stderr
    (one,) = json.loads(result.stdout)["assessments"]
    assert one["profile"] == "configs/eu/ev.yaml"
    assert one["findings"][0]["location"]["file"] == "configs/eu/ev.yaml"


def test_report_path_without_a_repository(tmp_path: Path) -> None:
    (tmp_path / "a").mkdir()
    assert report_path(Path("a/p.yaml"), tmp_path) == "a/p.yaml"
    assert report_path(tmp_path / "a" / "p.yaml", tmp_path) == "a/p.yaml"
    assert report_path(Path("../x.yaml"), tmp_path / "a") == "../x.yaml"
