"""Which reference data a run uses (`advisor data version --format json`), as JSON."""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from advisor.render import Options


def render(p: Mapping[str, Any], options: Options) -> str:
    """The payload as indented JSON, keys in the order given."""
    return json.dumps(p, indent=2, ensure_ascii=False) + "\n"
