"""advisor from Python: load profiles, rule packs and reference data, assess, render.

The command line is a thin caller of these functions; a notebook or another tool can use
them the same way::

    from advisor import api

    profile = api.load_profile("examples/ev-motor-maker.yaml")
    result = api.assess(profile)
    print(result.score.value, result.band)
    print(api.render([result], "markdown"))

Bad input raises :class:`advisor.errors.AdvisorError` (``ProfileError``, ``RuleError``,
``DataError``, ``UsageError``), whose ``problems`` name file, line, column and field; so does
assessing with no active rule. Every assessment says which rules ran and what the
configuration changed (``rules_run``). Nothing here prints, exits, reads the clock or touches
the network; rich and typer are never imported.

Configuration applies here, the same for every command: ``assess``, ``assess_all``, ``check``,
``simulate`` and the diffs take a ``config`` (:func:`load_config`); without one (and without
explicit ``rules``/``reference``) they use the config file found upward from the working folder
(``.advisor.yaml`` or ``[tool.advisor]`` in ``pyproject.toml``), as the command line does, so
that its disabled rules, severity and parameter overrides, rule packs, data file and fail-on
apply alike. The environment is read only when passed (``load_config(env=os.environ)``).
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from advisor.errors import AdvisorError, InputError, ProfileError, UsageError
from advisor.rules.severity import FAIL_ON as FAIL_ON
from advisor.rules.severity import SEVERITIES as SEVERITIES
from advisor.rules.severity import FailOn as FailOn
from advisor.rules.severity import Severity as Severity

if TYPE_CHECKING:
    import datetime as dt

    # The types a caller names (the command line's included): re-exported for typing only.
    from advisor.config.model import Config as Config
    from advisor.dataset import Choice
    from advisor.dataset import Shipped as Shipped
    from advisor.engine.assess.diff_model import DataChanges
    from advisor.engine.assess.model import Assessment as Assessment
    from advisor.engine.assess.model import RulesRun as RulesRun
    from advisor.engine.stress.model import Simulation as Simulation
    from advisor.gate.diff import Diff
    from advisor.gate.run import CheckRun as CheckRun
    from advisor.gate.run import OnFile as OnFile
    from advisor.importers.rmi import Declaration
    from advisor.profile.model import Profile
    from advisor.reference.citations import Citation
    from advisor.reference.controls import ControlState as ControlState
    from advisor.reference.controls import Coverage as Coverage
    from advisor.reference.load import ControlStatus as ControlStatus
    from advisor.reference.load import EUCriticality as EUCriticality
    from advisor.reference.load import PricePoint as PricePoint
    from advisor.reference.load import Reference as Reference
    from advisor.reference.load import StageShares as StageShares
    from advisor.render import Format, Options
    from advisor.render.report_common import Draft
    from advisor.rules.catalogue import FactSpec
    from advisor.rules.examples import ExampleCase, ExampleResult
    from advisor.rules.models import Rule
    from advisor.rules.packs import RuleSet as RuleSet
    from advisor.scenarios.load import LoadedScenario as LoadedScenario
    from advisor.yaml.document import Document

__all__ = [
    "REPORT_KINDS",
    "LoadedProfile",
    "Run",
    "assess",
    "assess_all",
    "builtin_scenarios",
    "check",
    "configuration",
    "data_changes",
    "diff_files",
    "diff_git",
    "load_config",
    "load_profile",
    "load_reference",
    "load_rules",
    "load_scenario",
    "parse_profile",
    "reference_for",
    "render",
    "render_report",
    "render_simulations",
    "report",
    "require_rules",
    "rules_for",
    "shipped_data",
    "simulate",
]

#: Reference data older than this many days before a profile's as_of date is noted.
DEFAULT_MAX_AGE_DAYS = 730


@dataclass(frozen=True)
class LoadedProfile:
    """A validated profile and the located document it came from (for file:line in findings)."""

    profile: Profile
    document: Document

    @property
    def source(self) -> str:
        """The name the profile was read from: its path, or the name given with its text."""
        return self.document.source


@dataclass(frozen=True)
class Run:
    """The outcome of assessing several profiles with one rule set and one reference."""

    assessments: tuple[Assessment, ...]
    ruleset: RuleSet
    #: Files a folder scan passed over because they are not supplier profiles at all.
    skipped: tuple[str, ...] = ()

    @property
    def rules_run(self) -> RulesRun:
        """Which rules ran: active out of built-in, and the disabled ones with their pack."""
        from advisor.engine.assess.assessment import rules_run

        return rules_run(self.ruleset)


def require_rules(ruleset: RuleSet) -> None:
    """UsageError if no rule is active: a run without rules would call every profile clean."""
    from advisor.engine.assess.assessment import require_rules as check

    check(ruleset)


def load_profile(path: str | Path) -> LoadedProfile:
    """Read, parse and validate the profile at *path*; ProfileError lists every problem."""
    from advisor.profile.build import profile_from
    from advisor.yaml.loader import load_file

    try:
        doc = load_file(str(path))
    except InputError as exc:
        raise ProfileError(exc.message, exc.problems) from None
    return LoadedProfile(profile_from(doc), doc)


def parse_profile(text: str, name: str = "<string>") -> LoadedProfile:
    """Parse and validate profile YAML given as text; *name* stands for the file in messages."""
    from advisor.profile.build import profile_from
    from advisor.yaml.loader import load_text

    try:
        doc = load_text(text, name)
    except InputError as exc:
        raise ProfileError(exc.message, exc.problems) from None
    return LoadedProfile(profile_from(doc), doc)


def load_rules(paths: Iterable[str | Path] = (), *, builtin: bool = True) -> RuleSet:
    """The built-in pack (unless *builtin* is false) merged with the packs at *paths*."""
    from advisor.rules.load import load_rules as load

    return load([str(p) for p in paths], include_builtin=builtin)


def load_reference(override: str | Path | None = None, *, assume: str | None = None) -> Reference:
    """The built-in reference data, extended or overridden by the file *override*, taking the
    export-control states it does not know as *assume* (``suspended`` or ``in-force``; None:
    the default, ``suspended``)."""
    from advisor.reference.load import load_reference as load

    return load(None if override is None else str(override), assume)


def rules_for(config: Config | None = None) -> RuleSet:
    """The rule set *config* asks for (default: the config file found from the working
    folder): the built-in pack unless ``builtin: false``, its ``rules`` packs, its ``disable``
    and ``parameters``; what it changed is carried to every report (``rules_run``)."""
    from advisor.config.apply import load_rules as configured

    return configured(config if config is not None else load_config())


def reference_for(config: Config | None = None) -> Reference:
    """The reference data *config* asks for: the built-in data, extended by its ``data``."""
    from advisor.config.apply import load_reference as configured

    return configured(config if config is not None else load_config())


def configuration(config: Config | None = None) -> RulesRun | None:
    """What *config* changes of the rules and the gate, for a report that runs no rules (a
    stress test): None when it changes nothing."""
    from advisor.engine.assess.assessment import rules_run

    chosen = config if config is not None else load_config()
    keys = ("rules", "builtin", "disable", "parameters", "fail-on")
    if not any(chosen.given(k) for k in keys):
        return None
    ran = rules_run(rules_for(chosen))
    return ran if ran.altered or ran.others else None


def _settings(
    config: Config | None, rules: RuleSet | None, reference: Reference | None
) -> tuple[RuleSet, Reference, Config | None]:
    """The rules and data to run with: those given, else the config's (loaded if needed)."""
    if rules is not None and reference is not None:
        return rules, reference, config
    chosen = config if config is not None else load_config()
    return (
        rules if rules is not None else rules_for(chosen),
        reference if reference is not None else reference_for(chosen),
        chosen,
    )


def _max_age(config: Config | None, given: int | None) -> int:
    if given is not None:
        return given
    return int(config["max-age-days"]) if config is not None else DEFAULT_MAX_AGE_DAYS


def assess(
    profile: LoadedProfile,
    rules: RuleSet | None = None,
    reference: Reference | None = None,
    *,
    config: Config | None = None,
    recommend: bool = True,
    max_age_days: int | None = None,
) -> Assessment:
    """Facts, findings, scores and (with *recommend*) ranked recommendations for one profile;
    *rules* and *reference* default to what *config* (default: the file found) asks for."""
    from advisor.engine.pipeline import assess as run_engine

    ruleset, ref, chosen = _settings(config, rules, reference)
    require_rules(ruleset)
    return run_engine(
        profile.profile,
        ruleset,
        ref,
        profile.document,
        recommend=recommend,
        stale_days=_max_age(chosen, max_age_days),
    )


def assess_all(
    paths: Sequence[str | Path],
    rules: RuleSet | None = None,
    reference: Reference | None = None,
    *,
    config: Config | None = None,
    skip_non_profiles: bool = False,
    on_skip: Callable[[str], None] | None = None,
    recommend: bool = True,
    max_age_days: int | None = None,
) -> Run:
    """Load every profile first (so bad input fails before any result), then assess each.

    With *skip_non_profiles* (a folder scan), a YAML file with no top-level profile key at all,
    such as a rule pack or a workflow file, is passed over and named in ``Run.skipped``; every
    other file must be a valid profile; *on_skip* is called with each skipped path as it is met.
    ProfileError lists the problems of every file at once.
    """
    from advisor.profile.build import looks_like_profile, profile_from
    from advisor.yaml.loader import load_file

    ruleset, ref, chosen = _settings(config, rules, reference)
    require_rules(ruleset)
    days = _max_age(chosen, max_age_days)
    loaded: list[LoadedProfile] = []
    skipped: list[str] = []
    problems = []
    more = 0
    for path in paths:
        try:
            doc = load_file(str(path))
            if skip_non_profiles and not looks_like_profile(doc):
                skipped.append(str(path))
                if on_skip is not None:
                    on_skip(str(path))
                continue
            loaded.append(LoadedProfile(profile_from(doc), doc.located()))
        except AdvisorError as exc:
            problems.extend(exc.problems or [])
            more += exc.more
            if not exc.problems:
                raise ProfileError(exc.message) from None
    if problems:
        raise ProfileError(problems=problems, more=more)
    if not loaded:
        raise UsageError("no supplier profiles to check")
    results = tuple(assess(p, ruleset, ref, recommend=recommend, max_age_days=days) for p in loaded)
    return Run(results, ruleset, tuple(skipped))


def render(
    assessments: Sequence[Assessment],
    fmt: Format | str = "table",
    options: Options | None = None,
    *,
    ruleset: RuleSet | None = None,
    **settings: Any,
) -> str:
    """The report of *assessments* in *fmt* (a :class:`advisor.render.Format` or its name).

    *settings* are :class:`advisor.render.Options` fields (``top=3``, ``fail_on="high"``, ...),
    applied over *options*. Rule metadata (help texts, sources) comes from *ruleset*, else
    from *options*, else from the built-in pack.
    """
    from advisor.render import Options, formats, renderer

    names = ", ".join(f.value for f in formats("assessment"))
    chosen = next((f for f in formats("assessment") if f == fmt), None)
    if chosen is None:
        raise UsageError(f"format {fmt!r} is not one of: {names}")
    base = options if options is not None else Options()
    if ruleset is not None or not base.rules:
        base = replace(base, rules=(ruleset or load_rules()).rules)
    try:
        final = replace(base, **settings)
    except TypeError as exc:
        raise UsageError(f"render: {exc}") from None
    return renderer(chosen).render(assessments, final)


def builtin_scenarios() -> tuple[LoadedScenario, ...]:
    """The stress-test scenarios shipped with advisor, by name."""
    from advisor.scenarios.load import builtin_scenarios as shipped

    return shipped()


def load_scenario(name: str | Path, reference: Reference | None = None) -> LoadedScenario:
    """A built-in scenario by name, or a scenario file by path, checked against the reference
    data (price series, source keys); ScenarioError lists every problem at file:line:col."""
    from advisor.engine.stress.stops import reference_problems
    from advisor.errors import ScenarioError
    from advisor.profile.build import cross_problems
    from advisor.scenarios.load import resolve

    loaded = resolve(str(name))
    ref = reference if reference is not None else load_reference()
    problems = cross_problems(loaded.document, reference_problems(loaded.scenario, ref))
    if problems:
        raise ScenarioError(problems=problems)
    return loaded


def simulate(
    profile: LoadedProfile,
    scenarios: Sequence[str | Path | LoadedScenario],
    reference: Reference | None = None,
    *,
    config: Config | None = None,
    start: dt.date | None = None,
    duration: int | None = None,
) -> tuple[Simulation, ...]:
    """Run each scenario (a name, a path or a loaded one) on *profile*, from *start* (default
    its as_of) for *duration* days (default each scenario's own); see docs/simulate.md. The
    reference data defaults to what *config* (default: the file found) asks for."""
    from advisor.engine.stress.simulate import simulate as run
    from advisor.scenarios.load import LoadedScenario as Loaded
    from advisor.scenarios.models import MAX_DAYS

    if duration is not None and not 1 <= duration <= MAX_DAYS:
        raise UsageError(f"duration must be 1 to {MAX_DAYS} days, not {duration}")
    ref = reference if reference is not None else reference_for(config)
    loaded = [s if isinstance(s, Loaded) else load_scenario(s, ref) for s in scenarios]
    return tuple(
        run(profile.profile, s, ref, profile.document, start=start, duration=duration)
        for s in loaded
    )


def render_simulations(
    simulations: Sequence[Simulation],
    fmt: Format | str = "table",
    options: Options | None = None,
    **settings: Any,
) -> str:
    """The stress-test report of *simulations* in *fmt*: table, markdown or json."""
    from advisor.render import Format, Options, formats, simulation_renderer

    names = ", ".join(f.value for f in formats("simulation"))
    try:
        chosen = Format(fmt)
    except ValueError:
        raise UsageError(f"format {fmt!r} is not one of: {names}") from None
    module = simulation_renderer(chosen)
    if module is None:
        raise UsageError(f"stress tests are written as {names}, not {chosen.value}")
    try:
        final = replace(options if options is not None else Options(), **settings)
    except TypeError as exc:
        raise UsageError(f"render: {exc}") from None
    return module.render(simulations, final)


def load_config(
    flags: Mapping[str, Any] | None = None,
    env: Mapping[str, str] | None = None,
    *,
    cwd: str | Path = ".",
    file: str | Path | None = None,
    use_file: bool = True,
) -> Config:
    """The effective settings of every command: *flags* (keys as in the file: ``fail-on``)
    over the ``ADVISOR_*`` variables of *env* over the config file (*file*, else
    ``.advisor.yaml`` or ``pyproject.toml`` found upward from *cwd*) over the defaults; each
    value knows its source (``Config.sources``). UsageError names file:line and key, or the
    variable, of every bad value."""
    from advisor.config.discover import load

    explicit = Path(file) if file is not None else None
    return load(flags or {}, env or {}, Path(cwd).resolve(), explicit, use_file)


def check(
    paths: Sequence[str | Path],
    config: Config | None = None,
    *,
    today: dt.date,
    cwd: str | Path = ".",
    stdin: str | None = None,
    baseline_ref: str | None = None,
    recommend: bool = False,
    on_progress: Callable[[int, int], None] | None = None,
    keep: Collection[Format] | None = None,
    on_file: Callable[[Assessment, str], None] | None = None,
    record: bool = False,
) -> CheckRun:
    """The CI check: every profile under *paths* (folders by the config's globs), each file on
    its own, in parallel; waivers checked against *today*; a baseline from the config or the
    git revision *baseline_ref*. Files that cannot be checked are ``CheckRun.errors``. With
    *keep* (the formats the run will be rendered in), each assessment holds only what they
    read, so that memory does not grow with everything a file's assessment has. With
    *on_file*, each file's assessment (waivers and baseline applied) and its report path go to
    it in input order as soon as the file is checked, and the run keeps none of them
    (``CheckRun.assessments`` is empty; ``checked`` counts them), so that memory does not grow
    with the number of files. With *record*, ``CheckRun.recorded`` holds every finding as a
    baseline entry (what ``advisor check --write-baseline`` writes)."""
    from advisor.gate.run import run_check

    chosen = config if config is not None else load_config(cwd=cwd)
    return run_check(
        [str(p) for p in paths],
        chosen,
        rules_for(chosen),
        reference_for(chosen),
        cwd=Path(cwd),
        today=today,
        stdin=stdin,
        baseline_ref=baseline_ref,
        recommend=recommend,
        on_progress=on_progress,
        keep=keep,
        on_file=on_file,
        record=record,
    )


def _side(config: Config) -> Any:
    from advisor.config.apply import shown
    from advisor.gate.diff import side

    ruleset = rules_for(config)
    require_rules(ruleset)
    named = shown(config.file) if config.file else None
    return side(ruleset, reference_for(config), int(config["max-age-days"]), named)


def diff_files(base: str | Path, head: str | Path, config: Config | None = None) -> Diff:
    """How the risk moved from the profile *base* to the profile *head*, both assessed as
    *config* (default: the file found) says."""
    from advisor.gate.diff import diff_files as run_diff

    return run_diff(str(base), str(head), _side(config if config is not None else load_config()))


def data_changes(
    old: str,
    new: str,
    profiles: Sequence[str | Path] = (),
    config: Config | None = None,
    *,
    cwd: str | Path = ".",
) -> DataChanges:
    """What changed between the data releases *old* and *new* (``built-in``, ``installed``, a
    folder or a reference file), and what it changes for each profile under *profiles*:
    findings new, resolved or scored differently, and scores moved."""
    from advisor.gate.data_changes import data_changes as run

    chosen = config if config is not None else load_config(cwd=cwd)
    plan = str(chosen["assume"]) if chosen.given("assume") else None
    return run(old, new, [str(p) for p in profiles], chosen, rules_for(chosen), Path(cwd), plan)


def shipped_data() -> Choice:
    """Which shipped data runs use: the built-in copy or a newer ``mineral-advisor-data``,
    and why the other is not used (docs/data.md, "Data releases")."""
    from advisor.dataset import choice

    return choice()


def diff_git(
    ref: str,
    paths: Sequence[str | Path] = (),
    config: Config | None = None,
    *,
    cwd: str | Path = ".",
) -> Diff:
    """How the risk moved from the git revision *ref* to the working tree, for every profile
    under *paths* (default: the repository, by the config's globs) in either. The working tree
    is assessed as *config* says; the revision as its own config file says (the file found
    from *cwd* at *ref*, under the same flags and environment), so that a change that also
    switches rules off is compared with the rules it had: ``Diff.rules_differ`` says when the
    two sides ran different rules, and ``Diff.fails`` is then true."""
    from advisor.config.history import at_revision
    from advisor.gate.diff import diff_git as run_diff

    chosen = config if config is not None else load_config(cwd=cwd)
    before = at_revision(chosen, ref, Path(cwd))
    head = _side(chosen)
    base = head if before == chosen else _side(before)
    return run_diff(ref, [str(p) for p in paths], chosen, Path(cwd), base, head)


#: The drafted regulatory assessments `report` writes (docs/reports.md).
REPORT_KINDS = ("crma-art24", "battery-due-diligence", "oecd-step5")


def report(
    kind: str,
    profile: LoadedProfile,
    config: Config | None = None,
    *,
    shown: str | None = None,
) -> Draft:
    """The drafted regulatory assessment *kind* (one of ``REPORT_KINDS``) of *profile*, built
    from what ``assess`` (findings, recommendations) and ``simulate`` (every built-in
    scenario) make of it with the rules and data *config* asks for; *shown* is the profile
    path the draft names (default: as read). UsageError for an unknown *kind*."""
    from advisor.render.report_common import REPORTS, Inputs, build

    if kind not in REPORTS:
        raise UsageError(f"report kind {kind!r} is not one of: {', '.join(REPORTS)}")
    chosen = config if config is not None else load_config()
    ref = reference_for(chosen)
    assessment = assess(profile, rules_for(chosen), ref, config=chosen)
    sims = simulate(profile, builtin_scenarios(), ref)
    inputs = Inputs(profile.profile, profile.document, assessment, sims, ref,
                    shown if shown is not None else profile.source)  # fmt: skip
    return build(kind, inputs)


def render_report(drafts: Sequence[Draft], fmt: Format | str = "markdown") -> str:
    """The drafts as one document in *fmt*: markdown or html."""
    from advisor.render import Format, Options, formats, module

    names = ", ".join(f.value for f in formats("regulatory"))
    chosen = next((f for f in formats("regulatory") if f == fmt), None)
    if chosen is None:
        raise UsageError(f"format {str(getattr(fmt, 'value', fmt))!r} is not one of: {names}")
    text: str = module(Format(chosen), "regulatory").render(drafts, Options())
    return text


# -- for the command line: what it needs of the layers below, lazily imported ----------------------
def severity_rank(severity: str) -> int:
    """The rank of *severity* (``info`` lowest): compare a finding with ``--fail-on``."""
    from advisor.engine.assess.scoring import severity_rank as rank

    return rank(severity)


def rules_run(ruleset: RuleSet) -> RulesRun:
    """Which rules of *ruleset* run and what the configuration changed."""
    from advisor.engine.assess.assessment import rules_run as run

    return run(ruleset)


def is_builtin_pack(origin: str) -> bool:
    """Whether a pack's *origin* is the built-in pack (no file a user owns)."""
    from advisor.rules.packs import BUILTIN

    return origin == BUILTIN


def report_path(path: str, cwd: str) -> str:
    """*path* relative to the repository root (the nearest folder up holding ``.git``), else to
    *cwd*, with POSIX slashes."""
    from advisor.gate.scan import report_path as relative

    return relative(path, cwd)


def baseline_text(run: CheckRun) -> str:
    """The baseline file that accepts every finding of *run*."""
    from advisor.gate.run import baseline_text as text

    return text(run)


def max_input_bytes() -> int:
    """The largest input file read (``ADVISOR_MAX_FILE_SIZE``, else the default)."""
    from advisor.yaml.loader import Limits

    return Limits.from_env().max_bytes


def decode_input(raw: bytes, source: str) -> str:
    """*raw* as text, decoded as strictly as an input file is."""
    from advisor.yaml.text import decode

    return decode(raw, source)


def profile_schema() -> tuple[str, str]:
    """The profile's JSON Schema: the file name it ships as and its text."""
    from advisor.profile.schema import SHIPPED, shipped_text

    return SHIPPED, shipped_text()


def resolve_mineral(text: str) -> str:
    """The mineral key *text* names (a key, name or symbol); a UsageError otherwise."""
    from advisor.reference.load import resolve_mineral as resolve

    return resolve(text)


def citations(ref: Reference) -> list[Citation]:
    """Every figure and export-control state of *ref* with the source it cites."""
    from advisor.reference.citations import citations as cited

    return cited(ref)


def is_scenario_path(name: str) -> bool:
    """Whether a scenario *name* names a file rather than a built-in scenario."""
    from advisor.scenarios.load import is_path

    return is_path(name)


def example_cases(rules: Iterable[Rule]) -> list[ExampleCase]:
    """The worked examples of *rules*, each to run with :func:`run_example`."""
    from advisor.rules.examples import example_cases as cases

    return cases(rules)


def run_example(case: ExampleCase) -> ExampleResult:
    """Run one rule example: whether the rule gives the outcome the example states."""
    from advisor.rules.examples import run_example as run

    return run(case)


def fact_scopes() -> tuple[str, ...]:
    """The scopes a rule can have (each sees its own facts)."""
    from advisor.rules.catalogue import VISIBLE

    return tuple(VISIBLE)


def facts(scope: str | None = None) -> dict[str, FactSpec]:
    """The facts a rule can read: all of them, or those a rule of *scope* sees."""
    from advisor.rules.catalogue import CATALOGUE, visible

    return visible(scope) if scope else CATALOGUE


def rmi_workbooks(paths: Iterable[Path]) -> list[str]:
    """The RMI workbook files named, folders expanded to their .xlsx/.xlsm files (sorted)."""
    from advisor.importers import run

    return run.workbooks(paths)


def read_declarations(
    files: list[str], progress: Callable[[int, int], None] | None = None
) -> list[Declaration]:
    """Every workbook's declaration, in order; the first bad one stops the import."""
    from advisor.importers import run

    return run.read_all(files, progress)


def rmi_into(profile_path: str, declarations: list[Declaration]) -> str:
    """The text of the profile at *profile_path* with the declarations rolled into it."""
    from advisor.importers import run

    return run.rmi_into(profile_path, declarations)


def table_profile(path: str, map_path: str) -> str:
    """A new profile's text from the supplier table at *path* mapped by *map_path*."""
    from advisor.importers import run

    return run.table_profile(path, map_path)
