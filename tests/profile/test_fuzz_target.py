"""The coverage-guided fuzz target (fuzz/fuzz_advisor.py) keeps working between long runs.

The 30-minute atheris run is not part of the suite (docs/reliability.md); this runs the same
target once on a few seeds of each mode, so that a change that breaks the harness, or an input
the escaping policy lets through, fails here.
"""

from __future__ import annotations

import importlib.util
from pathlib import Path
from types import ModuleType

import pytest

ROOT = Path(__file__).resolve().parents[2]


def _target() -> ModuleType:
    spec = importlib.util.spec_from_file_location("fuzz_advisor", ROOT / "fuzz" / "fuzz_advisor.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


TARGET = _target()


@pytest.mark.parametrize("mode", range(4))
def test_the_target_accepts_its_seeds(mode: int) -> None:
    seeds = [s for s in TARGET.seeds() if s[0] == mode]
    assert seeds
    for raw in seeds[:4]:
        TARGET.one_input(raw)


@pytest.mark.parametrize(
    "text", ["x\n::error file=a,line=1::boom", "  ::warning::x", "##[error]x", "a\u2028b\u200b"]
)
def test_the_target_checks_the_escaping_policy(text: str) -> None:
    TARGET.one_input(b"\x03" + text.encode())
    assert not all(TARGET._safe(line) for line in text.splitlines())
