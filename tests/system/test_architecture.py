"""The layout keeps its shape: imports point one way, no circles, a light public API.

The layers contract lives in pyproject.toml ([tool.importlinter]); these tests run it on the
real tree, show that an upward import (or the command line going around the API) would break
it, and check what import-linter's layers
contract does not: no import circle between any two modules, and `import advisor.api`
pulling in neither rich nor typer.
"""

from __future__ import annotations

import ast
import shutil
import subprocess
import sys
from pathlib import Path

import grimp
import pytest

ROOT = Path(__file__).resolve().parents[2]
LINT_IMPORTS = Path(sys.executable).with_name("lint-imports")


def _lint_imports(cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(LINT_IMPORTS), "--no-cache"],
        cwd=cwd,
        capture_output=True,
        text=True,
        env={"PYTHONPATH": str(cwd), "PATH": "/usr/bin:/bin"},
        check=False,
    )


def test_the_layers_contract_is_kept() -> None:
    result = _lint_imports(ROOT)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "3 kept, 0 broken" in result.stdout


def _with_import(tmp_path: Path, module: str, line: str) -> subprocess.CompletedProcess[str]:
    """lint-imports on a copy of the tree where *module* (a path under advisor/) adds *line*."""
    shutil.copytree(ROOT / "advisor", tmp_path / "advisor", ignore=shutil.ignore_patterns("*.pyc"))
    shutil.copy(ROOT / "pyproject.toml", tmp_path / "pyproject.toml")
    path = tmp_path / "advisor" / module
    path.write_text(path.read_text("utf-8") + f"\n{line}\n", "utf-8")
    return _lint_imports(tmp_path)


@pytest.mark.parametrize(
    ("module", "line", "chain"),
    [
        (
            "engine/advise/whatif.py",
            "from advisor.engine.stress import simulate",
            "advisor.engine.advise.whatif -> advisor.engine.stress.simulate",
        ),
        (
            "engine/stress/mitigate.py",
            "from advisor.engine.advise import change",
            "advisor.engine.stress.mitigate -> advisor.engine.advise.change",
        ),
        (
            "engine/assess/evaluate.py",
            "from advisor.engine.advise import reuse",
            "advisor.engine.assess.evaluate -> advisor.engine.advise.reuse",
        ),
    ],
    ids=["advise-imports-stress", "stress-imports-advise", "assess-imports-advise"],
)
def test_the_engine_stages_do_not_cross(tmp_path: Path, module: str, line: str, chain: str) -> None:
    result = _with_import(tmp_path, module, line)
    assert result.returncode == 1
    assert chain in result.stdout
    assert "2 kept, 1 broken" in result.stdout


def test_an_upward_import_breaks_the_contract(tmp_path: Path) -> None:
    result = _with_import(tmp_path, "engine/assess/facts.py", "from advisor.render import Format")
    assert result.returncode == 1
    assert "advisor.engine.assess.facts -> advisor.render" in result.stdout
    assert "1 kept, 2 broken" in result.stdout  # render reads the stress results: both break


@pytest.mark.parametrize(
    ("line", "chain"),
    [
        ("from advisor.gate.scan import report_path", "advisor.cli.term -> advisor.gate.scan"),
        ("from advisor.rules import severity", "advisor.cli.term -> advisor.rules.severity"),
    ],
    ids=["gate", "rules"],
)
def test_the_command_line_reaches_the_layers_below_only_through_the_api(
    tmp_path: Path, line: str, chain: str
) -> None:
    """cli -> gate is legal for the layers contract (downward) but not for the cli contract."""
    result = _with_import(tmp_path, "cli/term.py", line)
    assert result.returncode == 1
    assert chain in result.stdout
    assert "2 kept, 1 broken" in result.stdout


def _cycle_from(graph: grimp.ImportGraph, start: str, modules: set[str]) -> list[str] | None:
    """A chain of imports from *start* back to itself, or None (iterative DFS)."""
    stack: list[tuple[str, list[str]]] = [(start, [start])]
    seen: set[str] = set()
    while stack:
        module, path = stack.pop()
        for nxt in sorted(graph.find_modules_directly_imported_by(module) & modules):
            if nxt == start:
                return [*path, start]
            if nxt not in seen:
                seen.add(nxt)
                stack.append((nxt, [*path, nxt]))
    return None


def test_no_module_imports_itself_through_others() -> None:
    graph = grimp.build_graph("advisor", cache_dir=None)
    modules = {m for m in graph.modules if m != "advisor"}
    cycles = [c for m in sorted(modules) if (c := _cycle_from(graph, m, modules))]
    assert not cycles, " ; ".join(" -> ".join(c) for c in cycles[:5])


def test_importing_the_api_loads_neither_rich_nor_typer() -> None:
    code = (
        "import sys, advisor.api; "
        "print(sorted(m for m in ('rich', 'typer', 'click') if m in sys.modules))"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=ROOT
    )
    assert out.stdout.strip() == "[]"


def _functions(tree: ast.AST) -> list[ast.FunctionDef | ast.AsyncFunctionDef]:
    return [n for n in ast.walk(tree) if isinstance(n, (ast.FunctionDef, ast.AsyncFunctionDef))]


@pytest.mark.parametrize(
    "path", sorted(ROOT.joinpath("advisor").rglob("*.py")), ids=lambda p: p.name
)
def test_functions_fit_on_a_screen(path: Path) -> None:
    tree = ast.parse(path.read_text("utf-8"))
    long = [
        f"{f.name} ({(f.end_lineno or f.lineno) - f.lineno + 1} lines)"
        for f in _functions(tree)
        if (f.end_lineno or f.lineno) - f.lineno + 1 > 50
    ]
    assert not long, f"{path.relative_to(ROOT)}: split {', '.join(long)}"


#: What a pure engine module may not name: files, snapshots, loaders, the clock, printing.
_IMPURE_MODULES = ("os", "io", "pathlib", "importlib", "time", "advisor.snapshot", "advisor.fsutil")
_IMPURE_NAMES = {"open", "print", "input", "load_producers", "load_reference", "load_rules",
                 "load_profile", "load_file", "load_scenarios", "now", "today"}  # fmt: skip


@pytest.mark.parametrize(
    "path",
    sorted(ROOT.joinpath("advisor", "engine").rglob("*.py")),
    ids=lambda p: p.relative_to(ROOT / "advisor" / "engine").as_posix(),
)
def test_the_engine_reads_no_file_and_no_clock(path: Path) -> None:
    """Producers, snapshots and data reach the engine through the Reference the API loads."""
    tree = ast.parse(path.read_text("utf-8"))
    found: list[str] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found += [a.name for a in node.names if a.name.startswith(_IMPURE_MODULES)]
        elif isinstance(node, ast.ImportFrom) and node.module:
            if node.module.startswith(_IMPURE_MODULES):
                found.append(node.module)
            found += [a.name for a in node.names if a.name in _IMPURE_NAMES]
        elif isinstance(node, (ast.Name, ast.Attribute)):
            name = node.id if isinstance(node, ast.Name) else node.attr
            if name in _IMPURE_NAMES:
                found.append(name)
    assert not found, f"{path.relative_to(ROOT)}: {sorted(set(found))}"
