"""File names and values that used to crash a format (issue 22): a name that is not UTF-8, ESC
and BEL in a name, a date at the end of the calendar."""

from __future__ import annotations

import json
import os
import xml.etree.ElementTree as ET
from pathlib import Path

from gate_support import assert_valid_sarif, example, run, write

BATTERY = example("battery-maker")


def _named(folder: Path, raw: bytes) -> str:
    name = os.fsdecode(raw)
    (folder / name).write_text(BATTERY, encoding="utf-8")
    return name


def test_a_file_name_that_is_not_utf8_in_every_machine_format(tmp_path: Path) -> None:
    name = _named(tmp_path, b"bad\xff.advisor.yaml")
    outputs = ("--sarif-output", "o.sarif", "--json-output", "o.json", "--junit-output", "o.xml")
    result = run(tmp_path, "check", "-f", "sarif", *outputs)
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
    result = run(tmp_path, "check", "-f", "junit")
    assert result.returncode == 1, result.stderr
    root = ET.fromstring(result.stdout.encode("utf-8"))
    assert root.find("testsuite").get("name") == "e\\u001b[31m\\u0007.advisor.yaml"


def test_a_date_at_the_end_of_the_calendar_is_bad_input(tmp_path: Path) -> None:
    far = BATTERY.replace("as_of: ", "as_of: 9999-12-31\n_old: ", 1)
    text = "\n".join(line for line in far.splitlines() if not line.startswith("_old:")) + "\n"
    write(tmp_path, {"far.advisor.yaml": text, "ok.advisor.yaml": BATTERY})
    for fmt in ("json", "markdown", "table"):
        result = run(tmp_path, "check", "-f", fmt)
        assert result.returncode == 2, (fmt, result.stderr)
        assert "far.advisor.yaml:9:8: as_of: 9999-12-31 is outside the years 1900 to 2999" in (
            result.stdout + result.stderr
        )
        assert "internal error" not in result.stderr
    assessed = run(tmp_path, "assess", "far.advisor.yaml", "-f", "json")
    assert assessed.returncode == 2 and "is outside the years" in assessed.stderr
