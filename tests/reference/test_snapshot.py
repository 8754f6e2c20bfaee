"""The built-in data's snapshot: the same rules and reference data as the strict load, used only
when its key and checksum match, never fatal when missing, stale, damaged or unwritable."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from advisor import snapshot
from advisor.reference import load as reference_load
from advisor.reference.load import Reference
from advisor.reference.producers import Producers, load_producers
from advisor.rules.load import load_rules
from advisor.rules.packs import RuleSet


@pytest.fixture
def cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "cache"
    monkeypatch.setenv("ADVISOR_CACHE_DIR", str(folder))
    monkeypatch.delenv("ADVISOR_NO_CACHE", raising=False)
    return folder


def _fresh_reference() -> Reference:
    reference_load._builtin.cache_clear()
    return reference_load.load_reference()


def test_the_rules_from_the_snapshot_are_the_rules_loaded_strictly(cache: Path) -> None:
    strict = load_rules()
    assert len(list(cache.glob("rules-*.snapshot"))) == 1
    fast = load_rules()
    assert isinstance(fast, RuleSet) and fast is not strict
    assert fast.rules == strict.rules and fast.actions == strict.actions
    assert fast.packs == strict.packs and dict(fast.names) == dict(strict.names)


def test_the_reference_from_the_snapshot_answers_as_the_strict_one(cache: Path) -> None:
    strict = _fresh_reference()
    assert len(list(cache.glob("reference-*.snapshot"))) == 1
    fast = _fresh_reference()
    assert fast is not strict and vars(fast) == vars(strict)
    for mineral in fast.minerals():
        assert fast.datasets(mineral) == strict.datasets(mineral)


def test_a_damaged_or_stale_snapshot_is_ignored_and_replaced(cache: Path) -> None:
    strict = load_rules()
    (path,) = cache.glob("rules-*.snapshot")
    blob = path.read_bytes()
    path.write_bytes(blob[:-50] + b"x" * 50)  # checksum no longer matches
    assert load_rules().rules == strict.rules
    assert path.read_bytes() == blob  # rewritten by the strict load
    header, rest = blob.split(b"\n", 1)
    path.write_bytes(header[:-4] + b"0000\n" + rest)  # another key in the header: stale
    assert load_rules().rules == strict.rules
    assert path.read_bytes() == blob


def _fresh_producers() -> Producers:
    load_producers.cache_clear()
    return load_producers()


def test_the_producers_from_the_snapshot_are_the_producers_parsed_strictly(cache: Path) -> None:
    strict = _fresh_producers()
    (path,) = cache.glob("producers-*.snapshot")
    fast = _fresh_producers()
    assert isinstance(fast, Producers) and fast is not strict and vars(fast) == vars(strict)
    for mine, theirs in zip(fast.entries, strict.entries, strict=True):
        assert mine.model_fields_set == theirs.model_fields_set
    blob = path.read_bytes()
    path.write_bytes(blob[:-50] + b"x" * 50)  # damaged: parsed again and rewritten
    assert vars(_fresh_producers()) == vars(strict) and path.read_bytes() == blob
    header, rest = blob.split(b"\n", 1)
    path.write_bytes(header[:-4] + b"0000\n" + rest)  # stale
    assert vars(_fresh_producers()) == vars(strict) and path.read_bytes() == blob
    load_producers.cache_clear()


def test_only_advisor_classes_are_ever_built(cache: Path) -> None:
    key = snapshot.key(["x"])
    snapshot.save("evil", key, [1, 2])
    (path,) = cache.glob("evil-*.snapshot")
    blob = path.read_bytes()
    import hashlib
    import marshal

    header = blob.split(b"\n", 1)[0]
    code = compile("print('pwned')", "<x>", "exec")
    for value in (("c", "subprocess:Popen", {}), [code], {"x": b"bytes"}):
        payload = marshal.dumps(value)
        checksum = hashlib.sha256(payload).hexdigest().encode()
        path.write_bytes(b"\n".join([header, checksum, payload]))
        assert snapshot.load("evil", key) is None, value


def test_no_cache_and_an_unwritable_folder_are_not_errors(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("ADVISOR_NO_CACHE", "1")
    monkeypatch.setenv("ADVISOR_CACHE_DIR", str(tmp_path / "off"))
    load_rules()
    assert not (tmp_path / "off").exists()
    blocker = tmp_path / "file"
    blocker.write_text("not a folder", encoding="utf-8")
    monkeypatch.delenv("ADVISOR_NO_CACHE")
    monkeypatch.setenv("ADVISOR_CACHE_DIR", str(blocker / "cache"))
    assert load_rules().rules


def test_the_cli_gives_the_same_report_with_and_without_the_snapshot(tmp_path: Path) -> None:
    example = Path(__file__).resolve().parents[2] / "examples" / "ev-motor-maker.yaml"
    outputs = []
    for env in ({"ADVISOR_NO_CACHE": "1"}, {}, {}):  # strict, then saving, then from snapshot
        result = subprocess.run(
            [sys.executable, "-m", "advisor", "assess", "-f", "json", str(example)],
            capture_output=True,
            text=True,
            env={"ADVISOR_CACHE_DIR": str(tmp_path / "c"), "PATH": "/usr/bin:/bin", **env},
            check=False,
        )
        assert result.returncode == 0, result.stderr
        outputs.append(result.stdout)
    assert list((tmp_path / "c").glob("reference-*.snapshot"))
    assert outputs[0] == outputs[1] == outputs[2]


def test_snapshots_of_other_versions_are_kept_a_while_then_removed(cache: Path) -> None:
    import os
    import time

    snapshot.save("kind", snapshot.key(["old"]), [1])
    (old,) = cache.glob("kind-*.snapshot")
    snapshot.save("kind", snapshot.key(["new"]), [2])
    assert old.exists() and len(list(cache.glob("kind-*.snapshot"))) == 2
    past = time.time() - (snapshot.STALE_AFTER_DAYS + 1) * 86400
    os.utime(old, (past, past))
    snapshot.save("kind", snapshot.key(["new"]), [2])
    assert not old.exists() and snapshot.load("kind", snapshot.key(["new"])) == [2]


def test_the_country_names_from_the_snapshot_are_pycountrys(cache: Path) -> None:
    import pycountry

    from advisor.profile import fields

    truth = {c.alpha_2: c.name for c in pycountry.countries}
    fields._countries.cache_clear()
    assert fields._countries() == truth
    (path,) = cache.glob("countries-*.snapshot")
    path.write_bytes(path.read_bytes()[:-20] + b"x" * 20)  # damaged: read from pycountry again
    for _ in range(2):
        fields._countries.cache_clear()
        assert fields._countries() == truth
    fields._countries.cache_clear()
