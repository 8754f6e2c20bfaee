"""The README stays true: its example output is what advisor prints today."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
README = (ROOT / "README.md").read_text(encoding="utf-8")


def _run(*args: str) -> str:
    env = {k: v for k, v in os.environ.items() if k not in {"NO_COLOR", "FORCE_COLOR"}}
    result = subprocess.run(
        [sys.executable, "-m", "advisor", *args],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    return result.stdout


def test_the_terminal_output_shown_is_real() -> None:
    shown = re.search(r"--top 3` \(.*?\n```text\n(.*?)\n```", README, re.S)
    assert shown is not None
    assert _run("assess", "examples/ev-motor-maker.yaml", "--top", "3").rstrip("\n") == (
        shown.group(1)
    )


def test_the_stress_test_shown_is_real() -> None:
    shown = re.search(r"--scenario cn-licence-stop` \(.*?\n```text\n(.*?)\n```", README, re.S)
    assert shown is not None
    command = ("simulate", "examples/ev-motor-maker.yaml", "--scenario", "cn-licence-stop")
    assert _run(*command).rstrip("\n") == shown.group(1)


def test_the_markdown_excerpt_shown_is_real() -> None:
    quoted = [line[2:] if line.startswith("> ") else "" for line in README.splitlines()
              if line.startswith(">")]  # fmt: skip
    report = _run("assess", "examples/ev-motor-maker.yaml", "--format", "markdown")
    for line in quoted:
        if line.startswith(("**Overall risk", "|", "- ", "No change")):
            assert line in report.splitlines(), line


def test_the_two_commands_are_the_ones_ci_runs() -> None:
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert ".venv/bin/python -m pytest" in README
    assert ci.rstrip().endswith(".venv/bin/python -m pytest")
    assert "pip install -e '.[dev]'" in README and "pip install --quiet -e '.[dev]'" in ci
