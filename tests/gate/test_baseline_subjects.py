"""A baseline fingerprint includes the finding's subject.

One rule fired on two materials of one profile is two findings, so ``check --write-baseline``
records two entries, and a finding on a subject the baseline does not hold is new although the
baseline holds the same rule on another subject. Asserted on the baseline file and the gate's
counts, not through a golden file.
"""

from __future__ import annotations

import json
from collections import defaultdict
from pathlib import Path

import pytest
from cli_support import run_in
from gate_support import example, make_repo

RULE = "ADV003"  # fires on two materials of the EV motor maker


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    """A repository holding the EV motor maker's profile."""
    return make_repo(tmp_path / "repo", {"configs/ev.advisor.yaml": example("ev-motor-maker")})


def _subjects(entries: list[dict[str, str]], rule: str) -> dict[str, set[str]]:
    by: dict[str, set[str]] = defaultdict(set)
    for e in entries:
        if e["rule"] == rule:
            by[e["subject"]].add(e["fingerprint"])
    return by


def test_two_subjects_of_one_rule_get_two_baseline_entries(repo: Path) -> None:
    written = run_in(repo, "check", "--write-baseline", "baseline.json", "-q")
    assert written.returncode in (0, 1), written.stderr
    entries = json.loads((repo / "baseline.json").read_text(encoding="utf-8"))["findings"]
    subjects = _subjects(entries, RULE)
    assert len(subjects) == 2, entries  # two materials, two entries
    first, second = subjects.values()
    assert first.isdisjoint(second)  # the subject is part of the fingerprint
    assert len({e["fingerprint"] for e in entries}) == len(entries)


def test_a_new_subject_of_a_known_rule_is_new(repo: Path) -> None:
    run_in(repo, "check", "--write-baseline", "baseline.json", "-q")
    path = repo / "baseline.json"
    data = json.loads(path.read_text(encoding="utf-8"))
    gone = sorted(_subjects(data["findings"], RULE))[0]
    kept = [e for e in data["findings"] if (e["rule"], e["subject"]) != (RULE, gone)]
    dropped = len(data["findings"]) - len(kept)
    assert dropped >= 1 and any(e["rule"] == RULE for e in kept)  # the rule stays known
    path.write_text(json.dumps({**data, "findings": kept}), encoding="utf-8")

    result = run_in(repo, "check", "--baseline", "baseline.json", "--sarif-output", "out.sarif")
    assert f"baseline: {dropped} new, {len(kept)} known, 0 fixed" in result.stderr
    (sarif_run,) = json.loads((repo / "out.sarif").read_text(encoding="utf-8"))["runs"]
    new = {(r["ruleId"], r["properties"]["subject"])
           for r in sarif_run["results"] if r["baselineState"] == "new"}  # fmt: skip
    assert new == {(RULE, gone)}
