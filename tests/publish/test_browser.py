"""The HTML reports in a real browser: figures load, tables render, links resolve, no console errors,
data text cannot run or fetch anything, contents and previous/next links work, wide tables fit.

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
from importlib.metadata import version
from pathlib import Path

import nbformat
import pandas as pd
import pytest
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook, new_output

from analysis.core.text import markdown_escape
from analysis.figures import plotting
from analysis.publish import facts, notebooks, report
from analysis.publish import html as report_html
from analysis.sources.catalogue import sources_frame

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
    toc: [...document.querySelectorAll('.g2g-toc a')].map(a => a.getAttribute('href')),
    headings: [...document.querySelectorAll('main h2[id], main h3[id]')].map(h => '#' + h.id),
    prev: [...document.querySelectorAll('a[rel=prev]')].map(a => a.getAttribute('href')),
    next: [...document.querySelectorAll('a[rel=next]')].map(a => a.getAttribute('href')),
    // a table is cut off when it reaches past the window or an element around it scrolls
    cutTables: [...document.querySelectorAll('table')].filter(t => {
      if (t.getBoundingClientRect().right > document.documentElement.clientWidth + 1) return true;
      for (let e = t.parentElement; e; e = e.parentElement)
        if (e.scrollWidth > e.clientWidth + 1 && getComputedStyle(e).overflowX !== 'visible') return true;
      return false;
    }).map(t => t.rows[0].innerText.slice(0, 60)),
    scriptLinks: [...document.querySelectorAll('a[href]:not([download])')].map(a => a.getAttribute('href'))
      .filter(h => !/^(https?:|#|[\\w.-]+\\.html$)/i.test(h.trim())),
    otherImages: [...document.images].map(i => i.getAttribute('src') || '')
      .filter(s => !s.startsWith('data:image/png;base64,')),
    markup: document.querySelectorAll(HOSTILE_MARKUP).length,
    styledUrls: [...document.querySelectorAll('main [style]')]
      .filter(e => /url\\(/i.test(e.getAttribute('style'))).length,
  };
})()""".replace(
    "HOSTILE_MARKUP",
    repr(
        ", ".join(
            f"main {t}"
            for t in "svg math iframe object embed form script [onerror] [onload] [onclick]".split()
        )
    ),
)
# Click every link that stays on the page or goes nowhere (no default prevented: a javascript: one would run).
CLICK_EVERY_LINK = """[...document.querySelectorAll('a:not([download])')]
  .filter(a => !/^(https?:|[\\w.-]+\\.html$)/i.test(a.getAttribute('href') || ''))
  .forEach(a => a.click()); typeof window.__pwned"""
# Every way in for data text: Markdown link and image, raw HTML with handlers, data: and mixed-case
# javascript: addresses, SVG with onload, a style loading a remote image, an autolink, entities.
HOSTILE = (
    "[x](javascript:window.__pwned=1) ![x](http://example.com/x.png) "
    '<img src=x onerror="window.__pwned=2"> <a href="data:text/html,<script>window.__pwned=3</script>">d</a> '
    '<svg onload="window.__pwned=4"><circle r="9"/></svg> <a href=" JaVaScRiPt:window.__pwned=5">j</a> '
    '<span style="background:url(http://example.com/y.png)">s</span> <javascript:window.__pwned=6> '
    "[r][ref] &#106;avascript:window.__pwned=7\n\n[ref]: javascript:window.__pwned=8 "
    '<a href="data:text/csv;base64,YSxi" download="x.csv">csv</a> <math><mi>x</mi></math>'
)


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
        for domain in ("Page", "Runtime", "Log", "Network"):
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
        state = self.evaluate(PAGE_STATE)
        return state, _errors(self.events)

    def evaluate(self, expression: str):
        """Return the value of a JavaScript expression in the page (promises awaited)."""
        reply = self.call(
            "Runtime.evaluate", session=True, expression=expression, awaitPromise=True, returnByValue=True
        )
        return reply["result"]["value"]

    def requests(self) -> list[str]:
        """Return the addresses the page asked for beyond itself (not file: or data:) since it opened."""
        urls = [
            e["params"]["request"]["url"]
            for e in self.events
            if e.get("method") == "Network.requestWillBeSent"
        ]
        return [u for u in urls if not u.startswith(("file:", "data:"))]

    def width(self, pixels: int) -> None:
        """Set the window width (CSS pixels) for the pages opened after."""
        self.call(
            "Emulation.setDeviceMetricsOverride",
            session=True,
            width=pixels,
            height=900,
            deviceScaleFactor=1,
            mobile=False,
        )

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
    files = [link for link in state["links"] if not link.startswith("#")]
    assert pages and sorted(files) == pages
    assert all((reports / link).is_file() for link in files)
    assert [link for link in state["links"] if link.startswith("#")] == ["#data-vintage"]
    assert state["missingAnchors"] == []


def test_index_shows_version_build_date_vintages_and_parameters(reports, browser):
    state, _ = browser.open((reports / "index.html").as_uri())
    assert f"Project version {version('gigs-to-growth')}." in state["text"]
    built, built_from = facts.built_date(sources_frame())
    assert f"Built {built} ({built_from})." in state["text"]
    for row in sources_frame().itertuples(index=False):  # each source's vintage, on its own row
        assert f"{row.publisher}\t{row.title}\t{row.years}\t{row.vintage}\t{row.source}" in state["text"]
    for path in notebooks.notebook_paths():
        used = facts.parameter_values(notebooks.read(path))
        assert used, path.name
        shown = "; ".join(f"{name} = {value}" for name, value in used)
        assert f"Parameters used: {shown}" in state["text"], path.name


def test_every_report_renders_offline(reports, browser):
    browser.width(1280)
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
        assert browser.requests() == [], page.name


def test_every_report_opens_with_contents_that_reach_each_section(reports, browser):
    for page in sorted(reports.glob("[0-9][0-9]_*.html")):
        state, _ = browser.open(page.as_uri())
        assert state["toc"] and state["toc"] == state["headings"], page.name  # every h2/h3, in order
        assert "#Sources" in state["toc"], page.name
        assert state["missingAnchors"] == [], page.name
        assert state["text"].index("Contents") < state["text"].index("Sources"), page.name


def test_previous_and_next_links_walk_the_numbered_reports_in_order(reports, browser):
    pages = sorted(p.name for p in reports.glob("[0-9][0-9]_*.html"))
    for i, name in enumerate(pages):
        state, _ = browser.open((reports / name).as_uri())
        assert state["prev"] == pages[max(i - 1, 0) : i], name
        assert state["next"] == pages[i + 1 : i + 2], name
        assert all((reports / link).is_file() for link in state["prev"] + state["next"])


@pytest.mark.parametrize("pixels", [1280, 1100])  # a laptop; tables with long codes need ~1050 px
def test_wide_tables_are_shown_whole_on_screen(reports, browser, pixels):
    browser.width(pixels)
    for page in sorted(reports.glob("[0-9][0-9]_*.html")):
        state, _ = browser.open(page.as_uri())
        assert state["cutTables"] == [], f"{page.name} at {pixels} px"


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


def _hostile_notebook(path: Path) -> Path:
    """Write a notebook whose outputs carry HOSTILE through every display path; return its path."""
    finding = {"text/markdown": markdown_escape(HOSTILE, keep="*"), "text/plain": HOSTILE}  # show_finding's
    table = {"text/html": plotting.table_html(pd.DataFrame({"claim": [HOSTILE]})), "text/plain": HOSTILE}
    nb = new_notebook(
        cells=[
            new_markdown_cell("# Hostile\n\n**Question:** does data text stay inert?"),
            new_code_cell("", outputs=[new_output("display_data", data=finding)]),
            new_code_cell("", outputs=[new_output("display_data", data=table)]),
            # a notebook that forgot to escape: the allow-list alone must hold
            new_code_cell("", outputs=[new_output("display_data", data={"text/markdown": HOSTILE})]),
            new_code_cell("", outputs=[new_output("display_data", data={"text/html": HOSTILE})]),
            new_markdown_cell("## Sources\n\n" + HOSTILE),
        ]
    )
    nbformat.write(nb, path)
    return path


def test_data_text_in_a_report_cannot_run_fetch_or_link_out(tmp_path, browser):
    nb = notebooks.read(_hostile_notebook(tmp_path / "01_hostile.ipynb"))
    page = tmp_path / "01_hostile.html"
    page.write_text(report_html.export_html(nb), encoding="utf-8")
    state, errors = browser.open(page.as_uri())
    assert browser.requests() == []  # no remote image, style or script was fetched
    assert state["pwned"] == "undefined" and errors == []
    assert (
        state["scriptLinks"] == [] and state["otherImages"] == []
    )  # no javascript:/data: link, no remote img
    assert state["markup"] == 0 and state["styledUrls"] == 0  # no svg/math/script/on* handler/url() style
    assert browser.evaluate(CLICK_EVERY_LINK) == "undefined"  # clicking what is left runs nothing
    assert "javascript:window.__pwned=1" in state["text"]  # the data text is shown, as text
    assert state["text"].count("onerror") >= 2  # escaped HTML is visible, not silently dropped
    csv = [h for h in state["links"] if h.startswith("data:text/csv")]
    assert (
        csv == ["data:text/csv;base64,YSxi"] * 3
    )  # a CSV download is kept (raw Markdown, HTML, Markdown cell)
