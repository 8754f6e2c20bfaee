"""``docs/profile.md``: every profile model and field, from the pydantic field descriptions."""

from __future__ import annotations

import types
import typing
from collections.abc import Iterator, Sequence
from enum import Enum
from importlib import resources
from typing import Any, Literal, Union, get_args, get_origin

from pydantic import BaseModel
from pydantic_core import PydanticUndefined

from advisor.errors import MAX_ECHO, MAX_PROBLEMS
from advisor.profile import fields
from advisor.profile.build import DEFAULT_MAX_MATERIALS, DEFAULT_MAX_SUPPLIERS
from advisor.profile.model import PROFILE_VERSION, Profile
from advisor.yaml import loader as yamlload

#: How a field type reads to the person writing YAML, keyed by the validator behind it.
_WRITTEN_AS: list[tuple[Any, str]] = [
    (fields.CountryList, "list of country codes, or `unknown`"),
    (fields.Country, "country code"),
    (fields.Fraction, 'share (`0.35` or `"35%"`)'),
    (fields.Date, "date (`YYYY-MM-DD`)"),
    (fields.Count, "whole number"),
    (fields.Number, "number"),
    (fields.Flag, "`true` or `false`"),
    (fields.Text, "text"),
]
_NONE = type(None)


def _validator(tp: Any) -> Any:
    """The validator function a field-type alias from advisor.profile.fields carries."""
    return next(item.func for item in get_args(tp)[1:] if hasattr(item, "func"))


def _written_as(metadata: Sequence[Any]) -> str | None:
    funcs = {getattr(item, "func", None) for item in metadata}
    for alias, words in _WRITTEN_AS:
        if _validator(alias) in funcs:
            return words
    return None


def _anchor(model: type[BaseModel]) -> str:
    return model.__name__.lower()


def _describe(tp: Any) -> str:
    """A field type as a user writes it, e.g. ``list of [Supplier](#supplier)``."""
    origin = get_origin(tp)
    if origin is typing.Annotated:
        args = get_args(tp)
        if get_origin(args[0]) is Literal:
            return _describe(args[0])
        return _written_as(args[1:]) or _describe(args[0])
    if origin in (Union, types.UnionType):
        return " or ".join(_describe(arg) for arg in get_args(tp) if arg is not _NONE)
    if origin is list:
        return f"list of {_describe(get_args(tp)[0])}"
    if origin is Literal:
        return " or ".join(f"`{value}`" for value in get_args(tp))
    if isinstance(tp, type) and issubclass(tp, Enum):
        return "one of " + ", ".join(f"`{member.value}`" for member in tp)
    if isinstance(tp, type) and issubclass(tp, BaseModel):
        return f"[{tp.__name__}](#{_anchor(tp)})"
    return {str: "text", int: "whole number", float: "number", bool: "`true` or `false`"}.get(
        tp, getattr(tp, "__name__", str(tp))
    )


def _constraints(metadata: Sequence[Any]) -> list[str]:
    """Bounds written in words: `≥ 0`, `at most 200 characters`, a pattern."""
    found: list[str] = []
    for item in metadata:
        for attr, words in (("ge", "≥ {}"), ("gt", "> {}"), ("le", "≤ {}"), ("lt", "< {}")):
            value = getattr(item, attr, None)
            if value is not None:
                found.append(words.format(value))
        if getattr(item, "min_length", None):
            found.append(f"at least {item.min_length} item(s)")
        if getattr(item, "max_length", None):
            found.append(f"at most {item.max_length} characters")
        if getattr(item, "pattern", None):
            found.append(f"matches `{item.pattern}`")
    return found


def _default(value: Any) -> str:
    if value is None:
        return "none"
    if isinstance(value, bool):
        return f"`{str(value).lower()}`"
    if isinstance(value, Enum):
        return f"`{value.value}`"
    if isinstance(value, list) and not value:
        return "`[]`"
    if isinstance(value, BaseModel):
        return "all defaults"
    return f"`{value}`"


def _models(root: type[BaseModel]) -> list[tuple[type[BaseModel], list[str]]]:
    """Every model reachable from *root*, depth first, with the YAML paths it sits at."""
    found: dict[type[BaseModel], list[str]] = {root: ["(top level)"]}

    def visit(model: type[BaseModel], prefix: str) -> None:
        for name, tp in typing.get_type_hints(model, include_extras=True).items():
            for inner, is_list in _nested_models(tp):
                path = f"{prefix}{name}{'[]' if is_list else ''}"
                first = inner not in found
                found.setdefault(inner, []).append(f"`{path}`")
                if first:
                    visit(inner, f"{path}.")

    visit(root, "")
    return list(found.items())


def _nested_models(tp: Any, in_list: bool = False) -> Iterator[tuple[type[BaseModel], bool]]:
    origin = get_origin(tp)
    if isinstance(tp, type) and issubclass(tp, BaseModel):
        yield tp, in_list
    elif origin is list:
        yield from _nested_models(get_args(tp)[0], True)
    elif origin in (typing.Annotated, Union, types.UnionType):
        args = get_args(tp)[:1] if origin is typing.Annotated else get_args(tp)
        for arg in args:
            yield from _nested_models(arg, in_list)


def _model_section(model: type[BaseModel], paths: list[str]) -> list[str]:
    doc = (model.__doc__ or "").strip()
    out = [f"### {model.__name__}", "", doc, "", f"Used at: {', '.join(paths)}.", ""]
    out += ["| field | type | required | description |", "|---|---|---|---|"]
    hints = typing.get_type_hints(model, include_extras=True)
    for name, info in model.model_fields.items():
        kind = _describe(hints[name])
        bounds = _constraints(info.metadata)
        if bounds:
            kind += f"; {', '.join(bounds)}"
        if info.is_required():
            need = "required"
        else:
            default = info.default
            if default is PydanticUndefined and info.default_factory is not None:
                default = info.default_factory()  # type: ignore[call-arg]
            need = f"optional, default {_default(default)}"
        described = info.description or _first_line(getattr(info.annotation, "__doc__", None))
        out.append(f"| `{name}` | {_cell(kind)} | {need} | {_cell(described)} |")
    return [*out, ""]


def _cell(text: str) -> str:
    """Text safe inside a markdown table cell."""
    return text.replace("|", "\\|").replace("\n", " ")


def _first_line(text: str | None) -> str:
    return (text or "").strip().splitlines()[0] if (text or "").strip() else ""


def _size(n: int) -> str:
    return f"{n // (1024 * 1024)} MiB" if n % (1024 * 1024) == 0 else f"{n:,} bytes"


_VALUE_FORMS = """\
## Accepted value forms

advisor reads YAML strictly: a value means what a person reading the file would think it
means, and anything ambiguous is an error that names the file, line, column and field.

- **Shares** (`share`, `recycled_share`, `in_house_recovery_rate`): a fraction `0.35` or a
  percentage in quotes or plain, `35%` / `"35%"`. Both mean the same. A share above 1 (such as
  `35`) is an error, not thirty-five percent. The supplier shares of one material may add up to
  less than 100% (the rest is unknown), never to more.
- **Dates**: ISO `YYYY-MM-DD`, and the date must exist (`2026-02-30` is an error). A contract's
  `end` must be after its `start`.
- **Countries**: ISO 3166-1 alpha-2 codes in capitals (`CN`, `DE`, `GB`, `NO`). `UK` and
  three-letter codes are rejected with a suggestion (`UK` → `GB`, `DEU` → `DE`). Upstream country
  lists (`mining_countries`, `processing_countries`) may be `unknown` or empty.
- **Quantities**: a mapping `{quantity: 40, unit: t}`; the unit is `t` (metric tonnes) or `kg`.
  Inventory is either `{quantity: 3.5, unit: t}` or `{days_of_cover: 30}`, not both.
- **Numbers** are plain decimals. `010`, `0x10`, `1_000` and `8:30` are not numbers (they stay
  text, and a number field says so); `.nan` and `.inf` are rejected; integers longer than
  {max_digits} digits are rejected.
- **Text** stays text: `NO` is Norway, `ON`, `YES` and `off` are words, part numbers such as
  `00123` keep their zeros, `1.10` keeps its last zero. Only `true` and `false` are booleans;
  `yes`/`no`/`on`/`off` are not accepted where a flag is expected.
- **Ids** (`materials[].id`, `suppliers[].id`) are letters, digits, `_`, `.` and `-`, starting
  with a letter or digit, and unique within their list.
- **Unknown keys** are errors, with a did-you-mean suggestion for misspellings.
"""

_LIMITS = """\
## File limits and what is refused

Profiles are treated as untrusted input. Before anything is built, the loader bounds:

| limit | default | |
|---|---|---|
| file size | {max_bytes} | set `ADVISOR_MAX_FILE_SIZE` (bytes, or `512K`, `64M`, `1G`) |
| nesting depth | {max_depth} levels | |
| alias expansion | {max_alias:,} nodes | a "billion laughs" file is rejected at once |
| materials | {max_materials:,} | set `ADVISOR_MAX_MATERIALS` |
| suppliers (all materials) | {max_suppliers:,} | set `ADVISOR_MAX_SUPPLIERS` |
| problems listed | {max_problems} per run | the rest are counted ("… and N more problems") |

Numbers are 0 or between 1e-9 and 1e18 in size. Only regular files are read (a FIFO or device
is refused before it is opened). All limits and hazards: [reliability.md](reliability.md).

It also refuses, each with a message naming the line: duplicate keys (naming both lines), merge
keys (`<<:`, which YAML 1.2 does not have; a quoted `"<<"` is an ordinary key), more
than one YAML document, tags other than the YAML core ones (`!!python/...`, `!!binary`, custom
`!tags`), mappings used as keys, aliases to undefined anchors, tabs used for indentation, NUL and
other control characters, Unicode bidirectional overrides (such as U+202E) and line separators
(U+2028, U+2029), and bytes that are not UTF-8. A UTF-8 byte-order mark is accepted, and so is
UTF-16 that starts with a byte-order mark. Messages never echo more than {max_echo} characters
of a value from the file.

### libyaml and the pure-Python parser

advisor parses with PyYAML's libyaml binding when it is installed (the usual case) and with
PyYAML's pure-Python parser otherwise. Both accept the same profiles with one known
exception: a tab between a key's colon and its value (`a:<TAB>b`), or inside a plain value, is
accepted by libyaml and rejected by the pure-Python parser. Use spaces, and a file reads the
same everywhere. The wording of YAML syntax errors also differs between the two.
"""


def profile_markdown() -> str:
    """The profile format reference (``docs/profile.md``), generated from the models."""
    out = [
        "# The supplier profile",
        "",
        "<!-- Generated by `python -m advisor.docgen` from advisor/profile/model.py; "
        "do not edit. -->",
        "",
        "A profile describes one company: the critical materials it buys, who supplies them,",
        "and its programmes (stockpile, recycling, research). It is a YAML file, format",
        f"version {PROFILE_VERSION}. `advisor init` writes a commented starter profile,",
        "`advisor validate` checks one, and `advisor schema` prints the JSON Schema that",
        "editors use to complete and check the file.",
        "",
        "## Fields",
        "",
    ]
    for model, paths in _models(Profile):
        out += _model_section(model, paths)
    out.append(
        _VALUE_FORMS.replace("{max_digits}", str(yamlload.MAX_INT_DIGITS)),
    )
    out.append(
        _LIMITS.format(
            max_bytes=_size(yamlload.DEFAULT_MAX_BYTES),
            max_depth=yamlload.DEFAULT_MAX_DEPTH,
            max_alias=yamlload.DEFAULT_MAX_ALIAS_NODES,
            max_echo=MAX_ECHO,
            max_materials=DEFAULT_MAX_MATERIALS,
            max_suppliers=DEFAULT_MAX_SUPPLIERS,
            max_problems=MAX_PROBLEMS,
        )
    )
    template = resources.files("advisor.templates").joinpath("profile.yaml").read_text("utf-8")
    out += [
        "## A complete example",
        "",
        "The starter profile that `advisor init` writes:",
        "",
        "```yaml",
        template.rstrip("\n"),
        "```",
        "",
    ]
    return "\n".join(out)
