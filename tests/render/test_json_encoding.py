"""The indented-JSON encoder (advisor/render/_json.py) writes what json.dumps writes.

Every document advisor prints as JSON (the report, SARIF, simulations, baselines, diffs) goes
through ``_json.dumps``; it must give the bytes of ``json.dumps(obj, indent=2,
ensure_ascii=False)``, and raise json's exception where json raises one.
"""

from __future__ import annotations

import enum
import json
import math
import re
from collections import OrderedDict, namedtuple
from decimal import Decimal
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from render_support import EXAMPLE_NAMES, example, options, render

from advisor.render import Format, json_format
from advisor.render._json import dumps


def outcome(encode: Any, obj: Any, sort_keys: bool) -> tuple[str, str]:
    """("ok", the text) or (the exception's type, its message)."""
    try:
        return "ok", encode(obj, sort_keys=sort_keys)
    except (TypeError, ValueError) as exc:
        return type(exc).__name__, str(exc)


def same(obj: Any, sort_keys: bool = False) -> None:
    """Our text is json's text (but a lone surrogate, which cannot be written as UTF-8, is
    written as its escape, as ``ensure_ascii`` would), or we raise what json raises."""
    ours = outcome(dumps, obj, sort_keys)
    theirs = outcome(lambda o, **kw: json.dumps(o, indent=2, ensure_ascii=False, **kw), obj,
                     sort_keys)  # fmt: skip
    if isinstance(theirs[1], str):
        escaped = re.sub("[\ud800-\udfff]", lambda m: f"\\u{ord(m.group()):04x}", theirs[1])
        theirs = (theirs[0], escaped)
    assert ours == theirs


# Any character, lone surrogates and control characters included.
TEXT = st.text(st.characters(exclude_categories=()), max_size=12)
SCALARS = (
    st.none()
    | st.booleans()
    | st.integers()
    | st.integers(min_value=-(10**400), max_value=10**400)
    | st.floats()
    | st.sampled_from([-0.0, 1e300, -1e-300, 5e-324, math.nan, math.inf, -math.inf])
    | TEXT
)
VALUES = st.recursive(
    SCALARS,
    lambda inner: (
        st.lists(inner, max_size=6)
        | st.lists(inner, max_size=4).map(tuple)
        | st.dictionaries(TEXT, inner, max_size=6)
    ),
    max_leaves=40,
)
KEYS = TEXT | st.integers() | st.floats() | st.booleans() | st.none()


@settings(max_examples=400, deadline=None)
@given(VALUES, st.booleans())
def test_the_same_text_as_json(value: Any, sort_keys: bool) -> None:
    same(value, sort_keys)


@settings(max_examples=200, deadline=None)
@given(st.dictionaries(KEYS, SCALARS | st.lists(SCALARS, max_size=2), max_size=6))
def test_keys_that_are_not_strings_as_json_writes_them(value: dict[Any, Any]) -> None:
    same(value)
    same([{"k": value}])


class Colour(str, enum.Enum):
    RED = "red"


class Level(enum.IntEnum):
    HIGH = 3


class Loud(int):
    def __repr__(self) -> str:
        return "LOUD"


class Fraction(float):
    def __repr__(self) -> str:
        return "a fraction"


class Named(str):
    def __str__(self) -> str:
        return "not this"


Point = namedtuple("Point", "x y")


@pytest.mark.parametrize(
    "value",
    [
        [Colour.RED, Level.HIGH, Loud(7), Fraction(0.5), Fraction("nan"), Named("n")],
        {Colour.RED: 1, Level.HIGH: 2, Named("k"): 3, Loud(4): 4, Fraction(2.5): 5},
        OrderedDict([("b", 1), ("a", [])]),
        Point(1, [2, {}]),
        ({"a": ()}, [[]], {}),
        '\x00\x1f\x7f\u2028\ud800 “quoted” "\\',
        10**300,
        -0.0,
        True,
        None,
    ],
    ids=lambda value: type(value).__name__,
)
def test_subclasses_and_odd_values(value: Any) -> None:
    same(value)
    same(value, sort_keys=True)


@pytest.mark.parametrize(
    "value",
    [
        object(),
        [1, {2, 3}],
        {"a": b"bytes"},
        {"a": [Decimal("1.5")]},
        {(1, 2): "tuple key"},
        [{"a": 1}, {frozenset(): 1}],
        {"b": 1, 2: "mixed keys, sorted"},
        [10**5000],
    ],
    ids=lambda value: type(value).__name__,
)
def test_what_json_refuses_is_refused_alike(value: Any) -> None:
    same(value)
    same(value, sort_keys=True)


def test_circular_references_raise_json_s_error() -> None:
    loop: list[Any] = []
    loop.append({"again": (loop,)})
    shared = [1]
    for value in (loop, {"x": [1, loop]}):
        with pytest.raises(ValueError, match=r"^Circular reference detected$"):
            dumps(value)
        same(value)
    same([shared, shared, {"a": shared}])  # the same list twice is no cycle


def test_deep_nesting_as_deep_as_json_goes() -> None:
    deep: Any = 1
    for i in range(900):
        deep = [deep] if i % 2 else {"k": deep}
    assert dumps(deep) == json.dumps(deep, indent=2, ensure_ascii=False)


@pytest.mark.parametrize("name", EXAMPLE_NAMES)
def test_the_examples_report_as_json_would_write_it(name: str) -> None:
    a = example(name)
    doc = json_format.document([a], options(a))
    assert dumps(doc) == json.dumps(doc, indent=2, ensure_ascii=False)
    assert dumps(doc, sort_keys=True) == json.dumps(doc, indent=2, ensure_ascii=False,
                                                    sort_keys=True)  # fmt: skip


@pytest.mark.parametrize("fmt", [Format.json, Format.sarif])
@pytest.mark.parametrize("name", EXAMPLE_NAMES)
def test_the_rendered_reports_are_json_s_text(name: str, fmt: Format) -> None:
    text = render(fmt, example(name))
    assert text == json.dumps(json.loads(text), indent=2, ensure_ascii=False) + "\n"
