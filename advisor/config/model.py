"""The settings model: every key, its type, default and meaning, and the effective config.

Settings are a frozen pydantic model validated strictly (a string is never coerced to a
number or a flag). Keys are written in the file as in the flags (``fail-on``); the model's
field names use underscores. :class:`Config` is the effective settings with the source of
each value (``flag``, ``environment ADVISOR_FAIL_ON``, ``.advisor.yaml:3``, ``default``).
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, StringConstraints, field_validator

from advisor.rules.severity import FailOn, Severity

if TYPE_CHECKING:
    from advisor.yaml.document import Document

Name = Annotated[str, StringConstraints(min_length=1)]
Names = tuple[Name, ...]
Scalar = bool | int | float | str
Parameters = dict[Name, dict[Name, Scalar | list[Scalar]]]


def cpu_count() -> int:
    """The processors this process may run on (at least 1)."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except (AttributeError, OSError):  # pragma: no cover - not Linux
        return max(1, os.cpu_count() or 1)


class Settings(BaseModel):
    """Every setting of advisor, as one frozen, strictly typed model."""

    model_config = ConfigDict(frozen=True, extra="forbid", strict=True, populate_by_name=True)

    rules: Names = Field(
        default=(), description="extra rule packs (files or folders), after the built-in pack"
    )
    builtin: bool = Field(default=True, description="use the built-in rule pack")
    data: Name | None = Field(
        default=None, description="reference data that overrides or extends the built-in data"
    )
    fail_on: FailOn = Field(
        default="high", alias="fail-on",
        description="exit 1 on a finding at or above this (none: the gate is off)",
    )  # fmt: skip
    min_severity: Severity = Field(
        default="info", alias="min-severity",
        description="hide findings below this (never failing ones)",
    )  # fmt: skip
    globs: Names = Field(
        default=(), description="more globs a folder scan checks, besides **/*.advisor.yaml"
    )
    exclude: Names = Field(default=(), description="globs a folder scan leaves out")
    disable: Names = Field(default=(), description="rules to switch off (id, name or alias)")
    parameters: Parameters = Field(
        default_factory=dict,
        description="rule parameters, by rule: {ADV010: {target_days: 120}}",
    )
    severity: dict[Name, Severity] = Field(
        default_factory=dict, description="rule severities, by rule: {ADV021: low}"
    )
    waivers: Name | None = Field(default=None, description="the waivers file")
    inline_waivers: bool = Field(
        default=True, alias="inline-waivers",
        description="honour `# advisor: ignore[...]` comments in profiles",
    )  # fmt: skip
    baseline: Name | None = Field(
        default=None, description="fail only on findings not in this baseline file"
    )
    max_age_days: int = Field(
        default=730, ge=0, le=100_000, alias="max-age-days",
        description="note reference data older than this before as_of",
    )  # fmt: skip
    max_data_age: int | None = Field(
        default=None, ge=0, le=100_000, alias="max-data-age",
        description="fail `check` when the data in use is older than this many days, counted "
        "to today (default: never)",
    )  # fmt: skip
    sarif_security_severity: bool = Field(
        default=False, alias="sarif-security-severity",
        description="SARIF: a security-severity per rule (GitHub files security alerts)",
    )  # fmt: skip
    assume: Literal["suspended", "in-force"] = Field(
        default="suspended",
        description="unknown export-control states: suspended or in-force (the planning "
        "assumption every report states)",
    )
    jobs: int = Field(
        default=0, ge=0,
        description="processes for `check` (0: one per core, 1: serial; at most one per core)",
    )  # fmt: skip

    @field_validator("jobs")
    @classmethod
    def _at_most_cores(cls, value: int) -> int:
        """More processes than cores only adds start-up and memory: cap at the CPU count."""
        return min(value, cpu_count())


#: Every key as written in a file or a flag, with its field's description.
KEYS: dict[str, str] = {
    (info.alias or name): info.description or "" for name, info in Settings.model_fields.items()
}
#: Key as written → field name.
FIELDS: dict[str, str] = {
    (info.alias or name): name for name, info in Settings.model_fields.items()
}


def env_name(key: str) -> str:
    """``fail-on`` → ``ADVISOR_FAIL_ON``."""
    return "ADVISOR_" + key.upper().replace("-", "_")


@dataclass(frozen=True)
class Config:
    """The effective settings, where each came from, and the file they were read from."""

    settings: Settings = field(default_factory=Settings)
    #: Key as written → ``flag``, ``environment ADVISOR_X``, ``FILE:LINE`` or ``default``.
    sources: Mapping[str, str] = field(default_factory=lambda: dict.fromkeys(KEYS, "default"))
    file: str | None = None
    document: Document | None = field(default=None, compare=False, repr=False)
    #: The folder the config file was looked for upward from (None when a file was named or
    #: none was read): a diff looks for the config file the same way at a git revision.
    search: str | None = None

    @property
    def values(self) -> dict[str, Any]:
        """Every setting by key as written (``fail-on``)."""
        return {key: getattr(self.settings, name) for key, name in FIELDS.items()}

    def __getitem__(self, key: str) -> Any:
        return getattr(self.settings, FIELDS[key])

    def given(self, key: str) -> bool:
        """True if *key* was set by a flag, the environment or the file (not a default)."""
        return self.sources.get(key, "default") != "default"

    def where(self, key: str) -> str:
        """Where *key*'s value came from, for a report: ``.advisor.yaml:3``, ``flag``, ..."""
        return self.sources.get(key, "default")
