"""Hostile results and pages in a real headless Chromium: a ``javascript:`` IRI in a query result is not a
link, and the pages' Content-Security-Policy refuses inline script (the pages themselves run, as
tests/test_pages_chromium.py checks: no console error on any page kind).
"""

from __future__ import annotations

import time

from serve_fixtures import Server, dataset_dir, server  # noqa: F401  (fixtures)
from test_pages_chromium import Browser, browser  # noqa: F401  (fixture)

QUERY = ('SELECT ?x WHERE { VALUES ?x { <javascript:alert(document.domain)> <data:text/html,hi> <file:///etc/passwd> '
         '<https://example.org/a> } }')


def test_only_http_iris_in_results_become_links(browser: Browser, server: Server) -> None:  # noqa: F811
    browser.open(server.url + "sparql")
    browser.js(f"document.getElementById('query').value = {QUERY!r}; document.getElementById('run').click()")
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline and browser.js("document.querySelectorAll('#results tbody tr').length") < 4:
        time.sleep(0.1)
    cells = browser.js("Array.from(document.querySelectorAll('#results tbody td')).map(td => td.textContent)")
    assert sorted(cells) == sorted(["javascript:alert(document.domain)", "data:text/html,hi", "file:///etc/passwd", "https://example.org/a"])
    hrefs = browser.js("Array.from(document.querySelectorAll('#results a')).map(a => a.getAttribute('href'))")
    assert hrefs == ["https://example.org/a"]
    assert browser.errors() == []


def test_the_csp_refuses_inline_script(browser: Browser, server: Server) -> None:  # noqa: F811
    browser.open(server.url)
    ran = browser.js("(() => { const s = document.createElement('script'); s.textContent = 'window.inlineRan = true';"
                     " document.body.appendChild(s); return window.inlineRan === true; })()")
    assert ran is False
    assert any("Content Security Policy" in e for e in browser.errors())  # and the browser says why
