"""Every export and download leaves one audit row: who (login and role), from where (the
client's address), what (page and chart or report, the procedure, school or roadmap asked
for), the format and the number of rows.

Each export is asked for through its real Dash callback, forged as a click would send it
(tests/http/test_exports_russian.requests_of lists them all, per role); a download whose row
is missing, or whose row says another format or row count, fails.
"""

from __future__ import annotations

import base64
import csv
import io
import re

import pandas as pd
import pytest
from openpyxl import load_workbook
from sqlalchemy import func, select

from dashboard import strings
from dashboard.figures import admin as admin_views
from dashboard.models import AuditEvent
from tests.http import test_exports_russian as exports
from tests.http.test_exports_russian import ROLES, post, requests_of

# The export test's fixtures: the values each role asks with, the PDF printer.
world, printed = exports.world, exports.printed  # callbacks: tests/http/conftest.py

DETAIL = re.compile(r"^(?P<what>[\w.]+) format=(?P<fmt>\w+)(?: rows=(?P<rows>\d+))?(?: .*)?$")


def _rows_since(engine, last: int) -> list[dict]:
    with engine.connect() as conn:
        return [
            dict(row)
            for row in conn.execute(
                select(AuditEvent).where(AuditEvent.id > last).order_by(AuditEvent.id)
            ).mappings()
        ]


def _last_id(engine) -> int:
    with engine.connect() as conn:
        return conn.execute(select(func.max(AuditEvent.id))).scalar() or 0


def _table_rows(content: bytes, suffix: str) -> int | None:
    """Data rows of a CSV or XLSX table (header row left out); None for a PDF."""
    if suffix == "csv":
        return len(list(csv.reader(io.StringIO(content.decode("utf-8-sig")), delimiter=";"))) - 1
    if suffix == "xlsx":
        return load_workbook(io.BytesIO(content)).worksheets[0].max_row - 1
    return None


@pytest.mark.parametrize("login", ROLES)
def test_every_download_is_audited_with_who_what_where(
    login, app, client_for, callbacks, world, printed
):
    engine = app.server.extensions["oko_engine"]
    client = client_for(login)
    audited = 0
    for name, callback, values, trigger in requests_of(login, world):
        last = _last_id(engine)
        response = post(client, callbacks[callback], values, trigger)
        files = [
            output["data"]
            for output in response.values()
            if isinstance(output, dict)
            and isinstance(output.get("data"), dict)
            and "content" in output["data"]
        ]
        rows = [r for r in _rows_since(engine, last) if r["action"] == "download"]
        if not files:
            assert not [r for r in rows if r["outcome"] == "success"], name
            continue
        assert len(files) == 1 and len(rows) == 1, (name, rows)
        row, payload = rows[0], files[0]
        suffix = payload["filename"].rsplit(".", 1)[-1]
        assert row["outcome"] == "success" and row["user_login"] == login, name
        assert row["ip"] == "127.0.0.1" and row["scope_granted"], name
        assert row["scope_asked"], name  # the procedure, school, roadmap or year asked for
        found = DETAIL.match(row["detail"] or "")
        assert found, (name, row["detail"])
        assert found["what"] in strings.AUDIT_DOWNLOADS, (name, row["detail"])
        assert found["fmt"] == suffix, (name, row["detail"])
        counted = _table_rows(base64.b64decode(payload["content"]), suffix)
        reports = {"experts.report", "roadmaps.report"}  # workbooks of several sheets
        if counted is not None and found["what"] not in reports:
            assert found["rows"] is not None and int(found["rows"]) == counted, (name, counted)
        audited += 1
    assert audited >= 4  # rankings (2), procedures (2), experts (2) at least, for every role


def test_the_audit_page_names_a_download_in_russian():
    frame = admin_views.events_frame(
        pd.DataFrame(
            [
                {
                    "at": None,
                    "user_login": "viewer",
                    "role": "viewer",
                    "ip": "10.0.0.7",
                    "action": "download",
                    "scope_asked": "procedure=vpr/__all__/0/2023",
                    "scope_granted": "viewer region=1",
                    "outcome": "success",
                    "detail": "rankings.municipalities format=xlsx rows=4",
                }
            ]
        )
    )
    columns = strings.AUDIT_COLUMNS
    assert frame.iloc[0][columns["action"]] == strings.AUDIT_ACTIONS["download"]
    assert frame.iloc[0][columns["detail"]] == strings.AUDIT_DETAIL_DOWNLOAD_ROWS.format(
        what=strings.AUDIT_DOWNLOADS["rankings.municipalities"], format="XLSX", rows=4
    )
    shown = admin_views.detail_text(
        "evidence format=pdf evidence=3 sha256=ab12 file=приказ №5.pdf", "download"
    )
    assert shown == strings.AUDIT_DETAIL_DOWNLOAD_FILE.format(
        what=strings.AUDIT_DOWNLOADS["evidence"], file="приказ №5.pdf", format="PDF"
    )
