"""The HTML reports in a real browser: figures load, tables render, links resolve, no console errors.

Headless Chromium (Debian: ``apt-get install -y chromium``) is driven over the Chrome DevTools
Protocol with ``websocket-client`` (already a Jupyter dependency): the test reads the page's
state with ``Runtime.evaluate`` and collects console messages, uncaught exceptions and failed
loads from ``Runtime``/``Log`` events. Every host name resolves to nothing, so a page that needs
the network shows up as a console error. State lives in a temporary profile, never in $HOME.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import time
from pathlib import Path

import pandas as pd
import pytest

from analysis.figures import plotting
from analysis.publish import html as report_html
from analysis.publish import report

CHROMIUM = next((p for p in map(shutil.which, ("chromium", "chromium-browser", "google-chrome")) if p), None)
pytestmark = pytest.mark.skipif(CHROMIUM is None, reason="no Chromium: apt-get install -y chromium")
PAGE_STATE = """(async () => {
  await Promise.all([...document.images].map(i => i.decode().catch(() => null)));
  return {
    images: [...document.images].map(i => ({complete: i.complete, width: i.naturalWidth})),
    tables: [...document.querySelectorAll('table')].map(t => t.rows.length),
    links: [...document.querySelectorAll('a[href]')].map(a => a.getAttribute('href')),
    missingAnchors: [...document.querySelectorAll('a[href^="#"]')].map(a => a.getAttribute('href'))
      .filter(h => !document.getElementById(h.slice(1))
                   && !document.getElementById(decodeURIComponent(h.slice(1)))),
    pwned: typeof window.__pwned,
    text: document.body.innerText,
  };
})()"""


class Browser:
    """One headless Chromium with a DevTools websocket to its first page."""

    def __init__(self, profile: Path, reachable: str = ""):
        """``reachable``: one host that still resolves (e.g. '127.0.0.1' for a local server)."""
        import websocket

        self.proc = subprocess.Popen(
            [
                CHROMIUM,
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--disable-extensions",
                "--host-resolver-rules=MAP * ~NOTFOUND" + (f", EXCLUDE {reachable}" if reachable else ""),
                "--remote-debugging-port=0",
                "--remote-allow-origins=*",
                f"--user-data-dir={profile}",
                "about:blank",
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        port_file = profile / "DevToolsActivePort"
        deadline = time.monotonic() + 30
        while not (port_file.exists() and len(port_file.read_text().split()) >= 2):
            if time.monotonic() > deadline or self.proc.poll() is not None:
                self.close()
                raise RuntimeError("Chromium did not open its DevTools port")
            time.sleep(0.1)
        port, browser_path = port_file.read_text().split()[:2]
        self.ws = websocket.create_connection(
            f"ws://127.0.0.1:{port}{browser_path}", timeout=60, suppress_origin=True
        )
        self.next_id = 0
        self.events: list[dict] = []
        target = self.call("Target.createTarget", url="about:blank")["targetId"]
        self.session = self.call("Target.attachToTarget", targetId=target, flatten=True)["sessionId"]
        for domain in ("Page", "Runtime", "Log"):
            self.call(f"{domain}.enable", session=True)

    def call(self, method: str, session: bool = False, **params) -> dict:
        """Send one DevTools command and return its result (events meanwhile go to self.events)."""
        self.next_id += 1
        message = {"id": self.next_id, "method": method, "params": params}
        if session:
            message["sessionId"] = self.session
        self.ws.send(json.dumps(message))
        while True:
            reply = json.loads(self.ws.recv())
            if reply.get("id") == self.next_id:
                if "error" in reply:
                    raise RuntimeError(f"{method}: {reply['error']}")
                return reply["result"]
            self.events.append(reply)

    def open(self, url: str) -> tuple[dict, list[str]]:
        """Load ``url``; return (page state, console errors) once the load event fired."""
        self.events = []
        self.call("Page.navigate", session=True, url=url)
        while not any(e.get("method") == "Page.loadEventFired" for e in self.events):
            self.events.append(json.loads(self.ws.recv()))
        state = self.call(
            "Runtime.evaluate", session=True, expression=PAGE_STATE, awaitPromise=True, returnByValue=True
        )["result"]["value"]
        return state, _errors(self.events)

    def close(self) -> None:
        """Stop the browser we started."""
        if getattr(self, "ws", None):
            self.ws.close()
        self.proc.terminate()
        try:
            self.proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()


def _errors(events: list[dict]) -> list[str]:
    """Return console errors, uncaught exceptions and failed loads found in DevTools events."""
    found = []
    for e in events:
        method, params = e.get("method"), e.get("params", {})
        if method == "Runtime.consoleAPICalled" and params.get("type") in ("error", "assert"):
            found.append(" ".join(str(a.get("value", a.get("description"))) for a in params.get("args", [])))
        elif method == "Runtime.exceptionThrown":
            found.append(params["exceptionDetails"].get("text", "exception"))
        elif method == "Log.entryAdded" and params["entry"].get("level") == "error":
            found.append(f"{params['entry'].get('text')} {params['entry'].get('url', '')}")
    return found


@pytest.fixture(scope="session")
def reports(tmp_path_factory) -> Path:
    """Return a folder with every report built afresh (default parameters)."""
    out = tmp_path_factory.mktemp("browser") / "reports"
    report.build_reports(out_dir=out)
    return out


@pytest.fixture(scope="module")
def browser(tmp_path_factory):
    chromium = Browser(tmp_path_factory.mktemp("chromium-profile"))
    yield chromium
    chromium.close()


def test_index_lists_every_report_and_its_links_resolve(reports, browser):
    state, errors = browser.open((reports / "index.html").as_uri())
    assert errors == []
    pages = sorted(p.name for p in reports.glob("[0-9][0-9]_*.html"))
    assert pages and sorted(state["links"]) == pages
    assert all((reports / link).is_file() for link in state["links"])


def test_every_report_renders_offline(reports, browser):
    for page in sorted(reports.glob("[0-9][0-9]_*.html")):
        state, errors = browser.open(page.as_uri())
        assert errors == [], page.name
        assert state["images"], f"{page.name}: no figure"
        assert all(i["complete"] and i["width"] > 0 for i in state["images"]), f"{page.name}: broken figure"
        assert state["tables"] and all(rows > 1 for rows in state["tables"]), f"{page.name}: empty table"
        local = [link for link in state["links"] if not link.startswith(("http://", "https://", "#"))]
        assert local and all((reports / link).is_file() for link in local), page.name
        assert state["missingAnchors"] == [], page.name
        assert "Figure size" not in state["text"]


def test_script_in_data_does_not_execute(tmp_path, browser):
    hostile = '<script>window.__pwned=1</script><img src=x onerror="window.__pwned=2">'
    table = plotting.table_html(pd.DataFrame({"country_name": [hostile], "value": [1.0]}))
    finding = report_html.index_html(
        [{"file": "x.html", "title": hostile, "question": hostile, "finding": f"**bold** {hostile}"}]
    )
    page = tmp_path / "hostile.html"
    page.write_text(finding.replace("</body>", table + "\n</body>"), encoding="utf-8")
    state, errors = browser.open(page.as_uri())
    assert state["pwned"] == "undefined"
    assert errors == []
    assert "<script>window.__pwned=1</script>" in state["text"]  # shown as text, not run
