"""Plain data as profile YAML text, and imported supplier data written into an existing
profile's text.

Updating a profile edits its lines, guided by where the located YAML (:mod:`advisor.yaml`) says
each supplier and key stands: the imported keys of a matched supplier are replaced, and every
other line, comments included, is kept as written.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Iterator, Mapping, Sequence
from decimal import Decimal
from typing import Any

from advisor.errors import InputError
from advisor.yaml.document import Document

_PLAIN = re.compile(r"[A-Za-z][A-Za-z0-9_./-]*|[0-9]{4}-[0-9]{2}-[0-9]{2}")
_RESERVED = frozenset({"true", "false", "null", "yes", "no", "on", "off", "y", "n", "~"})


def scalar(value: Any) -> str:
    """One value as a YAML 1.2 scalar that reads back as the same value."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if value is None:
        return "null"
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, (int, Decimal)):
        return str(value)
    if isinstance(value, float):
        return repr(value)
    text = str(value)
    if _PLAIN.fullmatch(text) and text.casefold() not in _RESERVED:
        return text
    return json.dumps(text, ensure_ascii=False)


def lines(value: Any, indent: int = 0) -> Iterator[str]:
    """*value* (a mapping) as block-style YAML lines at *indent* spaces."""
    pad = " " * indent
    for key, item in value.items():
        head = f"{pad}{scalar(key)}:"
        if isinstance(item, Mapping) and item:
            if _flat(item):
                pairs = ", ".join(f"{scalar(k)}: {scalar(v)}" for k, v in item.items())
                yield f"{head} {{{pairs}}}"
            else:
                yield head
                yield from lines(item, indent + 2)
        elif isinstance(item, Sequence) and not isinstance(item, str) and item:
            if all(not isinstance(x, (Mapping, list)) for x in item):
                yield f"{head} [{', '.join(scalar(x) for x in item)}]"
            else:
                yield head
                for entry in item:
                    yield from _entry(entry, indent + 2)
        elif isinstance(item, Mapping):
            yield f"{head} {{}}"
        elif isinstance(item, Sequence) and not isinstance(item, str):
            yield f"{head} []"
        else:
            yield f"{head} {scalar(item)}"


def _flat(item: Mapping[str, Any]) -> bool:
    return len(item) <= 3 and all(not isinstance(v, (Mapping, list)) for v in item.values())


def _entry(entry: Any, indent: int) -> Iterator[str]:
    if not isinstance(entry, Mapping):
        yield f"{' ' * indent}- {scalar(entry)}"
        return
    inner = list(lines(entry, indent + 2))
    if inner:
        yield " " * indent + "- " + inner[0][indent + 2 :]
        yield from inner[1:]


def document(data: Mapping[str, Any], header: Sequence[str] = ()) -> str:
    """A whole YAML file: comment *header* lines, then *data*."""
    out = [f"# {h}" if h else "#" for h in header]
    out += list(lines(data))
    return "\n".join(out) + "\n"


def supplier_span(doc: Document, path: tuple[Any, ...]) -> tuple[int, int, int]:
    """First line, last line and key column (1-based) of the supplier mapping at *path*."""
    inside = [
        (p, loc) for p, loc in doc.locs.items() if p[: len(path)] == path and len(p) > len(path)
    ]
    first = min(loc.key_line for _, loc in inside)
    last = max(loc.line for _, loc in inside)
    col = min(loc.key_col for p, loc in inside if len(p) == len(path) + 1)
    return first, last, col


def key_span(doc: Document, path: tuple[Any, ...], key: str, last: int) -> tuple[int, int] | None:
    """Lines of *key*'s entry in the mapping at *path* (to the next key or *last*)."""
    loc = doc.locs.get((*path, key))
    if loc is None:
        return None
    later = [
        at.key_line
        for p, at in doc.locs.items()
        if len(p) == len(path) + 1 and p[: len(path)] == path and at.key_line > loc.key_line
    ]
    return loc.key_line, (min(later) - 1 if later else last)


def replace_keys(
    text_lines: list[str], doc: Document, path: tuple[Any, ...], new: Mapping[str, Any]
) -> None:
    """In *text_lines* (the file, edited in place), set the keys of *new* in the supplier
    mapping at *path*: old entries of those keys are removed, the new ones appended."""
    first, last, col = supplier_span(doc, path)
    if text_lines[first - 1][: col - 1].rstrip().endswith("{"):
        raise InputError(
            f"{doc.source}:{first}:{col}: this supplier is written in flow style ({{...}}); write "
            "it as a block mapping (one key per line) so the import can add its smelters"
        )
    while last < len(text_lines) and _continues(text_lines[last], col):
        last += 1  # a block scalar's or flow value's later lines
    spans = [s for k in new if (s := key_span(doc, path, k, last)) is not None]
    block = list(lines(new, col - 1))
    insert_at = last
    for start, end in sorted(spans, reverse=True):
        del text_lines[start - 1 : end]
        if start <= insert_at:
            insert_at -= min(end, insert_at) - start + 1
    text_lines[insert_at:insert_at] = block


def _continues(line: str, col: int) -> bool:
    stripped = line.lstrip(" ")
    return bool(stripped) and not stripped.startswith("#") and len(line) - len(stripped) >= col
