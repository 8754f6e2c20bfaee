"""The HTML report: valid HTML5, self-contained, inert whatever the profile says, the same
bytes for the same input, and its first screen and details where a reader looks for them."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any
from xml.etree import ElementTree

import html5lib
import pytest
from cli_support import advisor as in_process
from render_support import (
    EXAMPLE_NAMES,
    HOSTILE,
    ROOT,
    assessed,
    example,
    render,
    write_profile,
)

from advisor.render import Format

NS = "{http://www.w3.org/1999/xhtml}"
SVG = "{http://www.w3.org/2000/svg}"


def parse(text: str) -> ElementTree.Element:
    """The document parsed by a strict HTML5 parser (any parse error raises)."""
    tree: ElementTree.Element = html5lib.HTMLParser(strict=True).parse(text)
    return tree


def hostile_img(tmp_path: Path) -> str:
    """The hostile-names profile with a supplier named ``<img src=x onerror=alert(1)>``."""
    text = (HOSTILE / "hostile-names.yaml").read_text(encoding="utf-8")
    text = text.replace("name: '<script>alert(1)</script>'", "name: '<img src=x onerror=alert(1)>'")
    assert "<img src=x onerror=alert(1)>'" in text
    path = write_profile(tmp_path, text, "hostile.yaml")
    return render(Format.html, assessed(str(path)))


@pytest.mark.parametrize("name", EXAMPLE_NAMES)
def test_every_example_is_valid_html5(name: str) -> None:
    root = parse(render(Format.html, example(name)))
    assert root.tag == f"{NS}html"


@pytest.mark.parametrize("name", EXAMPLE_NAMES)
def test_same_input_gives_the_same_bytes(name: str) -> None:
    assert render(Format.html, example(name)) == render(Format.html, example(name))


def test_a_time_only_when_given() -> None:
    stamp = "2031-02-03T04:05:06Z"
    assert stamp in render(Format.html, example("ev-motor-maker"), timestamp=stamp)
    assert "2031" not in render(Format.html, example("ev-motor-maker"))


def test_a_hostile_supplier_name_is_shown_not_obeyed(tmp_path: Path) -> None:
    text = hostile_img(tmp_path)
    root = parse(text)
    tags = {el.tag.removeprefix(NS) for el in root.iter()}
    assert not tags & {"img", "script", "a", "iframe", "object"}
    assert not any(k.startswith("on") for el in root.iter() for k in el.attrib)
    shown = "".join(root.itertext())
    assert "<img src=x onerror=alert(1)>" in shown
    assert "<script>alert(1)</script>" in shown  # the company name, also text
    assert "&lt;img src=x onerror=alert(1)&gt;" in text


def test_the_file_loads_nothing_and_runs_nothing() -> None:
    text = render(Format.html, example("electronics-maker"))
    root = parse(text)
    assert not [el for el in root.iter() if el.tag in (f"{NS}script", f"{NS}link", f"{NS}img")]
    assert not re.search(r"(?:src|href)=|@import|url\((?!#)", text)
    csp = [el for el in root.iter(f"{NS}meta") if el.get("http-equiv") == "Content-Security-Policy"]
    assert csp and "default-src 'none'" in csp[0].get("content", "")
    assert "@media print" in text


def test_first_screen_has_score_three_actions_and_three_labelled_charts() -> None:
    a = example("ev-motor-maker")
    root = parse(render(Format.html, a))
    score = next(el for el in root.iter() if el.get("id") == "r1-score")
    assert "".join(score.itertext()).split() == [f"{a.score.value:.0f}/100", a.band]
    cards = [el for el in root.iter(f"{NS}li") if el.get("data-rank")]
    assert [c.get("data-rank") for c in cards] == ["1", "2", "3"]
    assert "company score 93 → 87 (−6)" in "".join(cards[0].itertext())
    charts = list(root.iter(f"{SVG}svg"))
    assert [c.get("id") for c in charts] == ["r1-cover", "r1-plan", "r1-countries"]
    for chart in charts:
        assert chart.get("role") == "img" and chart.get("aria-label")
        assert chart.find(f"{SVG}title") is not None and chart.find(f"{SVG}desc") is not None


def test_charts_carry_their_numbers_as_text() -> None:
    root = parse(render(Format.html, example("wind-turbine-maker")))
    texts = {el.get("id"): " ".join(el.itertext()) for el in root.iter(f"{SVG}svg")}
    assert "75 d" in texts["r1-cover"] and "240 d" in texts["r1-cover"]  # ndpr-oxide
    assert "today" in texts["r1-plan"] and "73 (−16)" in texts["r1-plan"]
    assert "CN 60%" in texts["r1-countries"] and "MY 40%" in texts["r1-countries"]


def test_details_are_closed_and_findings_name_their_profile_line() -> None:
    text = render(Format.html, example("ev-motor-maker"))
    root = parse(text)
    details = list(root.iter(f"{NS}details"))
    assert details and not [d for d in details if "open" in d.attrib]
    assert "<code>examples/ev-motor-maker.yaml:70</code>" in text


def test_several_profiles_keep_their_ids_unique() -> None:
    text = render(Format.html, example("ev-motor-maker"), example("battery-maker"))
    ids = [el.get("id") for el in parse(text).iter() if el.get("id")]
    assert len(ids) == len(set(ids)) and "r2-cover" in ids


def test_check_writes_the_html_report_beside_its_lines(cli_in: Any, tmp_path: Path) -> None:
    profile = ROOT / "examples" / "battery-maker.yaml"
    done = cli_in("check", profile, "--html-output", "report.html", "--quiet")
    assert done.returncode in (0, 1), done.stderr
    assert "battery-maker.yaml:" in done.stdout  # the lines report still on stdout
    root = parse((tmp_path / "report.html").read_text(encoding="utf-8"))
    assert [c.get("id") for c in root.iter(f"{SVG}svg")][:1] == ["r1-cover"]


def test_bad_input_writes_no_html(cli_in: Any, tmp_path: Path) -> None:
    bad = write_profile(tmp_path, "version: 1\nmaterials: [\n", "bad.yaml")
    (tmp_path / "keep.html").write_text("mine", encoding="utf-8")
    done = cli_in("assess", bad, "--format", "html", "-o", "keep.html")
    assert done.returncode == 2 and "bad.yaml:" in done.stderr
    assert (tmp_path / "keep.html").read_text(encoding="utf-8") == "mine"
    # check reports the files it could read and names the one it could not: never clean
    done = cli_in(
        "check", bad, ROOT / "examples" / "ev-motor-maker.yaml", "--html-output", "all.html"
    )
    assert done.returncode == 2
    text = (tmp_path / "all.html").read_text(encoding="utf-8")
    assert "1 file(s) could not be checked" in text and "bad.yaml:" in text
    assert "Rheintal Antriebstechnik GmbH" in "".join(parse(text).itertext())


def test_stress_tests_asked_for_are_in_the_report(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    """`assess --with-scenarios -f html` shows every stress test markdown shows, closed, with
    the days its stock lasts and when supply is back; without them there is no such section."""
    out = tmp_path / "report.html"
    args = ("assess", ROOT / "examples" / "ev-motor-maker.yaml", "-f", "html", "-o", out)
    code, _, _ = in_process(capsys, *args, "--with-scenarios")
    assert code == 0
    text = out.read_text(encoding="utf-8")
    root = parse(text)
    summaries = [s.text or "" for s in root.iter(f"{NS}summary")]
    (stress,) = [s for s in summaries if s.startswith("Stress tests (")]
    markdown = tmp_path / "report.md"
    in_process(capsys, *args[:2], "-f", "markdown", "-o", markdown, "--with-scenarios")
    names = re.findall(
        r"^### Stress test: .*\(`([a-z0-9-]+)`\)$", markdown.read_text("utf-8"), re.M
    )
    assert names and f"{len(names)} scenarios" in stress
    for name in names:
        assert f"<code>{name}</code>" in text, name
    assert "Survives</th>" in text and "Recovers</th>" in text
    in_process(capsys, *args)
    assert "Stress tests (" not in out.read_text(encoding="utf-8")
