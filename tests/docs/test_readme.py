"""The README and docs/ stay true where no marker reaches: the rule count the README states,
the options of every command line the docs show, and the commands CI runs. (The outputs they
show: test_shown_outputs.py.)"""

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


def test_the_examples_table_states_each_example_s_score_and_moves() -> None:
    """The table of the four examples: each row's risk and band, and every "A → B" it gives,
    is a company score and a move the example's markdown report states (the prose around the
    marked outputs; test_shown_outputs.py checks the outputs themselves)."""
    from advisor import api

    rows = re.findall(r"^\| `(examples/[\w-]+\.yaml)` \|[^|]+\| (\d+) (\w+): ([^\n]+) \|$",
                      README, re.M)  # fmt: skip
    assert len(rows) == 4
    for path, score, band, said in rows:
        result = api.assess(api.load_profile(ROOT / path))
        report = api.render([result], "markdown")
        assert f"Overall risk {score}/100: {band}." in report, path
        for move in re.findall(r"\d+ → \d+", said):
            assert f"{move} (" in report, f"{path}: {move}"
