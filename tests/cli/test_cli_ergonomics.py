"""What users of lint and policy tools expect of a command line: choices in --help, shell
completion, plain-words messages, an `init` whose schema modeline works, country codes that
editors check, and the distribution name."""

from __future__ import annotations

import json
import re
from pathlib import Path

import jsonschema
from cli_support import run_in
from gate_support import ROOT
from typer.testing import CliRunner

from advisor import DISTRIBUTION
from advisor.api import parse_profile
from advisor.cli import app
from advisor.errors import ProfileError
from advisor.profile.schema import shipped_text


def _help(*command: str) -> str:
    result = CliRunner().invoke(app, [*command, "--help"], env={"COLUMNS": "200"})
    assert result.exit_code == 0, result.output
    return result.output


def test_help_shows_the_choices_and_no_python_types_for_options() -> None:
    text = _help("check")
    assert "--format <table|lines|markdown|json|sarif|junit|github|html>" in text
    assert "--fail-on <none|info|low|medium|high|critical>" in text
    options = [line for line in text.splitlines() if line.lstrip().startswith("-")]
    assert not [line for line in options if re.search(r"<(str|list\[\w+\]|path|int range)>", line)]
    assert "--format <text|markdown|json>" in _help("diff")


def test_shell_completion_is_on() -> None:
    assert "--install-completion" in _help()


def test_messages_are_plain_words_not_validator_text(valid_text: str) -> None:
    bad = valid_text.replace("id: ndfeb", "id: 'nd feb", 1).replace("magnets\n", "magnets'\n", 1)
    try:
        parse_profile(bad, "p.yaml")
    except ProfileError as exc:
        text = str(exc)
    else:
        raise AssertionError("the id with a space was accepted")
    assert "must start with a letter or digit and hold only letters, digits" in text
    assert "String should match pattern" not in text


def test_init_writes_the_schema_its_modeline_points_at(tmp_path: Path) -> None:
    (tmp_path / "procurement").mkdir()
    result = run_in(tmp_path, "init", "procurement/profile.yaml")
    assert result.returncode == 0, result.stderr
    profile = (tmp_path / "procurement" / "profile.yaml").read_text(encoding="utf-8")
    target = re.match(r"# yaml-language-server: \$schema=(\S+)\n", profile)
    assert target is not None
    schema = tmp_path / "procurement" / target.group(1)
    assert schema.read_text(encoding="utf-8") == shipped_text()
    assert run_in(tmp_path, "validate", "procurement/profile.yaml").returncode == 0


def test_the_schema_checks_country_codes(template: str) -> None:
    import yaml

    schema = json.loads(shipped_text())
    validator = jsonschema.Draft202012Validator(schema)
    data = yaml.safe_load(template)
    data["as_of"] = str(data["as_of"])
    assert not [e.message for e in validator.iter_errors(json.loads(json.dumps(data, default=str)))]
    data["company"]["headquarters"] = "XX"
    assert any("'XX' is not one of" in e.message for e in validator.iter_errors(data))


def test_the_distribution_name_is_ours_and_the_command_is_advisor() -> None:
    pyproject = (ROOT / "pyproject.toml").read_text(encoding="utf-8")
    assert f'name = "{DISTRIBUTION}"' in pyproject
    assert 'advisor = "advisor.cli:main"' in pyproject
    text = (ROOT / "README.md").read_text(encoding="utf-8") + (ROOT / "docs" / "ci.md").read_text(
        encoding="utf-8"
    )
    assert "pip install advisor" not in text
    assert f'pip install "{DISTRIBUTION} @ git+' in text  # a release tag, until published
    assert "advisor-dev" not in text
