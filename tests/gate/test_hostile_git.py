"""The gate at a git revision cannot be fooled by a file name: git is read NUL-delimited and no
file name is ever part of the ``git cat-file --batch`` protocol (issue 22)."""

from __future__ import annotations

from pathlib import Path

from gate_support import commit, example, git, make_repo, run, write

BATTERY = example("battery-maker")
WORSE = BATTERY.replace("inventory: {days_of_cover: 100}", "inventory: {days_of_cover: 5}")


def _repo_with_new_risky_profile(tmp_path: Path, extra: dict[str, str]) -> Path:
    repo = make_repo(tmp_path / "repo", {"ev.advisor.yaml": BATTERY})
    git(repo, "branch", "base")
    write(repo, {"z.advisor.yaml": WORSE, **extra})
    commit(repo, "a new risky profile")
    return repo


def test_a_newline_in_a_file_name_does_not_desynchronise_git(tmp_path: Path) -> None:
    repo = _repo_with_new_risky_profile(tmp_path, {"ev.advisor.yaml\nHEAD:z.advisor.yaml": BATTERY})
    check = run(repo, "check", "--baseline-ref", "base")
    assert check.returncode == 1, check.stderr
    assert " 0 new" not in check.stderr
    diff = run(repo, "diff", "--git", "base", "--fail-on-increase")
    assert diff.returncode == 1, diff.stdout + diff.stderr
    assert "no profile's risk changed" not in diff.stdout


def test_a_new_profile_with_a_space_in_its_name(tmp_path: Path) -> None:
    repo = _repo_with_new_risky_profile(tmp_path, {"new profile.advisor.yaml": WORSE})
    check = run(repo, "check", "new profile.advisor.yaml", "--baseline-ref", "base")
    assert check.returncode == 1, check.stderr
    assert "Traceback" not in check.stderr and "internal error" not in check.stderr
    diff = run(repo, "diff", "--git", "base", "--fail-on-increase")
    assert diff.returncode == 1, diff.stderr
    assert "new profile.advisor.yaml" in diff.stdout


def test_a_blob_over_the_size_limit_at_a_revision_is_refused_unread(tmp_path: Path) -> None:
    repo = make_repo(tmp_path / "repo", {"big.advisor.yaml": BATTERY + "#" + "x" * 4096 + "\n"})
    write(repo, {"big.advisor.yaml": BATTERY})
    env = {"ADVISOR_MAX_FILE_SIZE": "2K"}
    diff = run(repo, "diff", "--git", "HEAD", env=env)
    assert diff.returncode == 2, diff.stderr
    assert (
        "big.advisor.yaml at HEAD: file is" in diff.stderr
        and "larger than the limit" in diff.stderr
    )
    check = run(repo, "check", "big.advisor.yaml", "--baseline-ref", "HEAD", env=env)
    assert check.returncode == 2 and "big.advisor.yaml at HEAD" in check.stderr
