"""The built-in data cites sources of record: the authority's text or a reputable report.

A source whose publisher, address or "via" is one of the domains below (magnet makers' and
metal traders' copies of MOFCOM texts, a travel site's copy of a 2015 drone-licence procedure,
aggregators of USGS tables, blogs and opinion sites) fails, in the reference data, the producer
registry and the scenarios alike; `advisor data sources` lists none. No data file points at a
note outside the repository.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from advisor.reference.load import load_reference
from advisor.reference.producers import load_producers
from advisor.scenarios.load import builtin_scenarios

ROOT = Path(__file__).resolve().parents[2]

#: Domains (or names) that are not sources of record, with why (audit of 2026-12-07, table 1).
NOT_OF_RECORD: dict[str, str] = {
    "adventure-safaris.com": "a travel site's copy of a 2015 UAV licence procedure",
    "scientrans.com": "a trade-services firm",
    "sz-yr.com": "a service firm's 'practitioner guide'",
    "nbaem.com": "a company website",
    "teslam.co.jp": "a magnet maker's customer notice",
    "osencmagnet.com": "a magnet seller's translation",
    "hymagnetics.com": "a magnet seller's translation",
    "um-material.com": "a metals trader's transcription",
    "taishanchuanggu.com": "a company site",
    "szfmmetal.com": "a metals company",
    "devevil.com": "a blog",
    "yliwu.com": "an aggregator",
    "rareearthexchanges.com": "a newsletter",
    "rare earth exchanges": "a newsletter",
    "inspenet.com": "a reprint",
    "realtid.se": "a reprint",
    "econotimes.com": "an aggregator",
    "reportify": "an aggregator",
    "beyondspx": "an aggregator",
    "statranker": "a ranking site",
    "crazyflux": "a blog",
    "databoks": "a media data portal",
    "investingnews": "an investor news site",
    "miningvisuals": "an infographic site",
    "wayenind.com": "a company blog",
    "mexicobusiness.news": "secondary",
    "agorahub/pen0": "an unrelated repository's transcription",
    "mteexpos.co.za": "an events company",
    "trtpidgin.com": "a reprint",
    "fsxbusiness": "a reprint",
    "sdgnews.com": "weak",
    "advanceh2.com": "weak",
    "epoch times": "a low-reliability outlet",
    "theepochtimes.com": "a low-reliability outlet",
    "couragemagnet.com": "a magnet maker's blog",
    "investingallium.com": "an unsourced site",
    "sikhona.social": "a social-media site",
    "wedoany.com": "a B2B portal",
    "crweworld": "a press-release reprint",
    "cruxinvestor": "weak",
    "powerful-magnets.com": "a magnet seller",
    "abrasivesunion": "weak",
    "chinatungsten": "a company news site",
    "wealthtrend": "weak",
    "gtf.or.th": "weak",
    "4thpillarpost.com": "a reprint",
    "astroawani": "a reprint",
    "crmalliance.eu": "an industry alliance page",
    "rawmaterials.net": "a metals trader's news portal",
}


def _bad(text: str | None) -> list[str]:
    low = (text or "").lower()
    return [d for d in NOT_OF_RECORD if d in low]


def _reference_sources() -> list[tuple[str, str]]:
    ref = load_reference()
    return [(f"source {s.key}", " ".join(filter(None, (s.publisher, s.url, s.via))))
            for s in ref.sources()]  # fmt: skip


def _producer_sources() -> list[tuple[str, str]]:
    return [(f"producer {p.id}", p.source) for p in load_producers().entries]


def _scenario_sources() -> list[tuple[str, str]]:
    return [
        (f"scenario {s.scenario.id}", " ".join(filter(None, (src.publisher, src.url, src.via))))
        for s in builtin_scenarios()
        for src in s.scenario.sources
    ]


def _rule_references() -> list[tuple[str, str]]:
    from advisor import api

    return [(f"rule {r.id}", ref) for r in api.load_rules().rules
            for ref in r.source.references]  # fmt: skip


@pytest.mark.parametrize("where", ["reference", "producers", "scenarios", "rules"])
def test_no_source_is_from_a_domain_that_is_not_a_source_of_record(where: str) -> None:
    found = {"reference": _reference_sources, "producers": _producer_sources,
             "scenarios": _scenario_sources, "rules": _rule_references}[where]()  # fmt: skip
    assert found
    bad = [f"{name}: {', '.join(_bad(text))}" for name, text in found if _bad(text)]
    assert not bad, "sources not of record:\n" + "\n".join(bad)


def test_the_check_catches_a_bad_domain() -> None:
    assert _bad("copy on adventure-safaris.com") == ["adventure-safaris.com"]
    assert _bad("MOFCOM, mofcom.gov.cn") == []


def test_advisor_data_sources_lists_none() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "advisor", "data", "sources", "--format", "json"],
        capture_output=True, text=True, encoding="utf-8", env=dict(os.environ), timeout=60,
        check=False,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    rows = json.loads(result.stdout)["sources"]
    assert len(rows) > 40
    text = " ".join(" ".join(str(r[k] or "") for k in ("publisher", "url", "via")) for r in rows)
    assert _bad(text) == []


def test_the_licence_review_limit_cites_the_state_council_regulation() -> None:
    ref = load_reference()
    bench = ref.benchmark("china_licence_working_days_max")
    source = ref.source(bench.source)
    assert "Decree" in source.title and "792" in source.title and "17" in source.title
    assert source.publisher.startswith("State Council")


DATA_FILES = [
    ROOT / "advisor" / "data" / "reference.yaml",
    ROOT / "advisor" / "data" / "producers.yaml",
    *sorted((ROOT / "scenarios").glob("*.yaml")),
]


@pytest.mark.parametrize("path", DATA_FILES, ids=lambda p: p.name)
def test_no_data_file_cites_a_note_outside_the_repository(path: Path) -> None:
    text = path.read_text("utf-8")
    outside = re.findall(r"/work/\S*|facts-2026\.md|research/\S+\.md|reference-facts\.md", text)
    assert not outside, f"{path.name} cites notes outside the repository: {outside}"
