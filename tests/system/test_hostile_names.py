"""File names and values that used to crash a format (issue 22): a name that is not UTF-8, ESC
and BEL in a name, a date at the end of the calendar."""

from __future__ import annotations

import json
import os
import xml.etree.ElementTree as ET
from pathlib import Path

from cli_support import run_in
from gate_support import assert_valid_sarif, example, write

BATTERY = example("battery-maker")


def _named(folder: Path, raw: bytes) -> str:
    name = os.fsdecode(raw)
    (folder / name).write_text(BATTERY, encoding="utf-8")
    return name


def test_a_file_name_that_is_not_utf8_in_every_machine_format(tmp_path: Path) -> None:
    name = _named(tmp_path, b"bad\xff.advisor.yaml")
    outputs = ("--sarif-output", "o.sarif", "--json-output", "o.json", "--junit-output", "o.xml")
    result = run_in(tmp_path, "check", "-f", "sarif", *outputs)
    assert result.returncode == 1, result.stderr
    log = json.loads((tmp_path / "o.sarif").read_text(encoding="utf-8"))
    assert_valid_sarif(log)
    uris = {r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
            for r in log["runs"][0]["results"]}  # fmt: skip
    assert uris == {"bad%FF.advisor.yaml"}
    data = json.loads((tmp_path / "o.json").read_text(encoding="utf-8"))
    assert data["assessments"][0]["profile"] == name  # the JSON escape \udcff reads back as it was
    ET.parse(tmp_path / "o.xml")


def test_escape_and_bell_in_a_file_name_keep_junit_well_formed(tmp_path: Path) -> None:
    _named(tmp_path, b"e\x1b[31m\x07.advisor.yaml")
    result = run_in(tmp_path, "check", "-f", "junit")
    assert result.returncode == 1, result.stderr
    root = ET.fromstring(result.stdout.encode("utf-8"))
    assert root.find("testsuite").get("name") == "e\\u001b[31m\\u0007.advisor.yaml"


def test_a_date_at_the_end_of_the_calendar_is_bad_input(tmp_path: Path) -> None:
    far = BATTERY.replace("as_of: ", "as_of: 9999-12-31\n_old: ", 1)
    text = "\n".join(line for line in far.splitlines() if not line.startswith("_old:")) + "\n"
    write(tmp_path, {"far.advisor.yaml": text, "ok.advisor.yaml": BATTERY})
    for fmt in ("json", "markdown", "table"):
        result = run_in(tmp_path, "check", "-f", fmt)
        assert result.returncode == 2, (fmt, result.stderr)
        assert "far.advisor.yaml:9:8: as_of: 9999-12-31 is outside the years 1900 to 2999" in (
            result.stdout + result.stderr
        )
        assert "internal error" not in result.stderr
    assessed = run_in(tmp_path, "assess", "far.advisor.yaml", "-f", "json")
    assert assessed.returncode == 2 and "is outside the years" in assessed.stderr


HOSTILE = "x\n::error title=pwned::gotcha `<img src=x onerror=alert(1)>` @everyone | y.yaml"
WORSE = BATTERY.replace("inventory: {days_of_cover: 100}", "inventory: {days_of_cover: 5}")


def _no_command(text: str) -> None:
    assert not any(line.lstrip().startswith("::") for line in text.splitlines()), text
    assert "\x1b" not in text


def _no_markup(text: str) -> None:
    assert "<img" not in text and "@everyone" not in text.replace("\\@everyone", ""), text


def test_diff_shows_a_hostile_file_name_and_obeys_none_of_it(tmp_path: Path) -> None:
    write(tmp_path, {"base.yaml": BATTERY, HOSTILE: WORSE})
    for fmt in ("text", "markdown"):
        result = run_in(tmp_path, "diff", "base.yaml", HOSTILE, "-f", fmt)
        assert result.returncode == 0, result.stderr
        _no_command(result.stdout)
        if fmt == "markdown":
            _no_markup(result.stdout)
    md = run_in(tmp_path, "diff", "base.yaml", HOSTILE, "-f", "markdown").stdout
    (row,) = [line for line in md.splitlines() if line.startswith("| x")]
    assert row.count(" | ") == 3  # the name did not break the table: four cells
    text = run_in(tmp_path, "diff", "base.yaml", HOSTILE).stdout
    assert "x\\n::error title=pwned::gotcha" in text


def test_stress_lines_on_stderr_show_a_hostile_name(tmp_path: Path) -> None:
    name = "ev\n::error::x\x1b[2J.advisor.yaml"
    write(tmp_path, {name: example("ev-motor-maker")})
    checked = run_in(tmp_path, "check", name, "--fail-on", "none", "--scenario", "cn-licence-stop",
                  "--fail-if-runs-out-within", "90")  # fmt: skip
    simulated = run_in(tmp_path, "simulate", name, "--scenario", "cn-licence-stop",
                    "--fail-if-runs-out-within", "90")  # fmt: skip
    for result in (checked, simulated):
        assert result.returncode == 1, result.stderr
        assert "ev\\n::error::x\\u001b[2J.advisor.yaml" in result.stderr
        _no_command(result.stderr)


def test_a_whole_file_refusal_names_the_file_and_gives_no_fake_line(tmp_path: Path) -> None:
    os.mkfifo(tmp_path / "ff.yaml")
    write(tmp_path, {"b.yaml": BATTERY})
    result = run_in(tmp_path, "diff", "b.yaml", "ff.yaml")
    assert result.returncode == 2
    assert result.stderr.startswith("ff.yaml: ") and "FIFO" in result.stderr
    assert ":0:0:" not in result.stderr
