"""Scenario files: every built-in one validates against the reference data and cites its
sources; a user's file is read by the strict loader with file:line:col problems."""

from __future__ import annotations

from pathlib import Path

import pytest

from advisor import api
from advisor.errors import ScenarioError, UsageError
from advisor.scenarios.load import builtin, builtin_scenarios, resolve

DATA = Path(__file__).resolve().parents[1] / "data" / "simulate"
ROOT = Path(__file__).resolve().parents[2]
NAMES = [s.id for s in builtin_scenarios()]


def test_the_builtin_scenarios_are_the_documented_ones() -> None:
    assert NAMES == [
        "cd-cobalt-export-stop",
        "cn-ban-to-headquarters",
        "cn-licence-stop",
        "cn-suspended-controls-return",
        "largest-supplier-loss",
        "mm-heavy-rare-earth-feed-loss",
        "price-2011-rare-earths",
        "price-2022-ndpr",
    ]
    doc = (ROOT / "docs" / "simulate.md").read_text("utf-8")
    assert all(f"`{name}`" in doc for name in NAMES)


@pytest.mark.parametrize("name", NAMES)
def test_every_builtin_scenario_validates_and_cites_its_source(name: str) -> None:
    loaded = api.load_scenario(name)  # checked against the reference data too
    s = loaded.scenario
    assert loaded.origin == "built-in" and s.id == name
    assert s.sources and all(src.url or src.via for src in s.sources)
    assert all(src.supports.strip() for src in s.sources)
    assert s.assumptions and s.duration_basis.strip()
    known = {src.key for src in api.load_reference().sources()}
    assert set(s.reference_sources) <= known


def test_a_price_multiple_from_the_reference_data_names_its_basis() -> None:
    (sim,) = api.simulate(api.load_profile(ROOT / "examples" / "ev-motor-maker.yaml"),
                          ["price-2022-ndpr"])  # fmt: skip
    factors = {m: (f, basis) for m, f, basis in sim.price_factors}
    ref = api.load_reference()
    prices = {(p.product, p.period): p.value for m in ("Nd", "Tb") for p in ref.prices(m)}
    nd = prices[("Nd oxide", "2022")] / prices[("Nd oxide", "2020")]
    assert factors["Nd"][0] == factors["Pr"][0] == pytest.approx(nd, abs=1e-4)
    assert factors["Nd"][1].startswith("Nd oxide 2022 134 / 2020 49 USD/kg (usgs_mcs2025_ree")
    tb = prices[("Tb oxide", "2022")] / prices[("Tb oxide", "2020")]
    assert factors["Tb"][0] == pytest.approx(tb, abs=1e-4)


def test_a_bad_scenario_file_lists_every_problem_by_line() -> None:
    with pytest.raises(ScenarioError) as caught:
        api.load_scenario(DATA / "bad-scenario.yaml")
    lines = caught.value.lines()
    path = str(DATA / "bad-scenario.yaml")
    assert lines == [
        f"{path}:2:5: id: does not have the expected form, got 'Bad Name'",
        f"{path}:5:16: duration_days: must be at least 1, got 0",
        f"{path}:9:5: events[0].countris: unknown field 'countris'",
        f"{path}:10:5: events[1]: give either factor or from_prices",
        f"{path}:12:10: sources: List should have at least 1 item after validation, not 0, "
        "got '[]'",
    ]


def test_a_price_series_the_reference_data_lacks_is_a_located_problem(tmp_path: Path) -> None:
    text = (
        (DATA / "worked-scenario.yaml")
        .read_text("utf-8")
        .replace(
            "    factor: 3", '    from_prices: {product: Dy oxide, base: "2019", peak: "2021"}'
        )
    )
    path = tmp_path / "s.yaml"
    path.write_text(text, "utf-8")
    with pytest.raises(ScenarioError) as caught:
        api.load_scenario(path)
    (line,) = caught.value.lines()
    assert line.startswith(f"{path}:15:18: events[1].from_prices: no 'Dy oxide' price for 2019")


def test_a_supply_stop_that_selects_everything_is_refused(tmp_path: Path) -> None:
    text = (DATA / "worked-scenario.yaml").read_text("utf-8").replace("    countries: [CN]\n", "")
    path = tmp_path / "s.yaml"
    path.write_text(text, "utf-8")
    with pytest.raises(ScenarioError, match="stops all supply of every mineral"):
        api.load_scenario(path)


def test_an_unknown_name_suggests_the_closest() -> None:
    with pytest.raises(UsageError, match="did you mean 'cn-licence-stop'"):
        builtin("cn-licence-stp")
    with pytest.raises(ScenarioError, match=r"No such file|cannot"):
        resolve(str(DATA / "missing.yaml"))
