"""Files in and out (advisor/fsutil.py): `-o` never destroys anything, inputs are regular files.

`-o` writes a new path or replaces a regular file, atomically; it refuses, with the reason and
exit 2, to write over an input of the run (by path, symbolic link or hard link), a FIFO, a
device or a folder. Profiles, rule packs and data files are read only if they are regular
files, so a FIFO with no writer is refused at once instead of hanging the run.
"""

from __future__ import annotations

import os
import signal
import stat
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from cli_support import advisor

from advisor import api
from advisor.errors import AdvisorError, InputError, UsageError
from advisor.fsutil import check_output, read_regular, write_output

pytestmark = pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs FIFOs (POSIX)")


@pytest.fixture(autouse=True)
def no_hang() -> Iterator[None]:
    """Fail instead of hanging if something opens a FIFO that has no writer."""

    def hung(signum: int, frame: object) -> None:
        raise AssertionError("blocked: a FIFO was opened")

    previous = signal.signal(signal.SIGALRM, hung)
    signal.alarm(30)
    yield
    signal.alarm(0)
    signal.signal(signal.SIGALRM, previous)


@pytest.fixture
def profile(make_profile: Callable[..., Path]) -> Path:
    return make_profile()


def test_output_over_the_profile_is_refused_and_the_profile_kept(
    capsys: pytest.CaptureFixture[str], profile: Path
) -> None:
    before = profile.read_bytes()
    code, out, err = advisor(capsys, "assess", profile, "-f", "markdown", "-o", profile)
    assert code == 2
    assert out == ""
    assert f"{profile}: is {profile}, an input of this run" in err
    assert profile.read_bytes() == before


@pytest.mark.parametrize("link", ["symlink", "hardlink"])
def test_output_over_a_link_to_an_input_is_refused(
    capsys: pytest.CaptureFixture[str], profile: Path, link: str
) -> None:
    other = profile.with_name("other.yaml")
    (os.symlink if link == "symlink" else os.link)(profile, other)
    before = profile.read_bytes()
    code, _, err = advisor(capsys, "check", profile, "-o", other, "--fail-on", "none")
    assert code == 2
    assert "an input of this run" in err
    assert profile.read_bytes() == before
    assert other.is_symlink() == (link == "symlink")


def test_output_over_a_rule_pack_or_data_file_is_refused(
    capsys: pytest.CaptureFixture[str], profile: Path, tmp_path: Path
) -> None:
    pack = tmp_path / "packs" / "p.yaml"
    pack.parent.mkdir()
    pack.write_text("version: 1\npack: extra\nrules: []\n", encoding="utf-8")
    before = pack.read_bytes()
    code, _, err = advisor(capsys, "assess", profile, "--rules", pack.parent, "-o", pack)
    assert (code, pack.read_bytes()) == (2, before)
    assert "an input of this run" in err
    with pytest.raises(UsageError, match="an input of this run"):
        write_output(tmp_path / "data.yaml", "x", [tmp_path / "packs" / ".." / "data.yaml"])


def test_output_at_a_fifo_is_refused_and_the_fifo_kept(
    capsys: pytest.CaptureFixture[str], profile: Path, tmp_path: Path
) -> None:
    fifo = tmp_path / "report.fifo"
    os.mkfifo(fifo)
    code, _, err = advisor(capsys, "assess", profile, "-o", fifo)
    assert code == 2
    assert f"{fifo}: is a FIFO (named pipe); -o writes only a new file" in err
    assert stat.S_ISFIFO(os.stat(fifo).st_mode)


def test_output_at_a_character_device_is_refused(
    capsys: pytest.CaptureFixture[str], profile: Path
) -> None:
    code, _, err = advisor(capsys, "assess", profile, "-o", os.devnull)
    assert code == 2
    assert f"{os.devnull}: is a character device" in err
    assert stat.S_ISCHR(os.stat(os.devnull).st_mode)


def test_output_at_a_folder_is_refused(
    capsys: pytest.CaptureFixture[str], profile: Path, tmp_path: Path
) -> None:
    code, _, err = advisor(capsys, "assess", profile, "-o", tmp_path)
    assert code == 2
    assert "is a directory" in err


def test_output_replaces_a_regular_file_atomically_keeping_its_mode(
    capsys: pytest.CaptureFixture[str], profile: Path, tmp_path: Path
) -> None:
    report = tmp_path / "report.md"
    report.write_text("old", encoding="utf-8")
    report.chmod(0o640)
    code, _, _ = advisor(capsys, "assess", profile, "-f", "markdown", "-o", report)
    assert code == 0
    assert report.read_text(encoding="utf-8").startswith("# Critical-mineral supply risk")
    assert stat.S_IMODE(report.stat().st_mode) == 0o640
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []


def test_output_through_a_symlink_writes_the_target_and_keeps_the_link(tmp_path: Path) -> None:
    target = tmp_path / "real.txt"
    target.write_text("old", encoding="utf-8")
    link = tmp_path / "link.txt"
    link.symlink_to(target)
    write_output(link, "new")
    assert link.is_symlink()
    assert target.read_text(encoding="utf-8") == "new"
    assert check_output(tmp_path / "new.txt") == (tmp_path / "new.txt").resolve()


def test_init_never_replaces_a_fifo(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    fifo = tmp_path / "profile.yaml"
    os.mkfifo(fifo)
    code, _, err = advisor(capsys, "init", fifo, "--force")
    assert code == 2
    assert "is a FIFO" in err
    assert stat.S_ISFIFO(os.stat(fifo).st_mode)


def test_a_fifo_profile_is_refused_not_waited_for(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    fifo = tmp_path / "profile.yaml"
    os.mkfifo(fifo)
    code, _, err = advisor(capsys, "assess", fifo)
    assert code == 2
    assert err == (
        f"{fifo}: is a FIFO (named pipe), not a YAML file (advisor reads only regular files)\n"
    )


@pytest.mark.parametrize("what", ["rules", "data"])
def test_a_fifo_rule_pack_or_data_file_is_refused(tmp_path: Path, what: str) -> None:
    fifo = tmp_path / "input.yaml"
    os.mkfifo(fifo)
    with pytest.raises(AdvisorError, match="is a FIFO"):
        api.load_rules([fifo]) if what == "rules" else api.load_reference(fifo)


def test_a_device_is_never_read() -> None:
    with pytest.raises(InputError, match="is a character device"):
        read_regular(os.devnull, 100)


def test_a_fifo_or_dangling_link_in_a_rules_folder_is_an_error(tmp_path: Path) -> None:
    os.mkfifo(tmp_path / "a.yaml")
    (tmp_path / "b.yaml").symlink_to(tmp_path / "gone.yaml")
    with pytest.raises(AdvisorError) as caught:
        api.load_rules([tmp_path])
    text = str(caught.value)
    assert "a.yaml:1:1: <document>: is a FIFO (named pipe)" in text
    assert "b.yaml:1:1: <document>: cannot read (No such file or directory)" in text


@pytest.mark.parametrize("failure", [OSError(28, "No space left on device"), KeyboardInterrupt()])
def test_a_failed_or_interrupted_write_leaves_the_old_file_and_no_temporary(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, failure: BaseException
) -> None:
    report = tmp_path / "report.md"
    report.write_text("old", encoding="utf-8")

    def broken(src: str, dst: str) -> None:
        raise failure

    monkeypatch.setattr(os, "replace", broken)
    with pytest.raises((UsageError, KeyboardInterrupt)) as caught:
        write_output(report, "new")
    if isinstance(failure, OSError):
        assert str(caught.value) == f"{report}: cannot write (No space left on device)"
    assert report.read_text(encoding="utf-8") == "old"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["report.md"]


def test_simulate_never_writes_over_its_profile(
    capsys: pytest.CaptureFixture[str], profile: Path
) -> None:
    before = profile.read_bytes()
    code, _, err = advisor(capsys, "simulate", profile, "--all", "-o", profile)
    assert (code, profile.read_bytes()) == (2, before)
    assert "an input of this run" in err
