"""Severities, least to most severe: the one definition every package and command uses.

A tiny module of its own, so that the command line and the configuration can name the
severities without loading the rule models.
"""

from __future__ import annotations

from typing import Literal, get_args

Severity = Literal["info", "low", "medium", "high", "critical"]
#: :data:`Severity`'s values, least to most severe (the order ranks them).
SEVERITIES: tuple[Severity, ...] = get_args(Severity)
#: A ``--fail-on`` threshold: a severity, or ``none`` (never fail).
FailOn = Literal["none", Severity]
#: :data:`FailOn`'s values: ``none``, then the severities.
FAIL_ON: tuple[str, ...] = ("none", *SEVERITIES)

__all__ = ["FAIL_ON", "SEVERITIES", "FailOn", "Severity"]
