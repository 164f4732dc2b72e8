"""Roadmaps in the database (SQLite and PostgreSQL): who reads, who changes, what is audited,
history order, evidence files, KPI counts — on the district demo."""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import zipfile

import pandas as pd
import pytest
from sqlalchemy import delete, select, update

from dashboard import evidence_store, rules, seeds
from dashboard.analytics import roadmap_progress as rp
from dashboard.models import AuditEvent, Expert, RoadmapEvidence, RoadmapItem, RoadmapStatusChange
from dashboard.models.plans import RoadmapItemOccurrence
from data_access import roadmaps
from data_access.scope import ANONYMOUS, OutOfScope

D = dt.date
NOW = dt.datetime(2026, 5, 4, 9, 30, tzinfo=dt.UTC)


def _ids(scope) -> dict[str, int]:
    frame = roadmaps.list_roadmaps(scope)
    return dict(zip(frame["code"], frame["id"], strict=True))


def _item_id(scope, code: str, number: str) -> int:
    items = roadmaps.roadmap_items(scope, _ids(scope)[code])
    return int(items.loc[items["number"] == number, "item_id"].iloc[0])


@pytest.fixture
def restore(demo_engine):
    """Put back an item's status and drop the rows a test added (the demo DB is shared)."""
    saved: list[tuple] = []

    def keep(item_id: int) -> None:
        with demo_engine.connect() as conn:
            row = conn.execute(
                select(RoadmapItem.status, RoadmapItem.progress, RoadmapItem.completed_on).where(
                    RoadmapItem.id == item_id
                )
            ).one()
            last = (
                conn.execute(
                    select(RoadmapStatusChange.id).order_by(RoadmapStatusChange.id.desc()).limit(1)
                ).scalar()
                or 0
            )
            last_ev = (
                conn.execute(
                    select(RoadmapEvidence.id).order_by(RoadmapEvidence.id.desc()).limit(1)
                ).scalar()
                or 0
            )
        saved.append((item_id, tuple(row), last, last_ev))

    yield keep
    with demo_engine.begin() as conn:
        for item_id, (status, progress, completed_on), last, last_ev in saved:
            conn.execute(
                update(RoadmapItem)
                .where(RoadmapItem.id == item_id)
                .values(status=status, progress=progress, completed_on=completed_on)
            )
            conn.execute(delete(RoadmapStatusChange).where(RoadmapStatusChange.id > last))
            conn.execute(delete(RoadmapEvidence).where(RoadmapEvidence.id > last_ev))
            conn.execute(
                delete(RoadmapItemOccurrence).where(RoadmapItemOccurrence.item_id == item_id)
            )


def _audit(engine, action: str, login: str) -> list[str]:
    with engine.connect() as conn:
        return list(
            conn.execute(
                select(AuditEvent.outcome)
                .where(AuditEvent.action == action, AuditEvent.user_login == login)
                .order_by(AuditEvent.id)
            ).scalars()
        )


# ------------------------------------------------------------------ reading


@pytest.mark.parametrize("role", ["admin", "region", "municipality", "school", "viewer"])
def test_every_signed_in_role_reads_the_three_roadmaps(scopes, role):
    frame = roadmaps.list_roadmaps(scopes[role])
    counts = dict(zip(frame["code"], frame["items"], strict=True))
    assert counts == {r.code: len(r.items) for r in seeds.ROADMAPS}
    assert counts == {"region-2018": 19, "expert-community-2022": 8, "pilot-2019": 13}


def test_anonymous_and_unknown_ids_are_refused(scopes):
    with pytest.raises(OutOfScope):
        roadmaps.list_roadmaps(ANONYMOUS)
    for bad in (10**6, "abc", None, [1], {"id": 1}, True, -3):
        with pytest.raises(OutOfScope):
            roadmaps.roadmap(scopes["region"], bad)
        with pytest.raises(OutOfScope):
            roadmaps.item(scopes["region"], bad)


def test_items_are_verbatim_and_in_source_order(scopes):
    scope = scopes["viewer"]
    for seed in seeds.ROADMAPS:
        occurrences = roadmaps.roadmap_items(scope, _ids(scope)[seed.code])
        assert (occurrences["starts_on"] <= occurrences["due_on"]).all()
        items = occurrences.drop_duplicates("item_id")  # one row per occurrence of an item
        assert list(items["number"]) == [i.number for i in seed.items]
        assert list(items["title"]) == [i.title for i in seed.items]
        assert list(items["expected_result"]) == [i.expected_result for i in seed.items]
        assert (items["starts_on"] <= items["due_on"]).all()


def test_edit_rights_follow_the_owner(scopes):
    own = scopes["municipality"]
    frame = roadmaps.list_roadmaps(own).set_index("code")
    for code, row in frame.iterrows():
        assert bool(row["editable"]) == (row["municipality_id"] == own.municipality_id), code
    assert roadmaps.list_roadmaps(scopes["region"])["editable"].all()
    assert not roadmaps.list_roadmaps(scopes["school"])["editable"].any()
    assert not roadmaps.list_roadmaps(scopes["viewer"])["editable"].any()


def test_demo_links_the_registry_item_to_its_kpis(scopes):
    scope = scopes["viewer"]
    links = roadmaps.item_links(scope, _item_id(scope, "expert-community-2022", "1.2"))
    assert {("kpi", "1.2"), ("kpi", "2.2")} <= set(
        zip(links["target_kind"], links["target"], strict=True)
    )


def test_registry_count_beside_kpi_matches_an_independent_count(scopes, demo_engine):
    scope = scopes["viewer"]
    item_id = _item_id(scope, "expert-community-2022", "1.2")
    owner = roadmaps.item(scope, item_id)["municipality_id"]
    metric, counts = roadmaps.kpi_counts(scope, item_id, "2.2")
    assert metric == "registry_experts" and not counts.empty
    with demo_engine.connect() as conn:
        experts = pd.DataFrame(
            conn.execute(
                select(Expert.included_on, Expert.excluded_on).where(
                    Expert.municipality_id == owner
                )
            ).all(),
            columns=["included_on", "excluded_on"],
        )
    exact = roadmaps.kpi_counts(scopes["region"], item_id, "2.2")[1]
    for year, value, whole in zip(counts["year"], counts["value"], exact["value"], strict=True):
        end = pd.Timestamp(year, 12, 31)
        inc, exc = pd.to_datetime(experts["included_on"]), pd.to_datetime(experts["excluded_on"])
        true = int(((inc <= end) & (exc.isna() | (exc > end))).sum())
        assert whole == true, year  # the region sees the experts by name: exact
        if 0 < true < rules.min_cell():  # the viewer does not: a small count is hidden
            assert pd.isna(value), year
        else:
            assert value == true, year
    with pytest.raises(OutOfScope):
        roadmaps.kpi_counts(scope, item_id, "9.9")


def test_documents_beside_kpi_1_1_are_those_in_force_at_year_end(scopes, demo_engine):
    """Seed 004's 1.1 is about the documents in force in the year, not those signed in it:
    the count beside it on the item card agrees (a repealed document stops counting)."""
    from dashboard.models import NormativeDocument

    scope = scopes["viewer"]
    item_id = _item_id(scope, "expert-community-2022", "1.2")
    owner = roadmaps.item(scope, item_id)["municipality_id"]
    metric, counts = roadmaps.kpi_counts(scope, item_id, "1.1")
    assert metric == "normative_documents" and not counts.empty
    owned = NormativeDocument.municipality_id == owner if owner else NormativeDocument.id > 0
    with demo_engine.connect() as conn:
        documents = pd.DataFrame(
            conn.execute(
                select(NormativeDocument.signed_on, NormativeDocument.repealed_on).where(
                    owned, NormativeDocument.topic.in_(rules.KPI_DOCUMENT_TOPICS)
                )
            ).all(),
            columns=["signed_on", "repealed_on"],
        )
    signed = pd.to_datetime(documents["signed_on"])
    repealed = pd.to_datetime(documents["repealed_on"])
    assert repealed.notna().any(), "the demo repeals no document: the rule is not exercised"
    for year, value in zip(counts["year"], counts["value"], strict=True):
        end = pd.Timestamp(year, 12, 31)
        assert value == int(((signed <= end) & (repealed.isna() | (repealed > end))).sum()), year


# ------------------------------------------------------------------ status changes


@pytest.mark.parametrize("role", ["school", "viewer"])
def test_readers_cannot_change_and_the_refusal_is_audited(scopes, demo_engine, role):
    scope = scopes[role]
    item_id = _item_id(scope, "expert-community-2022", "2.3")
    before = _audit(demo_engine, "roadmap_status", scope.login)
    with pytest.raises(OutOfScope):
        roadmaps.change_status(scope, item_id, "done", None, None, "", today=D(2026, 5, 4), now=NOW)
    assert _audit(demo_engine, "roadmap_status", scope.login) == before + ["denied"]
    assert roadmaps.item_history(scope, item_id)["changed_by"].eq(scope.login).sum() == 0


def test_municipality_changes_only_its_own_roadmaps(scopes, demo_engine, restore):
    scope = scopes["municipality"]
    regional = _item_id(scope, "region-2018", "5")
    with pytest.raises(OutOfScope):
        roadmaps.change_status(
            scope, regional, "cancelled", None, None, "нет", today=D(2026, 5, 4), now=NOW
        )
    assert _audit(demo_engine, "roadmap_status", scope.login)[-1] == "denied"
    own = _item_id(scope, "expert-community-2022", "2.3")
    restore(own)
    change = roadmaps.change_status(
        scope, own, "in_progress", 55, None, "в работе", today=D(2026, 5, 4), now=NOW
    )
    assert change.progress == 55
    assert _audit(demo_engine, "roadmap_status", scope.login)[-1] == "success"


def test_region_change_writes_history_in_time_order(scopes, demo_engine, restore):
    scope = scopes["region"]
    item_id = _item_id(scope, "expert-community-2022", "2.4")
    restore(item_id)
    start = roadmaps.item(scope, item_id)["status"]
    target = "in_progress" if start != "in_progress" else "planned"
    roadmaps.change_status(
        scope, item_id, target, None, None, "первый", today=D(2026, 5, 4), now=NOW
    )
    roadmaps.change_status(
        scope,
        item_id,
        "done",
        None,
        "2026-05-01",
        "второй",
        today=D(2026, 5, 4),
        now=NOW + dt.timedelta(hours=2),
    )
    history = roadmaps.item_history(scope, item_id)
    assert list(history["changed_at"]) == sorted(history["changed_at"])
    last_two = history.tail(2)
    assert list(last_two["from_status"]) == [start, target]
    assert list(last_two["to_status"]) == [target, "done"]
    assert list(last_two["changed_by"]) == [scope.login, scope.login]
    assert list(last_two["comment"]) == ["первый", "второй"]
    detail = roadmaps.item(scope, item_id)
    assert detail["status"] == "done" and detail["progress"] == 100
    assert pd.Timestamp(detail["completed_on"]).date() == D(2026, 5, 1)
    assert _audit(demo_engine, "roadmap_status", scope.login)[-2:] == ["success", "success"]


def test_broken_rule_is_refused_and_audited_as_failure(scopes, demo_engine, restore):
    scope = scopes["admin"]
    item_id = _item_id(scope, "pilot-2019", "1.1")
    restore(item_id)
    before = len(roadmaps.item_history(scope, item_id))
    with pytest.raises(rp.ChangeRefused) as info:
        roadmaps.change_status(
            scope, item_id, "cancelled", None, None, "", today=D(2026, 5, 4), now=NOW
        )
    assert info.value.key == "cancel_needs_comment"
    assert _audit(demo_engine, "roadmap_status", scope.login)[-1] == "failure"
    assert len(roadmaps.item_history(scope, item_id)) == before


def test_overdue_follows_the_injected_today(scopes):
    scope = scopes["viewer"]
    items = roadmaps.roadmap_items(scope, _ids(scope)["expert-community-2022"])
    open_items = items[items["status"] == "in_progress"]
    assert len(open_items) == 2
    for _, row in open_items.iterrows():
        due = row["due_on"].date()
        one = open_items.loc[[_]]
        assert rp.with_outcomes(one, due)["display_status"].item() == "in_progress"
        assert (
            rp.with_outcomes(one, due + dt.timedelta(days=1))["display_status"].item() == "overdue"
        )
        assert rp.overdue(items, due + dt.timedelta(days=1))["item_id"].isin([row["item_id"]]).any()


# ------------------------------------------------------------------ evidence


def _docx() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<w:document/>")
    return buffer.getvalue()


@pytest.mark.parametrize(
    ("name", "data", "key"),
    [
        ("script.pdf", b"#!/bin/sh\nrm -rf /", "bad_content"),
        ("page.html", b"<html>", "bad_type"),
        ("photo.png", b"\xff\xd8\xff\xe0 jpeg bytes", "bad_content"),
        ("table.xlsx", _docx(), "bad_content"),  # a Word file renamed .xlsx
        ("empty.pdf", b"", "empty"),
        ("big.pdf", b"%PDF-" + b"0" * rules.EVIDENCE_MAX_BYTES, "too_large"),
    ],
)
def test_files_are_checked_by_their_bytes(tmp_path, name, data, key):
    with pytest.raises(evidence_store.EvidenceRefused) as info:
        evidence_store.store(data, name, tmp_path)
    assert info.value.key == key
    assert list(tmp_path.iterdir()) == []


def test_file_is_stored_under_a_generated_name(tmp_path):
    stored = evidence_store.store(_docx(), "../../etc/Приказ №5.docx", tmp_path)
    assert evidence_store.STORED_NAME.match(stored.stored_as)
    assert stored.file_name == "Приказ №5.docx"
    assert (tmp_path / stored.stored_as).read_bytes() == _docx()
    assert stored.sha256 == hashlib.sha256(_docx()).hexdigest()
    with pytest.raises(FileNotFoundError):
        evidence_store.read("../oko.sqlite3", tmp_path)


def test_editor_adds_a_file_and_any_reader_gets_it_back(
    scopes, demo_engine, restore, tmp_path, monkeypatch
):
    monkeypatch.setenv("OKO_VAR_DIR", str(tmp_path))
    editor, reader = scopes["municipality"], scopes["viewer"]
    item_id = _item_id(editor, "pilot-2019", "2.4")
    restore(item_id)
    data = b"%PDF-1.7\n% demo\n"
    stored = evidence_store.store(data, "модель.pdf")
    new_id = roadmaps.add_evidence(editor, item_id, "Модель УР", now=NOW, stored=stored)
    meta = roadmaps.evidence_file(reader, new_id)
    assert meta["file_name"] == "модель.pdf" and meta["content_type"] == "application/pdf"
    assert hashlib.sha256(evidence_store.read(meta["stored_as"])).hexdigest() == meta["sha256"]
    listed = roadmaps.item_evidence(reader, item_id)
    assert "stored_as" not in listed.columns and "Модель УР" in set(listed["title"])
    assert _audit(demo_engine, "roadmap_evidence", editor.login)[-1] == "success"
    with pytest.raises(OutOfScope):
        roadmaps.add_evidence(reader, item_id, "чужое", now=NOW, url="https://example.org")
    assert _audit(demo_engine, "roadmap_evidence", reader.login)[-1] == "denied"
