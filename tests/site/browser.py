"""Headless Chromium driven over the DevTools protocol (CDP), for the site's browser tests.

Why CDP through `websocket-client` rather than Playwright or Selenium: the tests need four things (open
a page, wait until its charts are drawn, read the DOM with a line of JavaScript, and hear every console
error, uncaught exception and failed load), and the DevTools protocol's stable domains (Target, Page,
Runtime, Log) give exactly those with one small pure-Python dependency. Playwright's wheel carries its
own Node.js runtime and is built against its own Chromium build, and Selenium needs a matching
chromedriver; Debian's `chromium` package alone is enough here.

One browser serves the whole test session; each `visit` reuses its one tab.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

CANDIDATES = ("chromium", "chromium-browser", "google-chrome", "chrome")


def find_chromium() -> str | None:
    """The Chromium executable: $CQC_LA_CHROMIUM, else the first of CANDIDATES on PATH."""
    given = os.environ.get("CQC_LA_CHROMIUM")
    if given:
        return given if Path(given).exists() else None
    return next((path for name in CANDIDATES if (path := shutil.which(name))), None)


@dataclass
class Visit:
    """What happened when a page was opened: its errors and whether it became ready."""

    url: str
    errors: list[str] = field(default_factory=list)
    requests: list[str] = field(default_factory=list)  # every URL the page asked for
    ready: bool = False
    seconds: float = 0.0


class BrowserError(RuntimeError):
    pass


class Browser:
    """A headless Chromium process and one tab, over CDP."""

    def __init__(
        self, executable: str, *, width: int = 1280, height: int = 1000, timeout: float = 30
    ) -> None:
        import websocket  # websocket-client

        self.timeout = timeout
        self.profile = Path(tempfile.mkdtemp(prefix="cqc-la-chromium-"))
        arguments = [
            executable,
            "--headless",
            "--disable-gpu",
            "--no-first-run",
            "--no-default-browser-check",
            "--disable-extensions",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--disable-dev-shm-usage",
            "--hide-scrollbars",
            "--mute-audio",
            f"--window-size={width},{height}",
            "--remote-debugging-port=0",
            f"--user-data-dir={self.profile}",
            "about:blank",
        ]
        if hasattr(os, "geteuid") and os.geteuid() == 0:
            arguments.insert(1, "--no-sandbox")  # Chromium refuses to run as root with its sandbox
        self.process = subprocess.Popen(arguments, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        endpoint = self._endpoint()
        self.socket = websocket.create_connection(endpoint, timeout=timeout, suppress_origin=True)
        self._id = 0
        self.events: list[dict[str, Any]] = []
        target = self.call("Target.createTarget", url="about:blank")["targetId"]
        self.session = self.call("Target.attachToTarget", targetId=target, flatten=True)["sessionId"]
        for domain in ("Page", "Runtime", "Log", "Network"):
            self.call(f"{domain}.enable", session=True)

    def _endpoint(self) -> str:
        port_file = self.profile / "DevToolsActivePort"
        deadline = time.monotonic() + self.timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise BrowserError(
                    f"chromium exited with status {self.process.returncode} before it listened"
                )
            try:
                port, path = port_file.read_text().split()[:2]
                return f"ws://127.0.0.1:{port}{path}"
            except (OSError, ValueError):
                time.sleep(0.05)
        raise BrowserError(f"chromium did not open its DevTools port within {self.timeout:g} s")

    def call(self, method: str, *, session: bool = False, **params: Any) -> dict[str, Any]:
        """Send one CDP command and return its result; events that arrive meanwhile are kept."""
        self._id += 1
        message: dict[str, Any] = {"id": self._id, "method": method, "params": params}
        if session:
            message["sessionId"] = self.session
        self.socket.send(json.dumps(message))
        deadline = time.monotonic() + self.timeout
        while time.monotonic() < deadline:
            reply = json.loads(self.socket.recv())
            if reply.get("id") == self._id:
                if "error" in reply:
                    raise BrowserError(f"{method}: {reply['error']}")
                return reply.get("result", {})
            self.events.append(reply)
        raise BrowserError(f"{method}: no answer within {self.timeout:g} s")

    def _wait_event(self, name: str, deadline: float) -> bool:
        """Read events until one called `name` has arrived (True) or `deadline` passes (False)."""
        try:
            while True:
                if any(event.get("method") == name for event in self.events):
                    return True
                left = deadline - time.monotonic()
                if left <= 0:
                    return False
                self.socket.settimeout(min(left, 0.5))
                try:
                    self.events.append(json.loads(self.socket.recv()))
                except Exception:  # noqa: BLE001 - a receive timeout: look again
                    continue
        finally:
            self.socket.settimeout(self.timeout)

    def evaluate(self, expression: str) -> Any:
        """The value of a JavaScript expression in the page (promises awaited)."""
        result = self.call(
            "Runtime.evaluate", session=True, expression=expression, returnByValue=True, awaitPromise=True
        )
        if "exceptionDetails" in result:
            raise BrowserError(f"{expression}: {result['exceptionDetails'].get('text')}")
        return result["result"].get("value")

    def visit(self, url: str, ready: str = "document.documentElement.dataset.charts !== 'pending'") -> Visit:
        """Open `url`, wait for its load event and then for `ready` to be true; collect its errors."""
        started = time.monotonic()
        self.events.clear()
        visit = Visit(url)
        navigation = self.call("Page.navigate", session=True, url=url)
        if navigation.get("errorText"):
            visit.errors.append(f"navigation failed: {navigation['errorText']}")
            return visit
        deadline = time.monotonic() + self.timeout
        if self._wait_event("Page.loadEventFired", deadline):
            while time.monotonic() < deadline:
                if self.evaluate(f"Boolean({ready})"):
                    visit.ready = True
                    break
                time.sleep(0.02)
        self._wait_event("__settle__", time.monotonic() + 0.05)  # let late console messages arrive
        visit.errors.extend(self.errors())
        visit.requests.extend(self.requests())
        visit.seconds = time.monotonic() - started
        return visit

    def errors(self) -> list[str]:
        """Console errors, uncaught exceptions and failed loads among the events seen so far."""
        found = []
        for event in self.events:
            method, params = event.get("method"), event.get("params", {})
            if method == "Runtime.exceptionThrown":
                details = params.get("exceptionDetails", {})
                text = details.get("exception", {}).get("description") or details.get("text")
                found.append(f"exception: {text}")
            elif method == "Runtime.consoleAPICalled" and params.get("type") in ("error", "assert"):
                found.append(
                    "console.error: "
                    + " ".join(str(a.get("value", a.get("description", ""))) for a in params.get("args", []))
                )
            elif method == "Log.entryAdded" and params.get("entry", {}).get("level") == "error":
                entry = params["entry"]
                found.append(f"log: {entry.get('text')} {entry.get('url', '')}".strip())
        return found

    def requests(self) -> list[str]:
        """URLs requested among the events seen so far."""
        return [
            event["params"]["request"]["url"]
            for event in self.events
            if event.get("method") == "Network.requestWillBeSent"
        ]

    def act(
        self, expression: str, ready: str = "document.documentElement.dataset.charts !== 'pending'"
    ) -> list[str]:
        """Run an interaction (JavaScript that clicks or chooses), wait for `ready`, and return the errors
        it caused."""
        self.events.clear()
        self.evaluate(expression)
        deadline = time.monotonic() + self.timeout
        while time.monotonic() < deadline and not self.evaluate(f"Boolean({ready})"):
            time.sleep(0.02)
        self._wait_event("__settle__", time.monotonic() + 0.05)
        return self.errors()

    def screenshot(self, path: Path, *, full_page: bool = False, width: int = 1280) -> None:
        """A PNG of the page (the whole page's height when `full_page`)."""
        params: dict[str, Any] = {"format": "png"}
        if full_page:
            height = int(self.evaluate("Math.ceil(document.documentElement.scrollHeight)"))
            params["clip"] = {"x": 0, "y": 0, "width": width, "height": height, "scale": 1}
            params["captureBeyondViewport"] = True
        import base64

        data = self.call("Page.captureScreenshot", session=True, **params)["data"]
        path.write_bytes(base64.b64decode(data))

    def close(self) -> None:
        try:
            self.call("Browser.close")
        except Exception:  # noqa: BLE001 - closing a browser that is already gone
            pass
        try:
            self.socket.close()
        finally:
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
            shutil.rmtree(self.profile, ignore_errors=True)
