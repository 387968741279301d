"""The HTML report in a real browser: filters, hostile law text, phone width, print.

Drives Debian's headless Chromium through the DevTools protocol over a pipe
(`--remote-debugging-pipe`: JSON messages ending in NUL on file descriptors 3
and 4), with a small client written here. Skipped when Chromium is absent.
Screenshots and the printed PDF are saved in the test's tmp dir; set
GAPCHECK_SCREENSHOTS=DIR to keep a copy for a human to look at.
"""

from __future__ import annotations

import base64
import json
import os
import select
import shutil
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from report_samples import ITEMS, peer, specimen

from gapcheck.report import render

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser") or shutil.which("google-chrome")
FLAGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
    "--disable-sync", "--no-first-run", "--hide-scrollbars", "--remote-debugging-pipe",
]
ALL = ["DP-01", "DP-22", "DP-30", "ET-05", "ET-07", "CP-04"]
VISIBLE = "[...document.querySelectorAll('article.item')].filter(a => !a.hidden && a.offsetParent !== null).map(a => a.id)"

pytestmark = pytest.mark.skipif(CHROMIUM is None, reason="Chromium is not installed (apt-get install chromium)")


class Browser:
    """Just enough of the DevTools protocol to load a page, run script, screenshot and print."""

    def __init__(self, profile: Path) -> None:
        to_browser, self._write = os.pipe()
        self._read, from_browser = os.pipe()
        # The shell maps our pipe ends to the descriptors 3 and 4 that Chromium expects.
        script = 'exec "$0" "$@" 3<&0 4>&1 0</dev/null 1>/dev/null'
        self.process = subprocess.Popen(
            ["sh", "-c", script, str(CHROMIUM), *FLAGS, f"--user-data-dir={profile}"],
            stdin=to_browser, stdout=from_browser, stderr=subprocess.DEVNULL,
        )
        os.close(to_browser)
        os.close(from_browser)
        self._buffer = b""
        self._id = 0
        target = self.call("Target.createTarget", url="about:blank")["targetId"]
        self.session = self.call("Target.attachToTarget", targetId=target, flatten=True)["sessionId"]

    def call(self, method: str, session: str | None = None, **params: Any) -> dict[str, Any]:
        self._id += 1
        message: dict[str, Any] = {"id": self._id, "method": method, "params": params}
        if session:
            message["sessionId"] = session
        os.write(self._write, json.dumps(message).encode() + b"\0")
        while True:
            reply = self._next(deadline=time.monotonic() + 30)
            if reply.get("id") == self._id:
                if "error" in reply:
                    raise RuntimeError(f"{method}: {reply['error']}")
                return reply["result"]

    def _next(self, deadline: float) -> dict[str, Any]:
        while b"\0" not in self._buffer:
            ready, _, _ = select.select([self._read], [], [], max(0.0, deadline - time.monotonic()))
            chunk = os.read(self._read, 1 << 20) if ready else b""
            if not chunk:
                raise RuntimeError("Chromium did not answer")
            self._buffer += chunk
        message, self._buffer = self._buffer.split(b"\0", 1)
        return json.loads(message)

    def page(self, method: str, **params: Any) -> dict[str, Any]:
        return self.call(method, self.session, **params)

    def evaluate(self, expression: str) -> Any:
        result = self.page("Runtime.evaluate", expression=expression, returnByValue=True, awaitPromise=True)
        if "exceptionDetails" in result:
            raise RuntimeError(f"{expression}: {result['exceptionDetails']}")
        return result["result"].get("value")

    def open(self, url: str) -> None:
        self.page("Page.navigate", url="about:blank")
        self.page("Page.navigate", url=url)
        deadline = time.monotonic() + 20
        while self.evaluate("document.readyState") != "complete" or self.evaluate("location.href") != url:
            if time.monotonic() > deadline:
                raise RuntimeError(f"{url} did not load")
            time.sleep(0.05)

    def screenshot(self, path: Path, width: int, mobile: bool = False) -> None:
        self.page("Emulation.setDeviceMetricsOverride", width=width, height=800, deviceScaleFactor=1, mobile=mobile)
        height = int(self.evaluate("document.documentElement.scrollHeight"))
        self.page("Emulation.setDeviceMetricsOverride", width=width, height=height, deviceScaleFactor=1, mobile=mobile)
        path.write_bytes(base64.b64decode(self.page("Page.captureScreenshot", format="png")["data"]))

    def close(self) -> None:
        try:
            self.call("Browser.close")
        except RuntimeError:
            pass
        os.close(self._write)
        os.close(self._read)
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()


@pytest.fixture(scope="module")
def report_url(tmp_path_factory: pytest.TempPathFactory) -> str:
    path = tmp_path_factory.mktemp("html") / "ardenia.html"
    path.write_text(render(specimen(), "html", items=ITEMS, peers=[peer()]), encoding="utf-8")
    return path.as_uri()


@pytest.fixture(scope="module")
def browser(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Browser]:
    chromium = Browser(tmp_path_factory.mktemp("profile"))
    yield chromium
    chromium.close()


def keep(path: Path) -> None:
    """Copy a screenshot where a human can look at it, when asked to."""
    folder = os.environ.get("GAPCHECK_SCREENSHOTS")
    if folder:
        Path(folder).mkdir(parents=True, exist_ok=True)
        shutil.copy(path, Path(folder) / path.name)


@pytest.mark.parametrize(
    ("fragment", "visible"),
    [
        ("", ALL),
        ("#status=missing", ["DP-30", "ET-07"]),
        ("#status=partial,missing&domain=data-protection", ["DP-22", "DP-30"]),
        ("#domain=e-transactions&status=met", ["ET-05"]),
        ("#domain=no-such-domain", ALL),
        ("#DP-22", ALL),
    ],
)
def test_report_browser_filters_from_address(browser: Browser, report_url: str, fragment: str, visible: list[str]) -> None:
    browser.open(report_url + fragment)
    assert browser.evaluate(VISIBLE) == visible


def test_report_browser_law_text_never_runs(browser: Browser, report_url: str) -> None:
    browser.open(report_url)
    assert browser.evaluate("document.documentElement.dataset.filters") == "ready"  # our own script ran
    assert browser.evaluate("document.title") == "Gap report: Ardenia <b>&</b>"
    assert browser.evaluate("document.body.getAttribute('data-pwned')") is None
    assert browser.evaluate("document.scripts.length") == 1
    assert browser.evaluate("document.querySelectorAll('img').length") == 0
    quote = browser.evaluate("document.querySelector('#DP-22 blockquote').textContent")
    assert "<script>document.title='pwned'" in quote
    assert browser.evaluate("document.querySelectorAll('#DP-22 > ul.evidence blockquote mark').length") == 3


def test_report_browser_clicks_filter_and_update_address(browser: Browser, report_url: str) -> None:
    browser.open(report_url)
    browser.evaluate("document.querySelector('input[name=status][value=met]').click()")
    assert browser.evaluate(VISIBLE) == ["DP-22", "DP-30", "ET-07", "CP-04"]
    assert browser.evaluate("location.hash") == "#status=partial,missing"
    assert browser.evaluate("document.querySelector('output.shown').textContent") == "Showing 4 of 6 items"
    browser.evaluate("const s = document.querySelector('select[name=domain]'); s.value = 'consumer-protection'; s.dispatchEvent(new Event('change', {bubbles: true}))")
    assert browser.evaluate(VISIBLE) == ["CP-04"]
    assert browser.evaluate("[...document.querySelectorAll('section.domain')].filter(s => !s.hidden).length") == 1
    browser.evaluate("document.querySelector('button[type=reset]').click()")
    time.sleep(0.1)
    assert browser.evaluate(VISIBLE) == ALL
    assert browser.evaluate("location.hash") == ""


def test_report_browser_screenshots(browser: Browser, report_url: str, tmp_path: Path) -> None:
    browser.open(report_url)
    for name, width, mobile in [("desktop", 1280, False), ("phone", 390, True)]:
        shot = tmp_path / f"report-{name}.png"
        browser.screenshot(shot, width, mobile)
        assert shot.stat().st_size > 10_000
        keep(shot)
        # Nothing wider than the screen: the page is readable without sideways scrolling.
        assert browser.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    browser.page("Emulation.clearDeviceMetricsOverride")


def test_report_browser_print(browser: Browser, report_url: str, tmp_path: Path) -> None:
    browser.open(report_url)
    browser.page("Emulation.setEmulatedMedia", media="print")
    assert browser.evaluate("getComputedStyle(document.querySelector('form.filters')).display") == "none"
    browser.page("Emulation.setEmulatedMedia", media="")
    assert browser.evaluate("document.querySelector('#DP-01 details.more').open") is False
    pdf = tmp_path / "report-print.pdf"
    pdf.write_bytes(base64.b64decode(browser.page("Page.printToPDF", paperWidth=8.27, paperHeight=11.69)["data"]))
    assert browser.evaluate("document.querySelector('#DP-01 details.more').open") is True  # folded quotes are printed
    assert pdf.read_bytes().startswith(b"%PDF")
    keep(pdf)
    if shutil.which("pdftoppm"):
        subprocess.run(["pdftoppm", "-r", "60", "-png", str(pdf), str(tmp_path / "report-print")], check=True)
        pages = sorted(tmp_path.glob("report-print*.png"))
        assert pages
        for page in pages:
            keep(page)
