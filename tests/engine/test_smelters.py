"""Declared smelters in the engine, the reports and the risk diff."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from subprocess import CompletedProcess

from smelter_profile import BASE

from advisor.engine.assess.smelters import processing_countries
from advisor.profile.model import Smelter, Supplier

Cli = Callable[..., CompletedProcess[str]]


def _supplier(*countries: str | None) -> Supplier:
    smelters = [Smelter(metal="Tungsten", country=c) for c in countries]
    return Supplier(id="s", name="S", country="JP", share=1, smelters=smelters)


def test_processing_is_where_the_smelters_are_and_unknown_if_one_is_not_identified() -> None:
    assert processing_countries(_supplier("CN", "VN", "CN")) == ["CN", "VN"]
    assert processing_countries(_supplier("CN", None)) == []


def test_markdown_shows_the_evidence_down_to_the_cell(tmp_path: Path, cli: Cli) -> None:
    (tmp_path / "p.yaml").write_text(BASE)
    result = cli("assess", "p.yaml", "--format", "markdown")
    assert "## Evidence from supplier declarations" in result.stdout
    assert (
        "- w-powder / tanaka (Tanaka Trading): processing CN: Tungsten smelter "
        "'Jiangxi Tungsten Co' CID000001 (books/tanaka.xlsx, Smelter List!E5)" in result.stdout
    )


def test_diff_shows_smelters_added_removed_and_moved(tmp_path: Path, cli: Cli) -> None:
    (tmp_path / "a.yaml").write_text(BASE)
    head = BASE.replace("rmi_id: CID000001\n            country: CN", "rmi_id: CID000001\n"
                        "            country: VN") + (
        "          - metal: Tungsten\n            rmi_id: CID000002\n            country: KR\n"
    )  # fmt: skip
    (tmp_path / "b.yaml").write_text(head)
    result = cli("diff", "a.yaml", "b.yaml")
    assert "w-powder/tanaka smelter CID000001 Jiangxi Tungsten Co: CN → VN" in result.stdout
    assert "w-powder/tanaka smelter CID000002: absent → KR" in result.stdout
    back = cli("diff", "b.yaml", "a.yaml")
    assert "w-powder/tanaka smelter CID000002: KR → absent" in back.stdout


def test_a_stress_test_stops_supply_whose_declared_smelter_is_in_the_country(
    tmp_path: Path, cli: Cli
) -> None:
    (tmp_path / "cn.yaml").write_text(BASE)
    (tmp_path / "jp.yaml").write_text(
        BASE.replace("            country: CN\n", "            country: JP\n")
    )
    hit = cli("simulate", "cn.yaml", "--scenario", "cn-licence-stop")
    miss = cli("simulate", "jp.yaml", "--scenario", "cn-licence-stop")
    assert "w-powder (W)" in hit.stdout and "w-powder (W)" not in miss.stdout
