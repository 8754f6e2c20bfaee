"""Profiles as they were at a git revision, read with ``git`` itself (no checkout, no network).

``git cat-file --batch`` reads every file in one process, so comparing thousands of profiles
with a revision costs one ``git`` run, not one per file.
"""

from __future__ import annotations

import os
import subprocess
from collections.abc import Sequence
from pathlib import Path

from advisor.errors import InputError, UsageError
from advisor.escape import visible
from advisor.yaml.loader import Limits


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
    return Path(os.fsdecode(out[:-1] if out.endswith(b"\n") else out))


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


def _tree(sha: str, top: Path) -> dict[str, tuple[str, str, int]]:
    """Every entry of the tree of *sha*: path -> (type, object id, size), read NUL-delimited
    (``-z``), so no file name (a line feed, a space, a quote) can shift the next entry."""
    out = _git(["ls-tree", "-r", "-z", "-l", "--full-tree", sha], top)
    entries: dict[str, tuple[str, str, int]] = {}
    for record in out.split(b"\0"):
        meta, tab, name = record.partition(b"\t")
        fields = meta.split()
        if not tab or len(fields) != 4:
            continue
        size = int(fields[3]) if fields[3].isdigit() else 0
        entries[os.fsdecode(name)] = (fields[1].decode("ascii"), fields[2].decode("ascii"), size)
    return entries


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
    """Every file path in the tree of *ref* (relative to the top; a name that is not UTF-8
    keeps its bytes as :func:`os.fsdecode` does, so it matches the same file on disk)."""
    return sorted(
        name for name, (kind, _, _) in _tree(commit(ref, top), top).items() if kind == "blob"
    )


def read_at(
    ref: str, top: Path, paths: Sequence[str], limit: int | None = None
) -> dict[str, str | None]:
    """The text of each path (relative to the top) at *ref*; None where it did not exist.

    Paths are looked up in the NUL-delimited tree listing and only object ids are sent to
    ``git cat-file --batch``, so no file name is ever part of the batch protocol. A blob larger
    than *limit* bytes (the file-size limit by default) is an InputError naming it, found from
    its size in the tree before any of it is read."""
    if not paths:
        return {}
    limit = Limits.from_env().max_bytes if limit is None else limit
    tree = _tree(commit(ref, top), top)
    wanted: dict[str, str] = {}
    for path in paths:
        kind, oid, size = tree.get(path, ("", "", 0))
        if kind != "blob":
            continue
        if size > limit:
            raise InputError(
                f"{visible(path)} at {visible(ref)}: file is {size} bytes, larger than the limit "
                f"of {limit} (raise it with ADVISOR_MAX_FILE_SIZE)"
            )
        wanted[path] = oid
    bodies = _blobs(sorted(set(wanted.values())), top)
    return {p: (bodies[wanted[p]] if p in wanted else None) for p in paths}


def _blobs(oids: Sequence[str], top: Path) -> dict[str, str]:
    """The text of each blob *oids* names, from one ``git cat-file --batch`` run."""
    if not oids:
        return {}
    out = _git(["cat-file", "--batch"], top, "".join(f"{o}\n" for o in oids).encode("ascii"))
    texts: dict[str, str] = {}
    pos = 0
    for oid in oids:
        end = out.index(b"\n", pos)
        header = out[pos:end].split()
        pos = end + 1
        if len(header) != 3 or not header[2].isdigit():
            raise UsageError(f"git cat-file: unexpected answer for {oid}")
        size = int(header[2])
        texts[oid] = out[pos : pos + size].decode("utf-8", "replace")
        pos += size + 1
    return texts
