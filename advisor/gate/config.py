"""The config file: ``.advisor.yaml`` or ``[tool.advisor]`` in ``pyproject.toml``.

It is found upward from the working folder, stopping at the repository root (the folder that
holds ``.git``); in each folder ``.advisor.yaml`` is looked for before ``pyproject.toml``.
Every value has one source, in this order of precedence: a command-line flag, an ``ADVISOR_*``
environment variable (``ADVISOR_FAIL_ON``, ``ADVISOR_RULES``, ...), the file, the default.
Unknown keys and values of the wrong kind are errors at file:line with a did-you-mean. Paths in
the file are relative to the folder the file is in.
"""

from __future__ import annotations

import difflib
import os
import sys
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from advisor.errors import Problem, UsageError, echo
from advisor.yaml.document import Document, Loc, describe

SEVERITIES = ("info", "low", "medium", "high", "critical")
YAML_NAME = ".advisor.yaml"
TOML_NAME = "pyproject.toml"


@dataclass(frozen=True)
class Key:
    """One setting: its kind, default and meaning."""

    kind: (
        str  # "paths" "path" "bool" "severity" "fail-on" "globs" "ids" "int" "parameters" "assume"
    )
    default: Any
    help: str


KEYS: dict[str, Key] = {
    "rules": Key("paths", (), "extra rule packs (files or folders), after the built-in pack"),
    "builtin": Key("bool", True, "use the built-in rule pack"),
    "data": Key("path", None, "reference data that overrides or extends the built-in data"),
    "fail-on": Key("fail-on", "high", "exit 1 on a finding at or above this (or none)"),
    "min-severity": Key("severity", "info", "hide findings below this (never failing ones)"),
    "globs": Key("globs", (), "more globs a folder scan checks, besides **/*.advisor.yaml"),
    "exclude": Key("globs", (), "globs a folder scan leaves out"),
    "disable": Key("ids", (), "rules to switch off (id, name or alias)"),
    "parameters": Key("parameters", {}, "rule parameters, by rule: {ADV010: {target_days: 120}}"),
    "waivers": Key("path", None, "the waivers file"),
    "inline-waivers": Key("bool", True, "honour `# advisor: ignore[...]` comments in profiles"),
    "baseline": Key("path", None, "fail only on findings not in this baseline file"),
    "max-age-days": Key("int", 730, "note reference data older than this before as_of"),
    "jobs": Key("int", 0, "processes for `check` (0: one per core, 1: serial)"),
    "assume": Key("assume", "suspended", "unknown export-control states: suspended or in-force"),
}


@dataclass(frozen=True)
class Config:
    """The effective settings, where each came from, and the file they were read from."""

    values: Mapping[str, Any]
    sources: Mapping[str, str]
    file: str | None = None
    document: Document | None = field(default=None, compare=False)

    def __getitem__(self, key: str) -> Any:
        return self.values[key]


def env_name(key: str) -> str:
    """``fail-on`` → ``ADVISOR_FAIL_ON``."""
    return "ADVISOR_" + key.upper().replace("-", "_")


def find(start: Path) -> Path | None:
    """The nearest config file at or above *start*, up to the repository root."""
    for folder in (start, *start.parents):
        candidate = folder / YAML_NAME
        if candidate.is_file():
            return candidate
        toml = folder / TOML_NAME
        if toml.is_file() and _has_tool_table(toml):
            return toml
        if (folder / ".git").exists():
            return None
    return None


def _has_tool_table(path: Path) -> bool:
    try:
        return "[tool.advisor" in path.read_text("utf-8", errors="replace")
    except OSError:
        return False


def read(path: Path) -> Document:
    """The config file as a located document (``[tool.advisor]`` of a pyproject.toml)."""
    if path.name == TOML_NAME:
        return _read_toml(path)
    from advisor.yaml.loader import load_file

    doc = load_file(str(path))
    if doc.data is None:
        doc.data = {}
    return doc


def _read_toml(path: Path) -> Document:
    if sys.version_info >= (3, 11):
        import tomllib
    else:  # pragma: no cover - Python 3.10
        import tomli as tomllib
    try:
        text = path.read_text("utf-8")
        data = tomllib.loads(text).get("tool", {}).get("advisor", {})
    except (OSError, UnicodeDecodeError) as exc:
        raise UsageError(f"{path}: cannot read ({exc})") from None
    except tomllib.TOMLDecodeError as exc:
        raise UsageError(f"{path}: not valid TOML ({exc})") from None
    return Document(str(path), data, _toml_locs(text, data))


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


def validate(doc: Document) -> tuple[dict[str, Any], list[Problem]]:
    """The file's values by key (paths made relative to its folder) and its problems."""
    if not isinstance(doc.data, dict):
        return {}, [doc.problem((), f"expected a mapping of settings, got {describe(doc.data)}")]
    base = Path(doc.source).parent
    values: dict[str, Any] = {}
    problems: list[Problem] = []
    for raw_key, raw in doc.data.items():
        key = str(raw_key)
        spec = KEYS.get(key)
        if spec is None:
            problems.append(doc.problem((key,), _unknown(key), key=True))
            continue
        value, message = _coerce(spec.kind, raw, base)
        if message:
            problems.append(doc.problem((key,), message))
        else:
            values[key] = value
    return values, problems


def _unknown(key: str) -> str:
    close = difflib.get_close_matches(key.replace("_", "-").lower(), KEYS, n=1, cutoff=0.6)
    hint = f" (did you mean {close[0]!r}?)" if close else f" (expected one of: {', '.join(KEYS)})"
    return f"unknown setting {echo(key)!r}{hint}"


def _coerce(kind: str, raw: Any, base: Path) -> tuple[Any, str]:
    """(value, "") or (None, a message in plain words)."""
    if kind in ("paths", "globs", "ids"):
        items = [raw] if isinstance(raw, str) else raw
        if not isinstance(items, list) or not all(isinstance(i, str) and i for i in items):
            return None, f"expected a list of names, got {describe(raw)}"
        return (tuple(str(base / i) for i in items) if kind == "paths" else tuple(items)), ""
    if kind == "path":
        if not isinstance(raw, str) or not raw:
            return None, f"expected a file path, got {describe(raw)}"
        return str(base / raw), ""
    if kind == "bool":
        if not isinstance(raw, bool):
            return None, f"expected true or false, got {describe(raw)}"
        return raw, ""
    if kind == "int":
        if isinstance(raw, bool) or not isinstance(raw, int) or raw < 0:
            return None, f"expected a whole number, 0 or more, got {describe(raw)}"
        return int(raw), ""
    if kind in ("severity", "fail-on"):
        return _severity(kind, raw)
    if kind == "assume":
        if raw in ("suspended", "in-force"):
            return raw, ""
        return None, f"{echo(str(raw))!r} is not one of: suspended, in-force"
    return _parameters(raw)


def _severity(kind: str, raw: Any) -> tuple[Any, str]:
    allowed = (("none",) if kind == "fail-on" else ()) + SEVERITIES
    text = str(raw).strip().lower() if isinstance(raw, str) else None
    if text in allowed:
        return text, ""
    message = f"{echo(str(raw))!r} is not one of: {', '.join(allowed)}"
    close = difflib.get_close_matches(str(raw).lower(), allowed, n=1, cutoff=0.5)
    return None, message + (f" (did you mean {close[0]!r}?)" if close else "")


def _parameters(raw: Any) -> tuple[Any, str]:
    if not isinstance(raw, dict) or not all(isinstance(v, dict) for v in raw.values()):
        return None, "expected rule ids, each with a mapping of parameter: value"
    return {str(k): dict(v) for k, v in raw.items()}, ""


def parse_env(key: str, text: str) -> tuple[Any, str]:
    """The value an ``ADVISOR_*`` variable gives, or a message; lists are comma-separated
    (paths by the OS path separator)."""
    kind = KEYS[key].kind
    raw: Any = text
    if kind == "paths":
        return tuple(p for p in text.split(os.pathsep) if p), ""
    if kind in ("globs", "ids"):
        return tuple(p.strip() for p in text.split(",") if p.strip()), ""
    if kind == "bool":
        word = text.strip().lower()
        if word not in ("1", "0", "true", "false", "yes", "no", "on", "off"):
            return None, f"expected true or false, got {echo(text)!r}"
        return word in ("1", "true", "yes", "on"), ""
    if kind == "int":
        raw = int(text) if text.strip().isdigit() else text
    if kind == "parameters":
        return None, "parameters can only be set in the config file"
    return _coerce(kind, raw, Path("."))


def resolve(
    flags: Mapping[str, Any],
    env: Mapping[str, str],
    doc: Document | None,
) -> Config:
    """Every setting from the first source that gives it: flag, environment, file, default."""
    problems: list[Problem] = []
    from_file: dict[str, Any] = {}
    if doc is not None:
        from_file, problems = validate(doc)
    values: dict[str, Any] = {}
    sources: dict[str, str] = {}
    for key, spec in KEYS.items():
        name = env_name(key)
        if key in flags:
            values[key], sources[key] = flags[key], "flag"
        elif env.get(name):
            value, message = parse_env(key, env[name])
            if message:
                problems.append(Problem(0, 0, "", message, name))
            values[key], sources[key] = value, f"environment {name}"
        elif key in from_file and doc is not None:
            line = doc.loc((key,))[0]
            values[key], sources[key] = from_file[key], f"{doc.source}:{line}"
        else:
            values[key], sources[key] = spec.default, "default"
    if problems:
        raise UsageError(problems=problems)
    return Config(values, sources, doc.source if doc else None, doc)


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
    if explicit is not None and not explicit.is_file():
        raise UsageError(f"{explicit}: no such config file")
    doc = read(path) if path is not None else None
    return resolve(flags, env, doc)


def rule_pack(config: Config) -> Document | None:
    """The config's ``disable`` and ``parameters`` as a rule pack merged after all others,
    located in the config file so that a bad rule id points at its line."""
    disable, parameters = config["disable"], config["parameters"]
    if not disable and not parameters:
        return None
    doc = config.document
    data = {
        "pack": "config",
        "version": 1,
        "overrides": {rule: {"parameters": dict(p)} for rule, p in parameters.items()},
        "disable": list(disable),
    }
    locs: dict[tuple[str | int, ...], Loc] = {}
    if doc is not None and config.sources["parameters"].startswith(doc.source):
        for path, loc in doc.locs.items():
            if path[:1] == ("parameters",) and len(path) >= 2:
                locs[("overrides", path[1], "parameters", *path[2:])] = loc
                if len(path) == 2:
                    locs[("overrides", path[1])] = loc
    if doc is not None and config.sources["disable"].startswith(doc.source):
        locs.update(
            {("disable", *p[1:]): lc for p, lc in doc.locs.items() if p[:1] == ("disable",)}
        )
    source = doc.source if doc is not None else "<config>"
    return Document(source, data, locs)
