"""Merging rule packs: each pack is checked against the packs before it, then merged.

A later pack may add rules and actions, override an earlier rule's parameters and severity,
disable an earlier rule, or replace it (``replace: true``); rule ids are never reused, and an
id, name or alias names one rule across all packs. A pack with a problem is not merged, but
its valid parts are still checked so that every problem is reported at once. The merged packs
are a :class:`RuleSet`.
"""

from __future__ import annotations

import difflib
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from pydantic import ValidationError

from advisor.errors import Problem, RuleError
from advisor.rules import conditions as cond
from advisor.rules.catalogue import CATALOGUE
from advisor.rules.models import Action, PackInfo, PackSpec, ParamValue, Rule, RuleSpec
from advisor.rules.severity import SEVERITIES
from advisor.rules.text import format_literal
from advisor.yaml.loader import Document, Path_

if TYPE_CHECKING:  # checking a pack is not needed to use one (a run from the snapshot)
    from advisor.rules.check import Problems

#: The origin of the packs shipped with advisor.
BUILTIN = "built-in"


@dataclass(frozen=True)
class RuleSet:
    """The enabled rules of the loaded packs, in pack order then rule order."""

    rules: tuple[Rule, ...]
    actions: Mapping[str, Action]
    packs: tuple[PackInfo, ...]
    disabled: Mapping[str, str] = field(default_factory=dict)
    names: Mapping[str, str] = field(default_factory=dict)
    #: Ids of the rules the built-in pack defines (enabled or not); empty without it.
    builtin_ids: frozenset[str] = frozenset()
    #: How many rules the built-in pack has, whether or not it was loaded.
    builtin_total: int = 0
    #: What later packs changed of earlier rules: (rule id, change in words, pack name).
    changed: tuple[tuple[str, str, str], ...] = ()
    #: Settings of the run that a report must state beside its rules (from the config: a
    #: gate switched off by ``fail-on: none``), set by the caller that loaded the set.
    settings: tuple[str, ...] = ()

    def origin(self, pack: str) -> str:
        """The file the pack named *pack* was read from ("" for the built-in pack)."""
        found = next((p.origin for p in self.packs if p.name == pack), BUILTIN)
        return "" if found == BUILTIN else found

    @property
    def active_builtin(self) -> int:
        """Enabled rules that are the built-in pack's own (not replaced by a later pack)."""
        return sum(1 for r in self.rules if r.id in self.builtin_ids and r.pack == "builtin")

    def find(self, key: str) -> Rule | None:
        """The enabled rule with this id, kebab-case name or alias (ids in any case)."""
        rule_id = self.names.get(key.strip()) or self.names.get(key.strip().upper())
        return next((r for r in self.rules if r.id == rule_id), None)

    def suggest(self, key: str) -> str | None:
        """The closest id, name or alias to *key*, for a did-you-mean."""
        close = difflib.get_close_matches(key.strip(), list(self.names), n=1, cutoff=0.5)
        return close[0] if close else None


# -- merging packs ----------------------------------------------------------------------------


#: Stand-ins for fields that do not affect the checks of a rule's condition and templates.
_FILLERS: dict[str, object] = {"severity": "info", "category": "data", "title": "-",
                               "rationale": "-", "source": {"references": ["-"]},
                               "aliases": [], "replace": False, "jurisdiction": None,
                               "cause": None}  # fmt: skip


def _lenient(raw: object) -> RuleSpec | None:
    """A rule whose only invalid fields are ones the other checks do not need, with stand-ins
    for those; None when a field the checks need is itself invalid."""
    try:
        return RuleSpec.model_validate(raw)
    except ValidationError as exc:
        bad = {str(e["loc"][0]) for e in exc.errors() if e["loc"]}
        if not isinstance(raw, dict) or not bad or bad - set(_FILLERS):
            return None
    try:
        return RuleSpec.model_validate({**raw, **{key: _FILLERS[key] for key in bad}})
    except ValidationError:
        return None


_RESERVED = "ids starting with ADV belong to the built-in pack; use your own prefix, e.g. ACME001"


def _reused(rule_id: str, earlier: Rule) -> str:
    return (
        f"rule id {rule_id} is already used by pack {earlier.pack!r} ({earlier.origin}:"
        f"{earlier.line}); ids are never reused: pick a new id, or set replace: true"
    )


class Merge:
    """Packs added in order; what they define, override and disable."""

    def __init__(self) -> None:
        self.problems: list[Problem] = []
        self.rules: dict[str, Rule] = {}
        self.actions: dict[str, Action] = {}
        self.packs: list[PackInfo] = []
        self.names: dict[str, str] = {}
        self.disabled: dict[str, str] = {}
        self.changed: list[tuple[str, str, str]] = []
        self.builtin_ids: set[str] = set()
        self.more = 0  # problems counted, not listed

    def result(self, builtin_total: int | None = None) -> RuleSet:
        """The merged packs as a RuleSet; *builtin_total* when the built-in pack was left out."""
        enabled = tuple(r for r in self.rules.values() if r.id not in self.disabled)
        total = len(self.builtin_ids) if builtin_total is None else builtin_total
        return RuleSet(
            enabled, dict(self.actions), tuple(self.packs), dict(self.disabled), dict(self.names),
            frozenset(self.builtin_ids), total, tuple(self.changed),
        )  # fmt: skip

    def add(self, doc: Document, origin: str) -> None:
        """Validate one pack against those before it; merge it if it is valid."""
        from advisor.profile.build import build, cross_problems

        try:
            spec = build(doc, PackSpec, RuleError)
        except RuleError as exc:
            self.problems += exc.problems + cross_problems(doc, self._partial(doc, origin))
            self.more += exc.more
            return
        problems: Problems = []
        actions = self._actions(spec, problems)
        keys = {*self.actions, *actions}
        rules = self._rules(list(enumerate(spec.rules)), spec.pack, doc, origin, keys, problems)
        changes = self._overrides(spec, problems)
        disabled = self._disable(spec, problems)
        if problems:
            self.problems += cross_problems(doc, problems)
            return
        self.actions.update(actions)
        for rule in rules:
            self._define(rule)
            if origin == BUILTIN:
                self.builtin_ids.add(rule.id)
        for rule in changes:
            self.changed += [
                (rule.id, change, spec.pack) for change in _changes(self.rules[rule.id], rule)
            ]
            self.rules[rule.id] = rule
        self.disabled.update({rule_id: spec.pack for rule_id in disabled})
        info = PackInfo(name=spec.pack, version=1, origin=origin, description=spec.description)
        self.packs.append(info)

    def _partial(self, doc: Document, origin: str) -> Problems:
        """Checks of the parts of an invalid pack that are valid on their own, so that every
        problem is reported at once: its rules (see :func:`_lenient`), overrides and disable."""
        data = doc.data
        raw, raw_actions = data.get("rules"), data.get("actions")
        keys = {*self.actions, *(raw_actions if isinstance(raw_actions, dict) else ())}
        items = [(i, spec) for i, item in enumerate(raw if isinstance(raw, list) else [])
                 if (spec := _lenient(item)) is not None]  # fmt: skip
        problems: Problems = []
        self._rules(items, "", doc, origin, keys, problems)
        rest = {"pack": "partial", "version": 1, "overrides": data.get("overrides") or {},
                "disable": data.get("disable") or []}  # fmt: skip
        try:
            pack = PackSpec.model_validate(rest)
        except ValidationError:
            return problems
        self._overrides(pack, problems)
        self._disable(pack, problems)
        return problems

    def _actions(self, spec: PackSpec, problems: Problems) -> dict[str, Action]:
        if any(p.name == spec.pack for p in self.packs):
            problems.append((("pack",), f"a pack named {spec.pack!r} is already loaded"))
        for key in spec.actions:
            if key in self.actions:
                problems.append(
                    (
                        ("actions", key),
                        f"action {key!r} is already defined by an "
                        "earlier pack; use it or pick a new key",
                    )
                )
        return {
            k: Action(key=k, title=a.title, horizon=a.horizon, model=a.model)
            for k, a in spec.actions.items()
        }

    def _rules(
        self,
        items: Sequence[tuple[int, RuleSpec]],
        pack: str,
        doc: Document,
        origin: str,
        actions: Collection[str],
        problems: Problems,
    ) -> list[Rule]:
        from advisor.rules.check import check_rule, make_rule

        made: list[Rule] = []
        seen: dict[str, int] = {}
        for i, rs in items:
            where = ("rules", i)
            when, found = check_rule(rs, where, actions)
            found += self._identity(rs, where, origin != BUILTIN and pack != "builtin", seen)
            problems += found
            if when is not None and not found:
                made.append(make_rule(rs, when, pack, doc.source, doc.loc(where)[0]))
        return made

    def _identity(self, rs: RuleSpec, where: Path_, user: bool, seen: dict[str, int]) -> Problems:
        """Problems with a rule's id, name and aliases: reserved, reused, or already taken."""
        problems: Problems = []
        earlier = self.rules.get(rs.id)
        if user and rs.id.startswith("ADV") and not rs.replace:
            problems.append(((*where, "id"), _RESERVED))
        elif earlier is not None and not rs.replace:
            problems.append(((*where, "id"), _reused(rs.id, earlier)))
        elif earlier is None and rs.replace:
            problems.append(((*where, "replace"), f"no earlier pack defines {rs.id} to replace"))
        keys: list[tuple[Path_, str]] = [(("id",), rs.id), (("name",), rs.name)]
        keys += [(("aliases", i), alias) for i, alias in enumerate(rs.aliases)]
        for part, key in keys:
            owner = self.names.get(key)
            if key in seen and seen[key] != where[1]:
                problems.append(((*where, *part), f"{key!r} is also used by rules[{seen[key]}]"))
            elif owner is not None and owner != rs.id:
                problems.append(((*where, *part), f"{key!r} already names rule {owner}"))
            seen.setdefault(key, int(where[1]))
        return problems

    def _define(self, rule: Rule) -> None:
        old = self.rules.get(rule.id)
        if old is not None:
            for key in (old.id, old.name, *old.aliases):
                self.names.pop(key, None)
        self.rules[rule.id] = rule
        for key in (rule.id, rule.name, *rule.aliases):
            self.names[key] = rule.id

    def _target(self, key: str, where: Path_, problems: Problems) -> Rule | None:
        rule_id = self.names.get(key)
        if rule_id is None:
            hint = cond.did_you_mean(key, self.names)
            problems.append((where, f"no rule {key!r} in an earlier pack{hint}"))
            return None
        return self.rules[rule_id]

    def _overrides(self, spec: PackSpec, problems: Problems) -> list[Rule]:
        changed: list[Rule] = []
        for key, ov in spec.overrides.items():
            rule = self._target(key, ("overrides", key), problems)
            if rule is None:
                continue
            if any(r.id == rule.id for r in changed):
                problems.append((("overrides", key), f"{rule.id} is overridden twice in this pack"))
                continue
            params, notes = dict(rule.parameters), list(rule.notes)
            for name, value in ov.parameters.items():
                where = ("overrides", key, "parameters", name)
                found = _override_problems(rule, name, value)
                problems += [(where, message) for message in found]
                if not found:
                    unit = rule.param_units.get(name, "")
                    old, new = (format_literal(unit, v) for v in (params[name], value))
                    notes.append(f"{spec.pack}: {name} {old} → {new}")
                    params[name] = value
            update: dict[str, Any] = {"parameters": params, "notes": tuple(notes)}
            if ov.severity is not None and ov.severity != rule.severity:
                update["severity"] = ov.severity
                update["notes"] += (f"{spec.pack}: severity {rule.severity} → {ov.severity}",)
            changed.append(rule.model_copy(update=update))
        return changed

    def _disable(self, spec: PackSpec, problems: Problems) -> list[str]:
        found = [self._target(key, ("disable", i), problems) for i, key in enumerate(spec.disable)]
        return [rule.id for rule in found if rule is not None]


def _changes(old: Rule, new: Rule) -> list[str]:
    """What an override changed of *old*, in words: ``severity lowered high → info``,
    ``target_days 90 days → 120 days``."""
    out = []
    if new.severity != old.severity:
        way = (
            "lowered"
            if SEVERITIES.index(new.severity) < SEVERITIES.index(old.severity)
            else "raised"
        )
        out.append(f"severity {way} {old.severity} → {new.severity}")
    for name, value in new.parameters.items():
        before = old.parameters.get(name)
        if before != value:
            unit = new.param_units.get(name, "")
            out.append(f"{name} {format_literal(unit, before)} → {format_literal(unit, value)}")
    return out


def _override_problems(rule: Rule, name: str, value: ParamValue) -> list[str]:
    if name not in rule.parameters:
        return [f"{rule.id} has no parameter {name!r}{cond.did_you_mean(name, rule.parameters)}"]
    default = rule.parameters[name]
    if _kind(default) != _kind(value):
        return [
            f"{rule.id}.{name} is {cond.kind(_plain(default))}; the override gives "
            f"{cond.kind(_plain(value))}"
        ]
    uses = [
        (c.fact, c.op)
        for c in cond.comparisons(rule.when)
        if isinstance(c.value, cond.Ref) and c.value.name == name
    ]
    if rule.gap is not None and cond.Ref(kind="param", name=name) in (
        rule.gap.threshold,
        rule.gap.ceiling,
    ):
        uses.append((rule.gap.value, "lt"))
    found = (cond.literal_problem(CATALOGUE[fact], op, value) for fact, op in uses)
    return [problem for problem in found if problem]


def _kind(value: ParamValue) -> tuple[type, ...]:
    if isinstance(value, tuple):
        return (tuple, *sorted({type(v) for v in value}, key=str))
    return (type(value),)


def _plain(value: ParamValue) -> object:
    return list(value) if isinstance(value, tuple) else value
