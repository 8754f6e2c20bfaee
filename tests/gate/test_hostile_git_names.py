"""Property: a file name cannot change the gate's verdict (issue 22).

Hypothesis makes hostile profile names (line feed, tab, space, quotes, ``::``, ESC, a byte that
is not UTF-8, a leading ``-``) and runs ``check``, ``check --baseline-ref`` and ``diff --git`` on
them in a real git repository (advisor in this process: the names reach it from the folder and
from git, never from argv); each verdict (exit code and summary line) must be the one the same
change gets under a safe name. A handful of examples, so it runs in seconds.
"""

from __future__ import annotations

import functools
import os
import tempfile
from pathlib import Path

from cli_support import run_in
from gate_support import commit, example, git, make_repo, write
from hypothesis import HealthCheck, given, settings
from hypothesis import example as case
from hypothesis import strategies as st

BATTERY = example("battery-maker")
WORSE = BATTERY.replace("inventory: {days_of_cover: 100}", "inventory: {days_of_cover: 5}")
PIECES = ["\n", "\t", " ", "'", '"', "::", "::error::x", "\x1b[2J", os.fsdecode(b"\xff"), "-",
          "a", "HEAD:", "#"]  # fmt: skip
NAMES = st.lists(st.sampled_from(PIECES), min_size=1, max_size=4).map(
    lambda parts: "".join(parts) + ".advisor.yaml"
)
COMMANDS = (
    ("check",),
    ("check", "--baseline-ref", "base"),
    ("diff", "--git", "base", "--fail-on-increase"),
)


def _verdicts(name: str) -> list[tuple[int, str]]:
    """Each command's exit code and last line of standard error, on a new profile *name* that
    is riskier than the base, next to a profile changed under a safe name."""
    with tempfile.TemporaryDirectory() as folder:
        repo = make_repo(Path(folder) / "repo", {"kept.advisor.yaml": BATTERY})
        git(repo, "branch", "base")
        write(repo, {"kept.advisor.yaml": WORSE})
        (repo / name).write_text(WORSE, encoding="utf-8")
        commit(repo, "a riskier profile and a new one")
        out = []
        for args in COMMANDS:
            result = run_in(repo, *args)
            assert "Traceback" not in result.stderr and "internal error" not in result.stderr
            last = result.stderr.strip().splitlines()[-1] if result.stderr.strip() else ""
            out.append((result.returncode, last))
        return out


@functools.cache
def _safe() -> list[tuple[int, str]]:
    return _verdicts("new.advisor.yaml")


@settings(max_examples=2, deadline=None, suppress_health_check=list(HealthCheck))
@given(NAMES)
@case("ev.advisor.yaml\nHEAD:z.advisor.yaml")
@case(os.fsdecode(b"-\xff \t'\"::error::x\x1b.advisor.yaml"))
def test_a_file_name_cannot_change_the_verdict(name: str) -> None:
    assert _verdicts(name) == _safe()
