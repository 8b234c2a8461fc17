"""A crawl of every page of a seed + corpus build, as a visitor (or a search engine) would follow the links:
no dead link, no ``href="#"``, no fragment missing on its page, no raw space in a link out."""

from __future__ import annotations

import re
import socket
import subprocess
import sys
import time
from collections import deque
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urldefrag, urljoin, urlsplit

import httpx
import pytest

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
#: A crawl that has not met every page by then is a crawl gone wrong (pages generating pages).
MAX_PAGES = 6000


class _Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.hrefs: list[str] = []
        self.ids: set[str] = set()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        if a.get("id"):
            self.ids.add(a["id"] or "")
        if tag == "a" and a.get("name"):
            self.ids.add(a["name"] or "")
        if tag in ("a", "link") and a.get("href") is not None:
            self.hrefs.append(a["href"] or "")


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory):  # type: ignore[no-untyped-def]
    out = tmp_path_factory.mktemp("crawl") / "site"
    built = subprocess.run([sys.executable, "-m", "lod", "build", str(SHARED / "seeds"), str(SHARED / "corpus" / "texts"),
                            "--out", str(out)], capture_output=True, text=True, cwd=ROOT, timeout=600)
    assert built.returncode == 0, built.stderr[-3000:]
    port = _free_port()
    proc = subprocess.Popen([sys.executable, "-m", "lod", "serve", str(out), "--port", str(port), "--workers", "1"],
                            cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}/"
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        try:
            if httpx.get(url + "healthz", timeout=2).status_code == 200:
                break
        except httpx.HTTPError:
            time.sleep(0.3)
    try:
        yield url
    finally:
        proc.terminate()
        proc.wait(timeout=30)


def test_every_page_link_and_fragment_resolves(site: str) -> None:
    client = httpx.Client(timeout=30, headers={"Accept": "text/html"})
    seen: dict[str, set[str]] = {}  # page URL → ids on it
    queue = deque([site])
    problems: list[str] = []
    fragments: list[tuple[str, str, str]] = []  # (from page, target page, fragment)
    checked: dict[str, int] = {}
    while queue and len(seen) < MAX_PAGES:
        page = queue.popleft()
        if page in seen:
            continue
        r = client.get(page, follow_redirects=True)
        final = str(r.url)
        if r.status_code != 200:
            problems.append(f"{page}: {r.status_code}")
            seen[page] = set()
            continue
        if not r.headers.get("content-type", "").startswith("text/html"):
            seen[page] = set()
            continue
        parser = _Links()
        parser.feed(r.text)
        seen[page] = parser.ids
        if final != page:
            seen[final] = parser.ids
        for href in parser.hrefs:
            if href in ("", "#"):
                problems.append(f"{page}: a link to nowhere (href={href!r})")
                continue
            if " " in href:
                problems.append(f"{page}: a raw space in {href!r}")
            target = urljoin(final, href)
            base, frag = urldefrag(target)
            if urlsplit(target).scheme not in ("http", "https"):
                continue
            if not target.startswith(site):
                continue  # links out (undocs.org, Wikidata…): well-formed is all we check here
            if frag:
                fragments.append((page, base, unquote(frag)))
            path = urlsplit(base).path
            if re.search(r"\.(nq|ttl|jsonld|nt|rdf|gz|xml|txt|json)$|/sparql|/static/|SHA256SUMS", path + urlsplit(base).query):
                if base not in checked:  # downloads and data: they must answer, not be crawled
                    checked[base] = client.head(base, follow_redirects=True).status_code
                    if checked[base] >= 400:
                        checked[base] = client.get(base, follow_redirects=True).status_code
                    if checked[base] != 200:
                        problems.append(f"{page}: {base} answers {checked[base]}")
                continue
            if base not in seen:
                queue.append(base)
    for page, base, frag in fragments:
        ids = seen.get(base)
        if ids is None:
            continue
        if frag not in ids:
            problems.append(f"{page}: #{frag} is not on {base}")
    assert len(seen) > 300, f"the crawl met only {len(seen)} pages"
    assert len(seen) < MAX_PAGES
    assert problems == [], f"{len(problems)} problems in {len(seen)} pages, e.g.:\n" + "\n".join(problems[:25])
