"""Where the configuration comes from, and the effective value of every setting.

The config file is ``.advisor.yaml``, or the ``[tool.advisor]`` table of ``pyproject.toml``,
found upward from the working folder and stopping at the repository root (the folder that
holds ``.git``); in each folder ``.advisor.yaml`` is looked for first. Every value has one
source, in this order: a flag, an ``ADVISOR_*`` environment variable (``ADVISOR_FAIL_ON``,
``ADVISOR_RULES``, ...), the file, the default. Unknown keys and values of the wrong type are
errors at file:line naming the key, with a did-you-mean; a bad environment variable is named
as itself. Paths in the file are relative to the folder the file is in. Every file is read
with the input bound (8 MiB, ``ADVISOR_MAX_FILE_SIZE``); a config file that is not a regular
file (a FIFO, a dangling symbolic link) is an error, never silently passed over.
"""

from __future__ import annotations

import difflib
import os
import sys
from collections.abc import Mapping
from dataclasses import replace
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from advisor.config.model import FIELDS, KEYS, Config, Settings, env_name
from advisor.errors import AdvisorError, Problem, UsageError, echo
from advisor.rules.severity import FAIL_ON, SEVERITIES
from advisor.yaml.document import Document, Loc, describe

YAML_NAME = ".advisor.yaml"
TOML_NAME = "pyproject.toml"
_PATHS = ("rules",)
_PATH = ("data", "waivers", "baseline")
_LISTS = ("rules", "globs", "exclude", "disable")
#: What each kind of key expects, in words, for messages.
_EXPECTS = {
    "builtin": "true or false",
    "inline-waivers": "true or false",
    "sarif-security-severity": "true or false",
    "max-age-days": "a whole number, 0 or more",
    "max-data-age": "a whole number of days, 0 or more",
    "jobs": "a whole number, 0 or more",
    "assume": "suspended or in-force",
    "parameters": "rule ids, each with a mapping of parameter: value",
    "severity": "rule ids, each with a severity (info, low, medium, high, critical)",
    **dict.fromkeys(_PATH, "a file path"),
    **dict.fromkeys(_LISTS, "a list of names"),
}


def find(start: Path) -> Path | None:
    """The nearest config file at or above *start*, up to the repository root; a
    ``.advisor.yaml`` that exists in any form (even a dangling link or a FIFO) is the one."""
    for folder in (start, *start.parents):
        candidate = folder / YAML_NAME
        if os.path.lexists(candidate):
            return candidate
        toml = folder / TOML_NAME
        if toml.is_file() and _has_tool_table(toml):
            return toml
        if (folder / ".git").exists():
            return None
    return None


def _limit() -> int:
    from advisor.yaml.loader import Limits

    return Limits.from_env().max_bytes


def _read_bytes(path: Path) -> bytes:
    """The bytes of the config file *path*, bounded; UsageError naming it and why not."""
    from advisor.fsutil import read_regular

    if path.is_symlink() and not path.exists():
        raise UsageError(
            f"{path}: is a symbolic link to {echo(os.readlink(path))!r}, which does not exist; "
            "fix or remove the link (a config file is never passed over)"
        )
    try:
        return read_regular(path, _limit())
    except AdvisorError as exc:
        raise UsageError(exc.message.replace("not a YAML file", "not a config file")) from None


def _has_tool_table(path: Path) -> bool:
    return b"[tool.advisor" in _read_bytes(path)


def read(path: Path) -> Document:
    """The config file as a located document (``[tool.advisor]`` of a pyproject.toml)."""
    raw = _read_bytes(path)
    return read_text(_decode(raw, path), str(path), toml=path.name == TOML_NAME)


def _decode(raw: bytes, path: Path) -> str:
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise UsageError(f"{path}: cannot read (not UTF-8: {exc.reason})") from None


def read_text(text: str, source: str, *, toml: bool) -> Document:
    """Config text (YAML, or a pyproject.toml's whole text) as a located document."""
    if toml:
        return _read_toml(text, source)
    from advisor.yaml.loader import load_text

    doc = load_text(text, source)
    if doc.data is None:
        doc.data = {}
    return doc


def _read_toml(text: str, source: str) -> Document:
    if sys.version_info >= (3, 11):
        import tomllib
    else:  # pragma: no cover - Python 3.10
        import tomli as tomllib
    try:
        whole = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise UsageError(f"{source}: not valid TOML ({exc})") from None
    tool = whole.get("tool", {})
    if not isinstance(tool, dict):
        line = _line_of(text, "tool")
        raise UsageError(problems=[Problem(line, 1, "tool", _table(tool), source)])
    data = tool.get("advisor", {})
    if not isinstance(data, dict):
        line = _line_of(text, "advisor")
        raise UsageError(problems=[Problem(line, 1, "tool.advisor", _table(data), source)])
    return Document(source, data, _toml_locs(text, data))


def _table(value: Any) -> str:
    return f"expected a table, got {describe(value)}"


def _line_of(text: str, key: str) -> int:
    """The first line that sets *key* (``key =`` or ``key.x =``), else 1."""
    for i, line in enumerate(text.splitlines(), 1):
        stripped = line.strip()
        if stripped.startswith((f"{key} ", f"{key}=", f"{key}.")):
            return i
    return 1


def _toml_locs(text: str, data: Mapping[str, Any]) -> dict[tuple[str | int, ...], Loc]:
    """Lines of ``[tool.advisor]`` and of its keys (TOML parsers keep no positions)."""
    lines = text.splitlines()
    start = next((i for i, line in enumerate(lines) if line.strip() == "[tool.advisor]"), 0)
    locs: dict[tuple[str | int, ...], Loc] = {(): Loc(start + 1, 1, start + 1, 1)}
    for key in data:
        for i in range(start, len(lines)):
            stripped = lines[i].lstrip()
            if stripped.startswith((f"{key} ", f"{key}=", f'"{key}"', f"[tool.advisor.{key}")):
                col = len(lines[i]) - len(stripped) + 1
                locs[(key,)] = Loc(i + 1, col, i + 1, col)
                break
    return locs


def check_value(key: str, raw: Any) -> tuple[Any, str]:
    """(the typed value, "") or (None, a message in plain words) for *raw* as setting *key*."""
    if key in _LISTS and isinstance(raw, str):
        raw = (raw,)
    elif key in _LISTS and isinstance(raw, list):
        raw = tuple(raw)
    try:
        settings = Settings.model_validate({key: raw})
    except ValidationError as exc:
        return None, _message(key, raw, exc)
    return getattr(settings, FIELDS[key]), ""


def _message(key: str, raw: Any, exc: ValidationError) -> str:
    if key in ("fail-on", "min-severity"):
        return _not_one_of(raw, FAIL_ON if key == "fail-on" else SEVERITIES)
    if key == "assume":
        return _not_one_of(raw, ("suspended", "in-force"))
    if key == "severity" and isinstance(raw, dict):
        bad = next((r for r, v in raw.items() if v not in SEVERITIES), None)
        if bad is not None:
            return f"{echo(str(bad))}: {_not_one_of(raw[bad], SEVERITIES)}"
    if exc.errors()[0]["type"] == "less_than_equal":
        return f"expected {_EXPECTS[key]}, up to 100000, got {echo(repr(raw))}"
    return f"expected {_EXPECTS[key]}, got {describe(raw)}"


def _not_one_of(raw: Any, allowed: tuple[str, ...]) -> str:
    """``'hihg' is not one of: … (did you mean 'high'?)``."""
    text = str(raw) if isinstance(raw, str) else repr(raw)
    close = difflib.get_close_matches(text.strip().lower(), allowed, n=1, cutoff=0.5)
    hint = f" (did you mean {close[0]!r}?)" if close else ""
    return f"{echo(text)!r} is not one of: {', '.join(allowed)}{hint}"


def validate(doc: Document) -> tuple[dict[str, Any], list[Problem]]:
    """The file's values by key (paths made relative to its folder) and its problems."""
    if not isinstance(doc.data, dict):
        return {}, [doc.problem((), f"expected a mapping of settings, got {describe(doc.data)}")]
    base = Path(doc.source).parent
    values: dict[str, Any] = {}
    problems: list[Problem] = []
    for raw_key, raw in doc.data.items():
        key = str(raw_key)
        if key not in KEYS:
            problems.append(doc.problem((key,), _unknown(key), key=True))
            continue
        value, message = check_value(key, raw)
        if message:
            problems.append(doc.problem((key,), message))
        else:
            values[key] = _relative(key, value, base)
    return values, problems


def _relative(key: str, value: Any, base: Path) -> Any:
    """Paths in a file are relative to the file's folder."""
    if key in _PATHS:
        return tuple(str(base / p) for p in value)
    if key in _PATH and value is not None:
        return str(base / value)
    return value


def _unknown(key: str) -> str:
    close = difflib.get_close_matches(key.replace("_", "-").lower(), KEYS, n=1, cutoff=0.6)
    hint = f" (did you mean {close[0]!r}?)" if close else f" (expected one of: {', '.join(KEYS)})"
    return f"unknown setting {echo(key)!r}{hint}"


def parse_env(key: str, text: str) -> tuple[Any, str]:
    """The value an ``ADVISOR_*`` variable gives, or a message; lists are comma-separated
    (paths by the OS path separator)."""
    raw: Any = text
    if key in _PATHS:
        raw = tuple(p for p in text.split(os.pathsep) if p)
    elif key in _LISTS:
        raw = tuple(p.strip() for p in text.split(",") if p.strip())
    elif _EXPECTS.get(key) == "true or false":
        word = text.strip().lower()
        if word not in ("1", "0", "true", "false", "yes", "no", "on", "off"):
            return None, f"expected true or false, got {echo(text)!r}"
        raw = word in ("1", "true", "yes", "on")
    elif key in ("jobs", "max-age-days", "max-data-age"):
        raw = int(text) if text.strip().isdigit() and len(text.strip()) < 10 else text
    elif key in ("parameters", "severity"):
        return None, f"{key} can only be set in the config file"
    elif key in ("fail-on", "min-severity", "assume"):
        raw = text.strip().lower()
    return check_value(key, raw)


def resolve(flags: Mapping[str, Any], env: Mapping[str, str], doc: Document | None) -> Config:
    """Every setting from the first source that gives it: flag, environment, file, default."""
    problems: list[Problem] = []
    from_file: dict[str, Any] = {}
    if doc is not None:
        from_file, problems = validate(doc)
    values: dict[str, Any] = {}
    sources: dict[str, str] = {}
    for key in KEYS:
        name = env_name(key)
        if key in flags:
            values[key], sources[key] = _flag(key, flags[key], problems), "flag"
        elif env.get(name):
            value, message = parse_env(key, env[name])
            if message:
                problems.append(Problem(0, 0, "", message, name))
            values[key], sources[key] = value, f"environment {name}"
        elif key in from_file and doc is not None:
            values[key], sources[key] = from_file[key], f"{doc.source}:{doc.loc((key,))[0]}"
        else:
            sources[key] = "default"
    if problems:
        raise UsageError(problems=problems)
    settings = Settings.model_validate({k: v for k, v in values.items() if v is not None or
                                        k in ("data", "waivers", "baseline")})  # fmt: skip
    return Config(settings, sources, doc.source if doc else None, doc)


def _flag(key: str, raw: Any, problems: list[Problem]) -> Any:
    value, message = check_value(key, tuple(raw) if isinstance(raw, list) else raw)
    if message:
        problems.append(Problem(0, 0, "", message, f"--{key}"))
    return value


def load(
    flags: Mapping[str, Any],
    env: Mapping[str, str],
    cwd: Path,
    explicit: Path | None = None,
    use_file: bool = True,
) -> Config:
    """The effective config: *explicit* file, else the one found from *cwd* (unless not
    *use_file*), under the flags and the environment."""
    path = explicit if explicit is not None else (find(cwd) if use_file else None)
    if explicit is not None and not os.path.lexists(explicit):
        raise UsageError(f"{explicit}: no such config file")
    doc = read(path) if path is not None else None
    config = resolve(flags, env, doc)
    searched = str(cwd) if explicit is None and use_file else None
    return replace(config, search=searched)


def rebase(config: Config, doc: Document | None) -> Config:
    """*config* with its file's values taken from *doc* instead (the same flags and
    environment): the config of another version of the file, such as at a git revision."""
    kept = [k for k, s in config.sources.items() if s == "flag" or s.startswith("environment ")]
    new = resolve({k: config[k] for k in kept}, {}, doc)
    sources = {**new.sources, **{k: config.sources[k] for k in kept}}
    return replace(new, sources=sources, search=config.search)
