"""A rule's examples, executable: each must give the outcome it is filed under.

`advisor rules test` and the test suite run them; ids read like ``ADV001-fail-0``.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from advisor.rules.evaluate import Outcome, evaluate
from advisor.rules.models import FactValue, Rule, Status
from advisor.rules.text import EXAMPLE_KINDS, format_value


@dataclass(frozen=True)
class ExampleCase:
    """One example of one rule, with the outcome it must give; id like ``ADV001-fail-0``."""

    id: str
    rule: Rule
    expected: Status
    facts: Mapping[str, FactValue]


@dataclass(frozen=True)
class ExampleResult:
    """An example run: the outcome it gave and whether that is the expected one."""

    case: ExampleCase
    outcome: Outcome

    @property
    def ok(self) -> bool:
        """True when the rule gave the expected outcome."""
        return self.outcome.status == self.case.expected

    def detail(self) -> str:
        """Why it failed: expected, got, and the evidence."""
        shown = ", ".join(f"{k}={format_value(k, v)}" for k, v in self.outcome.evidence.items())
        text = f"expected {self.case.expected}, got {self.outcome.status} (evidence: {shown})"
        if self.outcome.missing:
            text += f"; unknown: {', '.join(self.outcome.missing)}"
        return text


def example_cases(rules: Iterable[Rule]) -> list[ExampleCase]:
    """Every example of every rule, evaluated with the parameters the rule's own pack wrote."""
    cases: list[ExampleCase] = []
    for rule in rules:
        base = rule.model_copy(update={"parameters": rule.defaults})
        for attr, word, expected, _ in EXAMPLE_KINDS:
            for i, facts in enumerate(getattr(rule.examples, attr)):
                cases.append(ExampleCase(f"{rule.id}-{word}-{i}", base, expected, facts))
    return cases


def run_example(case: ExampleCase) -> ExampleResult:
    """Evaluate one example."""
    return ExampleResult(case, evaluate(case.rule, case.facts))
