"""GitHub Actions annotations: escaping, 10 per level, and a line for what was left out."""

from __future__ import annotations

import re
from collections import Counter

import pytest
from render_support import EXAMPLE_NAMES, example, render

from advisor.engine.assess.model import Assessment, Finding, Location
from advisor.render import Format, Options
from advisor.render import github as gh

COMMAND = re.compile(r"^::(error|warning|notice) (file=[^,]*,line=\d+,col=\d+,title=[^,:]*)::(.*)$")


def test_escaping_as_the_runner_requires() -> None:
    assert gh.escape_data("100% a\r\nb") == "100%25 a%0D%0Ab"
    assert gh.escape_property("a:b,c%d\ne") == "a%3Ab%2Cc%25d%0Ae"


@pytest.mark.parametrize("name", EXAMPLE_NAMES)
def test_every_annotation_is_one_well_formed_command(name: str) -> None:
    lines = render(Format.github, example(name)).splitlines()
    commands = [line for line in lines if line.startswith("::")]
    assert commands
    for line in commands:
        assert COMMAND.match(line), line
    assert all(line.startswith("advisor: ") for line in lines if not line.startswith("::"))


def test_at_most_ten_per_level_highest_ranked_first() -> None:
    a = example("wind-turbine-maker")
    text = render(Format.github, a)
    levels = Counter(line[2:].split(" ", 1)[0] for line in text.splitlines() if line[:2] == "::")
    assert all(n <= gh.PER_LEVEL for n in levels.values())
    by_level = Counter(gh.LEVEL[f.severity] for f in a.findings)
    left = {lv: by_level[lv] - levels[lv] for lv in gh.LEVELS if by_level[lv] > levels[lv]}
    last = text.splitlines()[-1]
    assert last.startswith(f"advisor: {len(a.findings)} finding(s), annotated ")
    for level, n in left.items():
        assert f"{n} {level}" in last
    assert "not annotated" in last
    errors = [f for f in a.findings if gh.LEVEL[f.severity] == "error"][: gh.PER_LEVEL]
    annotated = [line for line in text.splitlines() if line.startswith("::error ")]
    assert [gh.command(f, _options(a)) for f in errors] == annotated


def test_nothing_left_out_says_so() -> None:
    last = render(Format.github, example("battery-maker")).splitlines()[-1]
    assert "not annotated" not in last


def test_min_severity_hides_annotations() -> None:
    text = render(Format.github, example("ev-motor-maker"), min_severity="high")
    assert "::warning" not in text and "::notice" not in text


def test_hostile_values_cannot_start_another_command() -> None:
    finding = example("ev-motor-maker").findings[0]
    hostile = Finding(**{**finding.__dict__, "message": "x\n::error::injected, 100%",
                         "location": Location("evil,file:name.yaml", 3, 4, "company")})  # fmt: skip
    options = Options(paths={"evil,file:name.yaml": "dir/evil,file:name.yaml"})
    line = gh.command(hostile, options)
    assert "\n" not in line
    assert line.startswith("::error file=dir/evil%2Cfile%3Aname.yaml,line=3,col=4,title=")
    assert line.endswith("x\\n::error::injected, 100%25%0AWhat to do: " +
                         gh.escape_data(finding.recommendation))  # fmt: skip


def _options(a: Assessment) -> Options:
    return Options(paths={a.source: a.source})
