"""Profiles as they were at a git revision, read with ``git`` itself (no checkout, no network).

``git cat-file --batch`` reads every file in one process, so comparing thousands of profiles
with a revision costs one ``git`` run, not one per file.
"""

from __future__ import annotations

import os
import subprocess
from collections.abc import Sequence
from pathlib import Path

from advisor.errors import UsageError


def _git(args: Sequence[str], cwd: Path, stdin: bytes | None = None) -> bytes:
    try:
        done = subprocess.run(
            ["git", *args], cwd=cwd, input=stdin, capture_output=True, check=False, timeout=300
        )
    except FileNotFoundError:
        raise UsageError("git is not installed (needed for a git revision)") from None
    except subprocess.TimeoutExpired:
        raise UsageError(f"git {args[0]} took more than 300 seconds") from None
    if done.returncode != 0:
        message = done.stderr.decode("utf-8", "replace").strip().splitlines()
        raise UsageError(f"git {args[0]}: {message[-1] if message else 'failed'}")
    return done.stdout


def root(cwd: Path) -> Path:
    """The top folder of the repository *cwd* is in; UsageError outside one."""
    try:
        out = _git(["rev-parse", "--show-toplevel"], cwd)
    except UsageError:
        raise UsageError(f"{cwd}: not inside a git repository") from None
    return Path(out.decode("utf-8").strip())


def commit(ref: str, top: Path) -> str:
    """The commit *ref* names; UsageError if it names none."""
    if ref.startswith("-"):
        raise UsageError(f"{ref!r} is not a git revision")
    try:
        return _git(["rev-parse", "--verify", "--quiet", f"{ref}^{{commit}}"], top).decode().strip()
    except UsageError:
        raise UsageError(f"{ref!r}: no such git revision") from None


def relative(path: str, top: Path) -> str:
    """*path* as git names it: relative to the repository top, POSIX slashes."""
    full = os.path.realpath(os.path.abspath(path))
    return Path(os.path.relpath(full, os.path.realpath(top))).as_posix()


def head_name(top: Path, paths: Sequence[str]) -> str:
    """What the files *paths* (relative to the top) are compared as: ``working tree`` when
    one of them differs from the last commit (or is not committed), else that commit: the
    branch checked out, or ``HEAD``."""
    changed = _git(["status", "--porcelain", "-z", "--untracked-files=all", "--", *paths], top)
    if not paths or changed:
        return "working tree"
    try:
        return _git(["symbolic-ref", "--short", "-q", "HEAD"], top).decode().strip() or "HEAD"
    except UsageError:  # a detached HEAD, as CI checks a pull request out
        return "HEAD"


def files_at(ref: str, top: Path) -> list[str]:
    """Every file path in the tree of *ref* (relative to the top)."""
    out = _git(["ls-tree", "-r", "-z", "--name-only", commit(ref, top)], top)
    return sorted(name.decode("utf-8", "replace") for name in out.split(b"\0") if name)


def read_at(ref: str, top: Path, paths: Sequence[str]) -> dict[str, str | None]:
    """The text of each path (relative to the top) at *ref*; None where it did not exist."""
    if not paths:
        return {}
    sha = commit(ref, top)
    request = "".join(f"{sha}:{p}\n" for p in paths).encode("utf-8")
    out = _git(["cat-file", "--batch"], top, request)
    texts: dict[str, str | None] = {}
    pos = 0
    for path in paths:
        end = out.index(b"\n", pos)
        header = out[pos:end].split()
        pos = end + 1
        if len(header) < 3:  # "<name> missing"
            texts[path] = None
            continue
        size = int(header[2])  # a tree (a folder then) is followed by its contents too
        body = out[pos : pos + size]
        texts[path] = body.decode("utf-8", "replace") if header[1] == b"blob" else None
        pos += size + 1
    return texts
