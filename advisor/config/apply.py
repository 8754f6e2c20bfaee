"""A config applied: the rule set and reference data a command runs with, and what it changed.

The config's ``disable``, ``parameters`` and ``severity`` become a rule pack named ``config``,
merged after every other pack and located in the config file (a bad rule id points at its line,
named by the config's key); what it and the other packs change is recorded on the rule set,
and so in every report's "rules run" line. A gate switched off (``fail-on: none`` from a
file, the environment or a flag) is recorded there too, so that every format of every command
says so.
"""

from __future__ import annotations

import os
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING

from advisor.errors import Problem
from advisor.yaml.document import Document, Loc

if TYPE_CHECKING:
    from advisor.config.model import Config
    from advisor.reference.load import Reference
    from advisor.rules.packs import RuleSet

#: The name of the pack a config's ``disable`` and ``parameters`` make.
PACK = "config"


def shown(source: str, cwd: Path | None = None) -> str:
    """*source* as a report names it: relative to the repository root (or *cwd*), POSIX."""
    from advisor.gate.scan import report_path

    return report_path(source, str(cwd or Path.cwd()))


def rule_pack(config: Config, cwd: Path | None = None) -> Document | None:
    """The config's ``disable`` and ``parameters`` as a rule pack merged after all others,
    located in the config file so that a bad rule id points at its line; named by the config
    file's path as reports show it (or ``flag``/``environment`` when no file gave them)."""
    disable, parameters, severity = config["disable"], config["parameters"], config["severity"]
    if not disable and not parameters and not severity:
        return None
    doc = config.document
    overrides: dict[str, dict[str, object]] = {
        r: {"parameters": dict(p)} for r, p in parameters.items()
    }
    for rule, level in severity.items():
        overrides.setdefault(rule, {})["severity"] = level
    data = {"pack": PACK, "version": 1, "overrides": overrides, "disable": list(disable)}
    locs: dict[tuple[str | int, ...], Loc] = {}
    for key in ("severity", "parameters"):
        if doc is None or not config.where(key).startswith(doc.source):
            continue
        for path, loc in doc.locs.items():
            if path[:1] == (key,) and len(path) >= 2:
                inner = ("parameters", *path[2:]) if key == "parameters" else ("severity",)
                locs[("overrides", path[1], *inner)] = loc
                locs.setdefault(("overrides", path[1]), loc)
    if doc is not None and config.where("disable").startswith(doc.source):
        locs.update(
            {("disable", *p[1:]): lc for p, lc in doc.locs.items() if p[:1] == ("disable",)}
        )
    return Document(_pack_source(config, cwd), data, locs)


def _pack_source(config: Config, cwd: Path | None) -> str:
    """The file the config pack is named by in messages and reports (else the source of its
    settings: ``environment ADVISOR_DISABLE``, ``flag``)."""
    keys = [k for k in ("disable", "parameters", "severity") if config[k]]
    doc = config.document
    if doc is not None and any(config.where(k).startswith(doc.source) for k in keys):
        return shown(doc.source, cwd)
    return config.where(keys[0])


def gate_notes(config: Config, cwd: Path | None = None) -> tuple[str, ...]:
    """What the config changed of the run that a report must say: a gate switched off."""
    if config["fail-on"] == "none" and config.given("fail-on"):
        return (f"gate off: fail-on none ({_where(config, 'fail-on', cwd)})",)
    return ()


def _where(config: Config, key: str, cwd: Path | None) -> str:
    source = config.where(key)
    if config.document is not None and source.startswith(config.document.source + ":"):
        line = source.rsplit(":", 1)[1]
        return f"{shown(config.document.source, cwd)}:{line}"
    return source


def load_rules(config: Config, cwd: Path | None = None) -> RuleSet:
    """The rule set the config asks for: the built-in pack (unless ``builtin: false``), its
    ``rules`` packs, then its ``disable`` and ``parameters``; with what the config changed."""
    from advisor.errors import RuleError
    from advisor.rules.load import load_rules as load

    pack = rule_pack(config, cwd)
    documents = [(pack, pack.source)] if pack is not None else []
    try:
        rules = load(list(config["rules"]), include_builtin=config["builtin"], documents=documents)
    except RuleError as exc:
        if pack is None:
            raise
        fixed = [_as_written(p, pack.source, config) for p in exc.problems]
        raise RuleError(exc.message, fixed, exc.more) from None
    notes = gate_notes(config, cwd)
    return replace(rules, settings=rules.settings + notes) if notes else rules


def _as_written(problem: Problem, source: str, config: Config) -> Problem:
    """A problem of the config's pack named by the config's keys: ``overrides.ADV1.severity``
    → ``severity.ADV1``, ``overrides.ADV1.parameters.x`` → ``parameters.ADV1.x``."""
    parts = problem.field.split(".")
    if problem.file != source or parts[0] != "overrides" or len(parts) < 2:
        return problem
    rule, rest = parts[1], parts[2:]
    if rest[:1] == ["parameters"]:
        key = ["parameters", rule, *rest[1:]]
    elif rest[:1] == ["severity"] or rule not in config["parameters"]:
        key = ["severity", rule]
    else:
        key = ["parameters", rule]
    return replace(problem, field=".".join(key))


def load_reference(
    config: Config, override: str | None = None, assume: str | None = None
) -> Reference:
    """The reference data: the built-in data, extended by the config's ``data`` file, under
    the planning assumption *assume* (a flag), else the config's ``assume`` when it was given
    (the default is marked as such in every report)."""
    from advisor.reference.load import load_reference as load

    chosen = override if override is not None else config["data"]
    if assume is None and config.given("assume"):
        assume = config["assume"]
    return load(None if chosen is None else os.fspath(chosen), assume)
