"""The strict YAML loader: every hazard from issue #2, on both parsers (libyaml and pure Python).

Each test runs twice, ``[libyaml]`` and ``[pure]``; where the two parsers really differ the
difference is pinned in ``test_known_parser_differences`` so a change on either side shows up.
"""

from __future__ import annotations

import time
import tracemalloc
from collections.abc import Callable
from pathlib import Path

import pytest

from advisor.errors import AdvisorError, InputError, ProfileError
from advisor.yaml.loader import (
    DEFAULT_MAX_BYTES,
    Document,
    Limits,
    RawFloat,
    RawInt,
    load_bytes,
    load_file,
    load_text,
    parse_size,
    scalar_text,
)


@pytest.fixture(params=[False, True], ids=["libyaml", "pure"])
def pure(request: pytest.FixtureRequest) -> bool:
    """Run the test with the libyaml-backed parser and with the pure-Python one."""
    return bool(request.param)


def load(source: str | bytes, pure: bool, limits: Limits | None = None) -> Document:
    raw = source.encode("utf-8") if isinstance(source, str) else source
    return load_bytes(raw, "f.yaml", limits, pure=pure)


def errors(source: str | bytes, pure: bool, limits: Limits | None = None) -> list[str]:
    """The lines a user would see for a file the loader must reject."""
    with pytest.raises(InputError) as caught:
        load(source, pure, limits)
    return caught.value.lines()


# -- duplicate keys -------------------------------------------------------------------------


def test_duplicate_key_names_both_lines(pure: bool) -> None:
    lines = errors("a: 1\nb: 2\na: 3\n", pure)
    assert lines == [
        "f.yaml:3:1: a: duplicate key 'a' (first defined on line 1); each key may appear once"
    ]


def test_duplicate_key_in_nested_mapping_names_its_path(pure: bool) -> None:
    text = "company:\n  name: A\n  sector: x\n  name: B\n"
    (line,) = errors(text, pure)
    assert line.startswith("f.yaml:4:3: company.name: duplicate key 'name'")
    assert "first defined on line 2" in line


def test_duplicate_key_is_found_whatever_the_quoting(pure: bool) -> None:
    line = errors("\"share\": 1\n'share': 2\nshare: 3\n", pure)[0]
    assert line.startswith("f.yaml:2:1: share: duplicate key")


def test_every_duplicate_key_is_reported_at_once(pure: bool) -> None:
    lines = errors("a: 1\nb: 2\na: 3\nc:\n  d: 1\n  d: 2\n", pure)
    assert [line.split(": duplicate")[0] for line in lines] == ["f.yaml:3:1: a", "f.yaml:6:3: c.d"]


def test_duplicate_key_in_flow_mapping(pure: bool) -> None:
    (line,) = errors("q: {unit: t, unit: kg}\n", pure)
    assert line.startswith("f.yaml:1:14: q.unit: duplicate key 'unit'")


# -- YAML 1.1 implicit typing never changes meaning -----------------------------------------


@pytest.mark.parametrize(
    "word", ["NO", "No", "no", "ON", "On", "on", "YES", "Yes", "yes", "OFF", "off", "y", "n", "Y"]
)
def test_yaml11_booleans_stay_words(pure: bool, word: str) -> None:
    doc = load(f"country: {word}\n", pure)
    assert doc.data == {"country": word}


@pytest.mark.parametrize(
    "text", ["00123", "0101", "010", "0x10", "0o10", "0b11", "1_000", "8:30", "190:20:30", "+0x1"]
)
def test_sexagesimal_octal_hex_and_padded_numbers_stay_text(pure: bool, text: str) -> None:
    doc = load(f"code: {text}\n", pure)
    assert doc.data["code"] == text
    assert isinstance(doc.data["code"], str)


@pytest.mark.parametrize("text", ["1.10", "2.50", "1e3", "1.0e+3", ".5", "-0.0"])
def test_floats_remember_how_they_were_written(pure: bool, text: str) -> None:
    value = load(f"v: {text}\n", pure).data["v"]
    assert isinstance(value, RawFloat)
    assert value == float(text)
    assert scalar_text(value) == text


def test_integers_remember_how_they_were_written(pure: bool) -> None:
    value = load("v: +42\n", pure).data["v"]
    assert isinstance(value, RawInt)
    assert value == 42
    assert scalar_text(value) == "+42"


def test_core_schema_scalars(pure: bool) -> None:
    text = "a: true\nb: False\nc: null\nd: ~\ne:\nf: -7\ng: 0\nh: 2.5\n"
    data = load(text, pure).data
    assert data == {"a": True, "b": False, "c": None, "d": None, "e": None, "f": -7, "g": 0,
                    "h": 2.5}  # fmt: skip
    assert data["a"] is True
    assert data["b"] is False


def test_quoted_scalars_are_always_text(pure: bool) -> None:
    data = load("a: 'true'\nb: \"12\"\nc: '~'\n", pure).data
    assert data == {"a": "true", "b": "12", "c": "~"}


@pytest.mark.parametrize("text", [".nan", ".NaN", ".inf", "-.inf", "+.INF", "1e400"])
def test_nan_and_infinity_are_floats_the_model_can_refuse(pure: bool, text: str) -> None:
    value = load(f"v: {text}\n", pure).data["v"]
    assert isinstance(value, float)
    assert value != value or value in (float("inf"), float("-inf"))


@pytest.mark.parametrize("text", ["nan", "inf", ".Nan", "NaN"])
def test_non_core_nan_spellings_are_text(pure: bool, text: str) -> None:
    assert load(f"v: {text}\n", pure).data["v"] == text


def test_dates_stay_text_for_the_model_to_read(pure: bool) -> None:
    data = load("a: 2026-01-31\nb: 2026-02-30\nc: 2026-01-31 10:00:00\n", pure).data
    assert data == {"a": "2026-01-31", "b": "2026-02-30", "c": "2026-01-31 10:00:00"}


def test_huge_integer_is_an_error_not_a_slow_bignum(pure: bool) -> None:
    (line,) = errors("a: " + "9" * 5000 + "\n", pure)
    assert line == "f.yaml:1:4: a: integer with 5000 digits is too large"


def test_forty_digit_integer_is_still_read(pure: bool) -> None:
    assert load("a: " + "9" * 40 + "\n", pure).data["a"] == int("9" * 40)


def test_very_long_float_literal_is_not_a_number(pure: bool) -> None:
    text = "1" + "0" * 100 + ".0"
    assert load(f"a: {text}\n", pure).data["a"] == text


# -- the shape of a document ----------------------------------------------------------------


@pytest.mark.parametrize("text", ["", "\n\n", "# only a comment\n", "   \n"])
def test_empty_file(pure: bool, text: str) -> None:
    assert errors(text, pure) == ["f.yaml:1:1: <document>: file is empty (expected a mapping)"]


@pytest.mark.parametrize(
    ("text", "kind"),
    [("- a\n- b\n", "a list"), ("hello\n", "a single value"), ("---\n", "empty"),
     ("~\n", "empty"), ("42\n", "a single value")],
)  # fmt: skip
def test_top_level_must_be_a_mapping(pure: bool, text: str, kind: str) -> None:
    assert errors(text, pure) == [
        f"f.yaml:1:1: <document>: top level is {kind}; expected a mapping of keys to values"
    ]


def test_several_documents_in_one_file(pure: bool) -> None:
    (line,) = errors("a: 1\n---\nb: 2\n", pure)
    assert line.startswith("f.yaml:2:1: ")
    assert "several YAML documents in one file" in line


def test_document_markers_around_one_document_are_fine(pure: bool) -> None:
    assert load("---\na: 1\n...\n", pure).data == {"a": 1}


def test_yaml_directive_does_not_switch_meaning(pure: bool) -> None:
    assert load("%YAML 1.1\n---\nc: NO\nv: 010\n", pure).data == {"c": "NO", "v": "010"}


def test_mapping_as_key_is_refused(pure: bool) -> None:
    (line,) = errors("? [a, b]\n: 1\n", pure)
    assert "a mapping or sequence used as a key is not supported" in line


def test_nan_as_key_is_refused(pure: bool) -> None:
    (line,) = errors(".nan: 1\n", pure)
    assert "'.nan' cannot be a key" in line


# -- tabs, encodings and characters ---------------------------------------------------------


def test_tab_indentation(pure: bool) -> None:
    (line,) = errors("company:\n\tname: A\n", pure)
    assert line.startswith("f.yaml:2:1: ")
    assert "tab character where YAML needs spaces" in line


def test_utf8_byte_order_mark_is_accepted(pure: bool) -> None:
    doc = load(b"\xef\xbb\xbfa: 1\nb: x\n", pure)
    assert doc.data == {"a": 1, "b": "x"}
    assert doc.loc(("b",)) == (2, 4)


@pytest.mark.parametrize("codec", ["utf-16-le", "utf-16-be"])
def test_utf16_with_byte_order_mark_is_accepted(pure: bool, codec: str) -> None:
    doc = load("\ufeffcountry: NO\nname: Ærø\n".encode(codec), pure)
    assert doc.data == {"country": "NO", "name": "Ærø"}


def test_utf16_without_byte_order_mark_gets_a_hint(pure: bool) -> None:
    lines = errors("a: 1\n".encode("utf-16-le"), pure)
    assert "UTF-16 without a byte-order mark" in lines[0]


@pytest.mark.parametrize("codec", ["utf-16-le", "utf-16-be"])
def test_utf16_without_byte_order_mark_is_one_clear_message(pure: bool, codec: str) -> None:
    lines = errors("company:\n  name: A\n".encode(codec), pure)
    assert len(lines) == 1, lines
    assert "UTF-16 without a byte-order mark" in lines[0]


def test_utf32_is_refused_clearly(pure: bool) -> None:
    assert errors("\ufeffa: 1\n".encode("utf-32"), pure) == [
        "f.yaml:1:1: <document>: UTF-32 is not supported (save as UTF-8)"
    ]


def test_non_utf8_bytes_name_line_and_column(pure: bool) -> None:
    assert errors("a: 1\nname: Caf\xe9\n".encode("latin-1"), pure) == [
        "f.yaml:2:10: <document>: not valid UTF-8 (byte 0xe9); save the file as UTF-8"
    ]


@pytest.mark.parametrize(
    ("char", "words"),
    [("\x00", "NUL U+0000"), ("\x07", "control character U+0007"),
     ("\x1b", "control character U+001B"), ("\x7f", "control character U+007F"),
     ("\x85", "control character U+0085"), ("\u202e", "bidirectional control character U+202E"),
     ("\u2066", "bidirectional control character U+2066"),
     ("\u2028", "LINE SEPARATOR U+2028"), ("\u2029", "PARAGRAPH SEPARATOR U+2029")],
)  # fmt: skip
def test_control_bidi_and_separator_characters_are_refused(
    pure: bool, char: str, words: str
) -> None:
    (line,) = errors(f"a: 1\nname: Evil{char}Corp\n", pure)
    assert line.startswith(f"f.yaml:2:11: <document>: {words} is not allowed")


@pytest.mark.parametrize("escape", ["\\u202e", "\\u2028", "\\0", "\\x1b", "\\ud800"])
def test_escaped_control_characters_are_refused_too(pure: bool, escape: str) -> None:
    """A double-quoted escape must not smuggle in what the raw character check refuses."""
    (line,) = errors(f'a: 1\nname: "Evil{escape}Corp"\n', pure)
    assert line.startswith("f.yaml:2:")
    assert "not allowed" in line or "invalid Unicode character" in line


def test_character_problems_are_capped(pure: bool) -> None:
    lines = errors("a: " + "\x07" * 5000 + "\n", pure)
    assert 1 < len(lines) <= 52


def test_crlf_line_endings_keep_line_numbers(pure: bool) -> None:
    doc = load("a: 1\r\nb:\r\n  c: x\r\n", pure)
    assert doc.data == {"a": 1, "b": {"c": "x"}}
    assert doc.loc(("b", "c")) == (3, 6)


# -- tags -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "value",
    [
        '!!python/object/apply:os.system ["echo pwned"]',
        "!!python/name:os.system",
        "!!python/tuple [1, 2]",
        "!foo bar",
        "!!binary aGVsbG8=",
        "!!set {x, y}",
        "!!timestamp 2026-01-01",
        "!!omap [a: 1]",
        "!<tag:example.com,2000:x> 1",
    ],
)
def test_non_core_tags_are_refused(pure: bool, value: str) -> None:
    (line,) = errors(f"a: {value}\n", pure)
    assert line.startswith("f.yaml:1:4: a: tag ")
    assert "is not allowed (only plain YAML values are read)" in line


def test_tag_directive_cannot_smuggle_a_tag(pure: bool) -> None:
    (line,) = errors("%TAG !e! tag:example.com,2000:\n---\na: !e!x 1\n", pure)
    assert "is not allowed" in line


def test_core_tags_are_honoured(pure: bool) -> None:
    data = load("a: !!str 010\nb: !!int 10\nc: !!float 1\nd: !!bool true\n", pure).data
    assert data == {"a": "010", "b": 10, "c": 1.0, "d": True}


def test_core_tag_that_does_not_fit_is_refused(pure: bool) -> None:
    assert errors("a: !!int 010\n", pure) == ["f.yaml:1:4: a: '010' is not a valid !!int"]


# -- resources ------------------------------------------------------------------------------


def _laughs(levels: int = 9) -> str:
    text = 'a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]\n'
    previous = "a"
    for name in "bcdefghijkl"[: levels - 1]:
        text += f"{name}: &{name} [" + ", ".join([f"*{previous}"] * 9) + "]\n"
        previous = name
    return text


def test_billion_laughs_is_refused_quickly_and_small(pure: bool) -> None:
    tracemalloc.start()
    start = time.perf_counter()
    try:
        lines = errors(_laughs(), pure)
        elapsed = time.perf_counter() - start
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert "aliases expand to more than 100000 nodes" in lines[0]
    assert elapsed < 0.5
    assert peak < 4 * 1024 * 1024


def test_repeated_alias_of_a_big_mapping_is_refused(pure: bool) -> None:
    big = "base: &b {" + ", ".join(f"k{i}: {i}" for i in range(2000)) + "}\n"
    big += "copies: [" + ", ".join(["*b"] * 60) + "]\n"
    (line,) = errors(big, pure)
    assert "aliases expand to more than" in line


def test_alias_limit_is_configurable(pure: bool) -> None:
    text = "a: &a [1, 2, 3]\nb: [*a, *a, *a]\n"
    assert load(text, pure).data["b"] == [[1, 2, 3]] * 3
    (line,) = errors(text, pure, Limits(max_alias_nodes=10))
    assert "aliases expand to more than 10 nodes" in line


def test_ordinary_anchors_and_aliases_work(pure: bool) -> None:
    text = "base: &b {unit: t, quantity: 5}\nx: *b\ny: [*b]\n"
    data = load(text, pure).data
    assert data["x"] == {"unit": "t", "quantity": 5}
    assert data["y"] == [{"unit": "t", "quantity": 5}]


@pytest.mark.parametrize(
    "text",
    [
        "base: &b {unit: t}\nx:\n  quantity: 7\n  <<: *b\n",
        "base: &b {unit: t}\nx:\n  quantity: 7\n  <<: [*b, *b]\n",
        "base: {unit: t}\nx:\n  quantity: 7\n  <<: {unit: kg}\n",
    ],
)
def test_merge_keys_are_refused_with_their_line(pure: bool, text: str) -> None:
    assert errors(text, pure) == [
        "f.yaml:4:3: x.<<: YAML 1.2 has no merge keys; write the values out"
    ]


def test_every_merge_key_is_reported_at_once(pure: bool) -> None:
    text = "a: &a {u: 1}\nb: {<<: *a}\nc:\n  - <<: *a\n"
    assert errors(text, pure) == [
        "f.yaml:2:5: b.<<: YAML 1.2 has no merge keys; write the values out",
        "f.yaml:4:5: c[0].<<: YAML 1.2 has no merge keys; write the values out",
    ]


@pytest.mark.parametrize("key", ['"<<"', "'<<'", "!!str <<"])
def test_a_quoted_merge_key_is_an_ordinary_key(pure: bool, key: str) -> None:
    data = load(f"a: &a {{u: 1}}\nb:\n  {key}: *a\n", pure).data
    assert data["b"] == {"<<": {"u": 1}}


def test_a_quoted_merge_key_in_a_profile_is_an_unknown_field(
    make_profile: Callable[..., Path],
) -> None:
    from advisor.api import load_profile

    path = make_profile(("  currency: EUR\n", '  currency: EUR\n  "<<": {sector: x}\n'))
    with pytest.raises(ProfileError) as caught:
        load_profile(path)
    assert "unknown field '<<'" in str(caught.value)


def test_a_merge_key_in_a_rule_pack_is_refused(tmp_path: Path) -> None:
    from advisor.api import load_rules

    pack = tmp_path / "p.yaml"
    pack.write_text("version: 1\npack: p\nbase: &b {a: 1}\nx:\n  <<: *b\n", encoding="utf-8")
    with pytest.raises(AdvisorError, match=r"p\.yaml:5:3: x\.<<: YAML 1\.2 has no merge keys"):
        load_rules([pack])


def test_undefined_alias(pure: bool) -> None:
    assert errors("a: *nowhere\n", pure) == [
        "f.yaml:1:4: a: alias *nowhere refers to no anchor defined before it"
    ]


@pytest.mark.parametrize("depth", [65, 200, 5000])
def test_deep_flow_nesting_is_refused(pure: bool, depth: int) -> None:
    (line,) = errors("a: " + "[" * depth + "]" * depth + "\n", pure)
    assert "nest" in line


def test_deep_block_nesting_is_refused(pure: bool) -> None:
    text = "".join("  " * i + f"k{i}:\n" for i in range(70)) + "  " * 70 + "v: 1\n"
    (line,) = errors(text, pure)
    assert "nesting deeper than 64 levels" in line
    assert len(line) < 300


def test_depth_limit_is_configurable(pure: bool) -> None:
    assert load("a: [[[1]]]\n", pure, Limits(max_depth=4)).data == {"a": [[[1]]]}
    (line,) = errors("a: [[[[1]]]]\n", pure, Limits(max_depth=4))
    assert "nesting deeper than 4 levels" in line


def test_file_size_cap(tmp_path: Path, pure: bool) -> None:
    path = tmp_path / "big.yaml"
    path.write_text("a: " + "x" * 200 + "\n", encoding="utf-8")
    with pytest.raises(InputError) as caught:
        load_file(path, Limits(max_bytes=100), pure=pure)
    assert str(caught.value) == (
        f"{path}: file is 204 bytes, larger than the limit of 100 "
        "(raise it with ADVISOR_MAX_FILE_SIZE)"
    )
    assert load_file(path, Limits(max_bytes=204), pure=pure).data["a"] == "x" * 200


def test_file_size_cap_from_environment(
    tmp_path: Path, pure: bool, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "p.yaml"
    path.write_text("a: " + "x" * 2000 + "\n", encoding="utf-8")
    monkeypatch.setenv("ADVISOR_MAX_FILE_SIZE", "1K")
    with pytest.raises(InputError, match="larger than the limit of 1024"):
        load_file(path, pure=pure)
    monkeypatch.setenv("ADVISOR_MAX_FILE_SIZE", "2M")
    assert load_file(path, pure=pure).data["a"] == "x" * 2000


def test_default_file_size_cap_is_8_mib(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("ADVISOR_MAX_FILE_SIZE", raising=False)
    assert Limits.from_env().max_bytes == DEFAULT_MAX_BYTES == 8 * 1024 * 1024


@pytest.mark.parametrize(
    ("text", "size"),
    [("1048576", 1048576), ("512K", 512 * 1024), ("64M", 64 * 1024**2), ("1G", 1024**3),
     ("64mb", 64 * 1024**2), (" 10 k ", 10 * 1024)],
)  # fmt: skip
def test_size_forms(text: str, size: int) -> None:
    assert parse_size(text) == size


@pytest.mark.parametrize("text", ["banana", "-5", "1.5M", "64 TB", "9" * 40])
def test_bad_size_is_a_clear_error(text: str) -> None:
    with pytest.raises(InputError, match=r"ADVISOR_MAX_FILE_SIZE: .* is not a size"):
        parse_size(text)


def test_missing_file_and_directory(tmp_path: Path, pure: bool) -> None:
    with pytest.raises(InputError, match=r"nope\.yaml: cannot read \(No such file"):
        load_file(tmp_path / "nope.yaml", pure=pure)
    with pytest.raises(InputError, match="is a directory, not a YAML file"):
        load_file(tmp_path, pure=pure)


# -- locations and messages -----------------------------------------------------------------


def test_every_value_keeps_its_line_and_column(pure: bool) -> None:
    text = (
        "company:\n"
        "  name: Acme\n"
        "materials:\n"
        "  - id: m1\n"
        "    annual_demand: {quantity: 40, unit: t}\n"
        "    tags: [a, b]\n"
        "    note: |\n"
        "      two\n"
        "      lines\n"
    )
    doc = load(text, pure)
    assert doc.loc(("company",)) == (2, 3)
    assert doc.loc(("company", "name")) == (2, 9)
    assert doc.loc(("company", "name"), key=True) == (2, 3)
    assert doc.loc(("materials", 0)) == (4, 5)
    assert doc.loc(("materials", 0, "id")) == (4, 9)
    assert doc.loc(("materials", 0, "annual_demand", "unit")) == (5, 41)
    assert doc.loc(("materials", 0, "annual_demand", "unit"), key=True) == (5, 35)
    assert doc.loc(("materials", 0, "tags", 1)) == (6, 15)
    assert doc.loc(("materials", 0, "note")) == (7, 11)
    # a path that does not exist falls back to its nearest located ancestor
    assert doc.loc(("materials", 0, "missing")) == (4, 5)


def test_problem_renders_file_line_column_and_path(pure: bool) -> None:
    doc = load("materials:\n  - suppliers:\n      - share: 2\n", pure)
    problem = doc.problem(("materials", 0, "suppliers", 0, "share"), "too big")
    assert problem.render() == "f.yaml:3:16: materials[0].suppliers[0].share: too big"


@pytest.mark.parametrize(
    "text",
    [
        ("k" * 1000 + ": 1\n") * 2,
        "a: !" + "t" * 5000 + " x\n",
        "a: *" + "n" * 5000 + "\n",
        "a: !!int " + "1" * 30 + "x" * 5000 + "\n",
        "a: [1, 2\n" + "b" * 10000,
    ],
    ids=["duplicate-key", "tag", "alias", "core-tag", "syntax"],
)
def test_messages_never_echo_unbounded_input(pure: bool, text: str) -> None:
    for line in errors(text, pure):
        assert len(line) < 400, line


def test_syntax_error_names_line_and_column(pure: bool) -> None:
    (line,) = errors("a: 1\nb: [1, 2\nc: 3\n", pure)
    assert line.startswith("f.yaml:3:")
    assert "invalid YAML" in line


def test_load_text_and_load_file_agree(tmp_path: Path, pure: bool) -> None:
    path = tmp_path / "x.yaml"
    path.write_bytes(b"a: [1, 2]\nb: NO\n")
    from_file = load_file(path, pure=pure)
    from_text = load_text("a: [1, 2]\nb: NO\n", str(path), pure=pure)
    assert from_file.data == from_text.data
    assert from_file.locs == from_text.locs
    assert from_file.source == str(path)


# -- the two parsers ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "libyaml_reads"),
    [("a:\tb\n", {"a": "b"}), ("a: b\tc\n", {"a": "b\tc"})],
    ids=["tab-after-colon", "tab-inside-plain-value"],
)
def test_known_parser_differences(text: str, libyaml_reads: dict[str, str]) -> None:
    """libyaml accepts a tab after a colon or inside a plain value; the pure parser refuses it."""
    assert load(text, pure=False).data == libyaml_reads
    (line,) = errors(text, pure=True)
    assert line.startswith("f.yaml:1:")
    assert "tab character where YAML needs spaces" in line


def test_parsers_agree_on_locations_of_a_real_profile(template: str) -> None:
    fast = load(template, pure=False)
    slow = load(template, pure=True)
    assert fast.data == slow.data
    assert fast.locs == slow.locs
