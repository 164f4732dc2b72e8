"""A tour of every page in headless Chromium as one signed-in user: what a person reads there.

Used by `oko screenshots` (a PNG per page and role for docs/screenshots/) and by the
acceptance tests of the whole interface (English words, decimal points, categories per chart,
the user's own place on the first screen). A visit waits until the page is drawn and idle, as
`oko bench --pages` does (dashboard/bench_pages.py).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from dashboard.bench_pages import DRAWN, SETTLE_MS, TRACK_FETCH

#: Pages every signed-in role opens; `<code>` is replaced by a school the user may profile.
PAGES = (
    "/",
    "/procedures",
    "/rankings",
    "/objectivity",
    "/schools",
    "/schools/<code>",
    "/experts",
    "/roadmaps",
    "/decisions",
    "/decisions/effectiveness",
    "/training",
    "/voluntary",
)
ADMIN_PAGES = ("/admin/users", "/admin/imports", "/admin/audit")
#: The analytical pages, which open on the user's own municipality or school.
ANALYTICAL = ("/", "/procedures", "/rankings", "/objectivity", "/schools")

#: English words a Russian interface must not show (component defaults, Python leftovers).
ENGLISH = re.compile(
    r"\b(selected|[Ff]ilter|Date|Dates|Share|Page not found|True|False|None|NaN|nan|Toggle"
    r"|Select|Start|End|Page|Next|Previous|Download|Zoom|Autoscale|Reset|Loading|Error"
    r"|Traceback|undefined|null)\b"
)
#: A decimal point inside a number (12.5); not a date (12.03.2024, or 01.2025 on a time axis),
#: a version or a code (M4.01). Item numbers of the seeds (1.2) are shown in elements with the
#: class `oko-code`, which the tour reads as codes, not numbers.
#: A number at the start of a label followed by a capitalised title (an indicator in a
#: picker: "1.2" then its name) is an item number too.
_MONTH_YEAR = r"(?!(?:0[1-9]|1[0-2])\.(?:19|20)\d\d\b)"
DECIMAL_POINT = re.compile(
    r"(?<=[^\w.])" + _MONTH_YEAR + r"\d+\.\d+(?![\w.])"
    r"|^" + _MONTH_YEAR + r"\d+\.\d+(?![\w.])(?! [A-Z\u0410-\u042f\u0401])"
)

#: A date as a machine writes it (2024-04-20): a person reads dd.mm.yyyy.
ISO_DATE = re.compile(r"\b(?:19|20)\d\d-[01]\d-[0-3]\d\b")

#: Every label a user can read or hear: text nodes (SVG included), titles, aria-labels,
#: placeholders; with whether the element is on the first screen (the viewport at load).
LABELS = """() => {
  const root = document.getElementById('_pages_content') || document.body;
  const nav = document.querySelector('nav');
  const found = [];
  for (const top of [nav, root]) {
    if (!top) continue;
    for (const el of [top, ...top.querySelectorAll('*')]) {
      if (el.tagName === 'SCRIPT' || el.tagName === 'STYLE') continue;
      const code = el.closest('.oko-code') !== null;
      const box = el.getBoundingClientRect();
      const first = box.bottom > 0 && box.top < window.innerHeight && box.width > 0;
      for (const attr of ['title', 'aria-label', 'placeholder', 'data-title']) {
        const v = el.getAttribute(attr);
        if (v) found.push([v, first]);
      }
      for (const node of el.childNodes) {
        if (node.nodeType === 3 && node.textContent.trim() && !code) {
          found.push([node.textContent.trim(), first]);
        }
      }
    }
  }
  return found;
}"""

#: Categories drawn on each categorical axis of each plotly chart of the page (a heat map's
#: rows and columns, a bar chart's bars), or labelled ticks of a numeric axis.
CATEGORIES = """() => {
  const out = [];
  for (const gd of document.querySelectorAll('.js-plotly-plot')) {
    const layout = gd._fullLayout || {};
    for (const key of Object.keys(layout)) {
      if (!/^[xy]axis\\d*$/.test(key)) continue;
      const axis = layout[key];
      if (!axis || axis.visible === false) continue;
      // Categories on a category axis, or labelled ticks on a numeric one (tickvals/ticktext).
      let count = 0;
      if (axis.type === 'category') count = (axis._categories || []).length;
      else if (axis.tickmode === 'array' && axis.ticktext) count = axis.ticktext.length;
      if (count) out.push([gd.closest('[id]') ? gd.closest('[id]').id : '', key, count]);
    }
  }
  return out;
}"""


@dataclass
class Reading:
    """What one page showed: its texts, the first screen's texts, categories per chart axis."""

    path: str
    texts: list[str] = field(default_factory=list)
    first_screen: list[str] = field(default_factory=list)
    categories: list[tuple[str, str, int]] = field(default_factory=list)
    settled: bool = True

    def english(self) -> list[str]:
        return sorted({t for t in self.texts if ENGLISH.search(t)})

    def decimal_points(self) -> list[str]:
        return sorted({t for t in self.texts if DECIMAL_POINT.search(t)})

    def iso_dates(self) -> list[str]:
        return sorted({t for t in self.texts if ISO_DATE.search(t)})

    def most_categories(self) -> int:
        return max((count for _, _, count in self.categories), default=0)


def prepare(context) -> None:
    """Count the renderer's callback fetches in every page of the context (see DRAWN)."""
    context.add_init_script(TRACK_FETCH)


def drawn_and_idle(page, timeout_ms: float = 120_000) -> None:
    """Wait until the page is drawn and no callback has started for SETTLE_MS."""
    while True:
        done = page.wait_for_function(DRAWN, polling="raf", timeout=timeout_ms).json_value()[1]
        page.wait_for_timeout(SETTLE_MS)
        again = page.evaluate(DRAWN)
        if again and again[1] == done:
            return


def read(page, base_url: str, path: str, timeout_ms: float = 60_000) -> Reading:
    """Open `path`, wait until drawn and idle, and read what the user sees (`settled` is
    false when the page was still drawing or waiting after `timeout_ms`)."""
    from playwright.sync_api import TimeoutError as Timeout

    page.goto(base_url + path, wait_until="commit")
    try:
        drawn_and_idle(page, timeout_ms)
        settled = True
    except Timeout:
        settled = False
    labels = page.evaluate(LABELS)
    return Reading(
        path=path,
        texts=[text for text, _ in labels],
        first_screen=[text for text, first in labels if first],
        categories=[tuple(row) for row in page.evaluate(CATEGORIES)],
        settled=settled,
    )


def sign_in(page, base_url: str, login: str, password: str) -> None:
    """Sign in through the form, as a person does."""
    page.goto(f"{base_url}/login")
    page.fill("#login", login)
    page.fill("#password", password)
    page.click("button[type=submit]")
    page.wait_for_load_state("networkidle")


def pages_for(role: str, school_code: str | None) -> list[str]:
    """The pages a role opens in the tour (a profile only when it may open one)."""
    paths = [
        p.replace("<code>", school_code or "")
        for p in PAGES
        if school_code is not None or "<code>" not in p
    ]
    return paths + (list(ADMIN_PAGES) if role == "admin" else [])


def file_name(login: str, path: str, width: int, height: int) -> str:
    """docs/screenshots name: role, page (profile codes left out), size."""
    slug = "overview" if path == "/" else path.strip("/").replace("/", "_")
    if slug.startswith("schools_"):
        slug = "school_profile"
    return f"{login}_{slug}_{width}x{height}.png"
