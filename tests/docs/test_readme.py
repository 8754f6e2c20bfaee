"""The README stays true: its example output is what advisor prints today."""

from __future__ import annotations

import re
from pathlib import Path

from cli_support import run_in

ROOT = Path(__file__).resolve().parents[2]
README = (ROOT / "README.md").read_text(encoding="utf-8")


def _run(*args: str) -> str:
    result = run_in(ROOT, *args)  # in this process: the same output, no interpreter start-up
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


def test_the_rule_count_is_the_rule_base_s() -> None:
    from advisor.rules.load import builtin_count

    said = re.findall(r"(\d+) rules, each with a stable id", README)
    assert said == [str(builtin_count())]


def test_every_advisor_option_shown_exists() -> None:
    """Each ``advisor COMMAND ... --option`` in README.md and docs/ names an option of that
    command (its --help lists it), so a renamed or removed option cannot linger in the docs."""
    docs = [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]
    shown: dict[str, set[str]] = {}
    for doc in docs:
        for line in re.findall(r"(?:^|`)(advisor [a-z][^`\n]*)", doc.read_text("utf-8"), re.M):
            words = line.split()
            command = " ".join(w for w in words[1:3] if re.fullmatch(r"[a-z]+", w))
            for option in re.findall(r"(?<![\w-])(--[a-z][a-z0-9-]*)", line):
                shown.setdefault(command, set()).add(option)
    assert len(shown) > 5
    for command, options in sorted(shown.items()):
        helped = _help(command)
        if helped is None:
            continue
        missing = sorted(o for o in options if o not in helped)
        assert not missing, f"advisor {command}: {missing} not in its --help"


def _help(command: str) -> str | None:
    """The --help of ``advisor COMMAND`` (or of its first word), None if neither is one."""
    for words in (command.split(), command.split()[:1]):
        done = run_in(ROOT, *words, "--help", env={"COLUMNS": "200"})
        if done.returncode == 0:
            return done.stdout
    return None


def test_the_two_commands_are_the_ones_ci_runs() -> None:
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert ".venv/bin/python -m pytest" in README
    assert ci.rstrip().endswith(".venv/bin/python -m pytest")
    assert "pip install -e '.[dev]'" in README and "pip install --quiet -e '.[dev]'" in ci
