"""A parsed YAML document: plain values, and where each one stands in the file."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from advisor.errors import Problem

Path_ = tuple[str | int, ...]


class RawInt(int):
    """An integer that remembers how it was written (:func:`raw_int`)."""

    __slots__ = ()

    @property
    def raw(self) -> str:
        """The text it was written as: its digits (a signed one keeps its sign)."""
        return int.__repr__(self)

    @classmethod
    def written(cls, value: int, text: str) -> RawInt:
        """*value*, written as *text* (for :mod:`advisor.snapshot`)."""
        return raw_int(text)


class _SignedInt(RawInt):  # no __slots__: it has a __dict__ for its text
    """An integer written with a sign, ``+7`` or ``-0``: the text kept beside it."""

    @property
    def raw(self) -> str:
        text: str = self.__dict__["text"]
        return text


def raw_int(text: str) -> RawInt:
    """The integer *text* (YAML 1.2 core: optional sign, digits) that remembers *text*. Most
    integers are written as Python writes them and keep nothing more than their value: a
    large file has tens of thousands, and a per-number attribute costs 300 bytes each."""
    value = int(text)
    if int.__repr__(value) == text:
        return RawInt(value)
    made = _SignedInt(value)
    made.__dict__["text"] = text
    return made


class RawFloat(float):
    """A float that remembers how it was written."""

    __slots__ = ("raw",)
    raw: str

    @classmethod
    def written(cls, value: float, text: str) -> RawFloat:
        """*value*, written as *text*."""
        made = cls(value)
        made.raw = text
        return made


def scalar_text(value: object) -> object:
    """The text a number was written as, for fields that want text; other values unchanged."""
    if isinstance(value, (RawInt, RawFloat)):
        return value.raw
    return value


@dataclass(frozen=True, slots=True)  # slots: one per node, millions in a large file
class Loc:
    """Where a value (and, in a mapping, its key) stands: 1-based line and column."""

    line: int
    col: int
    key_line: int
    key_col: int


@dataclass
class Document:
    """A parsed YAML file: plain values plus the location of every node by its path."""

    source: str
    data: Any
    locs: dict[Path_, Loc] = field(default_factory=dict)

    def loc(self, path: Path_, *, key: bool = False) -> tuple[int, int]:
        """Line and column of the node at *path*, or of its nearest located ancestor."""
        for cut in range(len(path), -1, -1):
            found = self.locs.get(tuple(path[:cut]))
            if found is not None:
                if key and cut == len(path):
                    return found.key_line, found.key_col
                return found.line, found.col
        return 1, 1

    def located(self) -> Document:
        """The locations without the values: what findings need once a model is built (the
        values are most of a large document's memory)."""
        return Document(self.source, None, self.locs)

    def problem(self, path: Path_, message: str, *, key: bool = False) -> Problem:
        """A Problem at *path* in this document."""
        line, col = self.loc(path, key=key)
        return Problem(line, col, dotted(path), message, self.source)


def dotted(path: Path_) -> str:
    """`materials[0].suppliers[1].share` for a path; `<document>` for the root."""
    if len(path) > 12:
        return f"{dotted(path[:4])}.….{dotted(path[-4:]).lstrip('.')}"
    out = ""
    for part in path:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += ("." if out else "") + str(part)
    return out or "<document>"


def describe(value: object) -> str:
    """How a YAML value reads in a message: `a mapping`, `the number 3`, `the text 'x'`."""
    from advisor.errors import echo

    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    if value is None:
        return "nothing (null)"
    if isinstance(value, bool):
        return f"the boolean {str(value).lower()}"
    if isinstance(value, (RawInt, RawFloat)):
        return f"the number {value.raw}"
    if isinstance(value, (int, float)):
        return f"the number {value:g}"
    return f"the text {echo(str(value))!r}"
