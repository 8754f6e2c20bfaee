"""`advisor data changes` says under which planning assumption it assessed the profiles, as
every other report does (docs/data.md, "Data releases")."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from cli_support import advisor

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = ROOT / "examples" / "ev-motor-maker.yaml"


def test_the_default_assumption_is_stated(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("ADVISOR_ASSUME", raising=False)
    code, out, _ = advisor(capsys, "data", "changes", "built-in", "built-in", EXAMPLE)
    assert code == 0
    assert "unknown control states taken as suspended (default;" in out.splitlines()[2]


def test_a_chosen_assumption_is_used_and_stated_in_text_and_json(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.chdir(tmp_path)
    args = ("data", "changes", "built-in", "built-in", EXAMPLE, "--assume", "in-force")
    code, out, _ = advisor(capsys, *args)
    assert code == 0 and "unknown control states taken as in-force (chosen;" in out
    code, out, _ = advisor(capsys, *args, "--format", "json")
    assert json.loads(out)["planning_assumption"] == {"assume": "in-force", "chosen": True}


def test_the_config_file_assumption_reaches_data_changes(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / ".advisor.yaml").write_text("assume: in-force\n", encoding="utf-8")
    code, out, _ = advisor(capsys, "data", "changes", "built-in", "built-in", EXAMPLE)
    assert code == 0 and "taken as in-force (chosen;" in out


def test_without_profiles_no_assumption_is_claimed(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.chdir(tmp_path)
    code, out, _ = advisor(capsys, "data", "changes", "built-in", "built-in")
    assert code == 0 and "taken as" not in out
