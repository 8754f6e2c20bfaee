"""Files in and out: inputs are read only if regular, outputs never destroy anything.

* :func:`read_regular` reads an input (profile, rule pack, data file) only if it is a regular
  file: checked with ``stat`` before it is opened, and again on the open descriptor, so a FIFO
  with no writer cannot hang the run and a device is never read.
* :func:`write_output` is the one way advisor writes a file (``-o``, generated docs, the starter
  profile): only a new path or an existing regular file, never one of the run's inputs (same
  resolved path, or same device and inode through a hard link), never a FIFO, device, socket
  or directory; the text goes to a temporary file in the same folder that is renamed over the
  target, so a report is either complete or not there at all.

Every refusal is a :class:`~advisor.errors.UsageError` that says why (exit 2).
"""

from __future__ import annotations

import contextlib
import os
import stat
import tempfile
from collections.abc import Iterable
from pathlib import Path
from typing import BinaryIO

from advisor.errors import InputError, UsageError

_KINDS = (
    (stat.S_ISDIR, "a directory"),
    (stat.S_ISFIFO, "a FIFO (named pipe)"),
    (stat.S_ISCHR, "a character device"),
    (stat.S_ISBLK, "a block device"),
    (stat.S_ISSOCK, "a socket"),
)


def kind(mode: int) -> str:
    """What a file of this ``st_mode`` is, in words: "a regular file", "a FIFO (named pipe)"..."""
    if stat.S_ISREG(mode):
        return "a regular file"
    return next((word for test, word in _KINDS if test(mode)), "not a regular file")


def read_regular(path: str | Path, limit: int, what: str = "a YAML file") -> bytes:
    """The bytes of the regular file *path*; InputError if it is anything else, unreadable, or
    larger than *limit* bytes (read a chunk at a time, so a growing file cannot exceed it).
    *what* names the kind of file in the refusal ("a baseline file")."""
    source = str(path)
    try:
        before = os.stat(path)
        _require_regular(source, before.st_mode, what)
        _require_size(source, f"{before.st_size} bytes", before.st_size > limit, limit)
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0))
        with os.fdopen(fd, "rb") as handle:
            _require_regular(source, os.fstat(handle.fileno()).st_mode, what)
            raw = _read_bounded(handle, limit)
    except OSError as exc:
        raise InputError(f"{source}: cannot read ({exc.strerror or exc})") from None
    _require_size(source, f"more than {limit} bytes", len(raw) > limit, limit)
    return raw


def read_stream(handle: BinaryIO, limit: int, source: str = "<stdin>") -> bytes:
    """The bytes of *handle* (standard input) read to its end, InputError naming *source* as
    soon as there are more than *limit*: a pipe is never read whole into memory."""
    try:
        raw = _read_bounded(handle, limit)
    except OSError as exc:
        raise InputError(f"{source}: cannot read ({exc.strerror or exc})") from None
    _require_size(source, f"more than {limit} bytes", len(raw) > limit, limit)
    return raw


def _require_regular(source: str, mode: int, what: str) -> None:
    if not stat.S_ISREG(mode):
        raise InputError(
            f"{source}: is {kind(mode)}, not {what} (advisor reads only regular files)"
        )


def _require_size(source: str, size: str, over: bool, limit: int) -> None:
    if over:
        raise InputError(
            f"{source}: file is {size}, larger than the limit of {limit} "
            "(raise it with ADVISOR_MAX_FILE_SIZE)"
        )


def _read_bounded(handle: BinaryIO, limit: int) -> bytes:
    chunks: list[bytes] = []
    total = 0
    while total <= limit:
        chunk = handle.read(min(1 << 20, limit + 1 - total))
        if not chunk:
            break
        chunks.append(chunk)
        total += len(chunk)
    return b"".join(chunks)


def check_output(path: str | Path, inputs: Iterable[str | Path] = ()) -> Path:
    """The file to write for *path* (a symbolic link is followed), or UsageError saying why not.

    Refused: anything but a new path or an existing regular file, and any file that is one of
    *inputs* (the same resolved path, or the same device and inode).
    """
    target = Path(path)
    try:
        found = os.stat(target)
    except FileNotFoundError:
        found = None
    except OSError as exc:
        raise UsageError(f"{path}: cannot write ({exc.strerror or exc})") from None
    if found is not None and not stat.S_ISREG(found.st_mode):
        raise UsageError(
            f"{path}: is {kind(found.st_mode)}; -o writes only a new file or replaces a regular "
            "file"
        )
    real = Path(os.path.realpath(target))
    for source in inputs:
        if _same_file(real, found, Path(source)):
            raise UsageError(
                f"{path}: is {source}, an input of this run; advisor never writes over its "
                "inputs (choose another output file)"
            )
    return real


def _same_file(real: Path, found: os.stat_result | None, source: Path) -> bool:
    if Path(os.path.realpath(source)) == real:
        return True
    if found is None:
        return False
    try:
        other = os.stat(source)
    except OSError:
        return False
    return (other.st_dev, other.st_ino) == (found.st_dev, found.st_ino)


def write_output(path: str | Path, text: str, inputs: Iterable[str | Path] = ()) -> None:
    """Write *text* to *path* atomically, after :func:`check_output`; UsageError if refused or
    if the write fails (an existing file is then left untouched)."""
    write_output_parts(path, [text], inputs)


def write_output_parts(
    path: str | Path, parts: Iterable[str], inputs: Iterable[str | Path] = ()
) -> None:
    """:func:`write_output` of the text made of *parts* (written one after another, so the
    text need never be whole in memory)."""
    real = check_output(path, inputs)
    try:
        write_atomic_parts(real, parts)
    except OSError as exc:
        raise UsageError(f"{path}: cannot write ({exc.strerror or exc})") from None


def write_atomic(path: str | Path, text: str) -> None:
    """Write *text* to *path* via a temporary file in the same folder and an atomic rename.

    An existing file keeps its permission bits; a new one gets the umask's. On any failure the
    temporary file is removed and an existing *path* is left untouched. Callers that write
    what a user named use :func:`write_output`, which checks the target first.
    """
    write_atomic_parts(path, [text])


def write_atomic_parts(path: str | Path, parts: Iterable[str]) -> None:
    """:func:`write_atomic` of the text made of *parts*; a failure while they are made (an
    exception from the iterable) also leaves no file behind."""
    target = Path(path)
    folder = target.parent if str(target.parent) else Path(".")
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=folder)
    try:
        os.chmod(tmp, _mode_for(target))
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as handle:
            for part in parts:
                handle.write(part)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, target)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise


def _mode_for(target: Path) -> int:
    try:
        return stat.S_IMODE(os.stat(target).st_mode)
    except OSError:
        mask = os.umask(0)
        os.umask(mask)
        return 0o666 & ~mask
