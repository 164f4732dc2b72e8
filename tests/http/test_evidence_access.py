"""Evidence files of roadmap items: downloadable only by a caller who can see the item, and
every download (or refusal) audited with who, what and from where.

The attack: forge the download callback with the id of a file attached to an item of another
region's municipal roadmap (the page never offers it). The answer must carry no file, and the
log must say who asked for which material, refused, from which address.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets

import pytest
from sqlalchemy import delete, func, insert, select

from dashboard.models import (
    AuditEvent,
    Municipality,
    Region,
    Roadmap,
    RoadmapEvidence,
    RoadmapItem,
)
from tests.http.forge import all_server_callbacks, body_for

PDF = b"%PDF-1.4\n% evidence\n"


@pytest.fixture(scope="module")
def download(app):
    return next(c for c in all_server_callbacks(app) if c.name == "download_evidence")


def _ask(client, callback, evidence_id):
    body = body_for(callback, None)
    body["inputs"][0]["value"] = 1
    body["state"][0]["value"] = evidence_id
    return client.post("/_dash-update-component", json=body)


def _file_row(engine, item_id: int, stored_as: str) -> int:
    with engine.begin() as conn:
        return conn.execute(
            insert(RoadmapEvidence)
            .values(
                item_id=item_id,
                kind="file",
                title="Приказ",
                file_name="приказ.pdf",
                content_type="application/pdf",
                size_bytes=len(PDF),
                sha256=hashlib.sha256(PDF).hexdigest(),
                stored_as=stored_as,
                added_by="region",
                added_at=dt.datetime(2024, 1, 1, tzinfo=dt.UTC),
            )
            .returning(RoadmapEvidence.id)
        ).scalar_one()


@pytest.fixture
def files(engine, tmp_path, monkeypatch):
    """A file on an item of the demo region, and one on an item of a roadmap of another
    region's municipality (with its region, municipality, roadmap and item); all removed
    afterwards."""
    monkeypatch.setenv("OKO_VAR_DIR", str(tmp_path))
    folder = tmp_path / "evidence"
    folder.mkdir()
    names = [f"{secrets.token_hex(16)}.pdf" for _ in range(2)]
    for name in names:
        (folder / name).write_bytes(PDF)
    with engine.begin() as conn:
        own_item = conn.execute(select(func.min(RoadmapItem.id))).scalar_one()
        region = conn.execute(
            insert(Region).values(code="XX", name="Другой регион").returning(Region.id)
        ).scalar_one()
        place = conn.execute(
            insert(Municipality)
            .values(code="XX-01", name="Чужой округ", region_id=region)
            .returning(Municipality.id)
        ).scalar_one()
        roadmap = conn.execute(
            insert(Roadmap)
            .values(
                code="foreign-2024",
                title="Чужая дорожная карта",
                kind="municipal",
                year_start=2024,
                year_end=2024,
                municipality_id=place,
            )
            .returning(Roadmap.id)
        ).scalar_one()
        foreign_item = conn.execute(
            insert(RoadmapItem)
            .values(roadmap_id=roadmap, number="1.1", section="1", title="Чужое мероприятие")
            .returning(RoadmapItem.id)
        ).scalar_one()
    own = _file_row(engine, own_item, names[0])
    foreign = _file_row(engine, foreign_item, names[1])
    yield {"own": own, "own_item": own_item, "foreign": foreign}
    with engine.begin() as conn:
        conn.execute(delete(RoadmapEvidence).where(RoadmapEvidence.id.in_([own, foreign])))
        conn.execute(delete(RoadmapItem).where(RoadmapItem.id == foreign_item))
        conn.execute(delete(Roadmap).where(Roadmap.id == roadmap))
        conn.execute(delete(Municipality).where(Municipality.id == place))
        conn.execute(delete(Region).where(Region.id == region))


def _last(engine, login: str) -> dict | None:
    with engine.connect() as conn:
        row = (
            conn.execute(
                select(AuditEvent)
                .where(AuditEvent.user_login == login)
                .order_by(AuditEvent.id.desc())
                .limit(1)
            )
            .mappings()
            .first()
        )
    return dict(row) if row else None


@pytest.mark.parametrize("login", ["viewer", "director", "district"])
def test_a_file_of_a_visible_item_is_downloaded_and_audited(
    login, client_for, download, engine, files
):
    response = _ask(client_for(login), download, files["own"])
    assert response.status_code == 200
    payload = response.get_json()["response"]["roadmap-item-download-file"]["data"]
    assert payload["filename"] == "приказ.pdf"
    row = _last(engine, login)
    assert row["action"] == "download" and row["outcome"] == "success"
    assert row["ip"] == "127.0.0.1" and row["scope_asked"] == f"roadmap_item={files['own_item']}"
    assert row["detail"].startswith("evidence format=pdf")
    assert hashlib.sha256(PDF).hexdigest() in row["detail"] and "приказ.pdf" in row["detail"]


@pytest.mark.parametrize("login", ["viewer", "director", "district", "region"])
def test_a_file_of_an_item_the_caller_cannot_see_is_refused_and_audited(
    login, client_for, download, engine, files
):
    response = _ask(client_for(login), download, files["foreign"])
    assert response.status_code == 204  # nothing: no file, no hint that it exists
    row = _last(engine, login)
    assert row["action"] == "download" and row["outcome"] == "denied"
    assert row["ip"] == "127.0.0.1"
    assert row["scope_asked"] == f"roadmap_evidence={files['foreign']}"


def test_a_forged_evidence_id_that_is_not_a_file_is_refused_and_audited(
    client_for, download, engine, files
):
    response = _ask(client_for("viewer"), download, "../../etc/passwd")
    assert response.status_code == 204
    row = _last(engine, "viewer")
    assert (row["action"], row["outcome"]) == ("download", "denied")
