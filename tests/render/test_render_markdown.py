"""The markdown report: its sections, and text from a profile never breaking or adding markup."""

from __future__ import annotations

import re

import pytest
from render_support import EXAMPLE_NAMES, HOSTILE, assessed, example, render

from advisor.render import Format
from advisor.render._common import md_escape
from advisor.render.markdown import code, mermaid_label

HOSTILE_NAMES = [
    "A | B | C",
    "`code` and ``more``",
    "<script>alert(1)</script>",
    "**bold** _em_ ~~strike~~",
    "[link](http://x) ![img](http://x/i.png)",
    "# heading",
    r"- item > quote 1. $x$ @someone &amp; \| back\slash",
]
_CELL_BREAK = re.compile(r"(?<!\\)\|")


@pytest.fixture(scope="module")
def hostile() -> str:
    return render(Format.markdown, assessed(str(HOSTILE / "hostile-names.yaml")))


def tables(text: str) -> list[list[str]]:
    """Each markdown table as its lines."""
    found: list[list[str]] = []
    previous = ""
    for line in text.splitlines():
        if line.startswith("|"):
            if not previous.startswith("|"):
                found.append([])
            found[-1].append(line)
        previous = line
    return found


def cells(row: str) -> int:
    """Cells in a table row: pipes that are not backslash-escaped separate them."""
    return len(_CELL_BREAK.split(row.strip())) - 2


def test_every_table_row_keeps_its_number_of_columns(hostile: str) -> None:
    found = tables(hostile)
    assert len(found) >= 4
    for table in found:
        width = cells(table[0])
        assert all(cells(row) == width for row in table), table


def test_no_raw_html_survives(hostile: str) -> None:
    assert "<" not in hostile
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in hostile
    assert "&lt;img src=x" not in hostile  # the material form is not shown at all


def test_markup_in_names_is_escaped(hostile: str) -> None:
    assert "**bold**" not in hostile
    assert r"\*\*bold\*\*" in hostile
    assert "[link](http://x)" not in hostile
    assert r"\[link\](http://x)" in hostile
    assert r"\`code\`" in hostile
    assert not any(line.startswith("# heading") for line in hostile.splitlines())
    assert r"\$x\$" in hostile
    assert r"\@someone" in hostile


def test_the_company_name_is_escaped_in_the_title(hostile: str) -> None:
    title = hostile.splitlines()[0]
    assert title.startswith("# Critical-mineral supply risk: Evil \\| Corp \\`rm -rf\\`")
    assert "<" not in title


def test_each_hostile_supplier_is_one_row_of_the_supplier_table(hostile: str) -> None:
    (suppliers,) = [t for t in tables(hostile) if t[0].startswith("| Supplier |")]
    assert len(suppliers) == 2 + len(HOSTILE_NAMES)
    for row, name in zip(suppliers[2:], HOSTILE_NAMES, strict=True):
        first = _CELL_BREAK.split(row)[1].strip()
        assert first == md_escape(name)


@pytest.mark.parametrize(
    ("raw", "escaped"),
    [
        ("a|b", r"a\|b"),
        ("<b>x</b>", "&lt;b&gt;x&lt;/b&gt;"),
        ("R&D", "R&amp;D"),
        ("**x**", r"\*\*x\*\*"),
        ("_x_", r"\_x\_"),
        ("[a](b)", r"\[a\](b)"),
        ("`x`", r"\`x\`"),
        ("# h", r"\# h"),
        ("- item", r"\- item"),
        ("+ item", r"\+ item"),
        ("1. first", r"1\. first"),
        ("---", r"\---"),
        ("a\\b", r"a\\b"),
        ("two\nlines", "two\\\\nlines"),
        ("zero\u200bwidth", "zero\\\\u200bwidth"),
        ("0.1.0", "0.1.0"),
        ("-5%", "-5%"),
        ("jiangxi-magnet", "jiangxi-magnet"),
    ],
)
def test_md_escape(raw: str, escaped: str) -> None:
    assert md_escape(raw) == escaped


def test_code_spans_only_for_plainly_safe_text() -> None:
    assert code("examples/ev-motor-maker.yaml") == "`examples/ev-motor-maker.yaml`"
    assert code("materials[0].suppliers[1]") == "`materials[0].suppliers[1]`"
    assert code("evil`name.yaml") == r"evil\`name.yaml"
    assert code("a|b.yaml") == r"a\|b.yaml"


def test_mermaid_labels_are_safe() -> None:
    assert mermaid_label('x" : 100\n    "y') == "x_ _ 100_    _y"
    assert mermaid_label("ndfeb-magnets") == "ndfeb-magnets"
    assert mermaid_label("") == "_"
    assert len(mermaid_label("a" * 100)) == 60


def test_report_sections() -> None:
    text = render(Format.markdown, example("ev-motor-maker"))
    heads = [line for line in text.splitlines() if line.startswith("#")]
    assert heads[0] == "# Critical-mineral supply risk: Rheintal Antriebstechnik GmbH"
    for head in ("## What to do first", "## Risk by material", "## Details",
                 "## Action plan", "## Materials",
                 "### ndfeb-magnets: Nd, critical criticality", "## Company-wide findings",
                 "## Appendix A: How the scores are made", "## Appendix B: Sources"):  # fmt: skip
        assert head in heads
    assert "| Data as of | 2026-06-30 |" in text
    assert "| advisor | 0.1.0 |" in text
    assert "**Overall risk 93/100: severe.**" in text
    assert "mermaid" not in text  # both materials are processed only in CN: said in words
    assert "| dy-alloy | 87 severe | 20 days | 180 days | CN 100% |" in text
    assert "**Stock:** 20 days of cover against a target of 90 days (70 days short)" in text
    assert "Risk 87/100 (severe); in the profile at line 18, column 5 (`materials[0]`)." in text
    # the country-loss time to survive next to the largest-supplier one
    assert "If CN stops exports, 100% of the volume stops together: stock lasts 20 days" in text


def test_one_problem_is_told_once_under_its_root_cause() -> None:
    text = render(Format.markdown, example("electronics-maker"))
    gallium = text.split("### gallium-7n", 1)[1].split("\n### ", 1)[0]
    assert gallium.count("#### Dependence on one country or supplier") == 1
    story = gallium.split("#### Dependence on one country or supplier", 1)[1].split("####")[0]
    assert story.count("\n- ") >= 8  # the sole Chinese-refined supplier's findings, together
    assert "100% processed in CN; one qualified supplier (pacific-metals)" in story


def test_the_report_is_in_plain_words_and_stands_alone() -> None:
    for name in ("electronics-maker", "ev-motor-maker", "battery-maker", "wind-turbine-maker"):
        text = render(Format.markdown, example(name))
        for fact in ("processing_top_country_share", "top_supplier_share", "controlled_share",
                     "days_of_cover", "unknown unknown", "docs/scoring.md", "seeds/",
                     "oxide to part"):  # fmt: skip
            assert fact not in text, (name, fact)
    ga = render(Format.markdown, example("electronics-maker"))
    assert "refining to metal all run through one country" in ga
    assert "Archyde, “Breaking: U.S. Reaches Back-to-Back Deals" in ga


def test_sources_are_those_the_shown_findings_cite() -> None:
    a = example("ev-motor-maker")
    text = render(Format.markdown, a)
    sources = text.split("## Appendix B: Sources", 1)[1]
    assert "USGS Open-File Report 2025-1047" in sources  # ADV001 fires on dy-alloy
    only_high = render(Format.markdown, a, min_severity="high")
    high_sources = only_high.split("## Appendix B: Sources", 1)[1]
    assert "Regulation (EU) 2024/1252" not in high_sources  # cited by medium/low rules only
    assert "(ADV017)" not in high_sources


def test_top_limits_the_summary_and_the_plan() -> None:
    text = render(Format.markdown, example("ev-motor-maker"), top=3)
    summary = text.split("## What to do first", 1)[1].split("## ", 1)[0]
    assert "| 1 |" in summary and "| 2 |" in summary and "| 3 |" in summary
    assert "| 4 |" not in summary and "#4" not in summary
    assert "1 more recommendation(s) not shown (--top 3)." in text


def summary(text: str) -> list[str]:
    """The lines of a report before its details."""
    return text.split("\n## Details\n", 1)[0].splitlines()


@pytest.mark.parametrize("name", EXAMPLE_NAMES)
def test_the_summary_fits_one_screen_and_names_the_profile_once(name: str) -> None:
    text = render(Format.markdown, example(name))
    assert len(summary(text)) <= 40
    assert text.count(f"examples/{name}.yaml") == 1


def test_actions_that_change_nothing_on_their_own_are_folded() -> None:
    text = render(Format.markdown, example("wind-turbine-maker"))
    rows = [line for line in summary(text) if line.startswith("| ") and "→" in line]
    assert len(rows) == 4 and "89 → 73 (−16)" in rows[1]
    assert "89 → 89" not in "\n".join(summary(text))
    folded = [line for line in summary(text) if line.startswith("- with #2: ")]
    assert len(folded) == 1 and "#4 Spread volume" in folded[0]


def test_a_material_processed_in_several_countries_gets_its_pie() -> None:
    text = render(Format.markdown, example("wind-turbine-maker"))
    assert text.count("pie showData") == 1
    assert '    title ndpr-oxide by processing country\n    "CN" : 60\n    "MY" : 40' in text


def test_several_profiles_make_one_document() -> None:
    text = render(Format.markdown, example("ev-motor-maker"), example("battery-maker"))
    assert text.count("\n# Critical-mineral supply risk: ") == 1  # the second one
    assert text.count("## Appendix A") == 1
    assert "\n---\n" in text


def gfm_tables(text: str) -> list[list[int]]:
    """Each table of *text* as GitHub-flavoured markdown parses it: cells per row."""
    from markdown_it import MarkdownIt

    tokens = MarkdownIt("commonmark").enable(["table", "strikethrough"]).parse(text)
    found: list[list[int]] = []
    for token in tokens:
        if token.type == "table_open":
            found.append([])
        elif token.type == "tr_open":
            found[-1].append(0)
        elif token.type in ("th_open", "td_open"):
            found[-1][-1] += 1
    return found


@pytest.mark.parametrize("name", [*EXAMPLE_NAMES, "hostile"])
def test_every_table_parses_as_github_flavoured_markdown(name: str) -> None:
    source = assessed(str(HOSTILE / "hostile-names.yaml")) if name == "hostile" else example(name)
    text = render(Format.markdown, source)
    written = [i for i, line in enumerate(text.splitlines()) if re.fullmatch(r"\|[-:|]+\|", line)]
    parsed = gfm_tables(text)
    assert len(parsed) == len(written) >= 2
    for rows in parsed:
        assert len(rows) >= 2 and len(set(rows)) == 1, rows
