"""The one place that parses YAML: strict, bounded, and every value keeps its file:line:col.

Profiles, rule packs and data files come from people and third parties, so they are treated as
untrusted. The loader builds plain Python values from the parser's event stream itself (it never
uses PyYAML's constructors) and so it decides what each scalar means:

* YAML 1.2 core scalars only: ``true``/``false``, ``null``/``~``, decimal integers without a
  leading zero, decimal floats, ``.inf``/``.nan`` (which number fields then reject). Everything
  else stays a string: ``NO`` is Norway, ``00123`` and ``0x10`` and ``8:30`` are text, dates are
  text until a model reads them.
* Numbers remember the text they were written as, so ``1.10`` stays ``1.10`` where text is meant.
* Merge keys (a plain ``<<:``, YAML 1.1 only) are errors; a quoted ``"<<"`` is an ordinary key.
* Duplicate keys, several documents, non-core tags, complex keys, undefined aliases, control and
  bidirectional-override characters, non-UTF-8 bytes are errors that name the line.
* File size, nesting depth and alias expansion are bounded before anything is built.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from advisor.errors import InputError, Problem, echo
from advisor.fsutil import read_regular
from advisor.yaml.document import (
    Document,
    Loc,
    Path_,
    RawFloat,
    RawInt,
    dotted,
    raw_int,
    scalar_text,
)
from advisor.yaml.text import FORBIDDEN, SURROGATE, bad_character, check_characters, decode

__all__ = [
    "Document",
    "Limits",
    "Loc",
    "Path_",
    "RawFloat",
    "RawInt",
    "decode",
    "dotted",
    "load_bytes",
    "load_file",
    "load_text",
    "scalar_text",
]

#: Default cap on an input file's size, in bytes; override with ADVISOR_MAX_FILE_SIZE. A profile
#: of 1,000 materials with 10 suppliers each is under 2 MiB.
DEFAULT_MAX_BYTES = 8 * 1024 * 1024
#: Deepest nesting of mappings and sequences accepted.
DEFAULT_MAX_DEPTH = 64
#: Most nodes that aliases may add by expansion (defeats "billion laughs").
DEFAULT_MAX_ALIAS_NODES = 100_000
#: Longest integer accepted, in digits.
MAX_INT_DIGITS = 40


_INT = re.compile(r"[-+]?(?:0|[1-9][0-9]*)")
_FLOAT = re.compile(r"[-+]?(?:(?:0|[1-9][0-9]*)(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][-+]?[0-9]+)?")
#: The first characters of every number _INT, _FLOAT and _SPECIAL_FLOATS match.
_NUMBER_START = frozenset("0123456789+-.")
_NULL = frozenset({"", "~", "null", "Null", "NULL"})
_TRUE = frozenset({"true", "True", "TRUE"})
_FALSE = frozenset({"false", "False", "FALSE"})
_SPECIAL_FLOATS = {
    ".nan": float("nan"), ".NaN": float("nan"), ".NAN": float("nan"),
    ".inf": float("inf"), ".Inf": float("inf"), ".INF": float("inf"),
    "+.inf": float("inf"), "+.Inf": float("inf"), "+.INF": float("inf"),
    "-.inf": float("-inf"), "-.Inf": float("-inf"), "-.INF": float("-inf"),
}  # fmt: skip
_CORE_TAGS = {
    "tag:yaml.org,2002:str": "str",
    "tag:yaml.org,2002:int": "int",
    "tag:yaml.org,2002:float": "float",
    "tag:yaml.org,2002:bool": "bool",
    "tag:yaml.org,2002:null": "null",
    "tag:yaml.org,2002:map": "map",
    "tag:yaml.org,2002:seq": "seq",
    "!": "nonspecific",
}


@dataclass(frozen=True)
class Limits:
    """Resource bounds applied before anything is built."""

    max_bytes: int = DEFAULT_MAX_BYTES
    max_depth: int = DEFAULT_MAX_DEPTH
    max_alias_nodes: int = DEFAULT_MAX_ALIAS_NODES

    @classmethod
    def from_env(cls) -> Limits:
        """Limits with ADVISOR_MAX_FILE_SIZE (bytes, or with a K/M/G suffix) applied."""
        raw = os.environ.get("ADVISOR_MAX_FILE_SIZE", "").strip()
        if not raw:
            return cls()
        return cls(max_bytes=parse_size(raw))


def parse_size(text: str) -> int:
    """Bytes from `1048576`, `512K`, `64M` or `1G`."""
    match = re.fullmatch(r"([0-9]{1,15})\s*([kKmMgG]?)[bB]?", text.strip())
    if not match:
        raise InputError(f"ADVISOR_MAX_FILE_SIZE: {echo(text)!r} is not a size (e.g. 64M)")
    scale = {"": 1, "k": 1024, "m": 1024**2, "g": 1024**3}[match.group(2).lower()]
    return int(match.group(1)) * scale


def load_file(path: str | Path, limits: Limits | None = None, *, pure: bool = False) -> Document:
    """Read and parse one YAML file; raise InputError naming file:line:col on any problem.

    Only a regular file is opened (a FIFO, device or folder is refused before ``open``)."""
    limits = limits or Limits.from_env()
    return load_bytes(read_regular(path, limits.max_bytes), str(path), limits, pure=pure)


def load_bytes(
    raw: bytes, source: str, limits: Limits | None = None, *, pure: bool = False
) -> Document:
    """Parse YAML bytes from *source* (a name used in messages)."""
    limits = limits or Limits()
    if len(raw) > limits.max_bytes:
        raise InputError(f"{source}: larger than the limit of {limits.max_bytes} bytes")
    text = decode(raw, source)
    return load_text(text, source, limits, pure=pure)


def load_text(
    text: str, source: str, limits: Limits | None = None, *, pure: bool = False
) -> Document:
    """Parse YAML text; see the module docstring for what is accepted."""
    limits = limits or Limits()
    check_characters(text, source)
    loader = yaml.SafeLoader if pure or not hasattr(yaml, "CSafeLoader") else yaml.CSafeLoader
    builder = _Builder(source, limits)
    try:
        builder.build(yaml.parse(text, Loader=loader))
    except yaml.MarkedYAMLError as exc:
        problems = [*builder.problems, _syntax_problem(exc, text, source, builder)]
        raise InputError(problems=problems) from None
    except yaml.YAMLError as exc:
        raise InputError(problems=[Problem(1, 1, "<document>", _short(str(exc)), source)]) from None
    except RecursionError:
        raise InputError(problems=[builder.here("nesting too deep")]) from None
    return builder.finish()


def _short(message: str) -> str:
    return " ".join(message.split())[:200]


def _syntax_problem(
    exc: yaml.MarkedYAMLError, text: str, source: str, builder: _Builder
) -> Problem:
    mark = exc.problem_mark or exc.context_mark
    line, col = (mark.line + 1, mark.column + 1) if mark else (1, 1)
    problem = exc.problem or "invalid YAML"
    lines = text.splitlines()
    here = lines[line - 1] if 0 < line <= len(lines) else ""
    if "\t" in problem or "\\t" in problem or (col - 1 < len(here) and here[col - 1 : col] == "\t"):
        message = "tab character where YAML needs spaces (indent with spaces only)"
    else:
        message = f"invalid YAML: {_short(problem)}"
        if exc.context:
            message += f" ({_short(exc.context)})"
    return Problem(line, col, dotted(builder.current_path()), message, source)


@dataclass(slots=True)
class _Frame:
    kind: str  # "map" or "seq"
    path: Path_
    value: Any
    anchor: str | None
    size: int = 1
    key: Any = None
    #: The key as it stands in a path (its text for a number): set with the key.
    key_part: str | int = ""
    has_key: bool = False
    key_loc: tuple[int, int] = (0, 0)
    key_lines: dict[Any, int] = field(default_factory=dict)
    discard: bool = False


class _Builder:
    """Turns parser events into located Python values, enforcing the strict rules."""

    def __init__(self, source: str, limits: Limits) -> None:
        self.source = source
        self.limits = limits
        self.stack: list[_Frame] = []
        self.anchors: dict[str, tuple[Any, int]] = {}
        self.locs: dict[Path_, Loc] = {}
        self.result: Any = None
        self.documents = 0
        self.done = False
        self.alias_nodes = 0
        self.problems: list[Problem] = []
        self.line = 1
        self.col = 1
        #: One str object per distinct key text: a key repeated in every supplier is stored
        #: once (the values and the paths of the document share it).
        self.keys: dict[str, str] = {}

    # -- helpers ---------------------------------------------------------------
    def here(self, message: str, line: int | None = None, col: int | None = None) -> Problem:
        return Problem(
            line or self.line, col or self.col, dotted(self.current_path()), message, self.source
        )

    def fail(self, message: str, line: int | None = None, col: int | None = None) -> None:
        raise InputError(problems=[self.here(message, line, col)])

    def current_path(self) -> Path_:
        if not self.stack:
            return ()
        top = self.stack[-1]
        if top.kind == "seq":
            return (*top.path, len(top.value))
        if top.has_key:
            return (*top.path, top.key_part)
        return top.path

    # -- events ----------------------------------------------------------------
    def build(self, events: Iterable[yaml.Event]) -> None:
        """Every event of a stream. The events of a large file are mostly plain scalars in a
        mapping or a sequence: those are placed here, inline (a third of the time of going
        through :meth:`feed`); everything else goes through :meth:`feed`."""
        scalar_event, locs, stack = yaml.ScalarEvent, self.locs, self.stack
        lines: dict[int, int] = {}
        for event in events:
            if (
                type(event) is not scalar_event
                or not stack
                or event.tag is not None
                or event.anchor is not None
                or event.style == '"'
                or (mark := event.start_mark) is None
            ):
                self.feed(event)
                continue
            line = mark.line + 1
            line = lines.setdefault(line, line)  # one int per line: a key's and its value's
            self.line, self.col = line, col = line, mark.column + 1
            text, style = event.value, event.style
            value = text if style else self._resolve_plain(text)
            top = stack[-1]
            if top.kind == "map" and not top.has_key:  # a key
                ident = ("str", value)
                if type(value) is not str or value == "<<" or ident in top.key_lines:
                    if value == "<<" and not style:
                        self._merge_key()
                    self._set_key(top, value)
                    continue
                top.key_lines[ident] = line
                value = self.keys.setdefault(value, value)
                top.key = top.key_part = value
                top.has_key = True
                top.key_loc = (line, col)
                continue
            if top.kind == "seq":
                locs[(*top.path, len(top.value))] = Loc(line, col, line, col)
            else:
                key_line, key_col = top.key_loc
                locs[(*top.path, top.key_part)] = Loc(line, col, key_line, key_col)
            self._attach(value, 1)

    def feed(self, event: yaml.Event) -> None:
        mark = event.start_mark
        if mark is not None:
            self.line, self.col = mark.line + 1, mark.column + 1
        kind = type(event)
        if kind is yaml.ScalarEvent:  # the most frequent by far
            self._on_scalar(event)  # type: ignore[arg-type]
        elif kind is yaml.MappingStartEvent or kind is yaml.SequenceStartEvent:
            opened = "map" if kind is yaml.MappingStartEvent else "seq"
            self._tag_check(event.tag, opened)  # type: ignore[attr-defined]
            self._open(opened, event.anchor)  # type: ignore[attr-defined]
        elif kind is yaml.MappingEndEvent or kind is yaml.SequenceEndEvent:
            self._close()
        elif kind is yaml.AliasEvent:
            self._alias(event.anchor or "")  # type: ignore[attr-defined]
        elif kind is yaml.DocumentStartEvent:
            self.documents += 1
            if self.documents > 1:
                self.fail("several YAML documents in one file; advisor reads exactly one")

    def _on_scalar(self, event: yaml.ScalarEvent) -> None:
        if event.tag is not None:
            self._tag_check(event.tag, "scalar")
        if event.style == '"':  # only escapes can make what the text checks refused
            bad = FORBIDDEN.search(event.value) or SURROGATE.search(event.value)
            if bad:
                self.fail(f"escaped {bad_character(bad.group())}")
        value = self._scalar(event)
        if value == "<<" and event.style in (None, "") and event.tag is None:
            self._merge_key()
        self._place(value, 1, event.anchor)

    def _tag_check(self, tag: str | None, kind: str) -> None:
        if tag is None:
            return
        meaning = _CORE_TAGS.get(tag)
        allowed = {"scalar": {"str", "int", "float", "bool", "null", "nonspecific"},
                   "map": {"map"}, "seq": {"seq"}}[kind]  # fmt: skip
        if meaning not in allowed:
            self.fail(f"tag {echo(tag)!r} is not allowed (only plain YAML values are read)")

    def _scalar(self, event: yaml.ScalarEvent) -> Any:
        text: str = event.value
        tag = _CORE_TAGS.get(event.tag or "")
        plain = event.style is None or event.style == ""
        if tag == "str" or tag == "nonspecific" or (tag is None and not plain):
            return text
        if tag is None:
            return self._resolve_plain(text)
        value = self._resolve_plain(text)
        expected: dict[str, tuple[type, ...]] = {
            "int": (int,), "float": (int, float), "bool": (bool,), "null": (type(None),)
        }  # fmt: skip
        if (isinstance(value, bool) and tag != "bool") or not isinstance(value, expected[tag]):
            self.fail(f"{echo(text)!r} is not a valid !!{tag}")
        if tag == "float" and not isinstance(value, float):
            value = RawFloat.written(float(value), text)
        return value

    def _resolve_plain(self, text: str) -> Any:
        if text in _NULL:
            return None
        if text in _TRUE:
            return True
        if text in _FALSE:
            return False
        if text[:1] not in _NUMBER_START:
            return text
        if _INT.fullmatch(text):
            if len(text.lstrip("+-")) > MAX_INT_DIGITS:
                self.fail(f"integer with {len(text)} digits is too large")
            return raw_int(text)
        if text in _SPECIAL_FLOATS:
            return RawFloat.written(_SPECIAL_FLOATS[text], text)
        if _FLOAT.fullmatch(text) and len(text) <= 64:
            return RawFloat.written(float(text), text)
        return text

    def _merge_key(self) -> None:
        """A plain ``<<`` key: YAML 1.1 merged mappings with it; YAML 1.2 has no such thing."""
        if self.stack and self.stack[-1].kind == "map" and not self.stack[-1].has_key:
            where = dotted((*self.stack[-1].path, "<<"))
            message = "YAML 1.2 has no merge keys; write the values out"
            self.problems.append(Problem(self.line, self.col, where, message, self.source))

    def _alias(self, anchor: str) -> None:
        if anchor not in self.anchors:
            self.fail(f"alias *{echo(anchor)} refers to no anchor defined before it")
        value, size = self.anchors[anchor]
        self.alias_nodes += size
        if self.alias_nodes > self.limits.max_alias_nodes:
            self.fail(
                f"aliases expand to more than {self.limits.max_alias_nodes} nodes "
                "(is this a 'billion laughs' file?)"
            )
        self._place(value, size, None)

    def _open(self, kind: str, anchor: str | None) -> None:
        if self.stack and self.stack[-1].kind == "map" and not self.stack[-1].has_key:
            self.fail("a mapping or sequence used as a key is not supported")
        if len(self.stack) >= self.limits.max_depth:
            self.fail(f"nesting deeper than {self.limits.max_depth} levels")
        path = self._locate_here()
        self.stack.append(_Frame(kind, path, {} if kind == "map" else [], anchor))

    def _close(self) -> None:
        frame = self.stack.pop()
        if frame.anchor is not None:
            self.anchors[frame.anchor] = (frame.value, frame.size)
        self._attach(frame.value, frame.size)

    def _place(self, value: Any, size: int, anchor: str | None) -> None:
        if anchor is not None:
            self.anchors[anchor] = (value, size)
        if self.stack and self.stack[-1].kind == "map" and not self.stack[-1].has_key:
            self._set_key(self.stack[-1], value)
            return
        self._locate_here()
        self._attach(value, size)

    def _locate_here(self) -> Path_:
        """Record where the node starting now stands (and its key, in a mapping)."""
        path = self.current_path()
        key_line, key_col = self.line, self.col
        if self.stack and self.stack[-1].kind == "map":
            key_line, key_col = self.stack[-1].key_loc
        self.locs[path] = Loc(self.line, self.col, key_line, key_col)
        return path

    def _set_key(self, frame: _Frame, key: Any) -> None:
        if isinstance(key, (dict, list)):
            self.fail("a mapping or sequence used as a key is not supported")
        if isinstance(key, float) and key != key:
            self.fail("'.nan' cannot be a key")
        ident = (type(key).__name__, key) if not isinstance(key, (RawInt, RawFloat)) else key
        if ident in frame.key_lines:
            first = frame.key_lines[ident]
            message = (
                f"duplicate key {echo(str(scalar_text(key)))!r} (first defined on line {first}); "
                "each key may appear once"
            )
            where = dotted((*frame.path, _path_key(key)))
            self.problems.append(Problem(self.line, self.col, where, message, self.source))
            frame.discard = True  # keep the first value; report every duplicate at the end
        else:
            frame.key_lines[ident] = self.line
        frame.key = key
        frame.key_part = _path_key(key)
        frame.has_key = True
        frame.key_loc = (self.line, self.col)

    def _attach(self, value: Any, size: int) -> None:
        if not self.stack:
            self.result = value
            self.done = True
            return
        top = self.stack[-1]
        top.size += size
        if top.discard:
            top.discard = False
            top.has_key = False
        elif top.kind == "seq":
            top.value.append(value)
        else:
            top.value[top.key] = value
            top.has_key = False

    def finish(self) -> Document:
        if self.problems:
            raise InputError(problems=self.problems)
        if not self.done or self.documents == 0:
            raise InputError(
                problems=[
                    Problem(1, 1, "<document>", "file is empty (expected a mapping)", self.source)
                ]
            )
        if not isinstance(self.result, dict):
            kind = "a list" if isinstance(self.result, list) else "a single value"
            if self.result is None:
                kind = "empty"
            raise InputError(
                problems=[
                    Problem(
                        1,
                        1,
                        "<document>",
                        f"top level is {kind}; expected a mapping of keys to values",
                        self.source,
                    )
                ]
            )
        return Document(self.source, self.result, self.locs)


def _path_key(key: Any) -> str | int:
    text = scalar_text(key)
    return text if isinstance(text, str) else str(text)
