"""The outputs the docs show that no output marker can express (the marked blocks:
test_shown_outputs.py): the abridged JSON sketch of formats.md, and the "rules run" line that
formats.md quotes in its prose, each compared with what advisor prints today. (The CI recipes:
test_ci_docs.py; the first hour: test_first_hour.py; profile.md and rules.md are generated:
test_docs.py.)"""

from __future__ import annotations

import json
import re
from pathlib import Path

from cli_support import run_in
from gate_support import ROOT

DOCS = ROOT / "docs"


def _doc(name: str) -> str:
    return (DOCS / name).read_text(encoding="utf-8")


def test_the_json_sketch_holds_the_real_values(tmp_path: Path) -> None:
    sketch = _doc("formats.md").split("## json\n", 1)[1].split("```json\n", 1)[1].split("```")[0]
    done = run_in(ROOT, "assess", "examples/ev-motor-maker.yaml", "--format", "json")
    real = json.loads(done.stdout)
    (first,) = real["assessments"]
    for key in ("$schema", "schema_version"):
        assert f'"{key}": {json.dumps(real[key])}' in sketch, key
    assert f'"tool": {json.dumps(real["tool"], separators=(", ", ": "))}' in sketch
    for key in ("profile", "as_of", "band"):
        assert f'"{key}": {json.dumps(first[key])}' in sketch, key
    assert f'"score": {{"value": {first["score"]["value"]},' in sketch
    ran = json.dumps(first["rules_run"], separators=(", ", ": "))
    assert f'"rules_run": {ran}' in sketch


def test_the_rules_run_line_shown_is_printed(tmp_path: Path) -> None:
    pack = tmp_path / "relaxed.yaml"
    pack.write_text("version: 1\npack: relaxed\ndisable: [ADV001, ADV003]\n", encoding="utf-8")
    done = run_in(tmp_path, "check", ROOT / "examples/battery-maker.yaml", "--rules",
                  "relaxed.yaml", "--no-config")  # fmt: skip
    printed = re.search(r"rules: [^\n]+", done.stdout)
    assert printed is not None
    words = " ".join(_doc("formats.md").split())  # a line may be wrapped
    shown = re.findall(r"rules: \d+ of \d+ built-in active; disabled by pack relaxed: "
                       r"ADV\d+(?:, ADV\d+)*; packs: relaxed \(relaxed\.yaml\)",
                       words)  # fmt: skip
    assert shown == [printed.group(0)]
