"""The Python API: what docs/api.md shows runs and prints what it says; results equal the CLI's."""

from __future__ import annotations

import contextlib
import datetime as dt
import io
import json
import re
from pathlib import Path

import pytest

from advisor import api
from advisor.errors import ProfileError, UsageError
from advisor.render import Format, Options, renderer

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = ROOT / "examples" / "ev-motor-maker.yaml"


def _blocks(text: str, lang: str) -> list[str]:
    return re.findall(rf"```{lang}\n(.*?)```", text, flags=re.S)


def test_the_documented_example_prints_the_documented_output(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    doc = (ROOT / "docs" / "api.md").read_text("utf-8")
    code, expected = _blocks(doc, "python")[0], _blocks(doc, "text")[0]
    monkeypatch.chdir(ROOT)
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        exec(compile(code, "docs/api.md", "exec"), {})
    assert out.getvalue() == expected


def test_the_documented_streamed_check_prints_the_whole_report(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    doc = (ROOT / "docs" / "api.md").read_text("utf-8")
    code = _blocks(doc, "python")[1]
    monkeypatch.chdir(ROOT)
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        exec(compile(code, "docs/api.md", "exec"), {})
    files = ["examples/battery-maker.yaml", "examples/ev-motor-maker.yaml"]
    run = api.check(files, today=dt.date.today(), keep=[Format.lines])
    options = Options(paths=run.paths, fail_on="high", errors=run.errors, notices=run.notices)
    assert out.getvalue() == renderer(Format.lines).render(run.assessments, options)
    assert out.getvalue().count(": risk ") == 2


def test_errors_name_the_line_and_field() -> None:
    with pytest.raises(ProfileError) as caught:
        api.parse_profile("as_of: 2026-13-01\n", "inline.yaml")
    lines = caught.value.lines()
    assert "inline.yaml:1:8: as_of: 2026-13-01 is not a real date (month must be in 1..12)" in lines
    assert any(line.startswith("inline.yaml:1:1: company:") for line in lines)


def test_text_and_file_give_the_same_assessment() -> None:
    from_file = api.assess(api.load_profile(EXAMPLE), recommend=False)
    from_text = api.assess(
        api.parse_profile(EXAMPLE.read_text("utf-8"), str(EXAMPLE)), recommend=False
    )
    assert from_file == from_text


def test_render_matches_the_command_line_json(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from advisor.cli import main

    out = tmp_path / "report.json"
    monkeypatch.chdir(ROOT)
    with pytest.raises(SystemExit):
        main(["assess", "examples/ev-motor-maker.yaml", "-f", "json", "-o", str(out)])
    run = api.assess_all(["examples/ev-motor-maker.yaml"])
    text = api.render(
        run.assessments,
        "json",
        ruleset=run.ruleset,
        paths={"examples/ev-motor-maker.yaml": "examples/ev-motor-maker.yaml"},
    )
    assert json.loads(text) == json.loads(out.read_text("utf-8"))


def test_unknown_format_and_option_are_usage_errors() -> None:
    result = api.assess(api.load_profile(EXAMPLE), recommend=False)
    with pytest.raises(UsageError, match="not one of"):
        api.render([result], "pdf")
    with pytest.raises(UsageError, match="colour"):
        api.render([result], "table", colour=True)


def test_a_folder_scan_skips_yaml_that_is_not_a_profile(tmp_path: Path) -> None:
    (tmp_path / "workflow.yaml").write_text("on: push\njobs: {}\n", "utf-8")
    profile = tmp_path / "p.yaml"
    profile.write_text(EXAMPLE.read_text("utf-8"), "utf-8")
    seen: list[str] = []
    run = api.assess_all(
        [tmp_path / "workflow.yaml", profile], skip_non_profiles=True, on_skip=seen.append
    )
    assert run.skipped == (str(tmp_path / "workflow.yaml"),) == tuple(seen)
    assert [a.source for a in run.assessments] == [str(profile)]
