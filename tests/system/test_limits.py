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
from cli_support import advisor

from advisor import api
from advisor.errors import ProfileError


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


def test_more_materials_than_the_limit_is_refused_at_the_first_one_over(
    capsys: pytest.CaptureFixture[str],
    make_profile: Callable[..., Path],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    path = make_profile()
    monkeypatch.setenv("ADVISOR_MAX_MATERIALS", "1")
    code, _, err = advisor(capsys, "validate", path)
    assert code == 2
    assert err.startswith(
        f"{path}:50:5: materials[1]: 2 materials, more than the limit of 1 "
        "(raise it with ADVISOR_MAX_MATERIALS)\n"
    )
    monkeypatch.setenv("ADVISOR_MAX_MATERIALS", "2")
    assert advisor(capsys, "validate", path)[0] == 0


def test_more_suppliers_than_the_limit_is_refused(
    capsys: pytest.CaptureFixture[str],
    make_profile: Callable[..., Path],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    path = make_profile()
    monkeypatch.setenv("ADVISOR_MAX_SUPPLIERS", "2")
    code, _, err = advisor(capsys, "validate", path)
    assert code == 2
    assert "materials[1].suppliers[0]: more than the limit of 2 suppliers" in err
    assert "ADVISOR_MAX_SUPPLIERS" in err


@pytest.mark.parametrize("value", ["0", "many", "-3", "1e3"])
def test_a_bad_limit_is_a_usage_error(
    capsys: pytest.CaptureFixture[str],
    make_profile: Callable[..., Path],
    monkeypatch: pytest.MonkeyPatch,
    value: str,
) -> None:
    monkeypatch.setenv("ADVISOR_MAX_MATERIALS", value)
    code, _, err = advisor(capsys, "assess", make_profile())
    assert code == 2
    assert "ADVISOR_MAX_MATERIALS" in err and "is not a whole number of 1 or more" in err


def test_only_the_first_100_problems_are_listed_and_get_a_did_you_mean(
    make_profile: Callable[..., Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    import advisor.profile.build as build

    calls: list[str] = []
    real = build.country_hint
    monkeypatch.setattr(build, "country_hint", lambda text: calls.append(text) or real(text))
    bad = "[" + ", ".join(["Germny"] * 3000) + "]"
    path = make_profile(("mining_countries: [CN, MM]", f"mining_countries: {bad}"))
    with pytest.raises(ProfileError) as caught:
        api.load_profile(path)
    lines = caught.value.lines()
    assert len(lines) == 101
    assert lines[0].endswith(
        "'Germny' is not an ISO 3166-1 alpha-2 country code (did you mean DE?)"
    )
    assert lines[-1] == f"{path}: … and 2900 more problems"
    assert len(calls) <= 100
