"""A rule's documentation is data of a fixed shape, and every rule has it (STYLE habit 4).

Also: the built-in pack covers every practical tip and case study of the seed article, cites
sections that exist, and docs/rules.md is exactly what advisor.render.rule_docs generates from it.
"""

from __future__ import annotations

import re
import unicodedata
from pathlib import Path

import pytest

from advisor.render.rule_docs import builtin_markdown
from advisor.rules.load import load_rules
from advisor.rules.models import Rule

ROOT = Path(__file__).resolve().parents[2]
SEEDS = sorted((ROOT / "seeds").glob("*.txt"))
RULES = load_rules().rules
TIPS = "H2: Practical Tips for U.S. Companies Facing the Rare"
CASE_STUDY = "H3: Case Study"


def _seed_lines() -> list[str]:
    return [line for path in SEEDS for line in path.read_text("utf-8").splitlines()]


def _is_heading(line: str) -> bool:
    return line.startswith(("H2:", "H3:"))


def _section(heading: str) -> list[str]:
    """The lines under *heading* (its standalone line, not the table of contents)."""
    lines = _seed_lines()
    start = lines.index(heading) + 1
    end = next((i for i in range(start, len(lines)) if _is_heading(lines[i])), len(lines))
    return lines[start:end]


def normal(text: str) -> str:
    """Text compared without typography: hyphens, quotes, spaces and case."""
    text = unicodedata.normalize("NFKC", text)
    for fancy, plain in (("‑", "-"), ("‐", "-"), ("–", "-"), ("“", '"'), ("”", '"'), ("’", "'")):
        text = text.replace(fancy, plain)
    return " ".join(text.split()).casefold()


def test_seed_article_is_there() -> None:
    assert SEEDS, "seeds/*.txt is missing"


@pytest.mark.parametrize("rule", RULES, ids=[r.id for r in RULES])
def test_rule_documentation_has_its_fixed_shape(rule: Rule) -> None:
    assert re.fullmatch(r"ADV\d{3}", rule.id)
    assert re.fullmatch(r"[a-z][a-z0-9]*(-[a-z0-9]+)*", rule.name)
    assert len(rule.rationale.split()) >= 25, "rationale: say why, with the evidence"
    assert rule.recommendation.strip() and rule.title.strip()
    assert rule.source.seed or rule.source.references
    assert rule.examples.fail and rule.examples.passing


@pytest.mark.parametrize("rule", RULES, ids=[r.id for r in RULES])
def test_cited_seed_sections_exist_and_contain_the_quotes(rule: Rule) -> None:
    if rule.source.seed is None:
        return
    headings = [line for line in _seed_lines() if _is_heading(line)]
    assert rule.source.seed in headings, f"{rule.id}: no heading line {rule.source.seed!r}"
    text = normal(" ".join(_section(rule.source.seed)))
    for quote in rule.source.quotes:
        assert normal(quote) in text, f"{rule.id}: {quote!r} is not in {rule.source.seed!r}"


def test_every_practical_tip_is_encoded_by_a_rule() -> None:
    heading = next(line for line in _seed_lines() if line.startswith(TIPS))
    quotes = [normal(q) for r in RULES if r.source.seed == heading for q in r.source.quotes]
    bullets = [line[2:] for line in _section(heading) if line.startswith("- ")]
    assert len(bullets) == 12
    for bullet in bullets:
        assert any(q in normal(bullet) for q in quotes), f"no rule cites the tip {bullet!r}"


def test_every_case_study_is_encoded_by_a_rule() -> None:
    studies = [line for line in _seed_lines() if line.startswith(CASE_STUDY)]
    assert len(studies) == 3
    cited = {r.source.seed for r in RULES}
    for study in studies:
        assert study in cited, f"no rule cites {study!r}"


def test_eu_benchmarks_are_labelled_as_the_regulations() -> None:
    crma = [r for r in RULES if "CRMA" in r.title]
    assert len(crma) == 2
    for rule in crma:
        assert rule.source.seed is None, "a CRMA benchmark is not the article's"
        assert any("2024/1252" in ref for ref in rule.source.references)
        assert "not of the seed article" in rule.rationale


def test_ids_names_and_aliases_are_unique() -> None:
    keys = [k for r in RULES for k in (r.id, r.name, *r.aliases)]
    assert len(keys) == len(set(keys))


def test_every_action_is_used() -> None:
    ruleset = load_rules()
    used = {r.action for r in ruleset.rules}
    assert used == set(ruleset.actions)


def test_docs_rules_md_is_generated_from_the_pack() -> None:
    committed = (ROOT / "docs" / "rules.md").read_text("utf-8")
    assert committed == builtin_markdown(), "docs/rules.md is stale; regenerate it with: make docs"
