"""`oko bench --pages`: headless Chromium over every page, signed in as `region`.

For each page a fresh app is served on the same port (so the first visit is the first after
the server started, with an empty data cache) and the browser signs in again through /login
without opening any page. The browser context, and so its cache of the static JavaScript and
CSS, is kept across pages and warmed once before the first page, as for a user who has
opened OKO before: cold measures the server's cold start, not the download of plotly.js.
Then the page is visited `visits` times (default 3): cold is the first visit, warm the
third; then the browser goes to the overview and back inside the app, as the navbar's links
do (no page load: plotly.js and the renderer stay loaded), and `nav_ms` times that arrival.
A visit ends when the page's content is rendered, every dcc.Graph (`.dash-graph`) has
drawn its `.main-svg`, the Dash renderer shows no pending callback
(`._dash-loading-callback`, no `[data-dash-is-loading]`), no /_dash-update-component fetch
is open, and this holds for `SETTLE_MS` with no new callback starting. The time is the
page's own `performance.now()` at that moment, i.e. milliseconds since navigation started.
Bytes are the /_dash-update-component response bodies of the visit (decoded; `wire_bytes`:
as transferred). A callback answering other than 200/204, or with X-OKO-Callback-Error,
stops the run.
"""

from __future__ import annotations

import re
import time
from collections.abc import Callable
from pathlib import Path

from dashboard.bench_server import CALLBACK_PATH, ERROR_HEADER, LOGIN, BenchError, LiveServer

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
PAGES = (
    "/",
    "/schools",
    "/procedures",
    "/objectivity",
    "/rankings",
    "/experts",
    "/roadmaps",
    "/decisions",
    "/decisions/effectiveness",
    "/schools/<code>",
)
SETTLE_MS = 400
VISIT_TIMEOUT_S = 300

#: Counts the renderer's callback fetches, so "nothing pending" is read in the page itself.
TRACK_FETCH = (
    """(() => {
  window.__okoPending = 0; window.__okoDone = 0;
  const original = window.fetch;
  window.fetch = function (input, init) {
    const url = typeof input === 'string' ? input : (input && input.url) || '';
    if (!url.includes('CALLBACK_PATH')) return original.apply(this, arguments);
    window.__okoPending += 1;
    return original.apply(this, arguments).then(
      (answer) => answer.clone().arrayBuffer().then(
        () => answer, () => answer).finally(() => {
          window.__okoPending -= 1; window.__okoDone += 1; }),
      (error) => { window.__okoPending -= 1; window.__okoDone += 1; throw error; });
  };
})();"""
).replace("CALLBACK_PATH", CALLBACK_PATH)

#: performance.now() once the page is drawn and idle, else false.
DRAWN = """() => {
  const content = document.getElementById('_pages_content');
  if (!content || !content.children.length) return false;
  const busy = '._dash-loading-callback, ._dash-loading, [data-dash-is-loading="true"]';
  if (document.querySelector(busy)) return false;
  if (window.__okoPending > 0 || !(window.__okoDone > 0)) return false;
  for (const graph of content.querySelectorAll('.dash-graph')) {
    if (!graph.querySelector('.main-svg')) return false;
  }
  return [performance.now(), window.__okoDone];
}"""


def _sign_in(context, base_url: str, password: str) -> None:
    """Sign in with the form's CSRF token through the context's request API (no page opens)."""
    page = context.request.get(f"{base_url}/login")
    token = re.search(r'name="csrf_token" value="([^"]+)"', page.text())
    if token is None:
        raise BenchError("sign-in page has no CSRF token")
    answer = context.request.post(
        f"{base_url}/login",
        form={"login": LOGIN, "password": password, "csrf_token": token.group(1)},
        max_redirects=0,
    )
    if answer.status != 302 or "/login" in answer.headers.get("location", ""):
        raise BenchError(f"browser sign-in as {LOGIN} failed (HTTP {answer.status})")


def _drawn_and_idle(page, name: str) -> float:
    """Wait until the page is drawn and stays idle for SETTLE_MS; its performance.now() then."""
    started = time.perf_counter()
    while True:
        left_ms = (VISIT_TIMEOUT_S - (time.perf_counter() - started)) * 1000
        if left_ms <= 0:
            raise BenchError(f"page {name}: not drawn and idle after {VISIT_TIMEOUT_S} s")
        drawn_at, done = page.wait_for_function(DRAWN, polling="raf", timeout=left_ms).json_value()
        page.wait_for_timeout(SETTLE_MS)
        again = page.evaluate(DRAWN)
        if again and again[1] == done:
            return float(drawn_at)


def _answers(name: str, answers: list) -> tuple[int, int]:
    """Decoded and wire bytes of the visit's callbacks; a failed callback stops the run."""
    decoded = wire = 0
    for answer in answers:
        if answer.status not in (200, 204):
            raise BenchError(f"page {name}: a callback answered HTTP {answer.status}")
        if answer.headers.get(ERROR_HEADER.lower()):
            raise BenchError(f"page {name}: a callback crashed ({ERROR_HEADER})")
        decoded += len(answer.body()) if answer.status == 200 else 0
        wire += max(answer.request.sizes().get("responseBodySize", 0), 0)
    return decoded, wire


def _visit(page, url: str, name: str, answers: list) -> dict:
    """One navigation until drawn and idle: ms since navigation start, callback bytes."""
    answers.clear()
    page.goto(url, wait_until="commit")
    drawn_at = _drawn_and_idle(page, name)
    decoded, wire = _answers(name, answers)
    return {"ms": drawn_at, "bytes": decoded, "wire_bytes": wire, "callbacks": len(answers)}


#: In-app navigation as the navbar's links do it (dcc.Location hears the push), timed from here.
NAVIGATE = """(path) => {
  window.__okoDone = 0;
  window.__okoNavStart = performance.now();
  window.history.pushState({}, '', path);
  window.dispatchEvent(new CustomEvent('_dashprivate_pushstate'));
}"""


def _navigate(page, path: str, name: str, answers: list) -> float:
    """Milliseconds from an in-app navigation to `path` until drawn and idle (as _visit)."""
    answers.clear()
    page.evaluate(NAVIGATE, path)
    drawn_at = _drawn_and_idle(page, name)
    _answers(name, answers)
    return drawn_at - page.evaluate("window.__okoNavStart")


def run_pages(database_url: str, visits: int, echo: Callable[[str], None]) -> list[dict]:
    """Cold and warm visits of every page; one record per page."""
    return off_the_loop(_run_pages, database_url, visits, echo)


def off_the_loop(function: Callable, *args):
    """Call `function` where Playwright's sync API may run.

    The sync API refuses to run in a thread with a running asyncio loop (as under
    pytest-playwright); there the call runs in a worker thread of its own."""
    import asyncio

    try:
        asyncio.get_running_loop()
    except RuntimeError:
        return function(*args)
    import contextvars
    from concurrent.futures import ThreadPoolExecutor

    context = contextvars.copy_context()  # Dash keeps page registration state in a ContextVar
    with ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(context.run, function, *args).result()


def _run_pages(database_url: str, visits: int, echo: Callable[[str], None]) -> list[dict]:
    try:
        from playwright.sync_api import sync_playwright
    except ImportError as missing:
        raise BenchError("--pages needs playwright (pip install -e '.[dev]')") from missing
    if not Path(CHROMIUM).exists():
        raise BenchError(f"--pages needs Debian's chromium at {CHROMIUM}")
    from dashboard.bench_http import profile_school
    from dashboard.bench_server import make_app
    from dashboard.cli import DEMO_PASSWORD
    from data_access import database, users

    records = []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True
        )
        context = browser.new_context(viewport={"width": 1366, "height": 768})
        context.add_init_script(TRACK_FETCH)
        page = context.new_page()
        answers: list = []
        page.on(
            "response",
            lambda r: answers.append(r) if CALLBACK_PATH in r.url else None,
        )
        try:
            port = _free_port()
            # Warm the browser's cache of the static assets on a throwaway server.
            warm_up = make_app(database_url)
            with LiveServer(warm_up.server, port) as server:
                _sign_in(context, server.url, DEMO_PASSWORD)
                _visit(page, server.url + "/roadmaps", "warm-up", answers)
            for name in PAGES:
                app = make_app(database_url)
                engine = app.server.extensions["oko_engine"]
                with database.bind(engine):
                    region_id = users.scope_for(users.account_by_login(LOGIN)).region_id
                path = name.replace("<code>", profile_school(engine, region_id))
                with LiveServer(app.server, port) as server:
                    _sign_in(context, server.url, DEMO_PASSWORD)
                    seen = [_visit(page, server.url + path, name, answers) for _ in range(visits)]
                    # A user clicking the navbar: to another page and back, in the app.
                    away = "/roadmaps" if path == "/" else "/"
                    _navigate(page, away, away, answers)
                    nav_ms = _navigate(page, path, name, answers)
                record = {
                    "name": f"page:{name}",
                    "cold_ms": round(seen[0]["ms"], 1),
                    "warm_ms": round(seen[-1]["ms"], 1) if visits >= 2 else None,
                    "nav_ms": round(nav_ms, 1),
                    "bytes": seen[0]["bytes"],
                    "warm_bytes": seen[-1]["bytes"],
                    "wire_bytes": seen[0]["wire_bytes"],
                    "callbacks": seen[0]["callbacks"],
                    "visits": visits,
                }
                echo(f"  {record['name']:<22} cold {record['cold_ms'] / 1000:6.2f} s (measured)")
                records.append(record)
        finally:
            context.close()
            browser.close()
    return records


def _free_port() -> int:
    import socket

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def echo_table(records: list[dict], echo: Callable[[str], None]) -> None:
    echo(
        f"{'page':<18} {'cold s':>7} {'warm s':>7} {'nav s':>7} {'bytes':>11} "
        f"{'wire bytes':>11} {'warm bytes':>11} {'callbacks':>9}"
    )
    for r in records:
        warm = f"{r['warm_ms'] / 1000:7.2f}" if r["warm_ms"] is not None else f"{'—':>7}"
        nav = f"{r['nav_ms'] / 1000:7.2f}" if r.get("nav_ms") is not None else f"{'—':>7}"
        echo(
            f"{r['name'].removeprefix('page:'):<18} {r['cold_ms'] / 1000:7.2f} {warm} {nav} "
            f"{r['bytes']:>11,} {r['wire_bytes']:>11,} {r['warm_bytes']:>11,} {r['callbacks']:>9}"
        )
