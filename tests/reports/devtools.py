"""Headless Chromium driven over the DevTools protocol (websocket-client), for tests that look at
the report as a person would: navigate to a file, take a full-page screenshot, and ask the page
where a text is drawn and whether it can be seen."""

from __future__ import annotations

import base64
import contextlib
import itertools
import json
import subprocess
import time
import urllib.request
from pathlib import Path
from types import TracebackType
from typing import Any

import websocket

FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--hide-scrollbars",
    "--remote-debugging-port=0",
]
# The browser's own port on this machine: never through a proxy the environment may name.
LOCAL = urllib.request.build_opener(urllib.request.ProxyHandler({}))
START_SECONDS = 30.0
CALL_SECONDS = 60.0

# Every visible box a text is drawn in: a Range around each occurrence in a text node, kept only
# when the node's element is rendered (not display:none, visibility:hidden or transparent).
FIND_TEXT = """
(needle) => {
  const boxes = [];
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    let at = node.data.indexOf(needle);
    while (at >= 0) {
      const range = document.createRange();
      range.setStart(node, at);
      range.setEnd(node, at + needle.length);
      const box = range.getBoundingClientRect();
      const element = node.parentElement;
      const style = getComputedStyle(element);
      boxes.push({
        x: box.left + window.scrollX, y: box.top + window.scrollY,
        width: box.width, height: box.height,
        visible: element.checkVisibility({opacityProperty: true, visibilityProperty: true})
          && style.display !== "none" && parseFloat(style.opacity) > 0,
        color: style.color,
      });
      at = node.data.indexOf(needle, at + needle.length);
    }
  }
  return boxes;
}
"""


class HeadlessChromium:
    """One Chromium process and a DevTools session on its first page; a context manager."""

    def __init__(self, browser: str, profile: Path) -> None:
        self._browser = browser
        self._profile = profile
        self._process: subprocess.Popen[bytes] | None = None
        self._socket: websocket.WebSocket | None = None
        self._ids = itertools.count(1)
        self.events: list[dict[str, Any]] = []

    def __enter__(self) -> HeadlessChromium:
        self._profile.mkdir(parents=True, exist_ok=True)
        self._process = subprocess.Popen(
            [self._browser, *FLAGS, f"--user-data-dir={self._profile}", "about:blank"],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        port = self._debugging_port()
        self._socket = websocket.create_connection(
            self._page_socket(port), timeout=CALL_SECONDS, http_no_proxy=["127.0.0.1"]
        )
        self.call("Page.enable")
        self.call("Runtime.enable")
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        trace: TracebackType | None,
    ) -> None:
        if self._socket is not None:
            with contextlib.suppress(websocket.WebSocketException, OSError):
                self._socket.close()
        if self._process is not None:
            self._process.terminate()
            try:
                self._process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self._process.kill()
                self._process.wait(timeout=10)

    def call(self, method: str, **params: Any) -> dict[str, Any]:
        """Send one DevTools command and return its result; events meanwhile go to `events`."""
        assert self._socket is not None
        ident = next(self._ids)
        self._socket.send(json.dumps({"id": ident, "method": method, "params": params}))
        while True:
            message = json.loads(self._socket.recv())
            if message.get("id") == ident:
                if "error" in message:
                    raise RuntimeError(f"{method}: {message['error']}")
                return dict(message.get("result") or {})
            self.events.append(message)

    def open(self, url: str, width: int) -> int:
        """Load `url` at `width` CSS pixels and stretch the viewport over the whole page;
        returns the page's height."""
        self.call(
            "Emulation.setDeviceMetricsOverride",
            width=width,
            height=800,
            deviceScaleFactor=1,
            mobile=False,
        )
        self.call("Page.navigate", url=url)
        self._wait_for("Page.loadEventFired")
        height = int(self.evaluate("document.documentElement.scrollHeight"))
        self.call(
            "Emulation.setDeviceMetricsOverride",
            width=width,
            height=height,
            deviceScaleFactor=1,
            mobile=False,
        )
        return height

    def screenshot(self) -> bytes:
        """The viewport (the whole page after `open`) as PNG bytes."""
        return base64.b64decode(self.call("Page.captureScreenshot", format="png")["data"])

    def evaluate(self, expression: str) -> Any:
        """The value of a JavaScript expression in the page."""
        result = self.call("Runtime.evaluate", expression=expression, returnByValue=True)
        if "exceptionDetails" in result:
            raise RuntimeError(f"page script failed: {result['exceptionDetails']}")
        return result["result"].get("value")

    def text_boxes(self, text: str) -> list[dict[str, Any]]:
        """Where `text` is drawn (page coordinates in CSS pixels) and whether it can be seen."""
        return list(self.evaluate(f"({FIND_TEXT})({json.dumps(text)})") or [])

    def page_errors(self) -> list[dict[str, Any]]:
        """Uncaught script errors and console errors the page produced."""
        return [
            event
            for event in self.events
            if event.get("method") == "Runtime.exceptionThrown"
            or (
                event.get("method") == "Runtime.consoleAPICalled"
                and event["params"].get("type") == "error"
            )
        ]

    def _wait_for(self, event_name: str) -> None:
        assert self._socket is not None
        if any(event.get("method") == event_name for event in self.events):
            return
        while True:
            message = json.loads(self._socket.recv())
            self.events.append(message)
            if message.get("method") == event_name:
                return

    def _debugging_port(self) -> int:
        """The port Chromium chose, from the DevToolsActivePort file it writes in the profile."""
        active = self._profile / "DevToolsActivePort"
        deadline = time.monotonic() + START_SECONDS
        while time.monotonic() < deadline:
            assert self._process is not None
            if self._process.poll() is not None:
                raise RuntimeError(f"chromium exited with {self._process.returncode}")
            lines = active.read_text().splitlines() if active.exists() else []
            if lines and lines[0].isdigit():
                return int(lines[0])
            time.sleep(0.05)
        raise RuntimeError("chromium did not open its DevTools port")

    def _page_socket(self, port: int) -> str:
        """The DevTools websocket of the browser's first page."""
        deadline = time.monotonic() + START_SECONDS
        while time.monotonic() < deadline:
            with LOCAL.open(f"http://127.0.0.1:{port}/json/list", timeout=5) as answer:
                targets = json.loads(answer.read())
            pages = [t for t in targets if t.get("type") == "page"]
            if pages:
                return str(pages[0]["webSocketDebuggerUrl"])
            time.sleep(0.05)
        raise RuntimeError("chromium opened no page")
