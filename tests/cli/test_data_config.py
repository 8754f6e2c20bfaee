"""`advisor data list` and `data show` read the configuration as every command does: the
config file's ``assume``, ``max-age-days`` and ``data``, under the flags, over the defaults."""

from __future__ import annotations

from pathlib import Path

import pytest
from cli_support import advisor


@pytest.fixture
def configured(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("ADVISOR_ASSUME", raising=False)
    monkeypatch.delenv("ADVISOR_MAX_AGE_DAYS", raising=False)
    (tmp_path / ".advisor.yaml").write_text("assume: in-force\nmax-age-days: 1\n", "utf-8")


@pytest.mark.parametrize("command", [("data", "list"), ("data", "show", "Nd")], ids=" ".join)
def test_the_config_file_reaches_the_data_commands(
    capsys: pytest.CaptureFixture[str], configured: None, command: tuple[str, ...]
) -> None:
    code, out, _ = advisor(capsys, *command)
    assert code == 0
    words = " ".join(out.split())
    assert "Unknown control states taken as in-force (chosen; --assume)" in words
    assert "(limit 1)" in words


@pytest.mark.parametrize("command", [("data", "list"), ("data", "show", "Nd")], ids=" ".join)
def test_flags_win_and_no_config_reads_none(
    capsys: pytest.CaptureFixture[str], configured: None, command: tuple[str, ...]
) -> None:
    _, out, _ = advisor(capsys, *command, "--assume", "suspended", "--max-age-days", "5000")
    words = " ".join(out.split())
    assert "taken as suspended (chosen; --assume)" in words and "(limit 1)" not in words
    _, out, _ = advisor(capsys, *command, "--no-config")
    words = " ".join(out.split())
    assert "taken as suspended (default; --assume)" in words and "(limit 1)" not in words
