"""A fast form of the built-in rule pack and reference data, so that a run does not pay for
parsing and checking them again.

The first run that loads the built-in data strictly (parse, validate, cross-check) saves what it
built here, in the user's cache folder; later runs load that in a few milliseconds. A snapshot
is used only when all of these hold, and otherwise the strict load runs (and saves a new one):

* its key matches: the SHA-256 of the data files' text (with, for the shipped data, which copy
  they come from: :mod:`advisor.dataset`), of the package's code (the name, size and
  modification time of every module) and of the Python version, so a change to the data
  *or* to the code that checks and models it makes every older snapshot stale;
* its checksum matches the bytes read (a truncated or altered file is ignored);
* it decodes into nothing but plain values, dates, decimals and advisor's own model, record
  and enum classes (never an arbitrary class, never code: :mod:`marshal` of plain data only).

``ADVISOR_CACHE_DIR`` names the folder (default ``$XDG_CACHE_HOME/advisor`` or
``~/.cache/advisor``); ``ADVISOR_NO_CACHE=1`` turns snapshots off. A folder that cannot be
written is not an error: the run goes on without saving.

The cache is private, as ssh and pip keep theirs: the folder is created ``0700``, and a folder
or snapshot owned by another user, or writable by group or others, is not used (one warning on
standard error says why, and the run builds in memory): anyone who could write there could
plant a snapshot with lowered severities and a recomputed checksum. A snapshot is read only if
it is a regular file (a FIFO cannot hang the run) of at most ``MAX_SNAPSHOT_BYTES``, and one that
does not decode, whatever the reason, is rebuilt, never fatal.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import enum
import hashlib
import importlib
import marshal
import os
import stat
import sys
import tempfile
from collections.abc import Callable
from decimal import Decimal
from functools import cache, lru_cache
from pathlib import Path
from typing import Any, TypeVar

_PLAIN = (bool, int, float, str)
#: The largest snapshot read (the built-in data makes about 150 KB): the file-size limit of
#: every input.
MAX_SNAPSHOT_BYTES = 8 * 1024 * 1024
_warned: set[str] = set()
#: Bumped when the encoding below changes.
FORMAT = 1
_PACKAGE = Path(__file__).resolve().parent


def cache_dir() -> Path | None:
    """The folder snapshots live in, or None when they are turned off."""
    if os.environ.get("ADVISOR_NO_CACHE", "") not in ("", "0"):
        return None
    given = os.environ.get("ADVISOR_CACHE_DIR")
    if given:
        return Path(given)
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "advisor"


def key(texts: list[str]) -> str:
    """The key of a snapshot built from the data *texts*: SHA-256 of the texts themselves, of
    the package's code (each module's name, size and modification time: an upgrade or an edit
    changes them) and of the Python version."""
    digest = hashlib.sha256(f"{FORMAT} {sys.version}\0{_code_fingerprint()}".encode())
    for text in texts:
        digest.update(text.encode("utf-8") + b"\0")
    return digest.hexdigest()


@lru_cache(maxsize=1)
def _code_fingerprint() -> str:
    parts: list[str] = []
    stack = [str(_PACKAGE)]
    while stack:
        folder = stack.pop()
        with os.scandir(folder) as entries:
            for entry in sorted(entries, key=lambda e: e.name):
                if entry.is_dir() and entry.name != "__pycache__":
                    stack.append(entry.path)
                elif entry.name.endswith(".py"):
                    info = entry.stat()
                    parts.append(f"{entry.path}:{info.st_size}:{info.st_mtime_ns}")
    return "\n".join(parts)


T = TypeVar("T")


def cached(name: str, texts: list[str], kind: type[T], build: Callable[[], T]) -> T:
    """What *build* makes of *texts*: the snapshot *name* saved for these very texts and this
    very code when there is one of *kind*, else built (strictly) and saved for the next run."""
    found_key = key(texts)
    found = load(name, found_key)
    if isinstance(found, kind):
        return found
    value = build()
    save(name, found_key, value)
    return value


def load(name: str, key: str) -> Any | None:
    """The snapshot *name* saved under *key* (see :func:`key`), or None: missing, stale or
    damaged."""
    folder = cache_dir()
    if folder is None or not private(folder, create=False):
        return None
    try:
        blob = _read(_path(folder, name, key))
        if blob is None:
            return None
        header, checksum, payload = blob.split(b"\n", 2)
        if header != f"advisor-snapshot {FORMAT} {key}".encode():
            return None
        if hashlib.sha256(payload).hexdigest().encode() != checksum:
            return None
        return _decode(marshal.loads(payload))
    except Exception:
        return None


def _read(path: Path) -> bytes | None:
    """The bytes of the snapshot at *path* if it is a regular file of ours that no one else
    can write, no larger than MAX_SNAPSHOT_BYTES; else None (a warning if it is not private)."""
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOFOLLOW", 0)
    try:
        fd = os.open(path, flags)
    except OSError:
        return None
    with os.fdopen(fd, "rb") as handle:
        info = os.fstat(handle.fileno())
        if not stat.S_ISREG(info.st_mode) or info.st_size > MAX_SNAPSHOT_BYTES:
            return None
        problem = _unsafe(info)
        if problem is not None:
            _warn(path, problem)
            return None
        return handle.read(MAX_SNAPSHOT_BYTES + 1)


def private(folder: Path, create: bool) -> bool:
    """True if *folder* is a folder of this user's that no one else can write (created
    ``0700`` first if *create*); else False, with one warning when it exists but is not
    private."""
    try:
        if create:
            folder.mkdir(parents=True, exist_ok=True, mode=0o700)
        info = os.stat(folder)
    except OSError:
        return False
    problem = "is not a folder" if not stat.S_ISDIR(info.st_mode) else _unsafe(info)
    if problem is not None:
        _warn(folder, problem)
        return False
    return True


def _unsafe(info: os.stat_result) -> str | None:
    """Why a file or folder with *info* must not be trusted, or None."""
    uid = getattr(os, "getuid", None)
    if uid is not None and info.st_uid != uid():
        return f"is owned by another user (uid {info.st_uid})"
    if info.st_mode & 0o022:
        return f"is writable by group or others (mode {stat.S_IMODE(info.st_mode):04o})"
    return None


def _warn(path: Path, problem: str) -> None:
    """One line on standard error, once per path and run: the cache is not used."""
    from advisor.escape import line

    text = (
        f"advisor: warning: cache {path} {problem}; not used (run `chmod go-w` on it, or set "
        "ADVISOR_CACHE_DIR)"
    )
    if text not in _warned:
        _warned.add(text)
        sys.stderr.write(line(text) + "\n")


def save(name: str, key: str, value: Any) -> None:
    """Save *value* as the snapshot *name* under *key*, atomically; a failure leaves no file."""
    folder = cache_dir()
    if folder is None:
        return
    try:
        payload = marshal.dumps(_encode(value))
        header = f"advisor-snapshot {FORMAT} {key}".encode()
        blob = b"\n".join([header, hashlib.sha256(payload).hexdigest().encode(), payload])
        if not private(folder, create=True):
            return
        fd, tmp = tempfile.mkstemp(dir=folder, prefix=f".{name}.", suffix=".tmp")
        try:
            with os.fdopen(fd, "wb") as handle:
                handle.write(blob)
            os.replace(tmp, _path(folder, name, key))
        finally:
            if os.path.exists(tmp):
                os.unlink(tmp)
        _prune(folder, name, keep=_path(folder, name, key))
    except (OSError, ValueError, TypeError):
        return


#: Snapshots of other versions (other virtualenvs, older code) not used for this long go.
STALE_AFTER_DAYS = 30


def _path(folder: Path, name: str, key: str) -> Path:
    """One file per key, so that two installed versions do not overwrite each other's."""
    return folder / f"{name}-{key[:16]}.snapshot"


def _prune(folder: Path, name: str, keep: Path) -> None:
    """Remove this kind's snapshots that no run has read for ``STALE_AFTER_DAYS``."""
    import time

    limit = time.time() - STALE_AFTER_DAYS * 86400
    for path in folder.glob(f"{name}-*.snapshot"):
        if path != keep and max(path.stat().st_atime, path.stat().st_mtime) < limit:
            path.unlink()


# -- encoding: plain marshal-able data, each non-plain value a tagged tuple --------------------
# ("t", items) tuple, ("s", items) frozenset, ("d", iso) date, ("D", text) Decimal,
# ("e", class, value) enum, ("m", class, fields, fields_set) pydantic model,
# ("c", class, fields) dataclass or plain object. Lists and dicts stay lists and dicts.


def _encode(value: Any) -> Any:
    if isinstance(value, enum.Enum):  # before str: the profile's choices are str enums
        return ("e", _name(value), _encode(value.value))
    if value is None or type(value) in (bool, str):
        return value
    if isinstance(value, (int, float)):
        return _number(value)
    if isinstance(value, list):
        return [_encode(v) for v in value]
    if isinstance(value, dict):
        return {_encode(k): _encode(v) for k, v in value.items()}
    if isinstance(value, tuple):
        return ("t", tuple(_encode(v) for v in value))  # a tuple, so that it can be a key
    if isinstance(value, frozenset):
        return ("s", tuple(_encode(v) for v in value))
    if isinstance(value, dt.date):
        return ("d", value.isoformat())
    if isinstance(value, Decimal):
        return ("D", str(value))
    return _object(value)


def _number(value: int | float) -> Any:
    if type(value) in (int, float):
        return value
    raw = getattr(value, "raw", None)  # RawInt, RawFloat: a number that keeps its text
    if raw is None:
        raise TypeError(f"cannot snapshot {type(value).__name__}")
    return ("r", _name(value), float(value) if isinstance(value, float) else int(value), raw)


def _object(value: Any) -> Any:
    if hasattr(value, "__pydantic_fields_set__"):
        fields = {k: _encode(v) for k, v in value.__dict__.items()}
        return ("m", _name(value), fields, sorted(value.__pydantic_fields_set__))
    if dataclasses.is_dataclass(value):
        names = [f.name for f in dataclasses.fields(value)]
        return ("c", _name(value), {n: _encode(getattr(value, n)) for n in names})
    if type(value).__module__.startswith("advisor.") and hasattr(value, "__dict__"):
        return ("c", _name(value), {k: _encode(v) for k, v in vars(value).items()})
    raise TypeError(f"cannot snapshot {type(value).__name__}")


def _name(value: Any) -> str:
    kind = type(value)
    return f"{kind.__module__}:{kind.__qualname__}"


def _decode(value: Any) -> Any:
    if isinstance(value, list):
        return [_decode(v) for v in value]
    if isinstance(value, dict):
        return {_decode(k): _decode(v) for k, v in value.items()}
    if not isinstance(value, tuple):
        if value is None or type(value) in _PLAIN:
            return value
        raise TypeError(f"not plain data: {type(value).__name__}")  # a code object, say
    tag = value[0]
    if tag == "t":
        return tuple(_decode(v) for v in value[1])
    if tag == "s":
        return frozenset(_decode(v) for v in value[1])
    if tag == "d":
        return dt.date.fromisoformat(value[1])
    if tag == "D":
        return Decimal(value[1])
    return _decode_object(value)


def _decode_object(value: tuple[Any, ...]) -> Any:
    tag, kind = value[0], _class(value[1])
    if tag == "e" and issubclass(kind, enum.Enum):
        return kind(_decode(value[2]))
    if tag == "r":  # a number that keeps its text: its class makes it
        return kind.written(value[2], value[3])
    fields = {k: _decode(v) for k, v in value[2].items()}
    if tag == "m" and hasattr(kind, "model_construct"):
        # what BaseModel.model_construct does, without filling defaults we then overwrite
        made = object.__new__(kind)
        object.__setattr__(made, "__dict__", fields)
        object.__setattr__(made, "__pydantic_fields_set__", set(value[3]))
        object.__setattr__(made, "__pydantic_extra__", None)
        object.__setattr__(made, "__pydantic_private__", None)
        return made
    if tag == "c":
        made = object.__new__(kind)
        for key, item in fields.items():
            object.__setattr__(made, key, item)
        return made
    raise TypeError(f"bad snapshot entry {tag!r}")


@cache
def _class(name: str) -> type[Any]:
    """An advisor class by ``module:qualname``; nothing outside advisor is ever looked up."""
    module, _, qualname = name.partition(":")
    if not module.startswith("advisor.") or "." in qualname or not qualname.isidentifier():
        raise TypeError(f"not an advisor class: {name!r}")
    kind = getattr(importlib.import_module(module), qualname)
    if not isinstance(kind, type):
        raise TypeError(f"not a class: {name!r}")
    return kind
