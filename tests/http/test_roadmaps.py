"""`/roadmaps` through HTTP: edits by role via the real callbacks, audit rows, uploads checked
by their bytes, downloads, the report export, and honest product status."""

from __future__ import annotations

import base64
import hashlib
import io
import json
import re
from pathlib import Path

import openpyxl
import pytest
from sqlalchemy import delete, select, update

from dashboard import strings
from dashboard.models import AuditEvent, Roadmap, RoadmapEvidence, RoadmapItem, RoadmapStatusChange
from tests.http.forge import all_server_callbacks, body_for

ROOT = Path(__file__).resolve().parents[2]
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


@pytest.fixture(scope="module")
def callbacks(app):
    return {c.name: c for c in all_server_callbacks(app)}


@pytest.fixture
def engine(app):
    return app.server.extensions["oko_engine"]


def call(client, callback, *values, changed: int = 0):
    """Post the callback with ``values`` in the order of its inputs, then its states; the
    input number ``changed`` is the one the user touched."""
    body = body_for(callback, None)
    for slot, value in zip(body["inputs"] + body["state"], values, strict=True):
        slot["value"] = value
    touched = body["inputs"][changed]
    body["changedPropIds"] = [f"{touched['id']}.{touched['property']}"]
    return client.post("/_dash-update-component", json=body)


def text_of(response) -> str:
    return json.dumps(response.get_json(), ensure_ascii=False)


def _item(engine, code: str, number: str) -> int:
    with engine.connect() as conn:
        return conn.execute(select(RoadmapItem.id).join(Roadmap, Roadmap.id == RoadmapItem.roadmap_id)
                            .where(Roadmap.code == code, RoadmapItem.number == number)).scalar_one()


def _roadmap(engine, code: str) -> int:
    with engine.connect() as conn:
        return conn.execute(select(Roadmap.id).where(Roadmap.code == code)).scalar_one()


def _last_audit(engine, action: str, login: str) -> str | None:
    with engine.connect() as conn:
        return conn.execute(select(AuditEvent.outcome).where(AuditEvent.action == action,
                                                             AuditEvent.user_login == login)
                            .order_by(AuditEvent.id.desc()).limit(1)).scalar()


@pytest.fixture
def kept(engine):
    """Restore the touched item and drop added history and evidence rows afterwards."""
    with engine.connect() as conn:
        items = conn.execute(select(RoadmapItem.id, RoadmapItem.status, RoadmapItem.progress,
                                    RoadmapItem.completed_on)).all()
        last = conn.execute(select(RoadmapStatusChange.id).order_by(RoadmapStatusChange.id.desc())).scalar()
        last_ev = conn.execute(select(RoadmapEvidence.id).order_by(RoadmapEvidence.id.desc())).scalar() or 0
    yield
    with engine.begin() as conn:
        for item_id, status, progress, completed_on in items:
            conn.execute(update(RoadmapItem).where(RoadmapItem.id == item_id)
                         .values(status=status, progress=progress, completed_on=completed_on))
        conn.execute(delete(RoadmapStatusChange).where(RoadmapStatusChange.id > last))
        conn.execute(delete(RoadmapEvidence).where(RoadmapEvidence.id > last_ev))


@pytest.mark.parametrize(("user", "code", "allowed"), [
    ("region", "region-2018", True),
    ("admin", "pilot-2019", True),
    ("district", "expert-community-2022", True),  # its own roadmap
    ("district", "region-2018", False),  # regional: not its own
    ("director", "expert-community-2022", False),
    ("viewer", "pilot-2019", False),
])
def test_status_change_by_role(client_for, callbacks, engine, kept, user, code, allowed):
    item_id = _item(engine, code, "2.3" if code != "region-2018" else "14")
    with engine.connect() as conn:
        before = conn.execute(select(RoadmapItem.status).where(RoadmapItem.id == item_id)).scalar_one()
    target = "in_progress" if before != "in_progress" else "planned"
    response = call(client_for(user), callbacks["save_status"], 1, str(item_id), target, 30, None,
                    "проверка", 0)
    assert response.status_code == 200
    text = text_of(response)
    with engine.connect() as conn:
        after = conn.execute(select(RoadmapItem.status).where(RoadmapItem.id == item_id)).scalar_one()
        logged = conn.execute(select(RoadmapStatusChange.changed_by)
                              .where(RoadmapStatusChange.item_id == item_id)
                              .order_by(RoadmapStatusChange.id.desc()).limit(1)).scalar()
    if allowed:
        assert after == target and logged == user
        assert _last_audit(engine, "roadmap_status", user) == "success"
    else:
        assert after == before and logged != user
        assert strings.ACCESS_DENIED in text
        assert _last_audit(engine, "roadmap_status", user) == "denied"


def test_upload_checked_by_bytes_then_stored_and_downloaded(client_for, callbacks, engine, kept,
                                                            tmp_path, monkeypatch):
    monkeypatch.setenv("OKO_VAR_DIR", str(tmp_path))
    item_id = str(_item(engine, "expert-community-2022", "1.2"))
    editor = client_for("district")
    fake = "data:application/pdf;base64," + base64.b64encode(b"MZ\x90\x00 not a pdf").decode()
    refused = call(editor, callbacks["add_evidence"], None, fake, "приказ.pdf", item_id, "", "", 0,
                   changed=1)
    assert refused.status_code == 200 and not (tmp_path / "evidence").exists()
    assert _last_audit(engine, "roadmap_evidence", "district") == "failure"
    good = "data:image/png;base64," + base64.b64encode(PNG).decode()
    added = call(editor, callbacks["add_evidence"], None, good, "скан.png", item_id, "Скан реестра", "", 0,
                 changed=1)
    assert added.status_code == 200
    stored = list((tmp_path / "evidence").iterdir())
    assert len(stored) == 1 and re.fullmatch(r"[0-9a-f]{32}\.png", stored[0].name)
    with engine.connect() as conn:
        evidence_id, sha = conn.execute(select(RoadmapEvidence.id, RoadmapEvidence.sha256)
                                        .where(RoadmapEvidence.item_id == int(item_id))
                                        .order_by(RoadmapEvidence.id.desc())).first()
    assert sha == hashlib.sha256(PNG).hexdigest()
    got = call(client_for("viewer"), callbacks["download_evidence"], 1, evidence_id).get_json()
    payload = got["response"]["roadmap-item-download-file"]["data"]
    assert base64.b64decode(payload["content"]) == PNG and payload["filename"] == "скан.png"
    # A reader cannot add anything.
    call(client_for("viewer"), callbacks["add_evidence"], 1, None, None, item_id, "x", "https://example.org", 0)
    assert _last_audit(engine, "roadmap_evidence", "viewer") == "denied"


def test_link_must_be_a_web_address(client_for, callbacks, engine, kept):
    item_id = str(_item(engine, "pilot-2019", "1.1"))
    client = client_for("region")
    bad = call(client, callbacks["add_evidence"], 1, None, None, item_id, "x", "javascript:alert(1)", 0)
    assert strings.ITEM_EVIDENCE_ERRORS["bad_url"] in text_of(bad)
    with engine.connect() as conn:
        urls = conn.execute(select(RoadmapEvidence.url).where(RoadmapEvidence.item_id == int(item_id))).scalars()
        assert all(not (u or "").startswith("javascript") for u in urls)


def test_xlsx_report_as_of_a_date(client_for, callbacks, engine):
    response = call(client_for("viewer"), callbacks["roadmap_export"], None, 1,
                    _roadmap(engine, "region-2018"), "2018-06-30")
    data = response.get_json()["response"]["roadmaps-download"]["data"]
    assert data["filename"].endswith("2018-06-30.xlsx")
    book = openpyxl.load_workbook(io.BytesIO(base64.b64decode(data["content"])))
    assert book.sheetnames == list(strings.ROADMAP_REPORT_SHEETS.values())
    items = book[strings.ROADMAP_REPORT_SHEETS["items"]]
    assert items.max_row - 3 == 19  # heading, blank, header row, then one row per item
    assert "30.06.2018" in items.cell(row=1, column=1).value
    # As of 30 June 2018 nothing due in December can be done yet.
    header = [c.value for c in items[3]]
    rows = [dict(zip(header, (c.value for c in row), strict=True)) for row in items.iter_rows(min_row=4)]
    december = [r for r in rows if r[strings.ROADMAP_ITEM_COLUMNS["period_text"]] == "Декабрь"]
    assert december and all(not r[strings.ROADMAP_ITEM_COLUMNS["status"]].startswith("выполнено")
                            for r in december)


def test_pdf_report(client_for, callbacks, engine):
    response = call(client_for("region"), callbacks["roadmap_export"], None, 1,
                    _roadmap(engine, "pilot-2019"), None, changed=1)
    data = response.get_json()["response"]["roadmaps-download"]["data"]
    assert base64.b64decode(data["content"]).startswith(b"%PDF")


def test_products_served_by_placeholders_are_not_implemented(client_for, callbacks, engine):
    text = text_of(call(client_for("viewer"), callbacks["pilot_view"], _roadmap(engine, "pilot-2019")))
    placeholders = {p for p in ("/decisions", "/training")
                    if "placeholder(" in (ROOT / "pages" / f"{p.strip('/')}.py").read_text()}
    assert placeholders, "both placeholder pages were built: update this test"
    assert text.count(strings.PILOT_PRODUCT_NOT_BUILT) >= len(placeholders)
    assert strings.PILOT_PRODUCT_OUTSIDE in text
    assert text.count("☑") + text.count("☐") == 13
