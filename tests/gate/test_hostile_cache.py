"""The snapshot cache cannot weaken the gate (issue 22): it is private (created 0700, refused
when another user owns it or others can write it), and a damaged or replaced snapshot is
rebuilt, never fatal, never a hang."""

from __future__ import annotations

import hashlib
import marshal
import os
from pathlib import Path
from typing import Any

from gate_support import example, run, write

BATTERY = example("battery-maker")


def _cached_run(tmp_path: Path) -> tuple[Path, dict[str, str], Path]:
    cache = tmp_path / "cache"
    env = {"ADVISOR_CACHE_DIR": str(cache)}
    write(tmp_path, {"p.advisor.yaml": BATTERY})
    assert run(tmp_path, "check", env=env).returncode == 1
    assert oct(cache.stat().st_mode & 0o777) == "0o700"
    (snap,) = cache.glob("rules-*.snapshot")
    return cache, env, snap


def _lowered(value: Any) -> Any:
    """The encoded rule set with every severity made ``info``."""
    if isinstance(value, dict):
        out = {k: _lowered(v) for k, v in value.items()}
        if out.get("severity") in ("critical", "high", "medium", "low"):
            out["severity"] = "info"
        return out
    if isinstance(value, list):
        return [_lowered(v) for v in value]
    if isinstance(value, tuple):
        return tuple(_lowered(v) for v in value)
    return value


def _rewrite(snap: Path, payload: bytes) -> None:
    header = snap.read_bytes().split(b"\n", 1)[0]
    checksum = hashlib.sha256(payload).hexdigest().encode()
    snap.write_bytes(b"\n".join([header, checksum, payload]))


def _plant_lowered(snap: Path) -> None:
    payload = snap.read_bytes().split(b"\n", 2)[2]
    _rewrite(snap, marshal.dumps(_lowered(marshal.loads(payload))))


def test_a_snapshot_planted_in_a_shared_cache_is_not_used(tmp_path: Path) -> None:
    cache, env, snap = _cached_run(tmp_path)
    _plant_lowered(snap)
    assert run(tmp_path, "check", env=env).returncode == 0  # the attack, in a private cache
    cache.chmod(0o777)
    shared = run(tmp_path, "check", env=env)
    assert shared.returncode == 1, shared.stderr
    assert f"advisor: warning: cache {cache} is writable by group or others (mode 0777)" in (
        shared.stderr
    )
    cache.chmod(0o700)
    snap.chmod(0o666)
    assert run(tmp_path, "check", env=env).returncode == 1
    snap.chmod(0o600)
    if os.getuid() == 0:  # another user's cache (as root, the files can be given away)
        os.chown(cache, 65534, 65534)
        other = run(tmp_path, "check", env=env)
        assert other.returncode == 1 and "is owned by another user (uid 65534)" in other.stderr


def test_a_damaged_snapshot_is_rebuilt(tmp_path: Path) -> None:
    _, env, snap = _cached_run(tmp_path)
    _rewrite(snap, marshal.dumps(("m",)))  # a recomputed checksum over a broken payload
    result = run(tmp_path, "check", env=env)
    assert result.returncode == 1, result.stderr
    assert "internal error" not in result.stderr
    assert run(tmp_path, "check", env=env).returncode == 1


def test_a_snapshot_replaced_by_a_fifo_does_not_hang(tmp_path: Path) -> None:
    _, env, snap = _cached_run(tmp_path)
    snap.unlink()
    os.mkfifo(snap)
    result = run(tmp_path, "check", env=env)  # the helper's timeout would fail a hang
    assert result.returncode == 1, result.stderr
