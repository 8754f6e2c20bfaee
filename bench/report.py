"""The benchmark's figures as records and as a markdown report (with an optional comparison)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from measure import Sample
    from run import Figure


def figure_record(figure: Figure, samples: dict[str, Sample]) -> dict[str, Any]:
    """One figure: its time and memory, its floor's, their ratios, its targets and whether met."""
    own = samples[figure.key]
    floor = samples[figure.floor] if figure.floor else None
    record: dict[str, Any] = {
        "figure": figure.name,
        "key": figure.key,
        "floor": figure.floor,
        "seconds": round(own.median, 4),
        "cpu_seconds": round(own.cpu_median, 4),
        "peak_mib": round(own.peak_mib, 1),
        "runs": len(own.seconds),
        "target": figure.target,
        "memory_target": figure.memory_target,
        "note": own.note or (floor.note if floor else ""),
    }
    if floor is not None:
        record["floor_seconds"] = round(floor.median, 4)
        record["floor_peak_mib"] = round(floor.peak_mib, 1)
        record["ratio"] = _ratio(own.median, floor.median) if own.ok and floor.ok else None
        record["floor_cpu_seconds"] = round(floor.cpu_median, 4)
        record["cpu_ratio"] = (
            _ratio(own.cpu_median, floor.cpu_median) if own.ok and floor.ok else None
        )
        record["memory_ratio"] = _ratio(own.peak_mib, floor.peak_mib) if own.ok else None
    record["met"] = _met(record)
    return record


def _ratio(a: float, b: float) -> float | None:
    return round(a / b, 3) if b > 0 else None


def _met(record: dict[str, Any]) -> bool | None:
    checks = [
        (record.get("ratio"), record["target"]),
        (record.get("memory_ratio"), record["memory_target"]),
    ]
    verdicts = [value <= target for value, target in checks if target is not None and value]
    if any(target is not None for _, target in checks) and not verdicts:
        return False if record["note"] else None
    return all(verdicts) if verdicts else None


def render(record: dict[str, Any], old: dict[str, Any] | None, materials: tuple[int, ...]) -> str:
    """The report: the table, growth with size, notes, and the comparison with *old*."""
    meta = record["meta"]
    parts = [
        f"advisor benchmark ({meta['mode']}): Python {meta['python']}, {meta['cpus']} CPUs, "
        f"{meta['platform']}, {meta['seconds']:.0f} s",
        "",
        table(record["figures"]),
        "",
        *growth(record, materials),
        *[f"note: {note}" for note in record["notes"]],
    ]
    if old is not None:
        parts += ["", compare(old, record)]
    return "\n".join(parts)


HEADER = [
    "figure", "time", "floor", "floor time", "ratio", "cpu ratio", "target", "peak", "floor peak",
    "ratio",
]  # fmt: skip


def table(figures: list[dict[str, Any]]) -> str:
    """The figures as a markdown table."""
    lines = ["| " + " | ".join(HEADER) + " |", "|" + "---|" * len(HEADER)]
    for f in figures:
        target = _target(f)
        verdict = {True: " ✓", False: " ✗", None: ""}[f["met"]]
        cells = [
            f["figure"],
            _seconds(f["seconds"]) if not f["note"] else f["note"],
            _floor_name(f["floor"]),
            _seconds(f.get("floor_seconds")),
            _times(f.get("ratio")),
            _times(f.get("cpu_ratio")),
            target + verdict,
            _mib(f["peak_mib"]),
            _mib(f.get("floor_peak_mib")),
            _times(f.get("memory_ratio")),
        ]
        lines.append("| " + " | ".join(cells) + " |")
    return "\n".join(lines)


def _target(f: dict[str, Any]) -> str:
    parts = []
    if f["target"] is not None:
        parts.append(f"≤ {f['target']:g}×")
    if f["memory_target"] is not None:
        parts.append(f"mem ≤ {f['memory_target']:g}×")
    return ", ".join(parts)


FLOOR_NAMES = {
    "floor-typer": "`import typer`",
    "floor-imports": "`import typer, rich, pydantic, yaml`",
    "floor-framework": "typer app, model, table",
    "floor-load": "CSafeLoader load",
    "floor-events": "libyaml events",
    "floor-yamllint": "yamllint",
}


def _floor_name(key: str | None) -> str:
    return FLOOR_NAMES.get((key or "").partition(":")[0], "")


def _seconds(value: float | None) -> str:
    if value is None:
        return ""
    return f"{value:.2f} s" if value >= 1 else f"{value * 1000:.0f} ms"


def _times(value: float | None) -> str:
    return "" if value is None else f"{value:.2f}×"


def _mib(value: float | None) -> str:
    return "" if not value else f"{value:.0f} MiB"


def growth(record: dict[str, Any], materials: tuple[int, ...]) -> list[str]:
    """How time grows with the number of materials (linear: with the count), and how check's
    memory grows with the number of files (flat: not at all)."""
    samples = record["samples"]
    lines = []
    steps = [(n, samples.get(f"assess:materials-{n}", {})) for n in materials]
    measured = [(n, s["median_s"]) for n, s in steps if s and not s["note"]]
    if len(measured) > 1:
        chain = " → ".join(f"{n:,}: {_seconds(t)}" for n, t in measured)
        (n0, t0), (n1, t1) = measured[0], measured[-1]
        lines.append(
            f"materials: {chain}; time ×{t1 / t0:.1f} for ×{n1 / n0:g} materials "
            f"(linear would be at most ×{n1 / n0:g})"
        )
    part, whole = samples.get("check:tree-part"), samples.get("check:tree")
    if part and whole and part["peak_mib"] and whole["peak_mib"]:
        lines.append(
            f"check memory: {_mib(part['peak_mib'])} for 100 files, {_mib(whole['peak_mib'])} "
            f"for the whole tree (flat would be ×1.0: ×{whole['peak_mib'] / part['peak_mib']:.1f})"
        )
    return lines


def compare(old: dict[str, Any], new: dict[str, Any]) -> str:
    """The figures both runs have, old against new: time and ratio."""
    before = {(f["key"], f["floor"]): f for f in old["figures"]}
    lines = [
        f"compared with {old['meta'].get('mode', '?')} run of {old['meta'].get('date', '?')}:",
        "",
        "| figure | time before | time now | ratio before | ratio now | cpu ratio before "
        "| cpu ratio now | peak before | peak now |",
        "|---|---|---|---|---|---|---|---|---|",
    ]
    for f in new["figures"]:
        b = before.get((f["key"], f["floor"]))
        if b is None:
            continue
        cells = [
            f["figure"],
            _seconds(b["seconds"]) if not b["note"] else b["note"],
            _seconds(f["seconds"]) if not f["note"] else f["note"],
            _times(b.get("ratio")),
            _times(f.get("ratio")),
            _times(b.get("cpu_ratio")),
            _times(f.get("cpu_ratio")),
            _mib(b["peak_mib"]),
            _mib(f["peak_mib"]),
        ]
        lines.append("| " + " | ".join(cells) + " |")
    return "\n".join(lines)
