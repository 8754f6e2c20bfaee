"""Start-up: a run builds only the invoked command's module, and that is the same command.

`advisor.cli.COMMANDS` maps each top-level command to the module that registers it, so that a
run builds one module's options instead of all of them; these tests keep the map complete and
show that a command run that way behaves as in the whole app.
"""

from __future__ import annotations

import importlib
import subprocess
import sys

import typer
from typer.testing import CliRunner

from advisor import __version__, cli


def _names(app: typer.Typer) -> set[str]:
    commands = {c.name for c in app.registered_commands if c.name}
    return commands | {g.name for g in app.registered_groups if g.name}


def test_every_command_of_the_app_is_mapped_to_the_module_that_registers_it() -> None:
    assert _names(cli.app) == set(cli.COMMANDS)
    for name, module in cli.COMMANDS.items():
        assert name in _names(cli.make_app((module,))), (name, module)
    assert set(cli.COMMANDS.values()) == set(cli.MODULES)
    for module in cli.MODULES:
        importlib.import_module(f"advisor.cli.{module}")


def test_a_command_alone_has_the_help_it_has_in_the_whole_app() -> None:
    runner = CliRunner()
    for name, module in cli.COMMANDS.items():
        alone = runner.invoke(cli.make_app((module,)), [name, "--help"], prog_name="advisor")
        whole = runner.invoke(cli.app, [name, "--help"], prog_name="advisor")
        assert alone.exit_code == whole.exit_code == 0, name
        assert alone.output == whole.output, name


def test_version_answers_without_loading_typer() -> None:
    code = (
        "import sys; from advisor.cli import main\n"
        "try:\n    main(['--version'])\n"
        "except SystemExit as e:\n    assert e.code == 0\n"
        "assert 'typer' not in sys.modules and 'pydantic' not in sys.modules"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout == f"advisor {__version__}\n"


def test_no_plugin_loader_while_pydantic_plugins_are_disabled() -> None:
    code = (
        "import os, sys\n"
        "os.environ['PYDANTIC_DISABLE_PLUGINS'] = '__all__'\n"
        "from advisor.cli import startup\n"
        "startup._no_plugin_loader()\n"
        "import pydantic\n"
        "assert pydantic.TypeAdapter(int).validate_python('3') == 3\n"
        "assert 'importlib.metadata' not in sys.modules\n"
        "from pydantic.plugin._loader import get_plugins\n"
        "assert tuple(get_plugins()) == ()\n"
        "os.environ['PYDANTIC_DISABLE_PLUGINS'] = 'none-of-them'  # enabled: the real loader\n"
        "assert isinstance(get_plugins(), tuple) and 'importlib.metadata' in sys.modules\n"
        "assert sys.modules[startup.PLUGIN_LOADER].__file__.endswith('_loader.py')\n"
        "assert pydantic.TypeAdapter(str).validate_python('x') == 'x'\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stderr


def test_a_name_the_plugin_stand_in_lacks_comes_from_the_real_loader() -> None:
    """A later pydantic importing another name from its loader gets the real one, no error."""
    code = (
        "import os, sys\n"
        "os.environ['PYDANTIC_DISABLE_PLUGINS'] = '__all__'\n"
        "from advisor.cli import startup\n"
        "startup._no_plugin_loader()\n"
        "from pydantic.plugin._loader import _plugins, get_plugins\n"
        "assert tuple(get_plugins()) == ()\n"
        "assert sys.modules[startup.PLUGIN_LOADER].__file__.endswith('_loader.py')\n"
        "try:\n"
        "    from pydantic.plugin._loader import no_such_name\n"
        "except ImportError:\n"
        "    pass\n"
        "else:\n"
        "    raise AssertionError('a missing name was found')\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stderr
