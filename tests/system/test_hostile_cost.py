"""Cost stays linear in hostile input (issue 22): a scenario of many events, a blob or a pipe
over the size limit."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from advisor import api
from advisor.engine.stress.stops import stops

ROOT = Path(__file__).resolve().parents[2]
SCENARIO = (ROOT / "tests" / "data" / "simulate" / "worked-scenario.yaml").read_text("utf-8")


def _scenario(tmp_path: Path, events: int) -> api.LoadedScenario:
    head, tail = SCENARIO.split("events:\n")
    body = "  - kind: supply_stop\n    countries: [CN]\n    share: 0.01\n" * events
    path = tmp_path / f"s{events}.yaml"
    path.write_text(head + "events:\n" + body + "sources:" + tail.split("sources:")[1], "utf-8")
    return api.load_scenario(path)


def test_many_events_on_one_supplier_merge_in_linear_time(tmp_path: Path) -> None:
    loaded = api.load_profile(ROOT / "examples" / "ev-motor-maker.yaml")
    ref = api.load_reference()
    start = dt.date(2026, 7, 1)
    one, many = _scenario(tmp_path, 1).scenario, _scenario(tmp_path, 3000).scenario
    for material in loaded.profile.materials:
        single, _ = stops(loaded.profile, material, one, ref, start)
        merged, _ = stops(loaded.profile, material, many, ref, start)
        assert [s.supplier.id for s in merged] == [s.supplier.id for s in single]
        # each reason once (not 3,000 copies joined one by one: quadratic in the events)
        assert [s.why for s in merged] == [s.why for s in single]
        for s, m in zip(single, merged, strict=True):
            assert m.share > s.share and m.share <= s.supplier.share
        assert merged or material.id != "dy-alloy"
