"""Pages in a real headless Chromium (Debian ``chromium``), driven over the DevTools protocol.

Pages load, the browser reports no console errors or uncaught exceptions, every
internal link resolves, the query page runs a query with its own JavaScript,
and screenshots are kept in tests/artifacts/ (gitignored).
"""

from __future__ import annotations

import base64
import itertools
import json
import shutil
import subprocess
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from serve_fixtures import BASE, DRAFT, WORK, Server, dataset_dir, free_port, server  # noqa: F401  (fixtures)

websocket = pytest.importorskip("websocket", reason="websocket-client is in the test extra")
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
ARTIFACTS = Path(__file__).resolve().parent / "artifacts"


class Browser:
    """A headless Chromium and one page, spoken to over the DevTools websocket."""

    def __init__(self) -> None:
        self.profile = tempfile.mkdtemp(prefix="lod-chromium-")
        self.port = free_port()
        self.proc = subprocess.Popen(
            [CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
             "--disable-sync", "--no-first-run", "--disable-dev-shm-usage", f"--user-data-dir={self.profile}",
             f"--remote-debugging-port={self.port}", "--window-size=1200,1400", "about:blank"],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        )
        deadline = time.monotonic() + 30
        ws_url = None
        while time.monotonic() < deadline and ws_url is None:
            try:
                targets = httpx.get(f"http://127.0.0.1:{self.port}/json/list", timeout=1).json()
                ws_url = next(t["webSocketDebuggerUrl"] for t in targets if t["type"] == "page")
            except (httpx.HTTPError, StopIteration, ValueError):
                time.sleep(0.2)
        if ws_url is None:
            self.close()
            raise RuntimeError("chromium did not open its DevTools port")
        self.ws = websocket.create_connection(ws_url, timeout=30, suppress_origin=True)
        self.ids = itertools.count(1)
        self.events: list[dict[str, Any]] = []
        for domain in ("Page", "Runtime", "Log"):
            self.call(f"{domain}.enable")

    def call(self, method: str, **params: Any) -> dict[str, Any]:
        msg_id = next(self.ids)
        self.ws.send(json.dumps({"id": msg_id, "method": method, "params": params}))
        while True:
            msg = json.loads(self.ws.recv())
            if msg.get("id") == msg_id:
                if "error" in msg:
                    raise RuntimeError(f"{method}: {msg['error']}")
                return msg.get("result", {})
            self.events.append(msg)

    def wait_event(self, name: str, timeout: float = 15) -> None:
        deadline = time.monotonic() + timeout
        if any(e.get("method") == name for e in self.events):
            return
        while time.monotonic() < deadline:
            msg = json.loads(self.ws.recv())
            self.events.append(msg)
            if msg.get("method") == name:
                return
        raise TimeoutError(name)

    def open(self, url: str) -> None:
        self.events.clear()
        self.call("Page.navigate", url=url)
        self.wait_event("Page.loadEventFired")

    def js(self, expression: str) -> Any:
        result = self.call("Runtime.evaluate", expression=expression, returnByValue=True, awaitPromise=True)
        if "exceptionDetails" in result:
            raise RuntimeError(result["exceptionDetails"])
        return result["result"].get("value")

    def errors(self) -> list[str]:
        """Console errors, uncaught exceptions and failed loads seen since the last ``open``."""
        found = []
        for e in self.events:
            m, p = e.get("method"), e.get("params", {})
            if m == "Runtime.exceptionThrown":
                found.append(json.dumps(p["exceptionDetails"])[:300])
            elif m == "Runtime.consoleAPICalled" and p.get("type") in ("error", "assert"):
                found.append(json.dumps(p.get("args"))[:300])
            elif m == "Log.entryAdded" and p["entry"]["level"] == "error":
                found.append(p["entry"].get("text", "") + " " + p["entry"].get("url", ""))
        return found

    def screenshot(self, name: str) -> Path:
        ARTIFACTS.mkdir(exist_ok=True)
        data = self.call("Page.captureScreenshot", format="png", captureBeyondViewport=True)["data"]
        path = ARTIFACTS / name
        path.write_bytes(base64.b64decode(data))
        return path

    def close(self) -> None:
        try:
            self.ws.close()
        except Exception:  # noqa: BLE001 - best effort on teardown
            pass
        self.proc.terminate()
        try:
            self.proc.wait(10)
        except subprocess.TimeoutExpired:
            self.proc.kill()
        shutil.rmtree(self.profile, ignore_errors=True)


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    if not Path(CHROMIUM).exists():
        pytest.skip("chromium is not installed (.ci/run installs the Debian package)")
    b = Browser()
    try:
        yield b
    finally:
        b.close()


def local(server: Server, iri: str) -> str:
    return server.url + iri[len(BASE):]


PAGES = [("home", ""), ("resolution-en", WORK + "/eng@"), ("resolution-fr", WORK + "/fra@"), ("draft-fr", DRAFT + "/fra@"),
         ("paragraph", WORK + "/eng@/!main~para_2"), ("work-portion", WORK + "/!main~para_1"), ("search", "search?q=traite"),
         ("browse", "browse?year=2019"), ("void", ".well-known/void"), ("ontology", "ontology"), ("sparql", "sparql")]


@pytest.mark.parametrize(("name", "target"), PAGES, ids=[p[0] for p in PAGES])
def test_page_loads_without_console_errors_and_links_resolve(browser: Browser, server: Server, name: str, target: str) -> None:
    url = local(server, target) if target.startswith(BASE) else server.url + target
    browser.open(url)
    assert browser.js("document.readyState") == "complete"
    assert browser.js("document.body.innerText.length") > 100
    if name != "ontology":  # the ontology page is the build's own HTML (ontology/index.html)
        assert browser.js("document.querySelector('main') !== null")
        assert browser.js("getComputedStyle(document.querySelector('header.site')).display") == "flex"  # the CSS loaded
    assert browser.errors() == []
    shot = browser.screenshot(f"{name}.png")
    assert shot.stat().st_size > 5_000
    links = browser.js("Array.from(document.querySelectorAll('a[href]')).map(a => a.href)")
    internal = sorted({h.split("#")[0] for h in links if h.startswith(server.url)})
    assert internal
    for href in internal:
        r = httpx.get(href, headers={"Accept": "text/html"}, follow_redirects=True, timeout=10)
        assert r.status_code == 200, (name, href)


def test_document_page_in_the_browser(browser: Browser, server: Server) -> None:
    browser.open(local(server, WORK + "/eng@") + "#para_2__list_1__point_b")
    assert browser.js("document.querySelector(':target').id") == "para_2__list_1__point_b"
    assert browser.js("document.querySelectorAll('.operative .part').length") == 4
    assert browser.js("document.querySelector('html').lang") == "en"
    browser.js("document.querySelector('nav.languages a[hreflang=fr]').click()")
    browser.wait_event("Page.loadEventFired")
    time.sleep(0.2)
    assert browser.js("document.querySelector('html').lang") == "fr"
    assert browser.errors() == []


def test_query_page_runs_a_query(browser: Browser, server: Server) -> None:
    browser.open(server.url + "sparql")
    browser.js("document.getElementById('examples').value = '0'; document.getElementById('examples').dispatchEvent(new Event('change'))")
    assert "dcterms:identifier" in browser.js("document.getElementById('query').value")
    browser.js("document.getElementById('run').click()")
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline and not browser.js("document.querySelectorAll('#results tbody tr').length"):
        time.sleep(0.1)
    assert browser.js("document.querySelectorAll('#results tbody tr').length") == 4  # one row per language version
    assert "row(s)" in browser.js("document.getElementById('status').textContent")
    # dataset IRIs in results open on this server
    first = browser.js("document.querySelector('#results tbody a').href")
    assert first.startswith(server.url) and httpx.get(first, headers={"Accept": "text/html"}, follow_redirects=True).status_code == 200
    browser.screenshot("sparql-results.png")
    # a syntax error is shown, not thrown
    browser.js("document.getElementById('query').value = 'SELECT * WHERE {'; document.getElementById('run').click()")
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline and not browser.js("document.querySelector('#results .error') !== null"):
        time.sleep(0.1)
    assert "syntax" in browser.js("document.querySelector('#results .error').textContent").lower()
    assert [e for e in browser.errors() if "400" not in e] == []  # the browser logs the 400 response itself


def test_hidden_paragraph_links_take_no_line(browser: Browser, server: Server) -> None:
    """The ¶ link of a paragraph or point is hidden until hovered: it must not wrap onto a line of its own
    nor widen any part, and the closing ' ;' of a French point stays on the line of its last word (between
    points f) and g) of the seed's paragraph 13 a line held only ';' and the hidden ¶), at every width."""
    browser.open(local(server, DRAFT + "/fra@"))
    wrapped = []
    try:
        for width in range(360, 1240, 20):  # wherever a line happens to end
            browser.call("Emulation.setDeviceMetricsOverride", width=width, height=1000, deviceScaleFactor=1, mobile=False)
            wrapped += browser.js("""Array.from(document.querySelectorAll('.part')).map(p => {
                const span = p.querySelector(':scope > .text');
                const text = span.getBoundingClientRect();
                const mark = p.querySelector(':scope > a.self').getBoundingClientRect();
                // the closing mark (' ;' in French) on the line of the word before it, not alone on a line
                const node = Array.from(span.childNodes).filter(n => n.nodeType === 3).pop();
                let alone = 0;
                if (node && /\s[;:!?]$/.test(node.data) && node.data.length > 3) {
                    const at = (i) => { const r = document.createRange(); r.setStart(node, i); r.setEnd(node, i + 1); return r.getBoundingClientRect().top; };
                    alone = Math.round(at(node.data.length - 1) - at(node.data.length - 3));
                }
                return [%d, p.id, Math.round(mark.top - text.bottom), Math.round(mark.right - p.getBoundingClientRect().right), alone];
            }).filter(([w, id, below, beyond, alone]) => below >= 0 || beyond > 0 || alone > 0)""" % width)
    finally:
        browser.call("Emulation.clearDeviceMetricsOverride")
    assert browser.js("document.querySelectorAll('.part').length") > 40
    assert wrapped == []
    # a ¶ link is still there, and shows on hover of its part
    assert browser.js("getComputedStyle(document.querySelector('#para_13__list_1__point_f > a.self')).visibility") == "hidden"
    assert browser.errors() == []


def test_embedded_metadata_raises_no_csp_error(browser: Browser, server: Server) -> None:
    """The JSON-LD data block in the head is data (the CSP allows no inline script): Chromium reads it as
    JSON and logs no violation; the download links are visible."""
    browser.open(local(server, WORK + "/fra@"))
    data = browser.js("JSON.parse(document.querySelector('script[type=\"application/ld+json\"]').textContent)")
    assert "Legislation" in data["@type"] and data["legislationIdentifier"] == "A/RES/74/176" and data["inLanguage"] == "fr"
    assert browser.errors() == []
    assert not any("Content Security Policy" in json.dumps(e) for e in browser.events)
    shown = browser.js("Array.from(document.querySelectorAll('#formats a')).filter(a => a.offsetParent !== null).map(a => a.textContent)")
    assert shown[:5] == ["Turtle", "JSON-LD", "N-Triples", "RDF/XML", "N-Quads"]
