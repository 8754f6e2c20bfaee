"""The formats `advisor check` writes one file at a time: head, each file's text, tail is the
whole report, byte for byte, whatever the files, their findings' gate states and the options
(many files, so that github's choice of the best findings per level keeps only a few)."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from render_support import EXAMPLE_NAMES, example

from advisor.engine.assess.model import Assessment, Finding, Suppression
from advisor.engine.assess.scoring import severity_rank
from advisor.errors import Problem
from advisor.escape import guard
from advisor.render import Format, Notice, Options, file_stream, formats, github, renderer, spec
from advisor.render._common import ranked

SEVERITIES = ["critical", "high", "medium", "low", "info"]
#: The formats whose spec says they are written one file at a time.
STREAMED = [f for f in formats("assessment") if spec(f).streams]
STATES = ["gating", "waived", "known", "new"]


def _as_file(a: Assessment, name: str, states: list[str]) -> Assessment:
    """*a* as the profile *name*, its findings in the gate *states* (cycled)."""
    findings = []
    for i, f in enumerate(a.findings):
        state = states[i % len(states)]
        f = replace(f, location=replace(f.location, file=name))
        if state == "waived":
            f = replace(f, suppression=Suppression("external", "why", "2099-01-01", "", "w:1"))
        elif state in ("known", "new"):
            f = replace(f, baseline="unchanged" if state == "known" else "new")
        findings.append(f)
    return replace(a, source=name, findings=tuple(findings))


files = st.lists(
    st.tuples(st.sampled_from(EXAMPLE_NAMES), st.lists(st.sampled_from(STATES), min_size=1)),
    max_size=40,
)
extras = st.fixed_dictionaries({
    "min_severity": st.sampled_from(SEVERITIES),
    "fail_on": st.sampled_from([None, *SEVERITIES]),
    "errors": st.sampled_from([(), (Problem(0, 0, "", "cannot read", "x.advisor.yaml"),)]),
    "notices": st.sampled_from([(), (Notice("warning", "waiver matched no finding", "w", 3),)]),
})  # fmt: skip


def _streamed(fmt: Format, assessments: list[Assessment], options: Options) -> str:
    stream = file_stream(fmt)
    body = [
        stream.add(a, replace(options, paths={a.source: options.path(a.source)}))
        for a in assessments
    ]
    return stream.head(options) + "".join(body) + stream.tail(options)


@pytest.mark.parametrize("fmt", STREAMED, ids=lambda f: f.value)
@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(chosen=files, changes=extras)
def test_a_report_written_file_by_file_is_the_whole_report(
    fmt: Format, chosen: list[tuple[str, list[str]]], changes: dict[str, Any]
) -> None:
    # the same profile more than once too: equal ranks are broken in the order files come
    # names a CI runner would obey if a line started with them: every part is guarded
    names = ["configs/p{}.advisor.yaml", "::error p{}.yaml", "  ::p{}", "##[group]p{}"]
    assessments = [
        _as_file(example(name), names[i % 4].format(i % 3), states)
        for i, (name, states) in enumerate(chosen)
    ]
    options = Options(paths={a.source: f"shown/{a.source}" for a in assessments}, **changes)
    text = _streamed(fmt, assessments, options)
    assert text == renderer(fmt).render(assessments, options)
    if fmt is Format.lines:
        assert guard(text) == text
    else:
        assert _annotated(assessments, options) == _chosen(assessments, options)


def _annotated(assessments: list[Assessment], options: Options) -> list[Finding]:
    stream = github.Stream()
    for a in assessments:
        stream.add(a, options)
    return stream.chosen()


def _chosen(assessments: list[Assessment], options: Options) -> list[Finding]:
    """What github annotates, chosen as before it was written file by file: every finding
    ranked at once, the first ``PER_LEVEL`` of each level."""
    floor = severity_rank(options.min_severity)
    out: list[Finding] = []
    for f in ranked(assessments):
        level = github.LEVEL[f.severity]
        taken = sum(1 for c in out if github.LEVEL[c.severity] == level)
        if severity_rank(f.severity) >= floor and f.gating and taken < github.PER_LEVEL:
            out.append(f)
    return out


def test_github_annotates_the_best_of_many_files_in_rank_order() -> None:
    many = [
        _as_file(example(n), f"p{i}.yaml", ["gating"]) for i in range(30) for n in EXAMPLE_NAMES
    ]
    text = _streamed(Format.github, many, Options())
    assert text == renderer(Format.github).render(many, Options())
    assert text.count("::error ") == 10 and "not annotated" in text


def test_only_the_written_formats_stream() -> None:
    assert Format.lines in STREAMED and Format.sarif not in STREAMED
    with pytest.raises(ValueError, match="sarif is not written one file at a time"):
        file_stream(Format.sarif)
