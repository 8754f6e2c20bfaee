"""Indented JSON: the bytes of ``json.dumps(obj, indent=2, ensure_ascii=False)``, faster.

With an indent, CPython 3.11's json falls back to its pure-Python encoder: a generator per
container, every piece yielded up through all the generators above it. ``dumps`` walks the
value with two plain recursive functions instead (dicts, lists) that append each item
(separator, key and scalar in one string) to one list, joined at the end; the separators and
keys of each depth are made once. Strings go through json's own ``encode_basestring`` (its C
version when there is one) and numbers through ``int.__repr__`` and ``float.__repr__``, as
json's do; subclasses (an IntEnum, a str enum) are written as their base type, as json
writes them, and what json refuses is refused with json's errors. See docs/performance.md.
"""

from __future__ import annotations

import re
from json.encoder import encode_basestring as _string
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from advisor.engine.assess.model import RulesRun

#: Per depth: the newline and indent of a closing bracket, the separator before an item one
#: level in, and that separator followed by each str key already written (``,\n  "id": ``).
_Level = tuple[str, str, dict[str, str]]
_INF = float("inf")


def dumps(obj: Any, *, sort_keys: bool = False) -> str:
    """``json.dumps(obj, indent=2, ensure_ascii=False, sort_keys=sort_keys)``, the same text."""
    if not isinstance(obj, (list, tuple, dict)):
        return _no_surrogates(_scalar(obj))
    out: list[str] = []
    try:
        (_dict if isinstance(obj, dict) else _list)(obj, 0, out, sort_keys, [])
    except RecursionError:
        if _cyclic(obj):
            raise ValueError("Circular reference detected") from None
        raise
    return _no_surrogates("".join(out))


_SURROGATE = re.compile("[\ud800-\udfff]")


def _no_surrogates(text: str) -> str:
    """*text* with every lone surrogate (a file name that is not UTF-8, as Python keeps it)
    written as its JSON escape, so the text can be encoded as UTF-8 and written out."""
    if text.isascii() or _SURROGATE.search(text) is None:
        return text
    return _SURROGATE.sub(lambda m: f"\\u{ord(m.group()):04x}", text)


def _level(levels: list[_Level], depth: int) -> _Level:
    """The strings of *depth*, made on first use."""
    while len(levels) <= depth:
        levels.append(("\n" + "  " * len(levels), ",\n" + "  " * (len(levels) + 1), {}))
    return levels[depth]


def _dict(o: Any, depth: int, out: list[str], sort_keys: bool, levels: list[_Level]) -> None:
    """Append the dict *o*, its braces at *depth*: ``{}``, or one item a line."""
    if not o:
        out.append("{}")
        return
    nl, sep, keys = levels[depth] if depth < len(levels) else _level(levels, depth)
    start = len(out)
    for key, value in sorted(o.items()) if sort_keys else o.items():
        if type(key) is str:
            prefix = keys.get(key) or keys.setdefault(key, sep + _string(key) + ": ")
        else:
            prefix = sep + _string(_key(key)) + ": "
        t = type(value)
        if t is str:
            out.append(prefix + _string(value))
        elif t is int:
            out.append(prefix + repr(value))
        elif t is bool:
            out.append(prefix + ("true" if value else "false"))
        elif value is None:
            out.append(prefix + "null")
        elif t is float:
            out.append(prefix + _float(value))
        elif t is dict or t is list or isinstance(value, (list, tuple, dict)):
            out.append(prefix)
            (_dict if isinstance(value, dict) else _list)(value, depth + 1, out, sort_keys, levels)
        else:
            out.append(prefix + _scalar(value))
    out[start] = "{" + out[start][1:]  # the first item's separator opens the dict
    out.append(nl + "}")


def _list(o: Any, depth: int, out: list[str], sort_keys: bool, levels: list[_Level]) -> None:
    """Append the list or tuple *o*, its brackets at *depth*: ``[]``, or one item a line."""
    if not o:
        out.append("[]")
        return
    nl, prefix, _ = levels[depth] if depth < len(levels) else _level(levels, depth)
    start = len(out)
    for value in o:
        t = type(value)
        if t is str:
            out.append(prefix + _string(value))
        elif t is int:
            out.append(prefix + repr(value))
        elif t is bool:
            out.append(prefix + ("true" if value else "false"))
        elif value is None:
            out.append(prefix + "null")
        elif t is float:
            out.append(prefix + _float(value))
        elif t is dict or t is list or isinstance(value, (list, tuple, dict)):
            out.append(prefix)
            (_dict if isinstance(value, dict) else _list)(value, depth + 1, out, sort_keys, levels)
        else:
            out.append(prefix + _scalar(value))
    out[start] = "[" + out[start][1:]  # the first item's separator opens the list
    out.append(nl + "]")


def _scalar(o: Any) -> str:
    """json's text of a string, None, bool, int or float, subclasses included, in json's order
    of checks; TypeError, with json's message, for anything else."""
    if isinstance(o, str):
        return _string(o)
    if o is None:
        return "null"
    if o is True:
        return "true"
    if o is False:
        return "false"
    if isinstance(o, int):
        return int.__repr__(o)
    if isinstance(o, float):
        return _float(o)
    raise TypeError(f"Object of type {o.__class__.__name__} is not JSON serializable")


def _float(o: float) -> str:
    """json's float: its repr, or NaN, Infinity, -Infinity (allow_nan, json's default)."""
    if o != o:
        return "NaN"
    if o == _INF:
        return "Infinity"
    if o == -_INF:
        return "-Infinity"
    return float.__repr__(o)


def _key(key: Any) -> str:
    """A dict key as json writes it: str (subclasses too), float, bool, None and int keys
    become strings; TypeError, with json's message, for any other key."""
    if isinstance(key, str):
        return key
    if isinstance(key, float):
        return _float(key)
    if key is True or key is False or key is None:
        return _scalar(key)
    if isinstance(key, int):
        return int.__repr__(key)
    raise TypeError(f"keys must be str, int, float, bool or None, not {key.__class__.__name__}")


def _cyclic(obj: Any) -> bool:
    """True if a list, tuple or dict holds itself at any depth, walked without recursing:
    json's ValueError then, where recursing without end ran into the recursion limit."""
    on_path: set[int] = set()
    stack: list[tuple[Any, bool]] = [(obj, True)]
    while stack:
        o, entering = stack.pop()
        if not entering:
            on_path.discard(id(o))
        elif isinstance(o, (list, tuple, dict)):
            if id(o) in on_path:
                return True
            on_path.add(id(o))
            stack.append((o, False))
            stack.extend((v, True) for v in (o.values() if isinstance(o, dict) else o))
    return False


def rules_run(run: RulesRun) -> dict[str, Any]:
    """Which rules ran and what the configuration changed, as plain data; ``changed``,
    ``packs`` and ``settings`` only when there are some (schema 1.5)."""
    out: dict[str, Any] = {
        "active": run.active,
        "active_builtin": run.active_builtin,
        "builtin": run.builtin,
        "builtin_loaded": run.builtin_loaded,
        "disabled": [{"rule_id": rule, "pack": pack} for rule, pack in run.disabled],
    }
    if run.changed:
        out["changed"] = [{"rule_id": r, "change": c, "pack": p} for r, c, p in run.changed]
    if run.origins:
        out["packs"] = [{"pack": p, "file": f} for p, f in run.origins]
    if run.settings:
        out["settings"] = list(run.settings)
    return out
