"""One configuration for every command: the settings model, where it is found, how it applies.

``model`` is the typed, frozen settings (pydantic) and the effective :class:`Config` with the
source of every value; ``discover`` finds and reads ``.advisor.yaml`` or ``[tool.advisor]`` of
``pyproject.toml`` upward from the working folder and resolves every setting by precedence:
a flag, an ``ADVISOR_*`` environment variable, the file, the default; ``apply`` turns a config
into the rule set and reference data every command runs with, and says what it changed. It sits
below the API (which applies it to assess, check, simulate and diff alike) and above the gate.
"""

from __future__ import annotations

from advisor.config.model import KEYS, Config, Settings, env_name

__all__ = ["KEYS", "Config", "Settings", "env_name"]
