"""The `advisor data` commands' payloads as JSON (`--format json`): the payload as it is, keys
in the order the command built them, indented, no timestamps."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from advisor.render import Options


def render(view: str, payload: dict[str, Any], options: Options) -> str:
    """*payload* as one JSON document, whatever the *view*."""
    return json.dumps(payload, indent=2, ensure_ascii=False) + "\n"
