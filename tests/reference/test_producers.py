"""The producer registry is of record: every entry read in a source, dated, status current.

A built-in entry recalled rather than read (`confidence: unverified`), or with no source, or
checked on its own date without naming a dated document, fails here (entries without their own
`checked` were last checked on the file's date). A producer whose plant is idled (care and
maintenance, or its feed halted, with no restart announced) is kept for the record but is never
a candidate, a modelled second source or a "later" option.
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest

from advisor.errors import DataError
from advisor.profile.model import Mineral, Stage
from advisor.reference.producers import (
    Producers,
    ProducersFile,
    Status,
    load_producers,
    read_producers_file,
)

ROOT = Path(__file__).resolve().parents[2]
REGISTRY = ROOT / "advisor" / "data" / "producers.yaml"
DAY = dt.date(2026, 12, 8)

_YEAR = re.compile(r"\b(19|20)\d\d\b")


def _problems(data: ProducersFile) -> list[str]:
    """Every entry that is not of record: unverified, no source, a checked date after the file's,
    or checked on its own day without naming a dated document."""
    out: list[str] = []
    for p in data.producers:
        if p.confidence.value not in ("V", "S"):
            out.append(f"{p.id}: confidence {p.confidence.value}")
        if not p.source.strip():
            out.append(f"{p.id}: no source")
        elif p.checked is not None and not _YEAR.search(p.source):
            out.append(f"{p.id}: source names no dated document")
        checked = p.checked or data.checked
        if checked > data.checked:
            out.append(f"{p.id}: checked {checked} after the file's {data.checked}")
    return out


def _builtin() -> ProducersFile:
    return read_producers_file(REGISTRY.read_text("utf-8"), "producers.yaml")


def _entry(**fields: str) -> str:
    base = {
        "id": "x-co",
        "name": "X",
        "country": "FI",
        "minerals": "[Co]",
        "stage": "refining",
        "status": "operating",
        "capacity": "1,000 t/yr",
        "capacity_t": "1000",
        "source": "X annual report (2025)",
        "confidence": "S",
        "checked": "2026-12-08",
    }
    base.update(fields)
    return "  - " + "\n    ".join(f"{k}: {v}" for k, v in base.items()) + "\n"


def _file(*entries: str) -> ProducersFile:
    text = "format: 1\nchecked: 2026-12-08\nproducers:\n" + "".join(entries)
    return read_producers_file(text, "test.yaml")


def test_no_builtin_producer_is_unverified_undated_or_unchecked() -> None:
    data = _builtin()
    assert data.producers
    assert _problems(data) == []


def test_entries_added_on_2026_12_08_carry_their_own_checked_date() -> None:
    added = ("glencore-nikkelverk-cobalt", "terrafame-sotkamo", "syrah-balama", "src-saskatoon")
    found = {p.id: p.checked for p in _builtin().producers}
    assert [found[i] for i in added] == [DAY] * len(added)


@pytest.mark.parametrize(
    ("fields", "expected"),
    [
        ({"confidence": "unverified"}, "x-co: confidence unverified"),
        ({"source": "company website"}, "x-co: source names no dated document"),
        ({"checked": "2027-01-05"}, "x-co: checked 2027-01-05 after the file's 2026-12-08"),
    ],
)
def test_the_check_catches_an_entry_not_of_record(fields: dict[str, str], expected: str) -> None:
    assert _problems(_file(_entry(**fields))) == [expected]


def test_an_entry_without_a_source_is_refused_when_read() -> None:
    text = _entry().replace("    source: X annual report (2025)\n", "")
    with pytest.raises(DataError, match="source"):
        _file(text)


def test_an_idled_producer_is_no_candidate_no_later_option_and_no_weak_source() -> None:
    reg = Producers(_file(_entry(status="idled", year="2026"), _entry(id="y-co")))
    args = (Mineral.Co, Stage.metal_alloy, {"CN"}, DAY)
    assert [p.id for p in reg.candidates(*args)] == ["y-co"]
    assert reg.later(*args) == []
    assert reg.weak(*args) == []
    idled = reg.entries[0]
    assert idled.status is Status.idled and not idled.available(DAY)
    assert idled.label() == "X, FI, idled since 2026"


def test_a_planned_producer_is_still_a_later_option() -> None:
    reg = Producers(_file(_entry(status="planned", year="2027")))
    assert [p.id for p in reg.later(Mineral.Co, Stage.metal_alloy, {"CN"}, DAY)] == ["x-co"]


@pytest.mark.parametrize(
    "producer",
    [
        "albemarle-kemerton",
        "sherritt-fort-saskatchewan-cobalt",
        "sherritt-fort-saskatchewan-nickel",
    ],
)
def test_plants_idled_in_2026_are_not_offered_as_sources(producer: str) -> None:
    reg = load_producers()
    (entry,) = [p for p in reg.entries if p.id == producer]
    assert entry.status is Status.idled
    mineral = entry.minerals[0]
    everything = [
        *reg.candidates(mineral, Stage.metal_alloy, {"CN"}, DAY),
        *reg.later(mineral, Stage.metal_alloy, {"CN"}, DAY),
        *reg.weak(mineral, Stage.metal_alloy, {"CN"}, DAY),
    ]
    assert producer not in {p.id for p in everything}


def test_the_saskatchewan_facility_sells_nd_pr_metal_not_oxide() -> None:
    reg = load_producers()
    metal = {p.id for p in reg.candidates(Mineral.Nd, Stage.metal_alloy, {"CN"}, DAY)}
    oxide = {p.id for p in reg.candidates(Mineral.Nd, Stage.oxide_separated, {"CN"}, DAY)}
    assert "src-saskatoon" in metal and "src-saskatoon" not in oxide


def test_kwinana_is_modelled_at_its_guided_output_not_its_nameplate() -> None:
    (kwinana,) = [p for p in load_producers().entries if p.id == "tianqi-kwinana"]
    assert kwinana.tonnes == 9000
    assert "9,000-11,000 t" in kwinana.capacity and "24,000" in kwinana.capacity


def test_a_producer_processing_in_the_avoided_country_is_no_candidate_but_is_named() -> None:
    """POSCO Future M makes anode material in Korea from spherical graphite processed in China:
    buying from it moves the supplier, not the chain, so it is no second source away from CN;
    it is named as not counted, with the reason."""
    producers = load_producers()
    away = producers.candidates(Mineral.graphite, Stage.oxide_separated, {"CN"}, DAY)
    assert away and "posco-future-m-sejong" not in [p.id for p in away]
    assert "posco-future-m-sejong" in [
        p.id for p in producers.weak(Mineral.graphite, Stage.oxide_separated, {"CN"}, DAY)
    ]
    # away from another country it is a candidate as before
    elsewhere = producers.candidates(Mineral.graphite, Stage.oxide_separated, {"JP"}, DAY)
    assert "posco-future-m-sejong" in [p.id for p in elsewhere]
