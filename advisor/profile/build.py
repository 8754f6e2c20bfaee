"""Turn a located YAML document into a validated model, with every error at file:line:col."""

from __future__ import annotations

import difflib
import os
import re
import types
import typing
from typing import Any, TypeVar, Union, get_args, get_origin

from pydantic import BaseModel, ValidationError

from advisor.errors import (
    MAX_PROBLEMS,
    AdvisorError,
    InputError,
    Problem,
    ProfileError,
    UsageError,
    echo,
)
from advisor.profile.fields import country_hint
from advisor.profile.model import Profile, cross_checks
from advisor.yaml.document import describe
from advisor.yaml.loader import Document, Limits, Path_, _path_key, dotted, load_file, scalar_text

M = TypeVar("M", bound=BaseModel)

#: Most validation errors made into messages (with a did-you-mean) per file; the rest are
#: only counted ("… and N more problems"), so that a file of 200,000 bad values costs little.
MAX_ERRORS = MAX_PROBLEMS


def build(doc: Document, model: type[M], error: type[AdvisorError]) -> M:
    """Validate *doc* against *model*; raise *error* listing every problem by position."""
    try:
        return model.model_validate(doc.data)
    except ValidationError as exc:
        problems = _problems(doc, model, exc)
        raise error(problems=problems, more=max(0, exc.error_count() - MAX_ERRORS)) from None


def _problems(doc: Document, model: type[BaseModel], exc: ValidationError) -> list[Problem]:
    seen: set[tuple[Path_, str]] = set()
    problems: list[Problem] = []
    raw_errors = exc.errors(include_url=False, include_input=False, include_context=True)
    for err in raw_errors[:MAX_ERRORS]:
        path = _data_path(doc.data, err["loc"])
        problem = _problem(doc, model, path, err)
        if (path, problem.message) not in seen:
            seen.add((path, problem.message))
            problems.append(problem)
    return problems


def _data_path(data: Any, loc: tuple[Any, ...]) -> Path_:
    """The loc as a path into the data, without pydantic's union and validator tags."""
    path: list[str | int] = []
    node = data
    for part in loc:
        if _has(node, part):
            path.append(part)
            node = node[part]
        elif isinstance(part, str) and isinstance(node, dict) and not _is_tag(part):
            path.append(part)  # a missing key
            node = None
        elif isinstance(part, str) and _is_tag(part):
            continue
        else:
            path.append(part)
            node = None
    return tuple(path)


def _is_tag(part: str) -> bool:
    return bool(re.search(r"[\[\](),']", part)) or part in {"str", "int", "bool", "float", "dict"}


def _value_at(data: Any, path: Path_) -> Any:
    node = data
    for part in path:
        if not _has(node, part):
            return None
        node = node[part]
    return node


def _has(node: Any, part: Any) -> bool:
    """True if *node* (a mapping or a list) has the key or index *part*."""
    if isinstance(node, dict):
        return part in node
    return isinstance(node, list) and isinstance(part, int) and 0 <= part < len(node)


def _problem(doc: Document, model: type[BaseModel], path: Path_, err: Any) -> Problem:
    kind = err["type"]
    ctx = err.get("ctx") or {}
    if kind == "missing":
        line, col = doc.loc(path[:-1])
        return Problem(line, col, dotted(path), "required field is missing", doc.source)
    if kind == "invalid_key":
        key = _path_key(path[-1])
        names = ", ".join(_fields_at(model, path[:-1]))
        message = f"unknown field {echo(key)!r} (expected one of: {names})"
        return doc.problem((*path[:-1], key), message, key=True)
    if kind == "extra_forbidden":
        allowed = _fields_at(model, path[:-1])
        message = f"unknown field {echo(str(path[-1]))!r}"
        close = difflib.get_close_matches(str(path[-1]), allowed, n=1, cutoff=0.6)
        if close:
            message += f" (did you mean {close[0]!r}?)"
        elif allowed:
            message += f" (expected one of: {', '.join(allowed)})"
        return doc.problem(path, message, key=True)
    value = _value_at(doc.data, path)
    if kind in ("enum", "literal_error"):
        wanted = str(ctx.get("expected", ""))
        options = re.findall(r"'([^']*)'", wanted) or re.split(r", | or ", wanted)
        message = f"{echo(str(scalar_text(value)))!r} is not one of: {', '.join(options)}"
        close = difflib.get_close_matches(str(scalar_text(value)), options, n=1, cutoff=0.5)
        if close:
            message += f" (did you mean {close[0]!r}?)"
        return doc.problem(path, message)
    message = str(err["msg"])
    if message.startswith("Value error, "):
        message = message[len("Value error, ") :]
    if kind == "country" and ctx.get("text"):
        message += country_hint(str(ctx["text"]))
    if kind in ("model_type", "model_attributes_type", "dict_type"):
        message = f"expected a mapping of fields, got {describe(value)}"
    elif kind == "list_type":
        message = f"expected a list, got {describe(value)}"
    elif kind in _BOUNDS:
        word, key = _BOUNDS[kind]
        message = f"must be {word} {ctx.get(key)}, got {echo(str(scalar_text(value)))}"
    elif kind == "string_pattern_mismatch":
        wanted = _PATTERNS.get(str(ctx.get("pattern", "")), "does not have the expected form")
        message = f"{wanted}, got {echo(str(scalar_text(value)))!r}"
    elif kind in _SHOW_VALUE:
        message = f"{message}, got {echo(str(scalar_text(value)))!r}"
    return doc.problem(path, message)


_BOUNDS = {
    "greater_than_equal": ("at least", "ge"),
    "less_than_equal": ("at most", "le"),
    "greater_than": ("more than", "gt"),
    "less_than": ("less than", "lt"),
}
#: Plain words for the patterns of the profile's fields (never the raw regular expression).
_PATTERNS = {
    r"^[A-Za-z0-9][A-Za-z0-9_.-]*$": (
        "must start with a letter or digit and hold only letters, digits, '_', '.' and '-'"
    ),
    r"^[A-Z]{3}$": "must be a three-letter ISO 4217 currency code in capitals, such as EUR",
    r"^\s*[0-9]+(\.[0-9]+)?\s*%\s*$": (
        "must be a fraction such as 0.35 or a percentage such as '35%'"
    ),
}
_SHOW_VALUE = frozenset(
    {
        "too_short",
        "too_long",
        "greater_than_equal",
        "less_than_equal",
        "greater_than",
        "less_than",
        "string_pattern_mismatch",
        "string_too_long",
    }
)


def _fields_at(model: type[BaseModel], path: Path_) -> list[str]:
    """Field names of the model that sits at *path*, for did-you-mean."""
    current: Any = model
    for part in path:
        current = _unwrap(current)
        if isinstance(part, int):
            args = [a for a in get_args(current) if a is not type(None)]
            current = args[0] if args else None
        elif isinstance(current, type) and issubclass(current, BaseModel):
            field = current.model_fields.get(part)
            current = field.annotation if field else None
        else:
            return []
    current = _unwrap(current)
    if isinstance(current, type) and issubclass(current, BaseModel):
        return sorted(current.model_fields)
    return []


def _unwrap(tp: Any) -> Any:
    """Strip Annotated and Optional until a model or a list remains."""
    for _ in range(10):
        origin = get_origin(tp)
        if origin is typing.Annotated:
            tp = get_args(tp)[0]
        elif origin in (Union, types.UnionType):
            args = [a for a in get_args(tp) if a is not type(None)]
            tp = args[0] if len(args) == 1 else tp
            if len(args) != 1:
                return tp
        else:
            return tp
    return tp


def cross_problems(doc: Document, found: typing.Iterable[tuple[Path_, str]]) -> list[Problem]:
    """Problems from a model's cross-field checks, placed in *doc*."""
    return [doc.problem(path, message) for path, message in found]


def load_profile(path: str, limits: Limits | None = None) -> tuple[Profile, Document]:
    """Read, parse and validate a supplier profile; ProfileError lists every problem."""
    try:
        doc = load_file(path, limits)
    except InputError as exc:
        raise ProfileError(exc.message, exc.problems) from None
    return profile_from(doc), doc


#: Top-level keys of which a profile has at least one (a folder scan skips other YAML files).
PROFILE_KEYS = frozenset({"as_of", "company", "materials", "programmes"})


def looks_like_profile(doc: Document) -> bool:
    """True if the document has a top-level profile key, or a case or spelling variant of one
    (``Company``, ``as-of``: a broken profile, never skipped); a rule pack or CI file has none."""
    if not isinstance(doc.data, dict):
        return False
    keys = [str(k).strip().lower().replace("-", "_").replace(" ", "_") for k in doc.data]
    return any(
        k in PROFILE_KEYS or difflib.get_close_matches(k, PROFILE_KEYS, n=1, cutoff=0.85)
        for k in keys
    )


#: Most materials a profile may list; override with ADVISOR_MAX_MATERIALS.
DEFAULT_MAX_MATERIALS = 1_000
#: Most suppliers a profile may list, over all its materials; override with ADVISOR_MAX_SUPPLIERS.
DEFAULT_MAX_SUPPLIERS = 10_000


def count_limit(name: str, default: int) -> int:
    """The limit in the environment variable *name* (a whole number, 1 or more), or *default*."""
    raw = os.environ.get(name, "").strip()
    if not raw:
        return default
    if not re.fullmatch(r"[1-9][0-9]{0,9}", raw):
        raise UsageError(f"{name}: {echo(raw)!r} is not a whole number of 1 or more")
    return int(raw)


def check_counts(doc: Document) -> None:
    """ProfileError, before any validation work, if the profile lists more materials or
    suppliers than the limits allow (assessment cost grows with both)."""
    materials = doc.data.get("materials") if isinstance(doc.data, dict) else None
    if not isinstance(materials, list):
        return
    most = count_limit("ADVISOR_MAX_MATERIALS", DEFAULT_MAX_MATERIALS)
    if len(materials) > most:
        message = (f"{len(materials)} materials, more than the limit of {most} "
                   "(raise it with ADVISOR_MAX_MATERIALS)")  # fmt: skip
        raise ProfileError(problems=[doc.problem(("materials", most), message)])
    most = count_limit("ADVISOR_MAX_SUPPLIERS", DEFAULT_MAX_SUPPLIERS)
    total = 0
    for i, material in enumerate(materials):
        suppliers = material.get("suppliers") if isinstance(material, dict) else None
        total += len(suppliers) if isinstance(suppliers, list) else 0
        if total > most:
            message = (f"more than the limit of {most} suppliers in the profile "
                       "(raise it with ADVISOR_MAX_SUPPLIERS)")  # fmt: skip
            first = len(suppliers) - (total - most)  # type: ignore[arg-type]
            where = ("materials", i, "suppliers", first)
            raise ProfileError(problems=[doc.problem(where, message)])


def profile_from(doc: Document) -> Profile:
    """Validate a parsed document as a profile, with the cross-field checks and the limits on
    materials and suppliers."""
    check_counts(doc)
    profile = build(doc, Profile, ProfileError)
    problems = cross_problems(doc, cross_checks(profile))
    if problems:
        raise ProfileError(problems=problems)
    return profile
