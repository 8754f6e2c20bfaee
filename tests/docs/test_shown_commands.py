"""Every advisor command line the docs give to be typed parses: its command exists, every
option it uses is one of that command's, takes a value when it needs one, a choice is one of
the option's choices, and it has no argument too many.

The command lines are those of the ``sh`` blocks, of unlabelled blocks that hold only commands,
and the ``$ advisor ...`` lines of transcripts, in README.md and docs/*.md. Synopses (a line
with ``[``, ``...`` or ``|`` in it, such as ``advisor data changes OLD NEW [PROFILE...]``) are
not commands to type; their options are checked by test_readme.py, with every inline command.
"""

from __future__ import annotations

import re
import shlex
from pathlib import Path
from typing import Any

import pytest
import typer

from advisor.docgen import output_docs
from advisor.docgen.blocks import FENCE

ROOT = Path(__file__).resolve().parents[2]
COMMAND_WORDS = ("advisor ", "make ", "pip ", "python ", "git ", "pre-commit ", "$ ")


def _command_lines(doc: str) -> list[tuple[str, str]]:
    """(doc:line, command) for each advisor command line of *doc*'s blocks."""
    lines = (ROOT / doc).read_text(encoding="utf-8").split("\n")
    found: list[tuple[str, str]] = []
    index = 0
    while index < len(lines):
        fence = FENCE.match(lines[index].strip())
        if fence is None:
            index += 1
            continue
        close = next(i for i in range(index + 1, len(lines)) if lines[i].strip() == fence[1])
        body = [(i + 1, lines[i].strip()) for i in range(index + 1, close) if lines[i].strip()]
        only_commands = all(text.startswith(COMMAND_WORDS) for _, text in body)
        if fence[2] == "sh" or (fence[2] == "" and only_commands) or fence[2] == "":
            for number, text in body:
                command = text.removeprefix("$ ")
                if command.startswith("advisor ") and not re.search(r"\[|\.\.\.|…|\|", command):
                    found.append((f"{doc}:{number}", command))
        index = close + 1
    return found


COMMAND_LINES = [line for doc in output_docs(ROOT) for line in _command_lines(doc)]


@pytest.fixture(scope="module")
def root_command() -> Any:
    """advisor's command tree (typer's own click: groups have ``commands``)."""
    from advisor.cli import app

    return typer.main.get_command(app)  # type: ignore[arg-type]


def test_the_docs_give_command_lines_to_check() -> None:
    assert len(COMMAND_LINES) >= 20
    assert {where.split(":")[0] for where, _ in COMMAND_LINES} >= {"README.md", "docs/ci.md"}


@pytest.mark.parametrize(("where", "line"), COMMAND_LINES, ids=[w for w, _ in COMMAND_LINES])
def test_the_command_line_parses(where: str, line: str, root_command: Any) -> None:
    """Parsed and every value converted as a run would, without running the command."""
    typed = re.split(r"\s(?:>|>>|2>|&&|\|\|)\s", line)[0]  # what the shell hands advisor
    words = shlex.split(typed, comments=True)[1:]
    command, names = root_command, ["advisor"]
    while hasattr(command, "commands") and words and not words[0].startswith("-"):
        sub = command.get_command(None, words[0])
        assert sub is not None, f"{where}: `{line}`: no command {' '.join([*names, words[0]])}"
        command, names, words = sub, [*names, words[0]], words[1:]
    try:
        command.make_context(" ".join(names), list(words))
    except Exception as exc:  # the usage errors of typer's own click
        said = exc.format_message() if hasattr(exc, "format_message") else str(exc)
        pytest.fail(f"{where}: `{line}`: {said}")
