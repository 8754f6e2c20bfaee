"""Bounded cost and bounded numbers: what any input can cost, and what a number can be.

Numbers in profiles, packs and data files lie between 1e-9 and 1e18 in size (or are 0), so no
computation can overflow; a profile has at most ADVISOR_MAX_MATERIALS materials and
ADVISOR_MAX_SUPPLIERS suppliers; at most 100 problems are listed (the rest counted), and only
the problems listed get a did-you-mean.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from advisor import api
from advisor.cli import main


def advisor(capsys: pytest.CaptureFixture[str], *args: str | Path) -> tuple[int, str, str]:
    try:
        main([str(a) for a in args])
    except SystemExit as exc:
        code = int(exc.code or 0)
    out, err = capsys.readouterr()
    return code, out, err


@pytest.mark.parametrize(
    ("old", "new", "message"),
    [
        ("{quantity: 40, unit: t}", "{quantity: 1e308, unit: t}", "1e308 is too large"),
        ("amount: 70,", "amount: 1e308,", "1e308 is too large"),
        ("days_of_cover: 30}", "days_of_cover: 1e308}", "1e308 is too large"),
        ("annual_units: 25000", "annual_units: " + "9" * 30, "9999999999 is too large"),
        ("annual_revenue: 500000000", "annual_revenue: -1e300", "-1e300 is too large"),
        ("{quantity: 40, unit: t}", "{quantity: 1e-300, unit: t}", "1e-300 is too small"),
    ],
)
def test_huge_and_tiny_numbers_are_plain_errors(
    capsys: pytest.CaptureFixture[str],
    make_profile: Callable[..., Path],
    old: str,
    new: str,
    message: str,
) -> None:
    code, out, err = advisor(capsys, "assess", make_profile((old, new)))
    assert (code, out) == (2, "")
    assert message in err
    assert "internal error" not in err


def test_the_largest_numbers_assess_in_every_format(make_profile: Callable[..., Path]) -> None:
    path = make_profile(
        ("{quantity: 40, unit: t}", "{quantity: 1e18, unit: kg}"),
        ("days_of_cover: 30}", "quantity: 1e18, unit: t}"),
        ("amount: 70,", "amount: 1e18,"),
        ("annual_units: 25000", "annual_units: 1000000000000000000"),
        ("kg_per_unit: 1.6", "kg_per_unit: 1e-9"),
        ("annual_revenue: 500000000", "annual_revenue: 1e18"),
    )
    result = api.assess(api.load_profile(path))
    for fmt in ("table", "lines", "markdown", "json", "sarif", "junit", "github"):
        assert api.render([result], fmt)
