"""`oko screenshots`: the first screen of every page as each demo user sees it, as PNG files.

The README links the committed set in docs/screenshots/ (district and director at 1366×768 on
the region demo). The app is served on the given database; the browser is Debian's chromium.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from dashboard import page_tour
from dashboard.bench_pages import CHROMIUM, CHROMIUM_ARGS, off_the_loop
from dashboard.bench_server import BenchError, LiveServer, make_app


def _code(engine, login: str) -> str | None:
    """A school the user may profile: its own, else the first of its municipality or region."""
    from sqlalchemy import select

    from dashboard.models import School
    from data_access import database, users

    with database.bind(engine):
        scope = users.scope_for(users.account_by_login(login))
    if scope.aggregates_only:
        return None
    stmt = select(School.school_code).order_by(School.school_code)
    if scope.school_id is not None:
        stmt = stmt.where(School.id == scope.school_id)
    elif scope.municipality_id is not None:
        stmt = stmt.where(School.municipality_id == scope.municipality_id)
    with engine.connect() as conn:
        return conn.execute(stmt).scalar()


def take(
    database_url: str,
    out: Path,
    logins: list[str],
    size: tuple[int, int],
    password: str,
    echo: Callable[[str], None],
) -> list[Path]:
    """Serve the app on `database_url` and write one PNG per page and login into `out`."""
    return off_the_loop(_take, database_url, out, logins, size, password, echo)


def _take(database_url, out, logins, size, password, echo) -> list[Path]:
    try:
        from playwright.sync_api import sync_playwright
    except ImportError as missing:
        raise BenchError("screenshots need playwright (pip install -e '.[dev]')") from missing
    if not Path(CHROMIUM).exists():
        raise BenchError(f"screenshots need Debian's chromium at {CHROMIUM}")
    out.mkdir(parents=True, exist_ok=True)
    app = make_app(database_url)
    engine = app.server.extensions["oko_engine"]
    written = []
    width, height = size
    with LiveServer(app.server) as server, sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True
        )
        try:
            for login in logins:
                context = browser.new_context(viewport={"width": width, "height": height})
                page_tour.prepare(context)
                page = context.new_page()
                page_tour.sign_in(page, server.url, login, password)
                for path in page_tour.pages_for(login, _code(engine, login)):
                    reading = page_tour.read(page, server.url, path)
                    target = out / page_tour.file_name(login, path, width, height)
                    page.screenshot(path=str(target))
                    written.append(target)
                    state = "" if reading.settled else " (still drawing)"
                    echo(f"  {target}{state}")
                context.close()
        finally:
            browser.close()
    return written
