"""Occurrences of roadmap items in the database (SQLite and PostgreSQL): a yearly item of a
2022–2024 roadmap is due three times, each occurrence keeps its own status and history, the
whole item still changes as one, and the same people as before may (not) change it."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest
from sqlalchemy import delete, insert, select

from dashboard.analytics import roadmap_progress as rp
from dashboard.ingest import parse
from dashboard.models import AuditEvent, Roadmap, RoadmapItem, RoadmapStatusChange
from dashboard.models.plans import RoadmapItemOccurrence
from data_access import imports, roadmaps
from data_access.scope import OutOfScope

D = dt.date
NOW = dt.datetime(2026, 5, 4, 9, 30, tzinfo=dt.UTC)
TODAY = D(2026, 5, 4)
CODE = "expert-community-2022"  # 2022–2024, owned by the `district` user's municipality
YEARLY = "ежегодно, до 15 августа"


def _roadmap_id(engine, code: str) -> int:
    with engine.connect() as conn:
        return conn.execute(select(Roadmap.id).where(Roadmap.code == code)).scalar_one()


def _drop_items(engine, item_ids) -> None:
    with engine.begin() as conn:
        for table in (RoadmapItemOccurrence, RoadmapStatusChange):
            conn.execute(delete(table).where(table.item_id.in_(item_ids)))
        conn.execute(delete(RoadmapItem).where(RoadmapItem.id.in_(item_ids)))


@pytest.fixture
def yearly(demo_engine):
    """A «ежегодно, до 15 августа» item added to the 2022–2024 roadmap, removed afterwards."""
    with demo_engine.begin() as conn:
        item_id = conn.execute(
            insert(RoadmapItem)
            .values(
                roadmap_id=_roadmap_id(demo_engine, CODE),
                number="9.1",
                section="Проверка",
                title="Ежегодный отчёт о работе сообщества",
                period_text=YEARLY,
                starts_on=D(2022, 8, 15),
                due_on=D(2022, 8, 15),
                status="planned",
                progress=0,
            )
            .returning(RoadmapItem.id)
        ).scalar_one()
    yield int(item_id)
    _drop_items(demo_engine, [int(item_id)])


def _rows(scope, item_id: int) -> pd.DataFrame:
    items = roadmaps.roadmap_items(scope, _roadmap_id_of(scope, item_id))
    return items[items["item_id"] == item_id].reset_index(drop=True)


def _roadmap_id_of(scope, item_id: int) -> int:
    return int(roadmaps.item(scope, item_id)["roadmap_id"])


def _audit(engine, login: str) -> list[tuple[str, str | None]]:
    with engine.connect() as conn:
        return [
            tuple(r)
            for r in conn.execute(
                select(AuditEvent.outcome, AuditEvent.detail)
                .where(AuditEvent.action == "roadmap_status", AuditEvent.user_login == login)
                .order_by(AuditEvent.id)
            )
        ]


def _records(engine, item_id: int) -> list[tuple]:
    with engine.connect() as conn:
        return [
            tuple(r)
            for r in conn.execute(
                select(RoadmapItemOccurrence.occurrence, RoadmapItemOccurrence.status)
                .where(RoadmapItemOccurrence.item_id == item_id)
                .order_by(RoadmapItemOccurrence.occurrence)
            )
        ]


# ------------------------------------------------------------------ reading


def test_a_yearly_item_of_a_three_year_roadmap_has_three_occurrences(scopes, yearly):
    rows = _rows(scopes["viewer"], yearly)
    assert list(rows["occurrence"]) == [1, 2, 3]
    assert list(rows["occurrence_year"]) == [2022, 2023, 2024]
    assert list(rows["occurrence_count"]) == [3, 3, 3]
    assert [d.date() for d in rows["due_on"]] == [D(2022, 8, 15), D(2023, 8, 15), D(2024, 8, 15)]
    assert list(rows["status"]) == ["planned"] * 3
    # the card reads the same occurrences
    card = roadmaps.item_occurrences(scopes["viewer"], yearly)
    assert card[["occurrence", "due_on", "status"]].equals(rows[["occurrence", "due_on", "status"]])
    # the roadmap list still counts items, not occurrences
    listed = roadmaps.list_roadmaps(scopes["viewer"]).set_index("code")
    assert listed.loc[CODE, "items"] == 9


def test_a_multi_span_item_keeps_its_two_spans(scopes):
    scope = scopes["viewer"]
    ids = roadmaps.list_roadmaps(scope).set_index("code")["id"]
    items = roadmaps.roadmap_items(scope, int(ids["region-2018"]))
    rows = items[items["period_text"] == "Январь – апрель Сентябрь – ноябрь"]
    assert list(rows["occurrence"]) == [1, 2]
    assert rows["occurrence_year"].isna().all()
    assert [
        (s.date(), d.date()) for s, d in zip(rows["starts_on"], rows["due_on"], strict=True)
    ] == [
        (D(2018, 1, 1), D(2018, 4, 30)),
        (D(2018, 9, 1), D(2018, 11, 30)),
    ]


# ------------------------------------------------------------------ changing one occurrence


def test_changing_2023_leaves_2022_and_2024_as_they_were(scopes, demo_engine, yearly):
    scope = scopes["region"]
    change = roadmaps.change_status(
        scope, yearly, "done", None, "2023-08-10", "сдан", occurrence=2, today=TODAY, now=NOW
    )
    assert change.status == "done" and change.progress == 100
    rows = _rows(scopes["viewer"], yearly)
    assert list(rows["status"]) == ["planned", "done", "planned"]
    assert list(rows["progress"]) == [0, 100, 0]
    assert pd.isna(rows["completed_on"][0]) and rows["completed_on"][1].date() == D(2023, 8, 10)
    assert roadmaps.item(scope, yearly)["status"] == "planned"  # the item's own status stays
    assert _records(demo_engine, yearly) == [(2, "done")]
    # each occurrence is overdue on its own
    overdue = rp.overdue(rows, D(2024, 9, 1))
    assert list(overdue["occurrence"]) == [1, 3]
    # the history says which occurrence changed
    history = roadmaps.item_history(scope, yearly)
    last = history.iloc[-1]
    assert (last["occurrence"], last["from_status"], last["to_status"]) == (2, "planned", "done")
    assert (last["changed_by"], last["comment"]) == (scope.login, "сдан")
    assert roadmaps.roadmap_history(scope, _roadmap_id_of(scope, yearly))["occurrence"].eq(2).any()
    outcome, detail = _audit(demo_engine, scope.login)[-1]
    assert outcome == "success" and "9.1 #2: planned->done" in detail


def test_a_change_is_checked_against_its_own_occurrence(scopes, yearly):
    scope = scopes["municipality"]  # the roadmap's owner
    roadmaps.change_status(
        scope, yearly, "in_progress", 40, None, "", occurrence=1, today=TODAY, now=NOW
    )
    with pytest.raises(rp.ChangeRefused) as info:  # 2022 is already «in progress, 40 %»
        roadmaps.change_status(
            scope, yearly, "in_progress", 40, None, "", occurrence=1, today=TODAY, now=NOW
        )
    assert info.value.key == "nothing_changed"
    # 2024 is still planned, so the same change is one for it
    roadmaps.change_status(
        scope, yearly, "in_progress", 40, None, "", occurrence=3, today=TODAY, now=NOW
    )
    rows = _rows(scope, yearly)
    assert list(rows["status"]) == ["in_progress", "planned", "in_progress"]
    assert list(roadmaps.item_history(scope, yearly)["occurrence"]) == [1, 3]


def test_a_whole_item_change_moves_every_occurrence(scopes, demo_engine, yearly):
    scope = scopes["admin"]
    roadmaps.change_status(
        scope, yearly, "done", None, "2022-08-01", "", occurrence=1, today=TODAY, now=NOW
    )
    later = NOW + dt.timedelta(hours=1)
    roadmaps.change_status(
        scope, yearly, "cancelled", None, None, "не нужен", today=TODAY, now=later
    )
    rows = _rows(scope, yearly)
    assert list(rows["status"]) == ["cancelled"] * 3
    assert _records(demo_engine, yearly) == []
    history = roadmaps.item_history(scope, yearly)
    assert pd.isna(history["occurrence"].iloc[-1]) and history["occurrence"].iloc[0] == 1
    # the report's replay of the history agrees with what the page shows
    replayed = rp.status_as_of(rows, history, TODAY)
    assert list(replayed["status"]) == list(rows["status"])
    roadmaps.change_status(
        scope, yearly, "in_progress", 10, None, "", occurrence=2, today=TODAY, now=later
    )
    rows = _rows(scope, yearly)
    replayed = rp.status_as_of(rows, roadmaps.item_history(scope, yearly), TODAY)
    assert (
        list(replayed["status"])
        == list(rows["status"])
        == [
            "cancelled",
            "in_progress",
            "cancelled",
        ]
    )


def test_an_item_due_once_is_changed_as_a_whole(scopes, demo_engine, restore_single):
    scope = scopes["region"]
    item_id = restore_single
    roadmaps.change_status(
        scope, item_id, "in_progress", 20, None, "", occurrence=1, today=TODAY, now=NOW
    )
    assert roadmaps.item(scope, item_id)["status"] == "in_progress"
    assert _records(demo_engine, item_id) == []
    assert pd.isna(roadmaps.item_history(scope, item_id)["occurrence"].iloc[-1])


@pytest.fixture
def restore_single(demo_engine, scopes):
    """Item 2.4 of the 2022–2024 roadmap (due once), its status put back afterwards."""
    scope = scopes["region"]
    items = roadmaps.roadmap_items(scope, _roadmap_id(demo_engine, CODE))
    item_id = int(items.loc[items["number"] == "2.4", "item_id"].iloc[0])
    detail = roadmaps.item(scope, item_id)
    with demo_engine.connect() as conn:
        last = conn.execute(select(RoadmapStatusChange.id).order_by(RoadmapStatusChange.id.desc()))
        last = last.scalar() or 0
    yield item_id
    with demo_engine.begin() as conn:
        conn.execute(
            RoadmapItem.__table__.update()
            .where(RoadmapItem.id == item_id)
            .values(
                status=detail["status"],
                progress=detail["progress"],
                completed_on=detail["completed_on"],
            )
        )
        conn.execute(delete(RoadmapStatusChange).where(RoadmapStatusChange.id > last))


@pytest.mark.parametrize("bad", [4, 0, -1, "2", 2.0, True, [2]])
def test_an_occurrence_the_item_does_not_have_is_refused(scopes, demo_engine, yearly, bad):
    scope = scopes["region"]
    with pytest.raises(rp.ChangeRefused) as info:
        roadmaps.change_status(
            scope, yearly, "done", None, None, "", occurrence=bad, today=TODAY, now=NOW
        )
    assert info.value.key == "bad_occurrence"
    assert _audit(demo_engine, scope.login)[-1][0] == "failure"
    assert _records(demo_engine, yearly) == []
    assert roadmaps.item_history(scope, yearly).empty


@pytest.mark.parametrize("role", ["school", "viewer"])
def test_a_director_or_viewer_cannot_change_an_occurrence(scopes, demo_engine, yearly, role):
    scope = scopes[role]
    before = _audit(demo_engine, scope.login)
    with pytest.raises(OutOfScope):
        roadmaps.change_status(
            scope, yearly, "done", None, None, "", occurrence=2, today=TODAY, now=NOW
        )
    assert [o for o, _d in _audit(demo_engine, scope.login)] == [o for o, _d in before] + ["denied"]
    assert _records(demo_engine, yearly) == []
    assert roadmaps.item_history(scope, yearly).empty


def test_a_municipality_cannot_change_an_occurrence_of_a_regional_roadmap(scopes, demo_engine):
    scope = scopes["municipality"]
    ids = roadmaps.list_roadmaps(scope).set_index("code")["id"]
    items = roadmaps.roadmap_items(scope, int(ids["region-2018"]))
    multi = int(items.loc[items["occurrence_count"] > 1, "item_id"].iloc[0])
    with pytest.raises(OutOfScope):
        roadmaps.change_status(
            scope, multi, "done", None, None, "", occurrence=2, today=TODAY, now=NOW
        )
    assert _audit(demo_engine, scope.login)[-1][0] == "denied"
    assert _records(demo_engine, multi) == []


# ------------------------------------------------------------------ the import


def test_import_keeps_the_first_occurrence_and_a_new_status_moves_them_all(scopes, demo_engine):
    admin = scopes["admin"]
    header = "roadmap_code;roadmap_title;number;section;title;period_text;status"
    first = f"{header}\n{CODE};x;9.2;Проверка;Ежегодный сбор;{YEARLY};в работе".encode()
    assert imports.run_import(admin, parse("roadmap-items", first, "v1.csv")).ok
    with demo_engine.connect() as conn:
        item_id, starts_on, due_on = conn.execute(
            select(RoadmapItem.id, RoadmapItem.starts_on, RoadmapItem.due_on).where(
                RoadmapItem.roadmap_id == _roadmap_id(demo_engine, CODE),
                RoadmapItem.number == "9.2",
            )
        ).one()
    try:
        assert (starts_on, due_on) == (D(2022, 8, 15), D(2022, 8, 15))  # the first occurrence
        assert len(_rows(admin, item_id)) == 3
        roadmaps.change_status(
            admin, item_id, "done", None, "2023-08-01", "", occurrence=2, today=TODAY, now=NOW
        )
        assert imports.run_import(admin, parse("roadmap-items", first, "v1.csv")).ok
        assert _records(demo_engine, item_id) == [(2, "done")]  # an unchanged status keeps it
        done = first.replace("в работе".encode(), "выполнено".encode())
        assert imports.run_import(admin, parse("roadmap-items", done, "v2.csv")).ok
        assert _records(demo_engine, item_id) == []
        assert list(_rows(admin, item_id)["status"]) == ["done"] * 3
    finally:
        _drop_items(demo_engine, [item_id])
