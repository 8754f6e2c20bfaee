"""Every example of every built-in rule is a test of its own: ``pytest -k ADV010`` runs ADV010's.

Ids are ``<rule>-<fail|pass|missing>-<n>``, the same ids ``advisor rules test`` prints.
"""

from __future__ import annotations

import pytest

from advisor.rules.examples import ExampleCase, example_cases, run_example
from advisor.rules.load import load_rules

CASES = example_cases(load_rules().rules)


@pytest.mark.parametrize("case", CASES, ids=[case.id for case in CASES])
def test_rule_example(case: ExampleCase) -> None:
    result = run_example(case)
    assert result.ok, f"{case.id}: {result.detail()}"


def test_every_rule_has_each_kind_of_example() -> None:
    kinds = {(case.rule.id, case.expected) for case in CASES}
    for rule in load_rules().rules:
        assert (rule.id, "fired") in kinds and (rule.id, "passed") in kinds, rule.id
