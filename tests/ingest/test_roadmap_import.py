"""`roadmap-items` imports: deadlines read from the roadmap's own wording, and status history.

Runs on SQLite and PostgreSQL (demo_engine). Each test removes the roadmap it creates.
"""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import delete, select

from dashboard.ingest import parse
from dashboard.models import Roadmap, RoadmapItem, RoadmapStatusChange
from data_access import imports

CODE = "test-import-roadmap"
HEADER = (
    "roadmap_code;roadmap_title;number;section;title;period_text;"
    "starts_on;due_on;status;completed_on"
)


def _file(*rows: str) -> bytes:
    return "\n".join([HEADER, *rows]).encode()


def _row(
    number: str,
    period: str = "",
    starts: str = "",
    due: str = "",
    status: str = "",
    done: str = "",
    title: str = "Дорожная карта на 2025 год",
) -> str:
    return (
        f"{CODE};{title};{number};Раздел;Мероприятие {number};"
        f"{period};{starts};{due};{status};{done}"
    )


@pytest.fixture
def cleanup(demo_engine):
    yield
    with demo_engine.begin() as conn:
        rid = conn.execute(select(Roadmap.id).where(Roadmap.code == CODE)).scalar_one_or_none()
        if rid is not None:
            items = select(RoadmapItem.id).where(RoadmapItem.roadmap_id == rid)
            conn.execute(delete(RoadmapStatusChange).where(RoadmapStatusChange.item_id.in_(items)))
            conn.execute(delete(RoadmapItem).where(RoadmapItem.roadmap_id == rid))
            conn.execute(delete(Roadmap).where(Roadmap.id == rid))


def _items(engine) -> dict[str, tuple]:
    with engine.connect() as conn:
        rows = conn.execute(
            select(
                RoadmapItem.number,
                RoadmapItem.period_text,
                RoadmapItem.starts_on,
                RoadmapItem.due_on,
                RoadmapItem.status,
                RoadmapItem.completed_on,
            )
            .join(Roadmap, Roadmap.id == RoadmapItem.roadmap_id)
            .where(Roadmap.code == CODE)
        ).all()
    return {r[0]: tuple(r[1:]) for r in rows}


def _history(engine) -> list[tuple]:
    with engine.connect() as conn:
        return [
            tuple(r)
            for r in conn.execute(
                select(
                    RoadmapItem.number,
                    RoadmapStatusChange.from_status,
                    RoadmapStatusChange.to_status,
                    RoadmapStatusChange.changed_by,
                    RoadmapStatusChange.comment,
                )
                .join(RoadmapItem, RoadmapItem.id == RoadmapStatusChange.item_id)
                .join(Roadmap, Roadmap.id == RoadmapItem.roadmap_id)
                .where(Roadmap.code == CODE)
                .order_by(RoadmapStatusChange.id)
            )
        ]


def test_period_text_fills_the_dates_with_the_roadmaps_year(demo_engine, scopes, cleanup):
    data = _file(
        _row("1", "Февраль - август"),
        _row("2", "в течение 2022 – 2024 гг."),
        _row("3", "Март Август Октябрь", starts="15.03.2025"),
        _row("4", "", starts="01.09.2025", due="30.09.2025"),
    )
    result = imports.run_import(scopes["admin"], parse("roadmap-items", data, "plan.csv"))
    assert result.ok, [str(e) for e in result.errors]
    items = _items(demo_engine)
    d = dt.date
    assert items["1"][:3] == (
        "Февраль - август",
        d(2025, 2, 1),
        d(2025, 8, 31),
    )  # year from the title
    assert items["2"][1:3] == (d(2022, 1, 1), d(2024, 12, 31))  # years written in the text win
    assert items["3"][1:3] == (d(2025, 3, 15), d(2025, 10, 31))  # a given date wins over the text
    assert items["4"][:3] == (None, d(2025, 9, 1), d(2025, 9, 30))
    with demo_engine.connect() as conn:
        year_start = conn.execute(
            select(Roadmap.year_start).where(Roadmap.code == CODE)
        ).scalar_one()
    # A later year-less row of this roadmap takes the roadmap's first year, not the title's.
    later = _file(_row("5", "Декабрь", title="Переименованная карта 2030"))
    assert imports.run_import(scopes["admin"], parse("roadmap-items", later, "more.csv")).ok
    assert _items(demo_engine)["5"][1:3] == (d(year_start, 12, 1), d(year_start, 12, 31))


def test_status_history_records_new_and_changed_statuses_once(demo_engine, scopes, cleanup):
    admin = scopes["admin"]
    first = _file(_row("1", "Май"), _row("2", "Июнь", status="в работе"))
    assert imports.run_import(admin, parse("roadmap-items", first, "v1.csv")).ok
    assert _history(demo_engine) == [
        ("1", None, "planned", admin.login, "импорт: v1.csv, строка 2"),
        ("2", None, "in_progress", admin.login, "импорт: v1.csv, строка 3"),
    ]
    again = imports.run_import(admin, parse("roadmap-items", first, "v1.csv"))
    assert (again.inserted, again.updated, again.unchanged) == (0, 0, 2)
    assert len(_history(demo_engine)) == 2  # an unchanged status is not history
    second = _file(_row("1", "Май"), _row("2", "Июнь", status="выполнено", done="20.06.2025"))
    assert imports.run_import(admin, parse("roadmap-items", second, "v2.csv")).ok
    assert _history(demo_engine)[-1] == (
        "2",
        "in_progress",
        "done",
        admin.login,
        "импорт: v2.csv, строка 3",
    )
    assert _items(demo_engine)["2"][3:] == ("done", dt.date(2025, 6, 20))


def test_an_unreadable_period_names_row_and_column_and_writes_nothing(demo_engine, scopes, cleanup):
    data = _file(_row("1", "Февраль - август"), _row("2", "когда-нибудь потом"))
    parsed = parse("roadmap-items", data, "bad.csv")
    assert [(e.line, e.column) for e in parsed.errors] == [(3, "period_text")]
    assert "срок не распознан" in parsed.errors[0].message
    result = imports.run_import(scopes["admin"], parsed)
    assert not result.ok
    assert _items(demo_engine) == {}


def test_a_period_impossible_in_the_roadmaps_year_is_refused_at_write(demo_engine, scopes, cleanup):
    # 29 февраля passes the grammar check (a leap year) but not in 2025, the roadmap's year.
    data = _file(_row("1", "Январь"), _row("2", "29 февраля"))
    result = imports.run_import(scopes["admin"], parse("roadmap-items", data, "leap.csv"))
    assert [(e.line, e.column) for e in result.errors] == [(3, "period_text")]
    assert "2025" in result.errors[0].message
    assert _items(demo_engine) == {}


def test_completion_date_needs_the_done_status():
    parsed = parse(
        "roadmap-items", _file(_row("1", "Май", status="в работе", done="01.05.2025")), "x.csv"
    )
    assert [(e.line, e.column) for e in parsed.errors] == [(2, "completed_on")]
