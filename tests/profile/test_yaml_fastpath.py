"""The loader's inline path for plain scalars builds exactly what the event-by-event path does.

:meth:`advisor.yaml.loader._Builder.build` places untagged, unanchored plain and single-quoted
scalars itself and hands every other event to ``feed``. On generated YAML (every scalar style,
number-like and bool-like text, duplicate and merge keys, anchors, tags, flow and block
collections) both give the same values, value types, number texts, locations and errors.
"""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from advisor.errors import InputError
from advisor.yaml import loader
from advisor.yaml.loader import load_text

SCALARS = st.one_of(
    st.sampled_from(["1", "-2", "+3", "0.5", "1e3", ".inf", "-.INF", ".nan", "007", "0x1F",
                     "true", "False", "NO", "null", "~", "", "<<", "a b", "8:30", "2026-01-01",
                     "'x'", '"y"', "1.10", "12345678901234567890123456789012345678901234"]),
    st.text(st.characters(codec="utf-8", exclude_categories=("Cs", "Cc")), max_size=8),
)  # fmt: skip


def _scalar(draw: st.DrawFn) -> str:
    text = draw(SCALARS)
    style = draw(st.sampled_from(["plain", "single", "double", "tagged", "anchored"]))
    quoted = "'" + text.replace("'", "''") + "'"
    if style == "single":
        return quoted
    if style == "double":
        return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'
    if style == "tagged":
        return f"!!str {quoted}"
    if style == "anchored":
        return f"&a{draw(st.integers(0, 3))} {quoted}"
    return text if text and text.strip() == text and text[0] not in "!&*|>%@`{}[],#?:-'\"" \
        else quoted  # fmt: skip


@st.composite
def documents(draw: st.DrawFn, depth: int = 0) -> str:
    """A block mapping of a few keys (some repeated) with scalar, list and mapping values."""
    lines: list[str] = []
    pad = "  " * depth
    keys = draw(st.lists(st.sampled_from(["a", "b", "1", "true", "<<", "'q'", "c d"]),
                         min_size=1, max_size=4))  # fmt: skip
    for key in keys:
        kind = draw(st.sampled_from(["scalar", "list", "map", "flow", "alias"] if depth < 2
                                    else ["scalar", "flow"]))  # fmt: skip
        if kind == "scalar":
            lines.append(f"{pad}{key}: {_scalar(draw)}")
        elif kind == "alias":
            lines.append(f"{pad}{key}: *a{draw(st.integers(0, 3))}")
        elif kind == "flow":
            items = ", ".join(_scalar(draw) for _ in range(draw(st.integers(0, 3))))
            lines.append(f"{pad}{key}: [{items}]")
        elif kind == "list":
            lines.append(f"{pad}{key}:")
            lines += [f"{pad}  - {_scalar(draw)}" for _ in range(draw(st.integers(1, 3)))]
        else:
            lines.append(f"{pad}{key}:")
            lines.append(draw(documents(depth + 1)))
    return "\n".join(lines)


def _outcome(text: str) -> Any:
    try:
        doc = load_text(text, "t.yaml")
    except InputError as exc:
        return "error", [str(p) for p in exc.problems] or [exc.message]
    return (
        repr(doc.data),
        _leaves(doc.data),
        sorted((repr(k), repr(v)) for k, v in doc.locs.items()),
    )


def _leaves(value: Any) -> list[tuple[str, str | None]]:
    """Every key and scalar: its type and the text a number was written as."""
    if isinstance(value, dict):
        keys = [(type(k).__name__, getattr(k, "raw", None)) for k in value]
        return keys + [x for v in value.values() for x in _leaves(v)]
    if isinstance(value, list):
        return [x for v in value for x in _leaves(v)]
    return [(type(value).__name__, getattr(value, "raw", None))]


def _event_by_event(builder: Any, events: Any) -> None:
    for event in events:
        builder.feed(event)


@settings(max_examples=300, deadline=None)
@given(text=documents())
def test_the_inline_path_builds_what_feeding_every_event_builds(text: str) -> None:
    fast = _outcome(text)
    with pytest.MonkeyPatch.context() as m:
        m.setattr(loader._Builder, "build", _event_by_event)
        slow = _outcome(text)
    assert fast == slow


def test_the_generator_reaches_both_paths_and_the_errors() -> None:
    """Duplicate keys, merge keys and numbers go through the inline path in these texts."""
    duplicate = _outcome("a: 1\nb: [x, 2]\na: 3\n")
    assert duplicate[0] == "error" and "duplicate key 'a'" in duplicate[1][0]
    merge = _outcome("base: &b {x: 1}\nm:\n  <<: *b\n")
    assert merge[0] == "error" and "merge keys" in merge[1][0]
    data, kinds, _ = _outcome("n: 1.10\ni: 7\ns: '7'\nt: NO\n")
    assert ("RawFloat", "1.10") in kinds and ("RawInt", "7") in kinds and "'NO'" in data


def test_numbers_keep_their_text_through_copies_and_the_snapshot(
    tmp_path: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    """An integer keeps no text of its own unless it was written with a sign; every number
    still reads as written after a pickle, a deep copy and the snapshot cache."""
    import copy
    import pickle

    from advisor import snapshot

    monkeypatch.setenv("ADVISOR_CACHE_DIR", str(tmp_path))
    data = load_text("a: 7\nb: +7\nc: 1.10\nd: [-0, .inf, -3]\n", "t.yaml").data
    assert not hasattr(data["a"], "__dict__") and not hasattr(data["c"], "__dict__")
    snapshot.save("numbers", "k", data)
    for again in (pickle.loads(pickle.dumps(data)), copy.deepcopy(data),
                  snapshot.load("numbers", "k")):  # fmt: skip
        assert again == data
        texts = [again["a"].raw, again["b"].raw, again["c"].raw, *(x.raw for x in again["d"])]
        assert texts == ["7", "+7", "1.10", "-0", ".inf", "-3"]
