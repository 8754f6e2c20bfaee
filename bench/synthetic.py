"""Seeded synthetic supplier profiles: valid, deterministic, of any size.

Every profile a benchmark reads comes from here, written with ``yaml.safe_dump`` from a fixed
random seed, so two runs (and two machines) time the same bytes. Three shapes:

* :func:`rows_profile` — *rows* supplier rows spread over ``ROW_MATERIALS`` materials: grows the
  per-supplier work (parse, validation, supplier facts and rules, rendering) alone;
* :func:`materials_profile` — *n* materials of ``SUPPLIERS`` suppliers: grows the per-material
  work, and with it the number of candidate recommendations;
* :func:`write_tree` — a folder tree of small profiles, the shape a CI ``check`` walks.

``python bench/synthetic.py FOLDER --rows 100 1000 --materials 10 --tree 3`` writes them.
"""

from __future__ import annotations

import argparse
import json
import random
import re
import sys
from pathlib import Path
from typing import Any

MINERALS = ["Nd", "Pr", "Dy", "Tb", "Ga", "Ge", "graphite", "Li", "Co", "Ni", "W", "Sb"]
COUNTRIES = ["CN", "AU", "US", "MY", "JP", "CA", "VN", "BR", "ZA", "CL", "DE", "FR"]
STAGES = ["ore_concentrate", "oxide_separated", "metal_alloy", "magnet_component"]
CRITICALITY = ["low", "medium", "high", "critical"]
#: Suppliers per material in a materials profile and in the small profiles of a tree.
SUPPLIERS = 5
#: Materials of a rows profile: its supplier rows are shared out among these.
ROW_MATERIALS = 10


def profile(suppliers_per_material: list[int], seed: int = 1) -> dict[str, Any]:
    """A valid profile whose i-th material has ``suppliers_per_material[i]`` suppliers."""
    rng = random.Random(seed)
    return {
        "version": 1,
        "as_of": "2026-06-30",
        "company": {
            "name": f"Bench Industries {seed} AG",
            "sector": "industrial",
            "headquarters": "DE",
            "currency": "EUR",
        },
        "materials": [_material(i, n, rng) for i, n in enumerate(suppliers_per_material)],
        "programmes": {
            "stockpile": {"target_days": 90, "minerals": ["Nd", "Dy", "Tb", "Ga"]},
            "recycling": {"in_house_recovery_rate": 0.1, "capital_cost": 1_000_000},
        },
    }


def rows_profile(rows: int, seed: int = 1) -> dict[str, Any]:
    """*rows* supplier rows over ``ROW_MATERIALS`` materials (fewer if *rows* is smaller)."""
    count = min(ROW_MATERIALS, rows)
    return profile([rows // count + (1 if i < rows % count else 0) for i in range(count)], seed)


def materials_profile(materials: int, seed: int = 1) -> dict[str, Any]:
    """*materials* materials of ``SUPPLIERS`` suppliers each."""
    return profile([SUPPLIERS] * materials, seed)


def _material(i: int, suppliers: int, rng: random.Random) -> dict[str, Any]:
    weights = [rng.randint(1, 10) for _ in range(suppliers)]
    total = sum(weights)
    # shares in millionths, rounded down: they add up to at most 95%, none is zero
    shares = [max(1, w * 950_000 // total) / 1_000_000 for w in weights]
    return {
        "id": f"m{i:04d}",
        "mineral": MINERALS[i % len(MINERALS)],
        "form": "synthetic",
        "stage": rng.choice(STAGES),
        "annual_demand": {"quantity": rng.randint(1, 5000), "unit": "t"},
        "inventory": {"days_of_cover": rng.randint(0, 200)},
        "recycled_share": rng.randint(0, 40) / 100,
        "criticality": rng.choice(CRITICALITY),
        "reference_price": {"amount": rng.randint(5, 900), "currency": "EUR", "per": "kg"},
        "suppliers": [_supplier(i, j, share, rng) for j, share in enumerate(shares)],
    }


def _supplier(i: int, j: int, share: float, rng: random.Random) -> dict[str, Any]:
    supplier: dict[str, Any] = {
        "id": f"s{j}",
        "name": f"Supplier {i}-{j}",
        "country": rng.choice(COUNTRIES),
    }
    for key in ("mining_countries", "processing_countries"):
        countries = rng.sample(COUNTRIES, rng.randint(0, 2))
        if countries:
            supplier[key] = countries
    return {
        **supplier,
        "share": share,
        "qualified": rng.random() < 0.8,
        "qualification_days": rng.randint(30, 400),
        "contract": {
            "type": rng.choice(["long_term", "framework", "spot"]),
            "end": f"{rng.randint(2026, 2030)}-12-31",
            "dual_source_clause": rng.random() < 0.5,
            "price_basis": rng.choice(["fixed", "indexed", "spot"]),
        },
    }


def write(path: Path, data: dict[str, Any]) -> Path:
    """Write *data* as block-style YAML to *path* (parents created); return *path*."""
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("".join(_block(data, "")), encoding="utf-8")
    return path


def write_tree(folder: Path, files: int, per_folder: int = 100) -> Path:
    """*files* small profiles (3 materials of ``SUPPLIERS`` suppliers), *per_folder* a folder."""
    for k in range(files):
        # the name advisor check looks for in a folder (docs/ci.md)
        name = folder / f"site-{k // per_folder:03d}" / f"profile-{k:05d}.advisor.yaml"
        write(name, profile([SUPPLIERS] * 3, seed=k))
    return folder


# A small emitter for the shapes above, as a person would write them: block mappings and
# sequences, flow lists of scalars and small flow mappings, plain scalars where plain is safe.
# (yaml.dump takes ~30 s for the 100,000-row profile; this takes a few.)
_PLAIN = re.compile(r"[A-Za-z][A-Za-z0-9 _.-]*[A-Za-z0-9.]|[A-Za-z]")
_WORDS = {"true", "false", "null", "yes", "no", "on", "off", "y", "n", "~"}


def _block(value: dict[str, Any], indent: str) -> list[str]:
    out: list[str] = []
    for key, item in value.items():
        if (
            isinstance(item, dict)
            and len(item) <= 3
            and not any(isinstance(v, (dict, list)) for v in item.values())
        ):
            pairs = ", ".join(f"{k}: {_scalar(v)}" for k, v in item.items())
            out.append(f"{indent}{key}: {{{pairs}}}\n")
        elif isinstance(item, dict):
            out += [f"{indent}{key}:\n", *_block(item, indent + "  ")]
        elif isinstance(item, list) and item and isinstance(item[0], dict):
            out.append(f"{indent}{key}:\n")
            for element in item:
                lines = _block(element, indent + "    ")
                out += [f"{indent}  - {lines[0][len(indent) + 4 :]}", *lines[1:]]
        else:
            out.append(f"{indent}{key}: {_scalar(item)}\n")
    return out


def _scalar(value: Any) -> str:
    if isinstance(value, list):
        return "[" + ", ".join(_scalar(v) for v in value) + "]"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        return f"{value:.6f}".rstrip("0")
    if isinstance(value, int):
        return str(value)
    text = str(value)
    if (_PLAIN.fullmatch(text) and text.lower() not in _WORDS) or re.fullmatch(
        r"\d{4}-\d\d-\d\d", text
    ):
        return text
    return json.dumps(text)


def main(argv: list[str]) -> int:
    """Write the rows and materials profiles and the tree that *argv* asks for into a folder."""
    parser = argparse.ArgumentParser(description="Write seeded synthetic profiles.")
    parser.add_argument("folder", type=Path)
    parser.add_argument("--rows", type=int, nargs="*", default=[])
    parser.add_argument("--materials", type=int, nargs="*", default=[])
    parser.add_argument("--tree", type=int, default=0, help="small profiles in folder/tree")
    args = parser.parse_args(argv)
    for rows in args.rows:
        write(args.folder / f"rows-{rows}.yaml", rows_profile(rows))
    for count in args.materials:
        write(args.folder / f"materials-{count}.yaml", materials_profile(count))
    if args.tree:
        write_tree(args.folder / "tree", args.tree)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
