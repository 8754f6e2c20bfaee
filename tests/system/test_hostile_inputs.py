"""Hostile and careless input to the gate (issue 22): waivers only from real comments, a named
file that is no profile, standard input with a scenario, inputs never overwritten."""

from __future__ import annotations

from pathlib import Path

from cli_support import run_in
from gate_support import example, write

ELECTRONICS = example("electronics-maker")
SUPPLIER = "      - id: pacific-metals\n        name: Pacific Specialty Metals Distribution LLC\n"


def _named(name_line: str) -> str:
    assert SUPPLIER in ELECTRONICS
    return ELECTRONICS.replace(SUPPLIER, f"      - {name_line}\n        id: pacific-metals\n")


def test_only_a_real_comment_waives(tmp_path: Path) -> None:
    waiver = "# advisor: ignore[ADV001] second source qualifying until=2030-01-01"
    cases = {
        "quoted": (f'name: "Pacific {waiver}"', False),
        "comment": (f'name: "Pacific"  {waiver}', True),
        "block": (f"name: |-\n          Pacific\n          {waiver}", False),
    }
    for name, (line, waives) in cases.items():
        write(tmp_path, {f"{name}.advisor.yaml": _named(line)})
        result = run_in(tmp_path, "check", f"{name}.advisor.yaml", "--today", "2026-12-01")
        assert result.returncode == 1, result.stderr
        assert (", 1 waived" in result.stderr) is waives, (name, result.stderr)


def test_a_named_advisor_yaml_that_is_no_profile_is_an_error(tmp_path: Path) -> None:
    nested = "config:\n" + "".join(f"  {line}\n" for line in ELECTRONICS.splitlines())
    write(tmp_path, {"nested.advisor.yaml": nested, "other.yaml": "repos: []\n"})
    result = run_in(tmp_path, "check", "nested.advisor.yaml")
    assert result.returncode == 2, (result.stdout, result.stderr)
    assert "nested.advisor.yaml:1:1: error: <document>: not a supplier profile" in result.stdout
    assert run_in(tmp_path, "validate", "nested.advisor.yaml").returncode == 2
    assert (
        run_in(tmp_path, "check", "other.yaml").returncode == 0
    )  # not named as a profile: skipped


def test_a_stress_test_of_standard_input_reads_standard_input(tmp_path: Path) -> None:
    ev = example("ev-motor-maker")
    write(tmp_path, {"<stdin>": example("battery-maker")})  # runs out of nothing within 90 days
    args = ("check", "-", "--fail-on", "none", "--scenario", "cn-licence-stop")
    result = run_in(tmp_path, *args, "--fail-if-runs-out-within", "90", stdin=ev)
    assert result.returncode == 1, result.stderr
    assert "<stdin>:61:5: stress cn-licence-stop [dy-alloy] runs out on day 20" in result.stderr
    (tmp_path / "<stdin>").unlink()
    assert run_in(tmp_path, *args, "--fail-if-runs-out-within", "90", stdin=ev).returncode == 1


def test_standard_input_is_bounded(tmp_path: Path) -> None:
    big = example("ev-motor-maker") + "#" + "x" * 5000 + "\n"
    for command in ("check", "assess"):
        result = run_in(tmp_path, command, "-", stdin=big, env={"ADVISOR_MAX_FILE_SIZE": "4K"})
        assert result.returncode == 2, (command, result.stderr)
        assert "<stdin>: file is more than 4096 bytes, larger than the limit" in result.stderr


SCENARIO = (Path(__file__).parents[1] / "data" / "simulate" / "worked-scenario.yaml").read_text(
    "utf-8"
)


def test_no_output_overwrites_an_input(tmp_path: Path) -> None:
    ev, battery = example("ev-motor-maker"), example("battery-maker")
    write(tmp_path, {"b.yaml": battery, "h.yaml": ev, "s.yaml": SCENARIO, "p.advisor.yaml": ev})
    (tmp_path / "link.txt").hardlink_to(tmp_path / "h.yaml")
    attempts = [
        ("diff", "b.yaml", "h.yaml", "-o", "h.yaml"),
        ("diff", "b.yaml", "h.yaml", "-o", "link.txt"),
        ("simulate", "h.yaml", "--scenario", "s.yaml", "-o", "s.yaml"),
        ("assess", "h.yaml", "--scenario", "s.yaml", "-o", "s.yaml"),
        ("check", "h.yaml", "--scenario", "s.yaml", "-o", "s.yaml"),
        ("check", "-o", "new.txt", "--write-baseline", "p.advisor.yaml"),
        ("check", "-o", "new.txt", "--sarif-output", "link.txt", "h.yaml"),
    ]
    before = {p.name: p.read_bytes() for p in tmp_path.iterdir()}
    for args in attempts:
        result = run_in(tmp_path, *args)
        assert result.returncode == 2, (args, result.stderr)
        assert "an input of this run" in result.stderr, (args, result.stderr)
        assert {p.name: p.read_bytes() for p in tmp_path.iterdir()} == before, args


def test_a_baseline_that_is_no_regular_small_file_is_refused(tmp_path: Path) -> None:
    import os

    big = '{"advisor_baseline": 1, "findings": [' + " " * 9000 + "]}"
    deep = "[" * 3000 + "]" * 3000
    write(
        tmp_path, {"p.advisor.yaml": example("battery-maker"), "deep.json": deep, "big.json": big}
    )
    os.mkfifo(tmp_path / "fifo.json")
    cases = {
        "fifo.json": "fifo.json: is a FIFO (named pipe), not a baseline file",
        "/dev/zero": "/dev/zero: is a character device, not a baseline file",
        "/dev/stdin": "/dev/stdin: is ",
        "deep.json": "deep.json: not a baseline file (JSON nested too deep)",
        "big.json": "big.json: file is 9",
    }
    for name, message in cases.items():
        result = run_in(tmp_path, "check", "--baseline", name, env={"ADVISOR_MAX_FILE_SIZE": "8K"})
        assert result.returncode == 2, (name, result.stderr)
        assert message in result.stderr and "Traceback" not in result.stderr, result.stderr


def test_a_waiver_comment_covers_its_own_line_as_yaml_counts_lines() -> None:
    from advisor.gate.waivers import inline

    text = (
        "a: 1\r# advisor: ignore[ADV001] why until=2030-01-01\r"
        'b: "x # advisor: ignore[ADV002] r until=2030-01-01"\r\n'
        "c: 2  # advisor: ignore[ADV003] r until=2030-01-01\n"
    )
    waivers, problems = inline(text, "f.yaml")
    assert [(w.rules, w.line, w.reason) for w in waivers] == [
        (("ADV001",), 2, "why"),
        (("ADV003",), 4, "r"),
    ]
    assert problems == ()
