"""The administration pages in a real browser: AG Grid tables, and a shared address that
reopens the same filtered view (audit log: filters and page; users: the list filters)."""

from __future__ import annotations

import uuid
from urllib.parse import parse_qs, urlparse

import pytest

from dashboard import strings
from dashboard.ids import AdminAudit, AdminImports, AdminUsers
from data_access import audit, database
from tests.browser.conftest import sign_in

pytestmark = pytest.mark.browser


def _query(url: str) -> dict:
    return {k: v[0] for k, v in parse_qs(urlparse(url).query).items()}


def _wait_text(page, component: str, text: str) -> None:
    page.wait_for_function(
        "([id, s]) => (document.getElementById(id)?.innerText || '').includes(s)",
        arg=[component, text],
        timeout=20_000,
    )


def _rows(page, grid: str):
    return page.locator(f"#{grid} .ag-center-cols-container [role=row]")


def test_shared_audit_address_reopens_filters_and_page(page, live_server, console_errors, app):
    action = f"test_{uuid.uuid4().hex[:8]}"
    with database.bind(app.server.extensions["oko_engine"]):
        for i in range(60):
            audit.record(action, "denied", login=f"browser-{i:02d}")
    sign_in(page, live_server.url, "admin")
    page.goto(f"{live_server.url}/admin/audit?action={action}&outcome=denied&page=2")
    _wait_text(page, AdminAudit.SUMMARY, "51–60")
    assert _rows(page, AdminAudit.TABLE).count() == 10
    assert "browser-00" in page.inner_text("#" + AdminAudit.TABLE)  # oldest on the last page
    assert action in page.inner_text("#" + AdminAudit.ACTION)
    assert strings.AUDIT_OUTCOMES["denied"] in page.inner_text("#" + AdminAudit.OUTCOME)
    assert _query(page.url) == {"action": action, "outcome": "denied", "page": "2"}
    page.locator(f"#{AdminAudit.PAGER} a", has_text="1").first.click()
    page.wait_for_function("() => !window.location.search.includes('page=')", timeout=15_000)
    _wait_text(page, AdminAudit.SUMMARY, "1–50")
    assert "browser-59" in page.inner_text("#" + AdminAudit.TABLE)
    assert console_errors == []


def test_users_list_filter_from_the_address(page, live_server, console_errors):
    sign_in(page, live_server.url, "admin")
    page.goto(f"{live_server.url}/admin/users?role=region")
    page.wait_for_selector(f"#{AdminUsers.TABLE} .ag-cell", timeout=20_000)
    roles = page.locator(f"#{AdminUsers.TABLE} .ag-cell[col-id=c1]").all_inner_texts()
    assert roles and set(roles) == {strings.ROLE_NAMES["region"]}
    assert strings.ROLE_NAMES["region"] in page.inner_text("#" + AdminUsers.FILTER_ROLE)
    assert _query(page.url) == {"role": "region"}
    assert console_errors == []


def test_imports_page_takes_the_kind_from_the_address(page, live_server, console_errors):
    sign_in(page, live_server.url, "admin")
    page.goto(f"{live_server.url}/admin/imports?kind=context")
    page.wait_for_selector(f"#{AdminImports.BODY}:not([hidden])", timeout=20_000)
    _wait_text(page, AdminImports.KIND, strings.INGEST_KIND_TITLES["context"])
    assert _query(page.url) == {"kind": "context"}
    assert console_errors == []


def test_the_import_check_shows_a_renamed_school_before_and_after(
    page, live_server, console_errors, app, tmp_path
):
    from sqlalchemy import select

    from dashboard.ingest import KINDS
    from dashboard.models import Municipality, School

    with app.server.extensions["oko_engine"].connect() as conn:
        school = conn.execute(select(School).order_by(School.school_code).limit(1)).one()
        municipality = conn.execute(
            select(Municipality).where(Municipality.id == school.municipality_id)
        ).one()
    row = [
        school.school_code,
        "МБОУ «Школа будущего»",
        municipality.code,
        municipality.name,
        school.kind,
        school.locality,
        school.address or "",
        "" if school.latitude is None else str(school.latitude).replace(".", ","),
        "" if school.longitude is None else str(school.longitude).replace(".", ","),
    ]
    upload = tmp_path / "schools.csv"
    upload.write_text(";".join(KINDS["schools"].names) + "\n" + ";".join(row) + "\n")
    sign_in(page, live_server.url, "admin")
    page.goto(f"{live_server.url}/admin/imports?kind=schools")
    page.wait_for_selector(f"#{AdminImports.BODY}:not([hidden])", timeout=20_000)
    _wait_text(page, AdminImports.KIND, strings.INGEST_KIND_TITLES["schools"])
    page.locator(f"#{AdminImports.UPLOAD} input[type=file]").set_input_files(str(upload))
    _wait_text(page, AdminImports.REPORT, "МБОУ «Школа будущего»")
    report = page.inner_text("#" + AdminImports.REPORT)
    assert f"{school.name} → МБОУ «Школа будущего»" in report
    assert "будет добавлено 0, изменено 1, без изменений 0" in report
    preview = page.inner_text("#" + AdminImports.PREVIEW)
    assert "Код ОО" in preview and "school_code" not in preview
    assert strings.SCHOOL_KINDS[school.kind] in preview
    assert page.locator(f"#{AdminImports.CONFIRM}").is_enabled()
    assert console_errors == []


ENGLISH = ("selected", "filter", "Date", "Share", "Page not found", "True", "False", "None")


@pytest.mark.parametrize("path", ["/admin/audit", "/admin/users", "/admin/imports"])
def test_admin_pages_speak_russian(page, live_server, console_errors, path):
    sign_in(page, live_server.url, "admin")
    page.goto(f"{live_server.url}{path}")
    page.wait_for_selector("[id$='-body']:not([hidden])", timeout=20_000)
    page.wait_for_timeout(1500)  # the grids fill after the body is shown
    text = page.inner_text("main") if page.locator("main").count() else page.inner_text("body")
    found = [word for word in ENGLISH if word in text]
    assert not found, found
    assert "region=" not in text and "UTC" not in text
    assert console_errors == []
