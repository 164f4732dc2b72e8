"""`oko screenshots`: the first screen of every page as each demo user sees it, as PNG files.

The README links the committed set in docs/screenshots/ (district and director at 1366×768 on
the region demo). The app is served on the given database; the browser is Debian's chromium.

With `present=True` it shows presentation mode instead (`?present=1`, what a projector shows a
hall): a handful of pages and a story slide played by the story player, for the README's
«Режим показа» section (1280×720, the smallest projector size the mode is made for).
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


#: Pages shown in presentation mode (`<code>` is a school the user may profile).
PRESENT_PAGES = ("/", "/procedures", "/rankings", "/schools/<code>")
#: How long charts may take to redraw with projector-size text after a page settled (ms).
PRESENT_SETTLE_MS = 1500


def take(
    database_url: str,
    out: Path,
    logins: list[str],
    size: tuple[int, int],
    password: str,
    echo: Callable[[str], None],
    present: bool = False,
) -> list[Path]:
    """Serve the app on `database_url` and write one PNG per page and login into `out`
    (presentation mode's pages and a story slide when `present`)."""
    return off_the_loop(_take, database_url, out, logins, size, password, echo, present)


def _demo_story(engine, login: str) -> str | None:
    """The player's address of a one-slide story of the overview, made for `login` (reused when
    it exists); None when the user may not keep stories (a viewer)."""
    from callbacks.slides import render
    from dashboard import strings
    from data_access import database, users
    from data_access.scope import OutOfScope
    from data_access.stories import list_stories, slides
    from data_access.story_changes import add_slide, create_story

    with database.bind(engine):
        scope = users.scope_for(users.account_by_login(login))
        if scope.role == "viewer":  # reads stories shared with it, keeps none
            return None
        mine = [s for s in list_stories(scope) if s.title == strings.PRESENT_DEMO_STORY]
        try:
            if mine:
                story_id = mine[0].id
            else:
                story_id = create_story(scope, strings.PRESENT_DEMO_STORY)
            if not slides(scope, story_id):
                title = render(scope, "/", "").title
                add_slide(scope, story_id, "/", "", title, strings.PRESENT_DEMO_NOTE)
        except OutOfScope:
            return None
    return f"/stories/{story_id}/play?slide=0&present=1"


def _present_paths(engine, login: str) -> list[tuple[str, str]]:
    """(address, file slug) of each presentation-mode screenshot of `login`."""
    code = _code(engine, login)
    paths = [
        (p.replace("<code>", code or "") + "?present=1", p)
        for p in PRESENT_PAGES
        if code is not None or "<code>" not in p
    ]
    story = _demo_story(engine, login)
    if story is not None:
        paths.append((story, "/story"))
    return paths


def _shoot_present(page, server_url, engine, login, out, size, echo) -> list[Path]:
    written = []
    width, height = size
    for address, slug_path in _present_paths(engine, login):
        reading = page_tour.read(page, server_url, address)
        page.wait_for_function(
            "() => document.body.classList.contains('oko-present')", timeout=10_000
        )
        page.wait_for_timeout(PRESENT_SETTLE_MS)
        page.evaluate("() => window.scrollTo(0, 0)")
        name = "present_" + page_tour.file_name(login, slug_path, width, height)
        target = out / name
        page.screenshot(path=str(target))
        written.append(target)
        state = "" if reading.settled else " (still drawing)"
        echo(f"  {target}{state}")
    return written


def _take(database_url, out, logins, size, password, echo, present=False) -> list[Path]:
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
                if present:
                    written += _shoot_present(page, server.url, engine, login, out, size, echo)
                    context.close()
                    continue
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
