"""Scripted setups for the outputs the docs show that need more than the repository: a
configs repository, an edited data release, a rule pack with mistakes in it.

A setup is a function of the temporary folder a command runs in (its working directory), the
repository root and the text of the document that shows the output; it writes the files the
command reads and returns what the run needs besides (:class:`Prepared`). Files a document
shows (a config file, an override file) are taken from the document itself, so that what the
reader copies is what ran. A marker names one with ``setup=NAME`` (:data:`SETUPS`).
"""

from __future__ import annotations

import datetime as dt
import re
import shutil
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from advisor import api


@dataclass(frozen=True)
class Prepared:
    """What a setup adds to a run: environment, the paths to show in place of the temporary
    ones, and whether the command must run in a process of its own (it changes what is
    installed, which a process decides once)."""

    env: tuple[tuple[str, str], ...] = ()
    shown_as: tuple[tuple[str, str], ...] = ()
    process: bool = False


def doc_block(text: str, first_line: str) -> str:
    """The one fenced block of *text* whose first line is *first_line*."""
    found = [
        body
        for body in re.findall(r"```[\w-]*\n(.*?)```", text, re.S)
        if body.split("\n", 1)[0].strip() == first_line
    ]
    if len(found) != 1:
        raise ValueError(f"expected one block starting {first_line!r}, found {len(found)}")
    return str(found[0])


def _write(folder: Path, name: str, text: str) -> None:
    target = folder / name
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(text, encoding="utf-8")


def _examples(work: Path, root: Path) -> None:
    shutil.copytree(root / "examples", work / "examples")


def configs_repo(work: Path, root: Path, doc: str) -> Prepared:
    """ci.md's configs repository: its full ``.advisor.yaml`` and the files it names."""
    _write(work, ".advisor.yaml", _config_of(doc, "rules: [policy/acme.yaml]"))
    _write(work, "policy/acme.yaml", "version: 1\npack: acme\n")
    _write(work, "data/our-shares.yaml", "version: 1\n")
    return Prepared(shown_as=((str(work), "/work/configs-repo"),))


def _config_of(doc: str, holding: str) -> str:
    """The one ``# .advisor.yaml`` block of *doc* that holds the line *holding*."""
    blocks = re.findall(r"```yaml\n(# \.advisor\.yaml\n.*?)```", doc, re.S)
    found = [b for b in blocks if any(x.startswith(holding) for x in b.splitlines())]
    if len(found) != 1:
        raise ValueError(f"expected one .advisor.yaml block with {holding!r}, found {len(found)}")
    return str(found[0])


def gate_off(work: Path, root: Path, doc: str) -> Prepared:
    """ci.md's config that disables rules, changes a parameter and switches the gate off,
    beside one profile."""
    _write(work, ".advisor.yaml", _config_of(doc, "disable: [ADV013, ADV021]"))
    shutil.copyfile(root / "examples" / "battery-maker.yaml", work / "battery.advisor.yaml")
    return Prepared()


def relaxed_pack(work: Path, root: Path, doc: str) -> Prepared:
    """A pack that disables two built-in rules, beside the examples."""
    _examples(work, root)
    _write(work, "relaxed.yaml", "version: 1\npack: relaxed\ndisable: [ADV001, ADV003]\n")
    return Prepared()


def github_config(work: Path, root: Path, doc: str) -> Prepared:
    """A configs folder holding the EV-motor example as ``configs/ev.yaml``."""
    (work / "configs").mkdir()
    shutil.copyfile(root / "examples" / "ev-motor-maker.yaml", work / "configs" / "ev.yaml")
    return Prepared()


def bad_override(work: Path, root: Path, doc: str) -> Prepared:
    """data.md's ``mine.yaml`` with the mistake it describes: ``CN: 1.8`` for ``"95%"``."""
    text = doc_block(doc, "meta:")
    _write(work, "mine.yaml", text.replace('CN: "95%"', "CN: 1.8", 1))
    return Prepared()


def good_override(work: Path, root: Path, doc: str) -> Prepared:
    """data.md's ``mine.yaml`` as written."""
    _write(work, "mine.yaml", doc_block(doc, "meta:"))
    return Prepared()


def _release(target: Path, root: Path, compiled: dt.date | None = None) -> None:
    """A copy of the shipped data in *target*, dated *compiled* when given."""
    target.mkdir(parents=True)
    for name in ("reference.yaml", "producers.yaml"):
        shutil.copyfile(root / "advisor" / "data" / name, target / name)
    shutil.copytree(root / "scenarios", target / "scenarios")
    if compiled is not None:
        reference = target / "reference.yaml"
        text = reference.read_text(encoding="utf-8")
        text = re.sub(r"(?m)^  compiled: \S+$", f"  compiled: {compiled}", text, count=1)
        reference.write_text(text, encoding="utf-8")


def installed_release(work: Path, root: Path, doc: str) -> Prepared:
    """``mineral-advisor-data`` installed beside advisor, three days newer than the built-in
    copy (runs are dated a week after it)."""
    site = work / "site-packages"
    newer = (api.shipped_data().builtin.date or dt.date(2026, 1, 1)) + dt.timedelta(days=3)
    _release(site / "advisor_data", root, newer)
    (site / "advisor_data" / "__init__.py").write_text("", encoding="utf-8")
    return Prepared(
        env=(("PYTHONPATH", str(site)), ("ADVISOR_BUILTIN_DATA", "0")),
        shown_as=((str(site), "/…/site-packages"),),
        process=True,
    )


def new_release(work: Path, root: Path, doc: str) -> Prepared:
    """A release in ``new/`` whose data says that China never suspended its extraterritorial
    control (Ann. 61/2025): in force since 2025-11-07, where the built-in copy has it
    suspended until 2026-11-10."""
    _examples(work, root)
    _release(work / "new", root)
    reference = work / "new" / "reference.yaml"
    text = reference.read_text(encoding="utf-8")
    control = text.index("  - id: cn-2025-ann61-extraterritorial\n")
    old = "{state: suspended, date: 2025-11-07, until: 2026-11-10, source: mofcom_ann70_2025}"
    at = text.index(old, control)
    new = "{state: in_force, date: 2025-11-07, source: mofcom_ann70_2025}"
    reference.write_text(text[:at] + new + text[at + len(old) :], encoding="utf-8")
    return Prepared()


#: rule-format.md's pack with one mistake of each kind the checks catch.
MY_PACK = """\
version: 1
pack: my-pack
overrides:
  ADV010: {parameters: {target_days: '120'}}
rules:
  - id: MY001
    name: stock-below-policy
    title: Stock below the company's policy
    category: stockpile
    severity: yes
    scope: material
    parameters: {min_days: 60}
    when:
      all:
        - {fact: days_of_cover, op: lt, value: {param: min_day}}
        - {fact: criticality, op: eq, value: critcal}
    message: "{material_id}: {days_cover} days of cover"
    action: build-stock
    recommendation: Raise the stock of critical materials to the policy.
    rationale: The company's policy.
    source: {references: ["ACME supply-risk policy SRP-4"]}
    examples:
      fail: [{days_of_cover: 30, criticality: critical}]
      pass: [{days_of_cover: 90, criticality: critical}]
"""


def my_pack(work: Path, root: Path, doc: str) -> Prepared:
    """A rule pack with six mistakes, each reported at its line and column."""
    _write(work, "my-pack.yaml", MY_PACK)
    return Prepared()


#: Every setup a marker may name.
SETUPS: dict[str, Callable[[Path, Path, str], Prepared]] = {
    "configs-repo": configs_repo,
    "gate-off": gate_off,
    "relaxed-pack": relaxed_pack,
    "github-config": github_config,
    "bad-override": bad_override,
    "good-override": good_override,
    "installed-release": installed_release,
    "new-release": new_release,
    "my-pack": my_pack,
}
