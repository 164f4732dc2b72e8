"""Issue 18 §6: with scripts limited to the app's files and Dash's inline start by hash (no
'unsafe-eval', no 'unsafe-inline'), every page of every role still draws: the browser reports
no Content-Security-Policy violation and every plotly chart has drawn its SVG."""

from __future__ import annotations

import pytest

from dashboard import page_tour
from tests.conftest import DEMO_PASSWORD

pytestmark = pytest.mark.browser

# Every violation the page reports, kept on the window for the test to read.
RECORD_VIOLATIONS = """
window.__cspViolations = [];
document.addEventListener('securitypolicyviolation', (e) => {
  window.__cspViolations.push(`${e.violatedDirective} ${e.blockedURI} ${e.sample || ''}`);
});
"""
# Plotly charts on the page, and how many of them drew nothing.
CHARTS = """() => {
  const plots = [...document.querySelectorAll('.js-plotly-plot')];
  return [plots.length, plots.filter((p) => !p.querySelector('svg.main-svg')).length];
}"""


@pytest.mark.parametrize("login", ["admin", "director"])
def test_every_page_draws_under_the_strict_policy(browser, region_server, login):
    context = browser.new_context(viewport={"width": 1366, "height": 768})
    page_tour.prepare(context)
    context.add_init_script(RECORD_VIOLATIONS)
    page = context.new_page()
    errors: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: errors.append(str(e)))
    page_tour.sign_in(page, region_server.url, login, DEMO_PASSWORD)
    policy = page.request.get(region_server.url + "/").headers["content-security-policy"]
    assert "unsafe-eval" not in policy and "script-src 'self' 'sha256-" in policy
    problems, charts = [], 0
    for path in page_tour.pages_for(login, None):  # the profile is drawn by test_every_page
        reading = page_tour.read(page, region_server.url, path)
        violations = page.evaluate("window.__cspViolations")
        count, blank = page.evaluate(CHARTS)
        charts += count
        if violations or blank or not reading.settled:
            problems.append((path, violations, blank, reading.settled))
    context.close()
    csp_errors = [e for e in errors if "Content Security Policy" in e or "unsafe-eval" in e]
    assert problems == [] and csp_errors == [], (problems, csp_errors)
    assert charts > 0  # the tour drew plotly charts at all
