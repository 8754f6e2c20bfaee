"""The outputs docs/ shows are advisor's: the JSON sketch of formats.md, the "rules run" line
of formats.md and reliability.md, and `advisor config show` in ci.md, each compared with what
advisor prints today (README.md's outputs: test_readme.py; the CI recipes: test_ci_docs.py;
the first hour: test_first_hour.py; profile.md and rules.md are generated: test_docs.py)."""

from __future__ import annotations

import json
import re
from pathlib import Path

from cli_support import run_in
from gate_support import ROOT, make_repo

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
    for name in ("formats.md", "reliability.md"):
        words = " ".join(_doc(name).split())  # a line may be wrapped
        shown = re.findall(r"rules: \d+ of \d+ built-in active; disabled by pack relaxed: "
                           r"ADV\d+(?:, ADV\d+)*; packs: relaxed \(relaxed\.yaml\)",
                           words)  # fmt: skip
        assert shown == [printed.group(0)], name


def test_config_show_shown_is_printed(tmp_path: Path) -> None:
    """ci.md's `advisor config show` excerpt, from a repository at /work/configs-repo with the
    config file of ci.md and ADVISOR_MIN_SEVERITY=low."""
    text = _doc("ci.md")
    config = re.search(r"```yaml\n(# \.advisor\.yaml\nfail-on: high +# none.*?)```", text, re.S)
    shown = re.search(r"`advisor config show` prints every value.*?```text\n(.*?)```", text, re.S)
    assert config is not None and shown is not None
    repo = make_repo(tmp_path / "configs-repo", {".advisor.yaml": config.group(1)})
    for folder in ("policy", "data"):
        (repo / folder).mkdir()
    (repo / "policy" / "acme.yaml").write_text("version: 1\npack: acme\n", encoding="utf-8")
    (repo / "data" / "our-shares.yaml").write_text("version: 1\n", encoding="utf-8")
    done = run_in(repo, "config", "show", env={"ADVISOR_MIN_SEVERITY": "low"})
    assert done.returncode == 0, done.stderr
    printed = done.stdout.replace(str(repo), "/work/configs-repo").splitlines()
    lines = shown.group(1).splitlines()
    assert lines[0] == printed[0]
    for line in lines[1:]:
        assert line in printed, line
