"""The effective configuration as text (`advisor config show`): the file it was read from,
then each key, its value and where the value came from (flag, environment, file or default)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Protocol

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
    """The configuration, a line per key, values aligned."""
    lines = [f"config file: {config.file or '(none found)'}"]
    width = max(len(k) for k in config.values)
    for key, value in config.values.items():
        lines.append(f"{key:<{width}}  {_show(value)}  ({config.sources[key]})")
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
