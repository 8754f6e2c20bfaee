"""Generated documentation: the committed docs match the generator, and cover every field."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from pydantic import BaseModel

from advisor import docgen
from advisor.profile.model import Profile

ROOT = Path(__file__).resolve().parents[2]


def _all_models(model: type[BaseModel], seen: set[type[BaseModel]]) -> set[type[BaseModel]]:
    seen.add(model)
    for field in model.model_fields.values():
        for inner in _models_in(field.annotation):
            if inner not in seen:
                _all_models(inner, seen)
    return seen


def _models_in(tp: object) -> list[type[BaseModel]]:
    if isinstance(tp, type) and issubclass(tp, BaseModel):
        return [tp]
    return [m for arg in getattr(tp, "__args__", ()) for m in _models_in(arg)]


@pytest.mark.parametrize("name", sorted(docgen.DOCUMENTS))
def test_committed_docs_are_up_to_date(name: str) -> None:
    """Fails when a model changed without `python -m advisor.docgen` being run."""
    committed = (ROOT / "docs" / name).read_text(encoding="utf-8")
    assert committed == docgen.DOCUMENTS[name]()


def test_profile_doc_covers_every_model_and_field() -> None:
    text = docgen.profile_markdown()
    models = _all_models(Profile, set())
    assert len(models) >= 13
    for model in models:
        section = text.split(f"### {model.__name__}\n", 1)[1].split("\n### ", 1)[0]
        for name, field in model.model_fields.items():
            row = next(line for line in section.splitlines() if line.startswith(f"| `{name}` |"))
            assert ("required" if field.is_required() else "optional") in row, row
            if field.description:
                assert field.description in row, row


def test_profile_doc_states_limits_forms_and_an_example(template: str) -> None:
    text = docgen.profile_markdown()
    for needle in ("ADVISOR_MAX_FILE_SIZE", "8 MiB", "64 levels", "100,000 nodes", '"35%"',
                   "`unknown`", "YYYY-MM-DD", "`UK` → `GB`", "libyaml"):  # fmt: skip
        assert needle in text, needle
    assert f"```yaml\n{template.rstrip()}\n```" in text


def test_types_read_as_a_user_writes_them() -> None:
    text = docgen.profile_markdown()
    assert '| `share` | share (`0.35` or `"35%"`) | required |' in text
    assert "| `tier` | whole number; ≥ 1, ≤ 5 | optional, default `1` |" in text
    assert "| `mining_countries` | list of country codes, or `unknown` |" in text
    assert "| `unit` | one of `t`, `kg` | required |" in text
    assert "| `suppliers` | list of [Supplier](#supplier) | optional, default `[]` |" in text


def test_main_writes_then_checks(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "docs"
    generated = ["--only", "generated", "--out", str(out)]
    assert docgen.main(["--check", *generated]) == 1
    assert not out.exists()
    assert docgen.main(generated) == 0
    assert (out / "profile.md").read_text(encoding="utf-8") == docgen.profile_markdown()
    assert docgen.main(["--check", *generated]) == 0
    (out / "profile.md").write_text("stale\n", encoding="utf-8")
    assert docgen.main(["--check", *generated]) == 1
    assert "profile.md: out of date" in capsys.readouterr().err
    assert (out / "profile.md").read_text(encoding="utf-8") == "stale\n"


def test_module_entry_point_checks_the_repository() -> None:
    """The generated documents; the marked outputs: test_shown_outputs.py, in-process."""
    result = subprocess.run(
        [sys.executable, "-m", "advisor.docgen", "--check", "--only", "generated"],
        cwd=ROOT, capture_output=True, text=True, timeout=60,
    )  # fmt: skip
    assert (result.returncode, result.stderr) == (0, "")
