"""Each format's spec, walked member by member: every Format is mapped, every module it names
renders, every kind has a format, each command offers exactly the formats of its kind, and
what a spec claims is true (no recommendations shown: the same bytes without them; streams:
head + files + tail is the report; tells errors: they are in its text)."""

from __future__ import annotations

import json
import re
from dataclasses import replace
from importlib import import_module
from pathlib import Path

import pytest
from cli_support import run_in
from render_support import EXAMPLE_NAMES, ROOT, example, options, render

from advisor.errors import Problem
from advisor.render import KINDS, Format, Kind, Options, file_stream, formats, module_name, spec

#: What a module rendering each kind must define.
ENTRY_POINTS: dict[Kind, tuple[str, ...]] = {
    "assessment": ("render",),
    "simulation": ("render",),
    "diff": ("render",),
    "data": ("render",),
    "rules": ("render_list", "render_show", "render_facts"),
    "config": ("render",),
    "data-changes": ("render",),
    "data-version": ("render",),
    "regulatory": ("render",),
}
ASSESSMENT = formats("assessment")


def test_every_kind_has_entry_points_and_a_format() -> None:
    assert set(ENTRY_POINTS) == set(KINDS)
    for kind in KINDS:
        assert formats(kind), kind


@pytest.mark.parametrize("fmt", list(Format), ids=lambda f: f.value)
def test_to_format_is_exhaustive(fmt: Format) -> None:
    """Every member has a spec that names at least one module, and each module renders."""
    chosen = spec(fmt)
    assert chosen.modules, f"{fmt.value} renders nothing"
    for kind, name in chosen.modules.items():
        module = import_module(name)
        assert name.startswith("advisor.render."), name
        assert module.__doc__, f"{name} needs a module docstring"
        for entry in ENTRY_POINTS[kind]:
            assert callable(getattr(module, entry, None)), f"{name}.{entry}"
        assert module_name(fmt, kind) == name


def test_a_format_that_renders_no_such_kind_is_refused() -> None:
    with pytest.raises(ValueError, match="diff reports are written as text, markdown, json"):
        module_name(Format.sarif, "diff")


@pytest.mark.parametrize("fmt", list(Format), ids=lambda f: f.value)
def test_what_a_spec_says_it_reads_or_shows_needs_an_assessment(fmt: Format) -> None:
    """The assessment-only claims are made only by formats that render assessments."""
    chosen = spec(fmt)
    if "assessment" not in chosen.modules:
        assert not (chosen.recommendations or chosen.streams or chosen.tells_errors), fmt
        assert chosen.summary is None and chosen.reads is None
    if chosen.recommendations:
        assert chosen.reads is None or "recommendations" in chosen.reads, fmt
    if chosen.summary is not None:
        assert "assessment" in spec(chosen.summary).modules


@pytest.mark.parametrize("fmt", ASSESSMENT, ids=lambda f: f.value)
def test_a_format_that_shows_no_recommendations_prints_the_same_without_them(fmt: Format) -> None:
    full = example("ev-motor-maker")
    assert full.recommendations
    bare = replace(full, recommendations=())
    same = render(fmt, full) == render(fmt, bare)
    assert same is (not spec(fmt).recommendations), fmt


@pytest.mark.parametrize("fmt", ASSESSMENT, ids=lambda f: f.value)
def test_a_format_that_streams_writes_head_files_tail_as_its_report(fmt: Format) -> None:
    if not spec(fmt).streams:
        with pytest.raises(ValueError, match="not written one file at a time"):
            file_stream(fmt)
        return
    assessments = [example(name) for name in EXAMPLE_NAMES]
    whole = options(*assessments, fail_on="high")
    stream = file_stream(fmt)
    body = [stream.add(a, replace(whole, paths={a.source: whole.path(a.source)}))
            for a in assessments]  # fmt: skip
    text = stream.head(whole) + "".join(body) + stream.tail(whole)
    assert text == render(fmt, *assessments, fail_on="high")


@pytest.mark.parametrize("fmt", ASSESSMENT, ids=lambda f: f.value)
def test_a_format_that_tells_errors_has_them_in_its_text(fmt: Format) -> None:
    error = Problem(3, 1, "name", "cannot read this supplier", "configs/broken.advisor.yaml")
    text = render(fmt, example("ev-motor-maker"), errors=(error,))
    if spec(fmt).tells_errors:
        told = [line for line in text.splitlines() if "cannot read this supplier" in line]
        assert told and all("configs/broken.advisor.yaml" in line for line in told), text


#: The commands and the kind of report each one's --format chooses from.
COMMANDS: list[tuple[tuple[str, ...], Kind]] = [
    (("assess",), "assessment"),
    (("check",), "assessment"),
    (("simulate",), "simulation"),
    (("diff",), "diff"),
    (("data", "list"), "data"),
    (("data", "show"), "data"),
    (("report",), "regulatory"),
]


@pytest.mark.parametrize(("command", "kind"), COMMANDS, ids=lambda c: " ".join(c))
def test_a_command_offers_the_formats_of_its_kind(command: tuple[str, ...], kind: Kind) -> None:
    from typer.main import get_command

    from advisor.cli import make_app

    click_app = get_command(make_app())
    for word in command:
        click_app = click_app.commands[word]  # type: ignore[attr-defined]
    option = next(p for p in click_app.params if "--format" in p.opts)
    assert option.metavar == "<" + "|".join(f.value for f in formats(kind)) + ">"


def _recommendations(text: str) -> list[list[dict[str, object]]]:
    return [a["recommendations"] for a in json.loads(text)["assessments"]]


def test_check_json_carries_the_recommendations_assess_json_carries(tmp_path: Path) -> None:
    """The bug of issue 19: ``check -f json`` carried none, ``assess -f json`` three."""
    profile = ROOT / "examples" / "battery-maker.yaml"
    assessed = run_in(tmp_path, "assess", profile, "-f", "json")
    checked = run_in(tmp_path, "check", profile, "-f", "json", "--no-config", "--fail-on", "none")
    assert assessed.returncode == 0 and checked.returncode == 0, checked.stderr
    shown = _recommendations(assessed.stdout)
    assert shown[0], "battery-maker has recommendations"
    assert _recommendations(checked.stdout) == shown


def test_check_json_output_file_carries_the_recommendations_too(tmp_path: Path) -> None:
    profile = ROOT / "examples" / "battery-maker.yaml"
    out = tmp_path / "report.json"
    checked = run_in(tmp_path, "check", profile, "--json-output", out, "--no-config",
                  "--fail-on", "none")  # fmt: skip
    assert checked.returncode == 0, checked.stderr
    assessed = run_in(tmp_path, "assess", profile, "-f", "json")
    assert _recommendations(out.read_text(encoding="utf-8")) == _recommendations(assessed.stdout)


@pytest.mark.parametrize("fmt", ASSESSMENT, ids=lambda f: f.value)
def test_check_computes_recommendations_only_for_formats_that_show_them(fmt: Format) -> None:
    """What check asks: recommendations if and only if the spec says they are shown."""
    from advisor.render.spec import shows_recommendations

    assert shows_recommendations([fmt]) is spec(fmt).recommendations
    assert shows_recommendations([Format.lines, fmt]) is spec(fmt).recommendations


def test_no_other_module_lists_formats() -> None:
    """Outside render/, no module names several formats in a set, tuple or mapping."""
    listed = re.compile(r"[({\[]\s*Format\.\w+\s*[,:][^()\[\]{}]*Format\.\w+")
    found = [
        str(path.relative_to(ROOT))
        for path in (ROOT / "advisor").rglob("*.py")
        if path.parent.name != "render" and listed.search(path.read_text(encoding="utf-8"))
    ]
    assert found == [
        "advisor/cli/check_cmds.py"  # the --sarif/--junit/--json-output options, by format
    ]


def test_one_format_and_one_severity_definition() -> None:
    enum_formats = re.compile(r"^class \w*Format\w*\(.*Enum\)", re.M)
    severities = re.compile(r'["\']info["\'],\s*["\']low["\'],\s*["\']medium["\']')
    formats_at, severities_at = [], []
    for path in (ROOT / "advisor").rglob("*.py"):
        text = path.read_text(encoding="utf-8")
        name = str(path.relative_to(ROOT))
        formats_at += [name] if enum_formats.search(text) else []
        severities_at += [name] if severities.search(text) else []
    assert formats_at == ["advisor/render/spec.py"]
    assert severities_at == ["advisor/rules/severity.py"]


def test_render_options_default_to_plain_text() -> None:
    assert not Options().terminal and not Options().color
