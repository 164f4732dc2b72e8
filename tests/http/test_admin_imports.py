"""/admin/imports through forged Dash requests: admins check and import, others are refused."""

from __future__ import annotations

import base64
import json
from pathlib import Path

import pytest
from sqlalchemy import select

from dashboard import strings
from dashboard.ids import AdminImports as ids
from dashboard.ingest import KINDS
from dashboard.models import AuditEvent, ContextValue, ImportRun, Municipality, School
from tests.http.forge import all_server_callbacks

EXAMPLES = Path(__file__).resolve().parents[2] / "docs" / "examples"


def _find(app, name):
    return next(c for c in all_server_callbacks(app) if c.name == name)


def _body(callback, values: dict) -> dict:
    def fill(slots):
        return [{**slot, "value": values.get((slot["id"], slot["property"]))} for slot in slots]

    inputs = fill(callback.inputs)
    return {
        "output": callback.output,
        "outputs": callback.outputs,
        "inputs": inputs,
        "state": fill(callback.state),
        "changedPropIds": [f"{inputs[0]['id']}.{inputs[0]['property']}"],
    }


def _upload(text: str) -> str:
    return "data:text/csv;base64," + base64.b64encode(text.encode("utf-8")).decode()


@pytest.fixture(scope="module")
def existing_value(app):
    """One stored context value, so re-importing it changes nothing in the shared demo."""
    engine = app.server.extensions["oko_engine"]
    with engine.connect() as conn:
        row = conn.execute(
            select(
                School.school_code,
                ContextValue.year,
                ContextValue.indicator_code,
                ContextValue.value,
            )
            .join(School, School.id == ContextValue.school_id)
            .limit(1)
        ).one()
    return f"school_code;year;indicator;value\n{row[0]};{row[1]};{row[2]};{row[3]!r}\n"


def _values(contents, kind="context", name="context.csv", clicks=None):
    return {
        (ids.UPLOAD, "contents"): contents,
        (ids.UPLOAD, "filename"): name,
        (ids.KIND, "value"): kind,
        (ids.SHEET, "value"): None,
        (ids.CONFIRM, "n_clicks"): clicks,
        (ids.DONE, "data"): 0,
    }


def test_admin_checks_then_imports(app, client_for, existing_value):
    client = client_for("admin")
    check = client.post(
        "/_dash-update-component",
        json=_body(_find(app, "check_upload"), _values(_upload(existing_value))),
    )
    assert check.status_code == 200
    text = str(check.get_json())
    assert "проверен" in text and "без изменений 1" in text
    assert check.get_json()["response"][ids.CONFIRM]["disabled"] is False
    done = client.post(
        "/_dash-update-component",
        json=_body(_find(app, "confirm_import"), _values(_upload(existing_value), clicks=1)),
    )
    assert done.status_code == 200 and "выполнен" in str(done.get_json())
    engine = app.server.extensions["oko_engine"]
    with engine.connect() as conn:
        run = conn.execute(select(ImportRun).order_by(ImportRun.id.desc()).limit(1)).one()
    assert (run.user_login, run.outcome, run.rows_unchanged) == ("admin", "success", 1)
    opened = {(ids.LOCATION, "pathname"): "/admin/imports"}
    listing = client.post("/_dash-update-component", json=_body(_find(app, "load_runs"), opened))
    assert "context.csv" in str(listing.get_json())


def test_admin_sees_every_error_and_cannot_confirm(app, client_for):
    bad = "school_code;year;indicator;value\nno-such;2024;pupils;1\n740101;20x4;pupils;2\n"
    client = client_for("admin")
    response = client.post(
        "/_dash-update-component", json=_body(_find(app, "check_upload"), _values(_upload(bad)))
    )
    text = str(response.get_json())
    assert "отклонён" in text and "20x4" in text
    assert response.get_json()["response"][ids.CONFIRM]["disabled"] is True


def test_disguised_and_junk_uploads_are_reported_not_crashed(app, client_for):
    client = client_for("admin")
    html_as_xlsx = (
        "data:application/octet-stream;base64," + base64.b64encode(b"<html></html>").decode()
    )
    for contents, name in (
        (html_as_xlsx, "x.xlsx"),
        ("not a data url", "x.csv"),
        ("data:text/csv;base64,@@@", "x.csv"),
    ):
        response = client.post(
            "/_dash-update-component",
            json=_body(_find(app, "check_upload"), _values(contents, name=name)),
        )
        assert response.status_code == 200
        assert "отклонён" in str(response.get_json())


@pytest.mark.parametrize("user", ["region", "district", "director", "viewer"])
@pytest.mark.parametrize("name", ["check_upload", "confirm_import"])
def test_non_admin_forged_uploads_are_refused_and_audited(
    app, client_for, existing_value, user, name
):
    client = client_for(user)
    engine = app.server.extensions["oko_engine"]
    with engine.connect() as conn:
        before = conn.execute(select(ImportRun.id).order_by(ImportRun.id.desc()).limit(1)).scalar()
    response = client.post(
        "/_dash-update-component",
        json=_body(_find(app, name), _values(_upload(existing_value), clicks=1)),
    )
    assert response.status_code == 200
    assert strings.ACCESS_DENIED in str(response.get_json())
    with engine.connect() as conn:
        after = conn.execute(select(ImportRun.id).order_by(ImportRun.id.desc()).limit(1)).scalar()
        denied = conn.execute(
            select(AuditEvent).where(
                AuditEvent.action == "import",
                AuditEvent.outcome == "denied",
                AuditEvent.user_login == user,
            )
        ).all()
    assert after == before and denied
    assert denied[-1].scope_asked == "context.csv" and denied[-1].detail == name


def test_too_large_upload_is_refused_unread_with_the_limit_in_russian(app, client_for):
    limit_mb = app.server.config["OKO_SETTINGS"].max_upload_mb
    big = "data:text/csv;base64," + "QUJD" * (limit_mb * 2**20 // 3 + 10)
    body = _body(_find(app, "check_upload"), _values(big))
    response = client_for("admin").post(  # `output` first, as Dash's renderer writes it
        "/_dash-update-component", data=json.dumps(body), content_type="application/json"
    )
    assert response.status_code == 200
    assert strings.IMPORTS_TOO_LARGE.format(mb=limit_mb) in str(response.get_json())
    assert response.get_json()["response"][ids.CONFIRM]["disabled"] is True


def test_runs_grid_and_the_kind_in_the_address(app, client_for, existing_value):
    client = client_for("admin")
    again = _values(_upload(existing_value), clicks=1)  # a stored value: changes nothing
    client.post("/_dash-update-component", json=_body(_find(app, "confirm_import"), again))
    opened = client.post(
        "/_dash-update-component",
        json=_body(
            _find(app, "load_runs"),
            {
                (ids.LOCATION, "pathname"): "/admin/imports",
                (ids.LOCATION, "search"): "?kind=context",
            },
        ),
    )
    out = opened.get_json()["response"]
    assert out[ids.KIND]["value"] == "context"
    assert out[ids.RUNS_EMPTY]["hidden"] is True and out[ids.BODY]["hidden"] is False
    headers = [c["headerName"] for c in out[ids.RUNS]["columnDefs"]]
    assert headers == list(strings.IMPORTS_RUN_COLUMNS.values())
    outcome = f"c{headers.index(strings.IMPORTS_RUN_COLUMNS['outcome'])}"
    shown = {row[outcome] for row in out[ids.RUNS]["rowData"]}
    assert shown and shown <= set(strings.IMPORTS_OUTCOMES.values())
    assert "bg-danger-subtle" in out[ids.RUNS]["rowClassRules"]
    forged = client.post(
        "/_dash-update-component",
        json=_body(
            _find(app, "load_runs"),
            {(ids.LOCATION, "pathname"): "/admin/imports", (ids.LOCATION, "search"): "?kind=../x"},
        ),
    )
    assert ids.KIND not in forged.get_json()["response"]
    written = client.post(
        "/_dash-update-component",
        json=_body(
            _find(app, "write_kind"), {(ids.KIND, "value"): "context", (ids.LOCATION, "search"): ""}
        ),
    )
    assert written.get_json()["response"][ids.LOCATION]["search"] == "?kind=context"
    same = client.post(
        "/_dash-update-component",
        json=_body(
            _find(app, "write_kind"),
            {(ids.KIND, "value"): "context", (ids.LOCATION, "search"): "?kind=context"},
        ),
    )
    assert same.get_json()["response"] == {}  # the address already says it: no history entry


def test_the_page_offers_every_kind_and_an_upload():
    import dash

    from dashboard.ingest import KINDS

    page = next(p for p in dash.page_registry.values() if p["path"] == "/admin/imports")
    text = str(page["layout"]())
    assert ids.UPLOAD in text and ids.CONFIRM in text
    assert all(f"'{kind}'" in text for kind in KINDS)


def _check(app, client, text: str, kind: str, name: str) -> dict:
    response = client.post(
        "/_dash-update-component",
        json=_body(_find(app, "check_upload"), _values(_upload(text), kind=kind, name=name)),
    )
    assert response.status_code == 200
    return response.get_json()["response"]


def test_the_check_shows_a_changed_school_name_old_and_new(app, client_for):
    """A file renaming a stored school: the check names the change «old → new» before the
    import, counts it, shows the file under Russian headers, and writes nothing."""
    engine = app.server.extensions["oko_engine"]
    with engine.connect() as conn:
        school = conn.execute(select(School).order_by(School.school_code).limit(1)).one()
        municipality = conn.execute(
            select(Municipality.code, Municipality.name).where(
                Municipality.id == school.municipality_id
            )
        ).one()
    row = [
        school.school_code,
        "МБОУ «Школа будущего»",
        municipality.code,
        municipality.name,
        school.kind,
        school.locality,
        school.address or "",
        "" if school.latitude is None else repr(school.latitude),
        "" if school.longitude is None else repr(school.longitude),
    ]
    header = ";".join(KINDS["schools"].names)
    out = _check(app, client_for("admin"), f"{header}\n{';'.join(row)}\n", "schools", "s.csv")
    report = json.dumps(out[ids.REPORT], ensure_ascii=False)
    assert f"{school.name} → МБОУ «Школа будущего»" in report
    assert "будет добавлено 0, изменено 1, без изменений 0" in report
    assert strings.IMPORTS_CHANGES_TITLE.format(n=1) in report and ids.CHANGES in report
    assert "Адрес" not in report  # only the changed column is listed
    preview = json.dumps(out[ids.PREVIEW], ensure_ascii=False)
    assert "Код ОО" in preview and "Наименование" in preview
    assert '"school_code"' not in preview and '"municipality_name"' not in preview
    assert strings.SCHOOL_KINDS[school.kind] in preview
    with engine.connect() as conn:
        kept = conn.execute(select(School.name).where(School.id == school.id)).scalar_one()
    assert kept == school.name  # the check wrote nothing


def test_the_example_schools_are_new_to_the_demo(app, client_for):
    text = (EXAMPLES / "schools.csv").read_text(encoding="utf-8")
    out = _check(app, client_for("admin"), text, "schools", "schools.csv")
    report = json.dumps(out[ids.REPORT], ensure_ascii=False)
    assert "будет добавлено 2, изменено 0, без изменений 0" in report
    assert ids.CHANGES not in report
    preview = json.dumps(out[ids.PREVIEW], ensure_ascii=False)
    assert "54,51234" in preview and "54.51234" not in preview  # a decimal comma
    assert "ООШ" in preview and "сельская" in preview  # choice codes by their Russian names
