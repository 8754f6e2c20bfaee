"""One escaping policy for every human format and every message (advisor/escape.py).

A value from a profile, a rule pack or a file name is shown, never obeyed: no output line of
table, lines, markdown or github, and no message on stderr, can be a GitHub workflow command,
hidden characters are shown as escapes, and rich markup in names and paths is printed literally.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

import pytest
from cli_support import advisor

from advisor import escape
from advisor.errors import Problem, ProfileError, echo

#: A company name that, printed raw on a GitHub runner, would be a failing annotation.
INJECTION = r"x\n::error file=app.py,line=1::Fake failure"
HUMAN = ["table", "lines", "markdown", "github"]


def commands(text: str, fmt: str = "table") -> list[str]:
    """Lines a runner would run as commands (advisor's own annotations excepted)."""
    found = [line for line in text.splitlines() if line.lstrip().startswith("::") or "##[" in line]
    if fmt == "github":
        found = [f for f in found if not re.match(r"::(error|warning|notice) file=", f)]
    return found


@pytest.mark.parametrize(
    ("raw", "shown"),
    [
        ("plain text", "plain text"),
        ("a\nb\r\tc", "a\\nb\\r\\tc"),
        ("zero\u200bwidth", "zero\\u200bwidth"),
        ("bidi \u202eevil", "bidi \\u202eevil"),
        ("line\u2028sep\u2029para", "line\\u2028sep\\u2029para"),
        ("esc \x1b[31mred", "esc \\u001b[31mred"),
        ("bom \ufeff", "bom \\ufeff"),
        ("legacy ##[error]x", "legacy #\\#[error]x"),
        ("Müller & Söhne 東京", "Müller & Söhne 東京"),
        ("tag \U000e0041", "tag \\U000e0041"),
    ],
)
def test_visible_shows_every_hidden_character(raw: str, shown: str) -> None:
    assert escape.visible(raw) == shown


def test_guard_breaks_every_command_line_and_keeps_the_rest() -> None:
    text = "ok\n::error::a\n   ::warning::b\n\u3000::notice::c\nin ::the middle\n"
    guarded = escape.guard(text)
    assert commands(guarded) == []
    assert guarded.splitlines()[0] == "ok"
    assert guarded.splitlines()[4] == "in ::the middle"
    assert "\\::error::a" in guarded


def test_echo_and_problem_lines_are_visible_and_bounded() -> None:
    assert echo("a\u200bb") == "a\\u200bb"
    assert echo("x" * 100, 10) == "x" * 10 + "…"
    problem = Problem(1, 2, "company.name", "bad", "evil\n::error::x.yaml")
    assert problem.render() == "evil\\n::error::x.yaml:1:2: company.name: bad"
    error = ProfileError("::error::starts a message")
    assert error.lines() == ["\\::error::starts a message"]


@pytest.mark.parametrize("fmt", HUMAN)
def test_a_hostile_company_name_is_shown_not_obeyed(
    capsys: pytest.CaptureFixture[str], make_profile: Callable[..., Path], fmt: str
) -> None:
    name = f'"{INJECTION} \\u200b ##[error]legacy"'
    path = make_profile(("name: Testwerk AG", f"name: {name}"))
    code, out, _ = advisor(capsys, "assess", path, "-f", fmt)
    assert code == 0
    assert commands(out, fmt) == []
    assert "\u200b" not in out
    if fmt in ("table", "markdown"):
        assert "x\\n::error file=app.py" in out.replace("\\\\", "\\")


@pytest.mark.parametrize("fmt", HUMAN)
def test_a_hostile_file_name_is_shown_not_obeyed(
    capsys: pytest.CaptureFixture[str], make_profile: Callable[..., Path], fmt: str
) -> None:
    path = make_profile(name="p\n::error file=app.py,line=1::Fake\u200b.yaml")
    code, out, _ = advisor(capsys, "check", path, "-f", fmt, "--fail-on", "none")
    assert code == 0
    assert commands(out, fmt) == []
    assert "\u200b" not in out


def test_a_hostile_file_name_in_an_error_message_is_shown_not_obeyed(
    capsys: pytest.CaptureFixture[str], make_profile: Callable[..., Path]
) -> None:
    path = make_profile(("version: 1", "version: 7"), name="p\n::error::Fake\u202e.yaml")
    code, _, err = advisor(capsys, "assess", path)
    assert code == 2
    assert commands(err) == []
    assert "p\\n::error::Fake\\u202e.yaml:2:10: version:" in err


def test_a_missing_file_with_a_newline_is_named_on_one_line(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    code, _, err = advisor(capsys, "assess", tmp_path / "no\n::error::such.yaml")
    assert code == 2
    assert commands(err) == []
    assert len(err.strip().splitlines()) == 1


@pytest.mark.parametrize("name", ["a[/]b.yaml", "[bold]y.yaml", "[red]x[/red].yaml"])
def test_rich_markup_in_a_path_is_printed_literally(
    capsys: pytest.CaptureFixture[str],
    make_profile: Callable[..., Path],
    monkeypatch: pytest.MonkeyPatch,
    name: str,
) -> None:
    path = make_profile(name=name.replace("/", "-"))
    if "/" in name:  # a folder "a[" holding "]b.yaml"
        (path.parent / name.split("/")[0]).mkdir()
        path.rename(path.parent / name)
    monkeypatch.chdir(path.parent)
    code, out, _ = advisor(capsys, "assess", name)
    assert code == 0
    assert f"profile {name}\n" in out


def test_rich_markup_in_profile_names_is_printed_literally(
    capsys: pytest.CaptureFixture[str], make_profile: Callable[..., Path]
) -> None:
    path = make_profile(("name: Testwerk AG", 'name: "[bold]Testwerk[/] AG"'))
    code, out, _ = advisor(capsys, "assess", path)
    assert code == 0
    assert "[bold]Testwerk[/] AG" in out


def test_junit_printed_in_a_ci_log_has_no_command_line() -> None:
    from dataclasses import replace

    from advisor import api
    from advisor.render import Options, junit

    result = api.assess(
        api.load_profile(Path(__file__).parents[2] / "examples" / "ev-motor-maker.yaml"),
        recommend=False,
    )
    hostile = replace(result.findings[0], message="x\n::error file=app.py::Fake\n  ##[error]y")
    text = junit.render([replace(result, findings=(hostile,))], Options())
    assert "x\n\\::error file=app.py::Fake" in text
    assert commands(text) == []
