"""What an assessment is made of: findings, summaries, recommendations, the Assessment.

Plain frozen dataclasses, shared by evaluation, recommendations and every renderer; this
module imports nothing else of the engine, so any part of it can use them.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from advisor.engine.assess.scoring import Score, severity_rank

if TYPE_CHECKING:  # stress tests only: its seven dataclasses cost about 4 ms to create
    from advisor.engine.stress.model import Simulation


@dataclass(frozen=True)
class Location:
    """Where in the profile a finding points: 1-based line and column, and the field path."""

    file: str
    line: int
    col: int
    field: str


@dataclass(frozen=True)
class Suppression:
    """Why a finding does not fail the gate: a waiver with a reason and an expiry date."""

    kind: str  # "external" (a waivers file) | "inSource" (a comment in the profile)
    reason: str
    until: str
    owner: str = ""
    #: Where the waiver is written, ``path:line``.
    where: str = ""


@dataclass(frozen=True)
class Finding:
    """One rule's verdict on one subject: it fired, or it could not be decided (missing data)."""

    rule_id: str
    rule_name: str
    title: str
    category: str
    severity: str
    scope: str
    subject: str
    material: str | None
    supplier: str | None
    status: str  # "fired" | "missing"
    message: str
    recommendation: str
    action: str
    evidence: Mapping[str, Any]
    parameters: Mapping[str, Any]
    missing: tuple[str, ...]
    score: Score
    location: Location
    #: The root cause it is a symptom of; findings of one cause on one material are one story.
    cause: str = "other"
    #: Set for a rule of another jurisdiction shown for information, e.g. an EU benchmark for
    #: a US company: whose rule it is and whom it applies to.
    note: str | None = None
    #: Days left before the event the finding warns of (its rule's deadline fact), if any.
    deadline_days: float | None = None
    #: True when the deadline falls within the company's cover, lead time or one licence cycle.
    urgent: bool = False
    #: How the finding's consequence is covered (stock outlasts recovery, a dual-source
    #: clause), when it is: its severity is then at most medium.
    mitigation: str | None = None
    #: Set by the CI gate when a valid waiver covers this finding.
    suppression: Suppression | None = None
    #: Set by the CI gate when a baseline is in use: "new" or "unchanged" (known).
    baseline: str | None = None

    @property
    def gating(self) -> bool:
        """True unless a waiver or the baseline takes the finding out of the gate."""
        return self.suppression is None and self.baseline != "unchanged"

    @property
    def story(self) -> tuple[str | None, str]:
        """The problem it belongs to: its material (None for the company) and root cause."""
        return (self.material, self.cause)

    @property
    def sort_key(self) -> tuple[Any, ...]:
        """Highest score first; ties broken by severity, rule id, then subject."""
        return (-self.score.value, -severity_rank(self.severity), self.rule_id, self.subject)


_INDEXED = re.compile(r"^materials\[\d+\](?:\.suppliers\[\d+\])?\.?")


def fingerprint(f: Finding) -> str:
    """A finding's stable identity within its file: a hash of rule id, subject and the field
    inside the subject; no line and no list index, so it survives unrelated edits."""
    inner = _INDEXED.sub("", f.location.field)
    key = "\x00".join((f.rule_id, f.subject, inner))
    return hashlib.sha256(key.encode("utf-8")).hexdigest()[:32]


@dataclass(frozen=True)
class Story:
    """One problem: the findings of one root cause on one material (or the company), told as
    one story in human reports; machine formats keep every finding."""

    key: str
    material: str | None
    cause: str
    label: str
    summary: str
    severity: str
    score: float
    findings: tuple[str, ...]
    urgent_days: float | None = None
    #: The finding whose score the problem takes (``ADV003 ndpr-oxide``): its other findings
    #: restate the same root cause and are counted once, through it.
    counted: str = ""


@dataclass(frozen=True)
class MaterialSummary:
    """The risk of one material."""

    id: str
    mineral: str
    criticality: str
    score: float
    band: str
    findings: int
    top_finding: str | None
    facts: Mapping[str, Any]
    location: Location


@dataclass(frozen=True)
class SupplierSummary:
    """One supplier of a material as the profile gives it, for reports."""

    material: str
    id: str
    name: str
    country: str
    mining_countries: tuple[str, ...]
    processing_countries: tuple[str, ...]
    share: float
    qualified: bool
    contract_type: str
    dual_source_clause: bool
    price_basis: str
    contract_end: str | None
    location: Location
    #: Where imported values come from: its declaration and smelters, with file, sheet, cell.
    evidence: tuple[str, ...] = ()
    #: Its smelters as (who: RMI id, else metal and name; country or "unknown"), for diffs.
    smelters: tuple[tuple[str, str], ...] = ()


@dataclass(frozen=True)
class RulesRun:
    """Which rules ran and what the configuration changed, so that no report can hide a gate
    that was switched off or turned down.

    *active* rules were evaluated; *active_builtin* of them are the built-in pack's own, out of
    the *builtin* rules it has (*builtin_loaded* is false with ``--no-builtin``); *disabled*
    pairs each disabled rule id with the pack that disabled it; *changed* is each severity or
    parameter a later pack (or the config file) changed: (rule id, change, pack); *origins*
    names the file of each pack other than the built-in one; *settings* are what the config
    changed of the run itself, such as a gate switched off with ``fail-on: none``.
    """

    active: int
    active_builtin: int
    builtin: int
    builtin_loaded: bool = True
    disabled: tuple[tuple[str, str], ...] = ()
    changed: tuple[tuple[str, str, str], ...] = ()
    origins: tuple[tuple[str, str], ...] = ()
    settings: tuple[str, ...] = ()

    @property
    def others(self) -> int:
        """Active rules from packs other than the built-in one (new or replacing)."""
        return self.active - self.active_builtin

    @property
    def altered(self) -> bool:
        """True if anything turned the rules or the gate down or changed them: rules
        disabled, the built-in pack left out, severities or parameters changed, or a setting
        such as ``fail-on: none``."""
        return bool(self.disabled or self.changed or self.settings or not self.builtin_loaded)

    def pack(self, name: str) -> str:
        """``pack acme``, or ``config .advisor.yaml`` for the config file's own pack."""
        origin = dict(self.origins).get(name)
        return f"config {origin}" if name == "config" and origin else f"pack {name}"

    def text(self) -> str:
        """One line: ``rules: 26 of 27 built-in active, 2 from other packs; disabled by pack
        acme: ADV003; changed by config .advisor.yaml: ADV010 target_days 90 days → 120 days;
        packs: acme (policy/acme.yaml); gate off: fail-on none (.advisor.yaml:4)``."""
        head = f"rules: {self.active_builtin} of {self.builtin} built-in active"
        if not self.builtin_loaded:
            head += " (built-in pack not loaded)"
        if self.others:
            head += f", {self.others} from other packs"
        disabled: dict[str, list[str]] = {}
        for rule, pack in self.disabled:
            disabled.setdefault(pack, []).append(rule)
        changed: dict[str, list[str]] = {}
        for rule, change, pack in self.changed:
            changed.setdefault(pack, []).append(f"{rule} {change}")
        groups = [f"disabled by {self.pack(p)}: {', '.join(ids)}" for p, ids in disabled.items()]
        groups += [f"changed by {self.pack(p)}: {', '.join(c)}" for p, c in changed.items()]
        files = [f"{p} ({o})" for p, o in self.origins if p in {*disabled, *changed} - {"config"}]
        groups += [f"packs: {', '.join(files)}"] if files else []
        return "; ".join([head, *groups, *self.settings])


@dataclass(frozen=True)
class Assumption:
    """An export-control status on the as-of date that the reference data does not record:
    what advisor assumes, why, and which materials' findings rely on it."""

    control: str
    measure: str
    country: str
    status: str
    since: str
    text: str
    basis: str | None
    materials: tuple[str, ...]


@dataclass(frozen=True)
class Planning:
    """The planning assumption for export-control states the reference data does not know
    (``suspended`` or ``in-force``), and whether the user chose it or it is the default."""

    assume: str = "suspended"
    chosen: bool = False

    def text(self) -> str:
        """'unknown control states taken as suspended (default; --assume suspended or in-force)'."""
        how = "chosen" if self.chosen else "default"
        return (
            f"unknown control states taken as {self.assume} ({how}; --assume suspended or in-force)"
        )


@dataclass(frozen=True)
class Assessment:
    """Everything advisor concluded about one profile; renderers are pure functions of it."""

    source: str
    company: str
    sector: str
    as_of: str
    versions: Mapping[str, str]
    score: Score
    band: str
    findings: tuple[Finding, ...]
    materials: tuple[MaterialSummary, ...]
    recommendations: tuple[Recommendation, ...] = ()
    company_facts: Mapping[str, Any] = field(default_factory=dict)
    stale: tuple[str, ...] = ()
    suppliers: tuple[SupplierSummary, ...] = ()
    #: Every (rule id, subject key) pair evaluated, in evaluation order: passes included.
    evaluated: tuple[tuple[str, str], ...] = ()
    #: The problems the findings tell, worst first (docs/scoring.md, "One problem, one story").
    stories: tuple[Story, ...] = ()
    #: Which rules ran (None only for an Assessment made by hand).
    rules_run: RulesRun | None = None
    #: Export-control statuses the findings rely on that the reference data does not record.
    assumptions: tuple[Assumption, ...] = ()
    #: The planning assumption for control states the data does not know (every report shows it).
    planning: Planning = field(default_factory=lambda: Planning())
    #: Stress tests run with the assessment (`advisor assess --with-scenarios`).
    stress_tests: tuple[Simulation, ...] = ()

    def counts(self) -> dict[str, int]:
        """Findings by severity, most severe first."""
        out = {s: 0 for s in ("critical", "high", "medium", "low", "info")}
        for f in self.findings:
            out[f.severity] += 1
        return out


@dataclass(frozen=True)
class Recommendation:
    """One action, the findings it answers, and the risk it removes."""

    rank: int
    action: str
    title: str
    horizon: str
    material: str | None
    severity: str
    text: str
    findings: tuple[str, ...]
    actions: tuple[str, ...]
    why: tuple[str, ...]
    location: Location
    score_before: float
    score_after: float
    points_before: float
    points_after: float
    modelled: bool
    model_note: str
    #: urgent, structural or long-horizon (docs/scoring.md §5).
    tier: str = "structural"
    #: Days left before the nearest deadline of its urgent findings.
    deadline_days: float | None = None
    #: Score points (0–100 scale) it removes, summed over the materials it changes and the
    #: company's own problems: the tie-break after the company score points it removes.
    score_points: float = 0.0
    #: The problems (story keys) it answers.
    stories: tuple[str, ...] = ()
    #: Ids of the producers it names as candidates, best first (the registry's).
    candidates: tuple[str, ...] = ()
    #: The material that sets the company score after the action, when it is another one.
    held_by: str | None = None
    #: Every material the action changes, the most exposed (the lead, ``material``) first.
    materials: tuple[str, ...] = ()
    #: (material, score before, score after) for each of ``materials``.
    material_scores: tuple[tuple[str, float, float], ...] = ()
    #: The problem that still sets the lead material's score after the action, in words.
    still_set_by: str | None = None
    #: Days from as_of until the action takes effect (a licence and a delivery, a
    #: qualification, 0 for a contract change); None when the profile does not say.
    takes_days: int | None = None
    #: When it takes longer than the deadline: what can be done inside it and what to start now.
    window: str | None = None
    #: What it costs where sourced prices allow (None: unknown, and ``cost_text`` says why).
    cost: float | None = None
    cost_currency: str | None = None
    cost_text: str = ""
    #: Actions that remove no risk on their own and complete this one (title: text).
    completes: tuple[str, ...] = ()
    #: The findings those actions answer (rule id and subject), not counted in this one's effect.
    completed_findings: tuple[str, ...] = ()

    @property
    def material_before(self) -> float | None:
        """The lead material's score before the action (None for a company-wide action)."""
        return self.material_scores[0][1] if self.material_scores else None

    @property
    def material_after(self) -> float | None:
        """The lead material's score after the action (None for a company-wide action)."""
        return self.material_scores[0][2] if self.material_scores else None

    @property
    def risk_removed(self) -> float:
        """Risk points (the sum of all finding scores) the action removes."""
        return round(self.points_before - self.points_after, 2)

    @property
    def score_removed(self) -> float:
        """Points of the company score (0–100) the action removes: the unit of the score."""
        return round(self.score_before - self.score_after, 2)

    @property
    def material_removed(self) -> float:
        """Points of the material's own score the action removes (0 when company-wide)."""
        if self.material_before is None or self.material_after is None:
            return 0.0
        return round(self.material_before - self.material_after, 2)
