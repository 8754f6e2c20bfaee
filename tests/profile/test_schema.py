"""The profile's JSON Schema: valid draft 2020-12, shipped in step with the models, and useful.

Editors check a profile against this schema as it is typed, so every real profile must pass it
and the common mistakes the model rejects should fail it too.
"""

from __future__ import annotations

import copy
import datetime as dt
import json
from pathlib import Path
from typing import Any

import jsonschema
import pytest

from advisor.profile.schema import SCHEMA_ID, generate, render, shipped_text
from advisor.yaml.loader import RawFloat, RawInt, load_file, load_text

ROOT = Path(__file__).resolve().parents[2]
PROFILES = [
    *sorted((ROOT / "examples").glob("*.yaml")),
    ROOT / "advisor" / "templates" / "profile.yaml",
    ROOT / "tests" / "data" / "profiles" / "valid.yaml",
]


def to_json(value: Any) -> Any:
    """Loader values as the JSON an editor would see: numbers as numbers, dates as text."""
    if isinstance(value, dict):
        return {str(k): to_json(v) for k, v in value.items()}
    if isinstance(value, list):
        return [to_json(v) for v in value]
    if isinstance(value, RawInt):
        return int(value)
    if isinstance(value, RawFloat):
        return float(value)
    if isinstance(value, dt.date):
        return value.isoformat()
    return value


@pytest.fixture(scope="module")
def validator() -> jsonschema.Draft202012Validator:
    schema = json.loads(shipped_text())
    return jsonschema.Draft202012Validator(
        schema, format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER
    )


def test_shipped_schema_is_generated_from_the_models() -> None:
    """Fails when a model changed without `render(generate())` being written to the package."""
    assert shipped_text() == render(generate())


def test_schema_is_valid_draft_2020_12() -> None:
    schema = json.loads(shipped_text())
    jsonschema.Draft202012Validator.check_schema(schema)
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    assert schema["$id"] == SCHEMA_ID


def test_schema_output_is_stable() -> None:
    assert render(generate()) == render(generate())
    assert shipped_text().endswith("}\n")


def _keywords(node: Any) -> set[str]:
    """Every keyword used anywhere in a schema (property names are not keywords)."""
    found: set[str] = set()
    if isinstance(node, list):
        for item in node:
            found |= _keywords(item)
    elif isinstance(node, dict):
        for key, value in node.items():
            found.add(key)
            if key in ("properties", "$defs"):
                for sub in value.values():
                    found |= _keywords(sub)
            elif key not in ("default", "const", "enum", "examples"):
                found |= _keywords(value)
    return found


def test_schema_uses_only_json_schema_keywords() -> None:
    """Pydantic-only names such as `ge` or `le` are silently ignored by every validator."""
    known = set(jsonschema.Draft202012Validator.VALIDATORS) | {
        "$schema", "$id", "$defs", "$ref", "title", "description", "default", "format",
        "examples", "properties",
    }  # fmt: skip
    assert _keywords(json.loads(shipped_text())) - known == set()


@pytest.mark.parametrize("path", PROFILES, ids=lambda p: p.name)
def test_real_profiles_pass_the_schema(
    validator: jsonschema.Draft202012Validator, path: Path
) -> None:
    data = to_json(load_file(path).data)
    errors = sorted(validator.iter_errors(data), key=lambda e: list(e.absolute_path))
    assert not errors, [f"{list(e.absolute_path)}: {e.message}" for e in errors]


def _base() -> dict[str, Any]:
    path = ROOT / "tests" / "data" / "profiles" / "valid.yaml"
    return dict(to_json(load_text(path.read_text(encoding="utf-8"), str(path)).data))


def _set(data: dict[str, Any], path: tuple[Any, ...], value: Any) -> dict[str, Any]:
    changed = copy.deepcopy(data)
    node: Any = changed
    for part in path[:-1]:
        node = node[part]
    node[path[-1]] = value
    return changed


SUPPLIER = ("materials", 0, "suppliers", 0)


@pytest.mark.parametrize(
    ("path", "value"),
    [
        (("version",), 2),
        (("as_of",), "2026-02-30"),
        (("company", "sector"), "shipping"),
        (("company", "colour"), "red"),
        (("materials",), []),
        (("materials", 0, "annual_demand", "unit"), "lb"),
        (("materials", 0, "annual_demand", "quantity"), -1),
        (("materials", 0, "recycled_share"), 1.5),
        (("materials", 0, "recycled_share"), "35"),
        ((*SUPPLIER, "share"), 2),
        ((*SUPPLIER, "tier"), 9),
        ((*SUPPLIER, "lead_time_days"), -3),
        ((*SUPPLIER, "id"), "has space"),
        ((*SUPPLIER, "qualified"), "yes"),
        (("company", "currency"), "eur"),
        (("programmes", "stockpile", "target_days"), 5000),
    ],
    ids=lambda v: ".".join(map(str, v)) if isinstance(v, tuple) else repr(v),
)
def test_schema_rejects_what_the_model_rejects(
    validator: jsonschema.Draft202012Validator, path: tuple[Any, ...], value: Any
) -> None:
    assert validator.is_valid(_base())
    accepted = validator.is_valid(_set(_base(), path, value))
    assert not accepted, f"the schema accepts {'.'.join(map(str, path))} = {value!r}"
