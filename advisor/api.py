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
assessing with no active rule. Every assessment says which rules ran (``rules_run``). Nothing
here prints, exits, reads the clock or touches the network; rich and typer are never imported.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from advisor.errors import AdvisorError, InputError, ProfileError, UsageError

if TYPE_CHECKING:
    import datetime as dt

    from advisor.engine.model import Assessment, RulesRun
    from advisor.engine.stress_model import Simulation
    from advisor.gate.config import Config
    from advisor.gate.diff import Diff
    from advisor.gate.run import CheckRun
    from advisor.profile.model import Profile
    from advisor.reference.load import Reference
    from advisor.render import Format, Options
    from advisor.rules.packs import RuleSet
    from advisor.scenarios.load import LoadedScenario
    from advisor.yaml.document import Document

__all__ = [
    "LoadedProfile",
    "Run",
    "assess",
    "assess_all",
    "builtin_scenarios",
    "check",
    "diff_files",
    "diff_git",
    "load_config",
    "load_profile",
    "load_reference",
    "load_rules",
    "load_scenario",
    "parse_profile",
    "render",
    "render_simulations",
    "require_rules",
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
        from advisor.engine.assess import rules_run

        return rules_run(self.ruleset)


def require_rules(ruleset: RuleSet) -> None:
    """UsageError if no rule is active: a run without rules would call every profile clean."""
    from advisor.engine.assess import require_rules as check

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


def assess(
    profile: LoadedProfile,
    rules: RuleSet | None = None,
    reference: Reference | None = None,
    *,
    recommend: bool = True,
    max_age_days: int = DEFAULT_MAX_AGE_DAYS,
) -> Assessment:
    """Facts, findings, scores and (with *recommend*) ranked recommendations for one profile."""
    from advisor.engine.assess import assess as run_engine

    ruleset = rules if rules is not None else load_rules()
    require_rules(ruleset)
    return run_engine(
        profile.profile,
        ruleset,
        reference if reference is not None else load_reference(),
        profile.document,
        recommend=recommend,
        stale_days=max_age_days,
    )


def assess_all(
    paths: Sequence[str | Path],
    rules: RuleSet | None = None,
    reference: Reference | None = None,
    *,
    skip_non_profiles: bool = False,
    on_skip: Callable[[str], None] | None = None,
    recommend: bool = True,
    max_age_days: int = DEFAULT_MAX_AGE_DAYS,
) -> Run:
    """Load every profile first (so bad input fails before any result), then assess each.

    With *skip_non_profiles* (a folder scan), a YAML file with no top-level profile key at all,
    such as a rule pack or a workflow file, is passed over and named in ``Run.skipped``; every
    other file must be a valid profile; *on_skip* is called with each skipped path as it is met.
    ProfileError lists the problems of every file at once.
    """
    from advisor.profile.build import looks_like_profile, profile_from
    from advisor.yaml.loader import load_file

    ruleset = rules if rules is not None else load_rules()
    require_rules(ruleset)
    ref = reference if reference is not None else load_reference()
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
    results = tuple(
        assess(p, ruleset, ref, recommend=recommend, max_age_days=max_age_days) for p in loaded
    )
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
    from advisor.render import Format, Options, renderer

    try:
        chosen = Format(fmt)
    except ValueError:
        names = ", ".join(f.value for f in Format)
        raise UsageError(f"format {fmt!r} is not one of: {names}") from None
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
    from advisor.engine.stress_select import reference_problems
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
    start: dt.date | None = None,
    duration: int | None = None,
) -> tuple[Simulation, ...]:
    """Run each scenario (a name, a path or a loaded one) on *profile*, from *start* (default
    its as_of) for *duration* days (default each scenario's own); see docs/simulate.md."""
    from advisor.engine.simulate import simulate as run
    from advisor.scenarios.load import LoadedScenario as Loaded
    from advisor.scenarios.models import MAX_DAYS

    if duration is not None and not 1 <= duration <= MAX_DAYS:
        raise UsageError(f"duration must be 1 to {MAX_DAYS} days, not {duration}")
    ref = reference if reference is not None else load_reference()
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
    from advisor.render import SIMULATION_MODULES, Format, Options, simulation_renderer

    names = ", ".join(f.value for f in SIMULATION_MODULES)
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
    """The effective settings of a check: *flags* over the ``ADVISOR_*`` variables of *env*
    over the config file (*file*, else ``.advisor.yaml`` or ``pyproject.toml`` found upward
    from *cwd*) over the defaults; each value knows its source (``Config.sources``)."""
    from advisor.gate.config import load

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

    return run_check(
        [str(p) for p in paths],
        config if config is not None else load_config(cwd=cwd),
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


def diff_files(base: str | Path, head: str | Path, config: Config | None = None) -> Diff:
    """How the risk moved from the profile *base* to the profile *head*."""
    from advisor.gate.diff import diff_files as run_diff

    return run_diff(str(base), str(head), config if config is not None else load_config())


def diff_git(
    ref: str,
    paths: Sequence[str | Path] = (),
    config: Config | None = None,
    *,
    cwd: str | Path = ".",
) -> Diff:
    """How the risk moved from the git revision *ref* to the working tree, for every profile
    under *paths* (default: the repository, by the config's globs) in either."""
    from advisor.gate.diff import diff_git as run_diff

    chosen = config if config is not None else load_config(cwd=cwd)
    return run_diff(ref, [str(p) for p in paths], chosen, Path(cwd))
