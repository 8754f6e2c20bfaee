"""Which files `advisor check` reads: files as given, and in folders the entries a glob names.

A folder is walked without following symbolic links to folders, without entering hidden
folders (``.git``, ``.venv``) and without reading hidden files (``.advisor.yaml`` is the
config); each entry whose path below the folder matches one of the globs (default
``**/*.advisor.yaml``) and none of the excludes is checked. An entry the glob names but that
cannot be read (a dangling link, a link loop, a FIFO, a device, a socket, no read permission)
is an error that names it, never a silent skip: a CI gate must not pass because it could not
see a file. A file named on the command line is always checked.
"""

from __future__ import annotations

import errno
import os
import stat
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from advisor.errors import Problem

#: The profiles a folder scan finds when no config names other globs.
DEFAULT_GLOBS = ("**/*.advisor.yaml",)
#: The name standing for standard input.
STDIN = "-"


@dataclass(frozen=True)
class Target:
    """One file to check; *explicit* when it was named, not found by a folder scan."""

    path: str
    explicit: bool


@dataclass(frozen=True)
class Scan:
    """The files to check, in a stable order, and the entries that could not be read."""

    targets: tuple[Target, ...]
    problems: tuple[Problem, ...]


def file_problem(path: str, message: str) -> Problem:
    """A problem with a whole file (no line): rendered as ``path: message``."""
    return Problem(0, 0, "", message, path)


def matches(relative: str, globs: Iterable[str]) -> bool:
    """True if the POSIX path *relative* matches one of *globs* (in linear time)."""
    from advisor.gate.globs import matches as linear

    return linear(relative, globs)


def scan(
    paths: Sequence[str], globs: Sequence[str] = DEFAULT_GLOBS, exclude: Sequence[str] = ()
) -> Scan:
    """The files under *paths*: each file as given, each folder's entries that match *globs*."""
    targets: list[Target] = []
    problems: list[Problem] = []
    for path in paths:
        if path != STDIN and os.path.isdir(path):
            found, bad, passed = _walk(path, globs, exclude)
            if not found and not bad:
                problems.append(file_problem(path, _none_here(globs, passed)))
            targets += [Target(p, False) for p in found]
            problems += bad
        else:
            targets.append(Target(path, True))
    unique = {t.path: t for t in reversed(targets)}
    ordered = list(dict.fromkeys(t.path for t in targets))
    return Scan(tuple(unique[p] for p in ordered), tuple(problems))


#: How many of the YAML files a scan passed over its message names.
SHOWN_PASSED = 5


def _none_here(globs: Sequence[str], passed: Sequence[str]) -> str:
    """The message of a folder without profiles, naming the YAML files the globs passed over."""
    message = f"no files matching {', '.join(globs)} here"
    if not passed:
        return message
    names = ", ".join(passed[:SHOWN_PASSED])
    more = f" and {len(passed) - SHOWN_PASSED} more" if len(passed) > SHOWN_PASSED else ""
    return (
        f"{message}; passed over {len(passed)} YAML file(s) not named so: {names}{more} "
        "(name profiles *.advisor.yaml, or add a glob to the config file: globs:)"
    )


def _walk(
    folder: str, globs: Sequence[str], exclude: Sequence[str]
) -> tuple[list[str], list[Problem], list[str]]:
    """The files under *folder* the globs name, the problems of those that cannot be read, and
    the YAML files passed over (not matching the globs)."""
    found: list[str] = []
    problems: list[Problem] = []
    passed: list[str] = []

    def unreadable(exc: OSError) -> None:
        where = exc.filename or folder
        problems.append(file_problem(str(where), f"cannot list this folder ({_why(exc)})"))

    for root, dirs, names in os.walk(folder, onerror=unreadable):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        links = [d for d in dirs if os.path.islink(os.path.join(root, d))]
        # hidden files are never profiles: .advisor.yaml is the config file
        for name in sorted(n for n in [*names, *links] if not n.startswith(".")):
            full = os.path.normpath(os.path.join(root, name))
            relative = os.path.relpath(full, folder).replace(os.sep, "/")
            if not matches(relative, globs) or matches(relative, exclude):
                if name.endswith((".yaml", ".yml")):
                    passed.append(relative)
                continue
            problem = readable(full)
            if problem is None:
                found.append(full)
            else:
                problems.append(problem)
    return sorted(found), problems, sorted(passed)


def readable(path: str) -> Problem | None:
    """None if *path* is a regular file this process may read, else the problem naming it."""
    try:
        info = os.stat(path)
    except OSError as exc:
        if exc.errno == errno.ENOENT and os.path.islink(path):
            return file_problem(path, "dangling symbolic link (its target does not exist)")
        if exc.errno == errno.ELOOP:
            return file_problem(path, "symbolic link loop")
        return file_problem(path, f"cannot read ({_why(exc)})")
    if stat.S_ISDIR(info.st_mode):
        return file_problem(path, "is a folder (a symbolic link to a folder is not followed)")
    if not stat.S_ISREG(info.st_mode):
        return file_problem(path, f"not a regular file ({_kind(info.st_mode)}); not read")
    if not os.access(path, os.R_OK):
        return file_problem(path, "cannot read (permission denied)")
    return None


def _kind(mode: int) -> str:
    if stat.S_ISFIFO(mode):
        return "a FIFO"
    if stat.S_ISSOCK(mode):
        return "a socket"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    return "not a file"


def _why(exc: OSError) -> str:
    return (exc.strerror or str(exc)).lower()


def report_path(path: str, cwd: str) -> str:
    """*path* relative to the repository root (the nearest folder up holding ``.git``), else
    to *cwd*; POSIX slashes, so reports name the file the same way on every machine."""
    if path.startswith("<"):  # <stdin>, <string>
        return path
    absolute = os.path.abspath(os.path.join(cwd, path))
    folder = os.path.dirname(absolute)
    while True:
        if os.path.exists(os.path.join(folder, ".git")):
            return os.path.relpath(absolute, folder).replace(os.sep, "/")
        parent = os.path.dirname(folder)
        if parent == folder:
            break
        folder = parent
    try:
        return os.path.relpath(absolute, cwd).replace(os.sep, "/")
    except ValueError:  # another drive on Windows
        return os.path.basename(absolute)
