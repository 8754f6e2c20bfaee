"""The HTML report as people see it: each bundled example opened in headless Chromium.

Two runs per example. The report itself, as written, is screenshot at 1280 × 1000 px with
Chromium's console logged to standard error: any console message (a script error, something
the Content-Security-Policy blocked) fails the test. A copy with a small probe script (and
without the CSP, which would block it) records where the score, the first three actions and
the charts lie; ``--dump-dom`` returns the result. Skipped without Chromium, except on CI
(``CI=true``), where a missing browser fails. ``ADVISOR_UPDATE_GOLDEN=1`` also rewrites the
screenshots kept in ``docs/img/``.
"""

from __future__ import annotations

import html
import json
import os
import re
import shutil
import struct
import subprocess
from pathlib import Path
from typing import Any

import pytest
from render_support import EXAMPLE_NAMES, ROOT, example, render

from advisor.render import Format

WIDTH, HEIGHT = 1280, 1000
SHOTS = ROOT / "docs" / "img"
UPDATE = os.environ.get("ADVISOR_UPDATE_GOLDEN") == "1"
_CSP = re.compile(r'<meta http-equiv="Content-Security-Policy"[^>]*>\n')
_PROBE = """<script>
const box = e => {
  const b = e.getBoundingClientRect(); return [b.top, b.bottom, b.width, b.height]; };
const all = q => [...document.querySelectorAll(q)];
const out = {width: window.innerWidth,
  charts: all('svg.chart').map(e => [e.id, ...box(e)]),
  score: all('.score').map(box), actions: all('li[data-rank]').map(box)};
const pre = document.createElement('pre'); pre.id = 'probe';
pre.textContent = JSON.stringify(out); document.body.appendChild(pre);
</script>
"""


def browser() -> str:
    """The Chromium binary; skips when absent, except on CI, where it fails."""
    found = shutil.which("chromium") or shutil.which("chromium-browser")
    if found:
        return found
    if os.environ.get("CI") == "true":
        pytest.fail("chromium is not installed on CI (.ci/run installs it)")
    pytest.skip("chromium is not installed")


def run(page: Path, tmp: Path, *args: str) -> subprocess.CompletedProcess[str]:
    """Chromium headless on *page*, with a profile folder of its own."""
    command = [browser(), "--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars",
               "--no-first-run", f"--user-data-dir={tmp / 'profile'}",
               f"--window-size={WIDTH},{HEIGHT}", *args, page.as_uri()]  # fmt: skip
    done = subprocess.run(command, capture_output=True, text=True, timeout=120, check=False)
    assert done.returncode == 0, done.stderr[-2000:]
    return done


def png_size(path: Path) -> tuple[int, int]:
    """Width and height from a PNG's IHDR chunk."""
    head = path.read_bytes()[:24]
    assert head[:8] == b"\x89PNG\r\n\x1a\n", f"{path} is not a PNG"
    width, height = struct.unpack(">II", head[16:24])
    return width, height


@pytest.mark.parametrize("name", EXAMPLE_NAMES)
def test_the_report_loads_without_a_console_message(name: str, tmp_path: Path) -> None:
    page = tmp_path / f"{name}.html"
    page.write_text(render(Format.html, example(name)), encoding="utf-8")
    shot = tmp_path / f"{name}.png"
    done = run(page, tmp_path, "--enable-logging=stderr", "--v=0", f"--screenshot={shot}")
    console = [line for line in done.stderr.splitlines() if ":CONSOLE" in line]
    assert not console, "\n".join(console)
    assert png_size(shot) == (WIDTH, HEIGHT)
    if UPDATE:
        SHOTS.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(shot, SHOTS / f"report-{name}.png")


def probe(name: str, tmp: Path) -> dict[str, Any]:
    """Where the first screen's parts lie in a 1280-px window, measured by the browser."""
    text = _CSP.sub("", render(Format.html, example(name)), count=1)
    page = tmp / f"{name}-probe.html"
    page.write_text(text.replace("</body>", _PROBE + "</body>"), encoding="utf-8")
    dom = run(page, tmp, "--dump-dom").stdout
    found = re.search(r'<pre id="probe">(.*?)</pre>', dom, re.S)
    assert found, "the probe script did not run"
    result: dict[str, Any] = json.loads(html.unescape(found.group(1)))
    return result


@pytest.mark.parametrize("name", EXAMPLE_NAMES)
def test_score_three_actions_and_three_charts_fit_the_first_screen(
    name: str, tmp_path: Path
) -> None:
    seen = probe(name, tmp_path)
    assert seen["width"] == WIDTH
    assert [c[0] for c in seen["charts"]] == ["r1-cover", "r1-plan", "r1-countries"]
    for chart_id, _top, bottom, width, height in seen["charts"]:
        assert width > 0 and height > 0, f"{chart_id} has no size"
        assert bottom <= HEIGHT, f"{chart_id} ends at {bottom:.0f} px"
    # the first three actions, or every action of a plan that has fewer
    assert len(seen["actions"]) == min(3, len(example(name).recommendations))
    for part in [*seen["score"], *seen["actions"]]:
        assert part[2] > 0 and part[3] > 0 and part[1] <= HEIGHT


def test_the_docs_keep_a_screenshot_of_every_example() -> None:
    for name in EXAMPLE_NAMES:
        shot = SHOTS / f"report-{name}.png"
        assert shot.exists(), f"{shot} missing: ADVISOR_UPDATE_GOLDEN=1 pytest {__file__}"
        assert png_size(shot) == (WIDTH, HEIGHT)
    assert "docs/img/report-" in (ROOT / "README.md").read_text(encoding="utf-8")
