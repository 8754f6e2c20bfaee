"""Every output README.md and docs/ show is what advisor prints now.

Each output block in the docs has a marker naming the command that prints it
(``<!-- output: advisor ... -->``, advisor/docgen/blocks.py); ``make docs`` reruns them all and
rewrites the blocks. Here each marked block is compared with what its command prints, run in
this process (one run per command, environment and setup, shared by the blocks that show it);
a difference names the doc, the line and the command, and says to run ``make docs``. A block
that shows output without a marker fails too, so nothing shown is checked by nothing.
"""

from __future__ import annotations

import contextlib
import io
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from advisor.cli import main as advisor_main
from advisor.docgen import fresh_lines, output_docs
from advisor.docgen import main as docgen_main
from advisor.docgen.blocks import (
    CHECKED_BY,
    FENCE,
    MARKER,
    NOT_OUTPUT,
    Block,
    MarkerError,
    find_blocks,
    parse_marker,
    shown_lines,
)
from advisor.docgen.runs import Invocation, Printed, environment, fixed_today

ROOT = Path(__file__).resolve().parents[2]
DOCS = output_docs(ROOT)
BLOCKS = [block for doc in DOCS for block in find_blocks(ROOT, doc)]
#: Languages of blocks that show what advisor prints (a `sh` block shows commands).
OUTPUT_LANGUAGES = {"", "text", "json", "markdown", "md", "xml", "sarif", "console"}
#: How a line of a block that only shows commands starts.
COMMAND_WORDS = ("advisor ", "make ", "pip ", "python ", "git ", "pre-commit ")


def in_process(call: Invocation) -> Printed:
    """The command line in this process, in the call's folder and with its environment only."""
    out, err = io.StringIO(), io.StringIO()
    code = 0
    with pytest.MonkeyPatch.context() as patch:
        for key in list(os.environ):
            patch.delenv(key)
        for key, value in call.env.items():
            patch.setenv(key, value)
        patch.chdir(call.cwd)
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            try:
                advisor_main(list(call.argv))
            except SystemExit as stop:
                code = stop.code if isinstance(stop.code, int) else int(stop.code is not None)
    return Printed(code, out.getvalue(), err.getvalue())


@pytest.fixture(scope="module")
def printed() -> dict[object, Printed]:
    """The runs made so far, shared by every block of the module (docgen's cache key)."""
    return {}


@pytest.mark.parametrize("block", BLOCKS, ids=[block.where for block in BLOCKS])
def test_the_block_shows_what_its_command_prints(
    block: Block, printed: dict[object, Printed]
) -> None:
    now = fresh_lines(block, ROOT, in_process, printed)
    assert list(block.shown) == now, (
        f"{block.where}: `{block.marker.text}` prints something else now: run `make docs`"
    )


def test_there_are_marked_blocks_in_the_readme_and_the_docs() -> None:
    docs = {block.doc for block in BLOCKS}
    assert {"README.md", "docs/ci.md", "docs/data.md", "docs/api.md"} <= docs
    assert len(BLOCKS) >= 14


def _unmarked_output_blocks(doc: str) -> list[str]:
    """Blocks of *doc* that show output (a text, unlabelled, json... block that is not only
    commands) with no marker, no ``checked by`` and no ``not output`` line before them."""
    lines = (ROOT / doc).read_text(encoding="utf-8").split("\n")
    found, index = [], 0
    while index < len(lines):
        fence = FENCE.match(lines[index].strip())
        if fence is None:
            index += 1
            continue
        close = next(i for i in range(index + 1, len(lines)) if lines[i].strip() == fence[1])
        body = [line.strip() for line in lines[index + 1 : close] if line.strip()]
        before = lines[index - 1] if index else ""
        said = MARKER.match(before) or CHECKED_BY.match(before) or NOT_OUTPUT.match(before)
        commands = all(line.startswith(COMMAND_WORDS) for line in body)
        if fence[2] in OUTPUT_LANGUAGES and not said and not commands:
            found.append(f"{doc}:{index + 1}")
        index = close + 1
    return found


def test_no_output_is_shown_without_a_marker() -> None:
    unmarked = [where for doc in DOCS for where in _unmarked_output_blocks(doc)]
    assert not unmarked, (
        f"output blocks with no <!-- output: ... --> marker: {unmarked} "
        "(or <!-- checked by tests/...py::test --> / <!-- not output: why -->)"
    )


def test_every_checked_by_names_a_test_that_exists() -> None:
    named = []
    for doc in DOCS:
        for line in (ROOT / doc).read_text(encoding="utf-8").splitlines():
            found = CHECKED_BY.match(line)
            if found:
                named.append((doc, found[1], found[2]))
    assert named
    for doc, path, test in named:
        source = (ROOT / path).read_text(encoding="utf-8")
        assert re.search(rf"^def {test}\(", source, re.M), f"{doc}: {path}::{test} is no test"


def test_a_bad_marker_names_its_place() -> None:
    with pytest.raises(MarkerError, match=r"docs/x\.md:3: unknown or bad marker option lins"):
        parse_marker("advisor data list ; lins=1-3", "docs/x.md:3")
    with pytest.raises(MarkerError, match=r"docs/x\.md:3: an output marker runs"):
        parse_marker("ls -l", "docs/x.md:3")
    marker = parse_marker("advisor data list ; exit=1 ; env=A=b=c ; lines=2-3,5-", "x")
    assert (marker.argv, marker.exit, marker.env) == (("data", "list"), 1, (("A", "b=c"),))


def test_lines_and_exit_codes_are_what_the_marker_says() -> None:
    marker = parse_marker("advisor x y ; lines=1,3-4,6- ; transcript ; exit=2", "d.md:1")
    out = "\n".join(f"l{i}" for i in range(1, 8)) + "\n"
    assert shown_lines(marker, 2, out, "", "d.md:1") == [
        "$ advisor x y", "l1", "…", "l3", "l4", "…", "l6", "l7", "$ echo $?", "2"]  # fmt: skip
    matched = parse_marker("advisor x y ; match=^l[1245]$", "d.md:1")
    assert shown_lines(matched, 0, out, "", "d.md:1") == ["l1", "l2", "…", "l4", "l5"]
    with pytest.raises(MarkerError, match=r"d\.md:1: `advisor x y` exited 0, its marker says 2"):
        shown_lines(marker, 0, out, "", "d.md:1")


def test_runs_have_a_fixed_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    for name, value in (("ADVISOR_FAIL_ON", "low"), ("FORCE_COLOR", "1"), ("COLUMNS", "200")):
        monkeypatch.setenv(name, value)
    env = environment((("ADVISOR_MIN_SEVERITY", "low"),))
    assert "ADVISOR_FAIL_ON" not in env and "FORCE_COLOR" not in env
    assert (env["COLUMNS"], env["NO_COLOR"], env["ADVISOR_NO_CACHE"]) == ("80", "1", "1")
    assert (env["ADVISOR_MIN_SEVERITY"], env["ADVISOR_BUILTIN_DATA"]) == ("low", "1")
    assert fixed_today().year >= 2026


def test_make_docs_rewrites_a_stale_block_and_check_names_it(tmp_path: Path) -> None:
    """The whole loop on a scratch repository: --check finds the stale block (exit 1, nothing
    written), a run rewrites it from a real ``advisor`` process, a second run changes nothing."""
    (tmp_path / "docs").mkdir()
    readme = tmp_path / "README.md"
    readme.write_text("Version:\n\n<!-- output: advisor --version -->\n```text\nold\n```\n",
                      encoding="utf-8")  # fmt: skip
    argv = ["--root", str(tmp_path), "--only", "outputs"]
    assert docgen_main([*argv, "--check"]) == 1
    assert "old" in readme.read_text(encoding="utf-8")
    assert docgen_main(argv) == 0
    assert readme.read_text(encoding="utf-8").endswith("```text\nadvisor 0.1.0\n```\n")
    assert docgen_main([*argv, "--check"]) == 0


def test_a_marker_that_fails_stops_make_docs_and_writes_nothing(tmp_path: Path) -> None:
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "a.md").write_text(
        "<!-- output: advisor --version -->\n```\nold\n```\n", encoding="utf-8"
    )
    (tmp_path / "docs" / "b.md").write_text(
        "<!-- output: advisor data show Xx -->\n```\nold\n```\n", encoding="utf-8"
    )
    done = subprocess.run(
        [sys.executable, "-m", "advisor.docgen", "--root", str(tmp_path), "--only", "outputs"],
        capture_output=True, text=True, timeout=120, check=False,
    )  # fmt: skip
    assert done.returncode == 2
    assert "docs/b.md:1: `advisor data show Xx` exited 2, its marker says 0" in done.stderr
    assert (tmp_path / "docs" / "a.md").read_text(encoding="utf-8").count("old") == 1
