"""The profile's JSON Schema (draft 2020-12), generated from the pydantic models.

The generated schema is shipped as package data (``advisor/schemas/profile.schema.json``) so
that ``advisor schema`` prints it without importing pydantic; a test keeps the two in step.
"""

from __future__ import annotations

import json
from importlib import resources
from typing import Any

SCHEMA_ID = "urn:advisor:profile:v1"
SHIPPED = "profile.schema.json"


def generate() -> dict[str, Any]:
    """Build the schema from the models (validation mode: what a user may write)."""
    from advisor.profile.fields import country_schema
    from advisor.profile.model import Profile

    body = _standard(Profile.model_json_schema(mode="validation"))
    body.setdefault("$defs", {})["CountryCode"] = country_schema()
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": SCHEMA_ID,
        **body,
    }


_KEYWORDS = {"ge": "minimum", "le": "maximum", "gt": "exclusiveMinimum", "lt": "exclusiveMaximum"}


def _standard(node: Any) -> Any:
    """Pydantic's `ge`/`le`/`gt`/`lt` (left where a validator wraps the type) as JSON Schema,
    and the ISO 3166 list where a country code goes."""
    from advisor.profile.fields import COUNTRY_SCHEMA_MARK

    if isinstance(node, dict) and node.get("$comment") == COUNTRY_SCHEMA_MARK:
        return {"$ref": "#/$defs/CountryCode"}
    if isinstance(node, list):
        return [_standard(item) for item in node]
    if isinstance(node, dict):
        return {_KEYWORDS.get(k, k) if k in _KEYWORDS and isinstance(v, (int, float)) else k:
                _standard(v) for k, v in node.items()}  # fmt: skip
    return node


def render(schema: dict[str, Any]) -> str:
    """The schema as stable, pretty JSON text."""
    return json.dumps(schema, indent=2, sort_keys=True, ensure_ascii=False) + "\n"


def shipped_text() -> str:
    """The schema file shipped in the package."""
    return resources.files("advisor.schemas").joinpath(SHIPPED).read_text(encoding="utf-8")
