"""Quantities in the words of a recommendation: four significant figures, never an exponent."""

from __future__ import annotations


def figure(value: float) -> str:
    """``0.81``, ``54``, ``1,184``, ``210,000`` (``f"{value:,.4g}"`` wrote ``2.1e+05``)."""
    if abs(value) >= 1000:
        return f"{value:,.0f}"
    return f"{value:,.4g}"
