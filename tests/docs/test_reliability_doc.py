"""docs/reliability.md stays true: every test its hazard table names exists, and its limits
table gives the limits the code applies."""

from __future__ import annotations

import re
from pathlib import Path

from advisor.errors import MAX_ECHO, MAX_PROBLEMS
from advisor.profile.build import DEFAULT_MAX_MATERIALS, DEFAULT_MAX_SUPPLIERS
from advisor.yaml.loader import DEFAULT_MAX_ALIAS_NODES, DEFAULT_MAX_BYTES, DEFAULT_MAX_DEPTH

ROOT = Path(__file__).resolve().parents[2]
DOC = (ROOT / "docs" / "reliability.md").read_text(encoding="utf-8")


def test_every_test_the_hazard_table_names_exists() -> None:
    named = 0
    for row in (line for line in DOC.splitlines() if line.startswith("| ")):
        current = None
        for module, test in re.findall(r"`(tests/[\w/]+\.py)?(?:::(test_\w+))?`", row):
            current = module or current
            if test:
                assert current is not None, row
                assert f"def {test}(" in (ROOT / current).read_text(encoding="utf-8"), test
                named += 1
    assert named >= 40


def test_the_limits_table_gives_the_limits_in_the_code() -> None:
    assert DEFAULT_MAX_BYTES == 8 * 1024**2 and "| 8 MiB |" in DOC
    assert f"| {DEFAULT_MAX_DEPTH} levels |" in DOC
    assert f"| {DEFAULT_MAX_ALIAS_NODES:,} nodes |" in DOC
    assert f"| {DEFAULT_MAX_MATERIALS:,} | `ADVISOR_MAX_MATERIALS` |" in DOC
    assert f"| {DEFAULT_MAX_SUPPLIERS:,} | `ADVISOR_MAX_SUPPLIERS` |" in DOC
    assert f"| {MAX_PROBLEMS} per run," in DOC
    assert f"| {MAX_ECHO} |" in DOC
