"""JSON: valid against its shipped schema, everything the assessment holds, stable order."""

from __future__ import annotations

import json
from functools import lru_cache
from importlib import resources
from typing import Any

import pytest
from jsonschema import Draft202012Validator
from render_support import EXAMPLE_NAMES, HOSTILE, assessed, example, render

from advisor.render import Format
from advisor.render._common import number, plain
from advisor.render.json_format import SCHEMA_ID, SCHEMA_VERSION


@lru_cache(maxsize=1)
def schema() -> dict[str, Any]:
    """The schema as shipped in the package (package data, not the source tree)."""
    text = resources.files("advisor.schemas").joinpath("assessment.schema.json").read_text("utf-8")
    loaded: dict[str, Any] = json.loads(text)
    return loaded


def validate(document: Any) -> list[str]:
    checker = Draft202012Validator(schema(), format_checker=Draft202012Validator.FORMAT_CHECKER)
    return [f"{list(e.path)}: {e.message}" for e in checker.iter_errors(document)]


def test_the_schema_is_draft_2020_12_and_names_its_version() -> None:
    Draft202012Validator.check_schema(schema())
    assert schema()["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    assert schema()["$id"] == SCHEMA_ID
    assert schema()["properties"]["schema_version"]["pattern"] == r"^1\.[0-9]+$"


@pytest.mark.parametrize("name", EXAMPLE_NAMES)
def test_valid_against_the_shipped_schema(name: str) -> None:
    assert validate(json.loads(render(Format.json, example(name)))) == []


def test_hostile_names_round_trip() -> None:
    a = assessed(str(HOSTILE / "hostile-names.yaml"))
    document = json.loads(render(Format.json, a))
    assert validate(document) == []
    (only,) = document["assessments"]
    assert only["company"] == a.company
    assert [s["name"] for s in only["suppliers"]] == [s.name for s in a.suppliers]


def test_everything_the_assessment_holds() -> None:
    a = example("ev-motor-maker")
    document = json.loads(render(Format.json, a, timestamp="2031-02-03T04:05:06Z"))
    assert list(document) == ["$schema", "schema_version", "tool", "timestamp", "assessments"]
    assert document["schema_version"] == SCHEMA_VERSION
    assert document["timestamp"] == "2031-02-03T04:05:06Z"
    (one,) = document["assessments"]
    assert one["profile"] == "examples/ev-motor-maker.yaml"
    assert one["score"]["value"] == a.score.value
    assert [t["name"] for t in one["score"]["terms"]] == [t.name for t in a.score.terms]
    assert len(one["findings"]) == len(a.findings)
    assert len(one["recommendations"]) == len(a.recommendations)
    assert len(one["evaluated"]) == len(a.evaluated)
    assert len(one["suppliers"]) == 3
    first = one["findings"][0]
    assert first["location"] == {"file": "examples/ev-motor-maker.yaml", "line": 61, "col": 5,
                                 "field": "materials[1]"}  # fmt: skip
    assert list(first["evidence"]) == sorted(first["evidence"])
    rec = one["recommendations"][0]
    assert rec["risk_removed"] == a.recommendations[0].risk_removed
    first_rec = a.recommendations[0]
    assert (rec["score_before"], rec["score_after"]) == (
        first_rec.score_before,
        first_rec.score_after,
    )
    assert rec["score_after"] < rec["score_before"]


def test_no_timestamp_unless_given() -> None:
    assert json.loads(render(Format.json, example("battery-maker")))["timestamp"] is None


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (0.1 + 0.2, 0.3),
        (-0.0, 0.0),
        (float("nan"), None),
        (float("inf"), None),
        (2 / 3, 0.666667),
    ],
)
def test_numbers_are_deterministic(value: float, expected: float | None) -> None:
    assert number(value) == expected


def test_plain_sorts_maps_and_turns_decimals_into_numbers() -> None:
    from decimal import Decimal

    assert plain({"b": Decimal("1.50"), "a": (1, "x"), "c": {"z": None, "y": True}}) == {
        "a": [1, "x"],
        "b": 1.5,
        "c": {"y": True, "z": None},
    }
    assert json.dumps(plain({"x": -0.0})) == '{"x": 0.0}'
