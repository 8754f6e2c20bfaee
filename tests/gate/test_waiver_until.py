"""A waiver holds through its ``until`` day and expires the day after.

``until`` is the last day the waiver holds (docs: "Last day the waiver holds"), so
``check --today UNTIL`` still waives the finding and ``--today UNTIL+1`` fails and says the
waiver expired.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from cli_support import run_in
from gate_support import example, make_repo

WAIVERS = """\
waivers:
  - rule: ADV013
    subject: anode-graphite
    reason: second graphite source in qualification (PO 4411)
    until: 2027-06-30
"""


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    """The battery maker (one high finding, ADV013 on anode-graphite) and a waiver of it."""
    return make_repo(tmp_path / "repo", {
        "configs/battery.advisor.yaml": example("battery-maker"),
        "advisor-waivers.yaml": WAIVERS,
    })  # fmt: skip


def _check(repo: Path, today: str) -> tuple[int, str]:
    done = run_in(repo, "check", "--waivers", "advisor-waivers.yaml", "--today", today)
    return done.returncode, done.stdout + done.stderr


@pytest.mark.parametrize("today", ["2027-06-29", "2027-06-30"])
def test_a_waiver_holds_until_its_last_day(repo: Path, today: str) -> None:
    code, text = _check(repo, today)
    assert code == 0, text
    assert "1 waived" in text and "expired" not in text


def test_a_waiver_expires_the_day_after_its_last_day(repo: Path) -> None:
    code, text = _check(repo, "2027-07-01")
    assert code == 1, text
    assert "waiver for ADV013 [anode-graphite] expired on 2027-06-30" in text
    assert "1 waived" not in text
