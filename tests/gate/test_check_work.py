"""`advisor check` computes recommendations only when its report prints them.

In GitHub Actions ``GITHUB_STEP_SUMMARY`` is always set; only the github format writes a job
summary (the markdown report, with its recommendations), so the default ``lines`` report in a
workflow must not pay for them (they were most of a check's time).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from advisor.cli import main
from advisor.render import formats, spec

EV = Path(__file__).parents[2] / "examples" / "ev-motor-maker.yaml"


def _check(*args: str) -> int:
    with pytest.raises(SystemExit) as stop:
        main(["check", *args, "--fail-on", "none", "-j", "1", "--no-config", str(EV)])
    return int(stop.value.code or 0)


def _refuse(*args: Any, **kwargs: Any) -> Any:
    raise AssertionError("recommendations computed for a report that does not print them")


#: The formats whose spec shows no recommendations and writes no job summary.
PLAIN = [
    f.value for f in formats("assessment") if not spec(f).recommendations and not spec(f).summary
]


@pytest.mark.parametrize("fmt", PLAIN)
def test_a_report_without_recommendations_in_a_workflow_computes_none(
    fmt: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("GITHUB_STEP_SUMMARY", str(tmp_path / "summary.md"))
    monkeypatch.setattr("advisor.engine.advise.recommend.recommendations", _refuse)
    assert _check("-f", fmt) == 0
    assert not (tmp_path / "summary.md").exists()


def test_the_default_format_is_one_of_them() -> None:
    assert "lines" in PLAIN


def test_the_github_format_writes_the_job_summary_with_its_recommendations(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    summary = tmp_path / "summary.md"
    monkeypatch.setenv("GITHUB_STEP_SUMMARY", str(summary))
    assert _check("-f", "github") == 0
    assert "::" in capsys.readouterr().out
    assert "Raise stock to cover the time it takes to recover" in summary.read_text("utf-8")
