"""`advisor diff`: two files, or the working tree against a git revision, as text, markdown
(a pull-request comment) and JSON; --fail-on-increase."""

from __future__ import annotations

import json
from pathlib import Path

from cli_support import run_in
from gate_support import example, make_repo, write

BATTERY = example("battery-maker")
WORSE = BATTERY.replace("inventory: {days_of_cover: 100}", "inventory: {days_of_cover: 5}")


def test_two_files(tmp_path: Path) -> None:
    write(tmp_path, {"base.yaml": BATTERY, "head.yaml": WORSE})
    result = run_in(tmp_path, "diff", "base.yaml", "head.yaml", "--fail-on-increase")
    assert result.returncode == 1, result.stderr
    out = result.stdout
    assert out.startswith("advisor risk diff: base.yaml → head.yaml\n")
    assert "  ~ lithium-hydroxide days of cover: 100 days → 5 days" in out
    assert "  + high " in out and "[lithium-hydroxide]" in out
    assert out.rstrip().endswith("risk increased")
    back = run_in(tmp_path, "diff", "head.yaml", "base.yaml", "--fail-on-increase", "-f", "json")
    assert back.returncode == 0
    data = json.loads(back.stdout)
    assert data["increased"] is False
    (profile,) = data["profiles"]
    assert profile["after"] < profile["before"] and profile["resolved"] and not profile["new"]


def test_git_revision_as_a_pull_request_comment(tmp_path: Path) -> None:
    repo = make_repo(tmp_path / "repo", {
        "configs/battery.advisor.yaml": BATTERY,
        "configs/old.advisor.yaml": example("electronics-maker"),
        "configs/same.advisor.yaml": example("wind-turbine-maker"),
    })  # fmt: skip
    write(repo, {"configs/battery.advisor.yaml": WORSE})
    (repo / "configs" / "old.advisor.yaml").unlink()
    result = run_in(repo, "diff", "--git", "HEAD", "-f", "markdown", "--fail-on-increase")
    assert result.returncode == 1, result.stderr
    md = result.stdout
    assert md.startswith("### advisor risk diff: HEAD → working tree\n")
    assert "| `configs/battery.advisor.yaml` | 32 |" in md
    assert "| `configs/old.advisor.yaml` | 88 | — | removed |" in md
    assert "same.advisor.yaml" not in md  # unchanged profiles are left out
    assert "New findings (" in md and "\\[lithium-hydroxide\\]" in md
    assert md.rstrip().endswith("**Risk increased.**")
    assert run_in(repo, "diff", "--git", "HEAD~5").returncode == 2


def test_a_broken_head_is_bad_input(tmp_path: Path) -> None:
    write(tmp_path, {"base.yaml": BATTERY, "head.yaml": "as_of: [\n"})
    result = run_in(tmp_path, "diff", "base.yaml", "head.yaml")
    assert result.returncode == 2 and "head.yaml:2:1:" in result.stderr
    assert run_in(tmp_path, "diff", "base.yaml").returncode == 2


def test_the_change_is_the_difference_of_the_rounded_scores() -> None:
    from advisor.render.diff_text import change as _change

    assert _change(54.74, 67.44) == "▲ +12"  # 55 → 67 shown: +12, not round(12.7) = 13
    assert _change(67.44, 54.74) == "▼ -12"
    assert _change(54.6, 55.4) == "±0"


def test_new_findings_are_listed_most_severe_first(tmp_path: Path) -> None:
    write(tmp_path, {"base.yaml": BATTERY, "head.yaml": WORSE})
    data = json.loads(run_in(tmp_path, "diff", "base.yaml", "head.yaml", "-f", "json").stdout)
    ranks = {"info": 0, "low": 1, "medium": 2, "high": 3, "critical": 4}
    (profile,) = data["profiles"]
    severities = [ranks[f["severity"]] for f in profile["new"]]
    assert len(set(severities)) > 1
    assert severities == sorted(severities, reverse=True)


def test_a_clean_tree_is_named_by_its_branch(tmp_path: Path) -> None:
    from gate_support import commit, git

    repo = make_repo(tmp_path / "repo", {"configs/battery.advisor.yaml": BATTERY})
    git(repo, "checkout", "-q", "-b", "less-stock")
    write(repo, {"configs/battery.advisor.yaml": WORSE, "notes.txt": "not a profile\n"})
    dirty = run_in(repo, "diff", "--git", "main")
    assert dirty.stdout.startswith("advisor risk diff: main → working tree\n")
    git(repo, "add", "configs")
    commit(repo, "less stock")
    clean = run_in(repo, "diff", "--git", "main")  # notes.txt is no profile: still clean
    assert clean.stdout.startswith("advisor risk diff: main → less-stock\n"), clean.stdout
    git(repo, "checkout", "-q", "--detach")
    assert run_in(repo, "diff", "--git", "main").stdout.startswith(
        "advisor risk diff: main → HEAD\n"
    )
