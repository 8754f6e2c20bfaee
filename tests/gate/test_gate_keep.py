"""What `advisor check` keeps of each file: every format prints the same from what it keeps,
and the check holds no parsed document and far less than whole assessments per file."""

from __future__ import annotations

import datetime as dt
import gc
import shutil
import tracemalloc
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
from render_support import EXAMPLE_NAMES, EXAMPLES, example, render

from advisor import api
from advisor.engine.assess.model import Assessment, Suppression
from advisor.gate.keep import ALL, keep
from advisor.render import Format, formats, spec
from advisor.render.spec import reads
from advisor.yaml.document import Document

#: The formats whose spec says they read less than the whole assessment.
CUT = [f for f in formats("assessment") if spec(f).reads is not ALL]


def test_what_formats_read_together() -> None:
    assert CUT and reads(CUT) is not ALL
    assert reads([Format.lines, Format.json]) is ALL
    assert reads([]) == frozenset()


def _gate_states(a: Assessment) -> Assessment:
    """*a* as waivers and a baseline leave it: one finding waived, one known."""
    findings = list(a.findings)
    findings[0] = replace(findings[0], suppression=Suppression("inSource", "why", "2099-01-01"))
    findings[1] = replace(findings[1], baseline="unchanged")
    findings[2:] = [replace(f, baseline="new") for f in findings[2:]]
    return replace(a, findings=tuple(findings))


@pytest.mark.parametrize("name", EXAMPLE_NAMES)
@pytest.mark.parametrize("fmt", CUT, ids=lambda f: f.value)
@pytest.mark.parametrize(
    "changes", [{}, {"fail_on": "medium", "min_severity": "low"}], ids=["default", "fail-on"]
)
def test_a_format_prints_the_same_from_what_is_kept(
    fmt: Format, name: str, changes: dict[str, Any]
) -> None:
    full = example(name)
    kept = keep(full, reads([fmt]))
    assert render(fmt, kept, **changes) == render(fmt, full, **changes)
    assert render(fmt, _gate_states(kept), **changes) == render(fmt, _gate_states(full), **changes)


def test_the_formats_that_read_everything_keep_everything() -> None:
    full = example("ev-motor-maker")
    assert keep(full, reads([Format.lines, Format.markdown])) is full


def _retained(folder: Path, formats: list[Format] | None) -> tuple[int, int]:
    """Bytes a check over *folder* still holds when it is done, and its documents alive then."""
    gc.collect()
    tracemalloc.start()
    try:
        before = tracemalloc.get_traced_memory()[0]
        config = api.load_config({"jobs": 1}, {}, cwd=folder, use_file=False)
        run = api.check([str(folder)], config, cwd=folder, today=dt.date(2025, 1, 1),
                        keep=formats)  # fmt: skip
        gc.collect()
        held = tracemalloc.get_traced_memory()[0] - before
    finally:
        tracemalloc.stop()
    here = str(folder)
    documents = sum(
        1 for o in gc.get_objects() if isinstance(o, Document) and o.source.startswith(here)
    )
    assert run.assessments and not run.errors
    return held, documents


def _per_file(tmp_path: Path, formats: list[Format] | None) -> int:
    """Bytes a check holds for each file: the growth from 4 profiles to 12."""
    held = []
    for copies in (1, 3):
        folder = tmp_path / str(copies)
        folder.mkdir(exist_ok=True)
        for i in range(copies):
            for source in EXAMPLES.glob("*.yaml"):
                shutil.copy(source, folder / f"{source.stem}-{i}.advisor.yaml")
        size, documents = _retained(folder, formats)
        assert documents == 0
        held.append(size)
    return (held[1] - held[0]) // 8


def test_check_keeps_no_document_and_a_fraction_of_each_assessment(tmp_path: Path) -> None:
    warm = tmp_path / "warm"  # warm what every run shares (caches, snapshots): one check
    warm.mkdir()
    shutil.copy(EXAMPLES / "ev-motor-maker.yaml", warm / "ev.advisor.yaml")
    _retained(warm, [Format.lines])
    whole = _per_file(tmp_path, None)
    kept = _per_file(tmp_path, [Format.lines])
    assert kept * 3 < whole, (kept, whole)
