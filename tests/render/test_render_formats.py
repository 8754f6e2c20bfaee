"""Every assessment format (its spec in :mod:`advisor.render.spec`, walked in
``test_render_spec``): renders every example, twice identically, and matches its golden file
(``ADVISOR_UPDATE_GOLDEN=1 pytest`` rewrites the goldens)."""

from __future__ import annotations

import os

import pytest
from render_support import EXAMPLE_NAMES, EXAMPLES, ROOT, assessed, example, render

from advisor.render import Format, formats

#: The formats that render assessments.
ASSESSMENT = formats("assessment")

#: Golden-file extension per format; the table goldens live in tests/golden/table (elsewhere).
GOLDEN_EXT = {Format.lines: "txt", Format.markdown: "md", Format.json: "json",
              Format.sarif: "sarif", Format.junit: "xml", Format.github: "txt",
              Format.html: "html"}  # fmt: skip
GOLDEN = ROOT / "tests" / "golden"
UPDATE = os.environ.get("ADVISOR_UPDATE_GOLDEN") == "1"


@pytest.mark.parametrize("fmt", ASSESSMENT, ids=lambda f: f.value)
@pytest.mark.parametrize("name", EXAMPLE_NAMES)
def test_every_format_renders_every_example_twice_identically(fmt: Format, name: str) -> None:
    first = render(fmt, example(name))
    assert first and first.endswith("\n")
    assert render(fmt, example(name)) == first


#: Formats that show Options.path() rather than the path as given (table and lines do not yet).
RELATIVE = [f for f in ASSESSMENT if f not in (Format.table, Format.lines)]


@pytest.mark.parametrize("fmt", RELATIVE, ids=lambda f: f.value)
def test_a_profile_given_by_absolute_path_is_shown_relative(fmt: Format) -> None:
    absolute = assessed(str(EXAMPLES / "ev-motor-maker.yaml"))
    assert absolute.source.startswith("/")
    text = render(fmt, absolute)
    assert str(ROOT) not in text
    assert "examples/ev-motor-maker.yaml" in text


@pytest.mark.parametrize("fmt", [Format.json, Format.sarif, Format.junit, Format.markdown,
                                 Format.html],
                         ids=lambda f: f.value)  # fmt: skip
def test_a_timestamp_only_when_given(fmt: Format) -> None:
    stamp = "2031-02-03T04:05:06Z"
    assert stamp in render(fmt, example("ev-motor-maker"), timestamp=stamp)
    assert "2031-02-03" not in render(fmt, example("ev-motor-maker"))


@pytest.mark.parametrize("fmt", list(GOLDEN_EXT), ids=lambda f: f.value)
@pytest.mark.parametrize("name", EXAMPLE_NAMES)
def test_golden(fmt: Format, name: str) -> None:
    path = GOLDEN / fmt.value / f"{name}.{GOLDEN_EXT[fmt]}"
    text = render(fmt, example(name))
    if UPDATE:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8", newline="\n")
    assert path.exists(), f"no golden file {path}; run with ADVISOR_UPDATE_GOLDEN=1"
    assert text == path.read_text(encoding="utf-8"), (
        f"{fmt.value} output of {name} differs from {path.relative_to(ROOT)}; if the change is "
        "intended, rerun with ADVISOR_UPDATE_GOLDEN=1 and review the diff"
    )


def test_golden_files_have_no_strays() -> None:
    expected = {f"{fmt.value}/{n}.{ext}" for fmt, ext in GOLDEN_EXT.items() for n in EXAMPLE_NAMES}
    found = {p.relative_to(GOLDEN).as_posix() for fmt in GOLDEN_EXT
             for p in (GOLDEN / fmt.value).glob("*")}  # fmt: skip
    assert found == expected
