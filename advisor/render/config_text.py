"""The effective configuration as text (`advisor config show`): the file it was read from,
then each key, its value and where the value came from (flag, environment, file or default)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Protocol

from advisor import escape

if TYPE_CHECKING:
    from advisor.render import Options


class Shown(Protocol):
    """What `config show` reads of a configuration."""

    @property
    def file(self) -> str | None:
        """The config file read, if any."""

    @property
    def values(self) -> Mapping[str, Any]:
        """Each key's effective value."""

    @property
    def sources(self) -> Mapping[str, str]:
        """Where each key's value came from."""


def render(config: Shown, options: Options) -> str:
    """The configuration, a line per key, values aligned (control characters escaped: a value
    holding a newline cannot start a line of its own, such as a workflow command)."""
    lines = [escape.line(f"config file: {config.file or '(none found)'}")]
    width = max(len(k) for k in config.values)
    for key, value in config.values.items():
        lines.append(escape.line(f"{key:<{width}}  {_show(value)}  ({config.sources[key]})"))
    return "".join(line + "\n" for line in lines)


def _show(value: Any) -> str:
    if value is None:
        return "-"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (tuple, list)):
        return ", ".join(str(v) for v in value) or "[]"
    if isinstance(value, dict):
        return "; ".join(f"{k}: {v}" for k, v in sorted(value.items())) or "{}"
    return str(value)
