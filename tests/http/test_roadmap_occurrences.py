"""`/roadmaps` with items due several times, through the real callbacks: a yearly item of the
2022–2024 roadmap is three rows named by their years, each overdue or done on its own; a
multi-span item is a row per span; the item card lists the occurrences and lets an editor
(only) change one of them."""

from __future__ import annotations

import base64
import datetime as dt
import io
import json
import re

import openpyxl
import pandas as pd
import pytest
from plotly.utils import PlotlyJSONEncoder
from sqlalchemy import delete, insert, select

from callbacks.roadmaps_pilot import stage_block
from dashboard import strings
from dashboard.figures import roadmaps as views
from dashboard.ids import Roadmaps as ids
from dashboard.models import AuditEvent, Roadmap, RoadmapItem, RoadmapStatusChange
from dashboard.models.plans import RoadmapItemOccurrence
from tests.http.forge import post as call
from tests.http.forge import text_of

CODE = "expert-community-2022"  # 2022–2024, owned by the `district` user's municipality
COLS = strings.ROADMAP_ITEM_COLUMNS
NAMES = strings.ROADMAP_STATUS_NAMES


@pytest.fixture
def added(engine):
    """Two recurring items added to the 2022–2024 roadmap: «ежегодно, до 15 августа» (9.1) and
    «в течение учебного года» (9.2); removed afterwards with all they recorded."""
    with engine.begin() as conn:
        rid = conn.execute(select(Roadmap.id).where(Roadmap.code == CODE)).scalar_one()
        made = {}
        for number, period, starts, due in (
            ("9.1", "ежегодно, до 15 августа", "2022-08-15", "2022-08-15"),
            ("9.2", "в течение учебного года", "2022-09-01", "2023-05-31"),
        ):
            made[number] = conn.execute(
                insert(RoadmapItem)
                .values(
                    roadmap_id=rid,
                    number=number,
                    section="Проверка",
                    title=f"Повторяющееся мероприятие {number}",
                    period_text=period,
                    starts_on=dt.date.fromisoformat(starts),
                    due_on=dt.date.fromisoformat(due),
                    status="planned",
                    progress=0,
                )
                .returning(RoadmapItem.id)
            ).scalar_one()
    yield made
    with engine.begin() as conn:
        for table in (RoadmapItemOccurrence, RoadmapStatusChange):
            conn.execute(delete(table).where(table.item_id.in_(made.values())))
        conn.execute(delete(RoadmapItem).where(RoadmapItem.id.in_(made.values())))


def _grid(client, callbacks, code: str, statuses=None) -> list[dict]:
    """The item grid's rows as {column header: cell}, plus the row key."""
    out = call(client, callbacks["roadmap_table"], code, None, statuses, None, None).get_json()
    grid = out["response"][ids.TABLE]
    fields = {c["field"]: c["headerName"] for c in grid["columnDefs"]}
    return [
        {**{fields[k]: v for k, v in row.items() if k in fields}, "row_id": row["row_id"]}
        for row in grid["rowData"]
    ]


def _rows_of(rows: list[dict], number: str) -> list[dict]:
    return [r for r in rows if r[COLS["number"]] == number]


def test_a_yearly_item_is_three_rows_named_by_their_years(client_for, callbacks, added):
    rows = _grid(client_for("viewer"), callbacks, CODE)
    yearly = _rows_of(rows, "9.1")
    assert [r[COLS["occurrence"]] for r in yearly] == ["2022", "2023", "2024"]
    assert [r[COLS["dates"]] for r in yearly] == [
        "15.08.2022 — 15.08.2022",
        "15.08.2023 — 15.08.2023",
        "15.08.2024 — 15.08.2024",
    ]
    # each row opens the card on its own occurrence; the grid keys rows by (item, occurrence)
    links = [re.search(r"\(<([^>]+)>\)$", r[COLS["title"]]).group(1) for r in yearly]
    assert links == [f"/roadmaps/item/{added['9.1']}?occurrence={n}" for n in (1, 2, 3)]
    assert [r["row_id"] for r in yearly] == [f"{added['9.1']}-{n}" for n in (1, 2, 3)]
    # a school year is named «2022/23»
    school = _rows_of(rows, "9.2")
    assert [r[COLS["occurrence"]] for r in school] == ["2022/23", "2023/24", "2024/25"]
    # an item due once has no year of its own
    assert {r[COLS["occurrence"]] for r in _rows_of(rows, "2.4")} == {""}
    # 8 items due once + 3 + 3 occurrences
    assert len(rows) == 14


def test_the_multi_span_item_shows_two_occurrences(client_for, callbacks):
    rows = _grid(client_for("viewer"), callbacks, "region-2018")
    spans = [r for r in rows if r[COLS["period_text"]] == "Январь – апрель Сентябрь – ноябрь"]
    assert [r[COLS["occurrence"]] for r in spans] == ["период 1 из 2", "период 2 из 2"]
    assert [r[COLS["dates"]] for r in spans] == [
        "01.01.2018 — 30.04.2018",
        "01.09.2018 — 30.11.2018",
    ]


def test_changing_2023_leaves_the_other_years_overdue(client_for, callbacks, engine, added):
    item_id = added["9.1"]
    editor = client_for("district")
    saved = call(
        editor,
        callbacks["save_status"],
        1,
        str(item_id),
        "done",
        None,
        "2023-08-10",
        "отчёт сдан",
        0,
        2,
    )
    message = strings.ITEM_SAVED_OCCURRENCE.format(occurrence="2023", status=NAMES["done"])
    assert message in text_of(saved)
    rows = _rows_of(_grid(client_for("viewer"), callbacks, CODE), "9.1")
    assert [r[COLS["status"]] for r in rows] == [NAMES["overdue"], NAMES["done"], NAMES["overdue"]]
    with engine.connect() as conn:
        assert conn.execute(
            select(RoadmapItem.status).where(RoadmapItem.id == item_id)
        ).scalar_one() == ("planned")
        assert conn.execute(
            select(RoadmapStatusChange.occurrence, RoadmapStatusChange.to_status).where(
                RoadmapStatusChange.item_id == item_id
            )
        ).all() == [(2, "done")]
    # the overdue list names each overdue year, the due counts are per occurrence
    view = call(client_for("viewer"), callbacks["roadmap_view"], CODE, "").get_json()["response"]
    overdue = text_of_value(view[ids.OVERDUE]["children"])
    for year, occurrence in (("2022", 1), ("2024", 3)):
        assert f"9.1 ({year}). Повторяющееся мероприятие 9.1" in overdue
        assert f"/roadmaps/item/{item_id}?occurrence={occurrence}" in overdue
    assert "9.1 (2023)" not in overdue
    # the status filter works per occurrence
    done = _rows_of(_grid(client_for("viewer"), callbacks, CODE, ["done"]), "9.1")
    assert [r[COLS["occurrence"]] for r in done] == ["2023"]


def test_the_item_card_lists_occurrences_and_opens_the_form_on_one(client_for, callbacks, added):
    item_id = str(added["9.1"])
    editor = client_for("district")
    call(editor, callbacks["save_status"], 1, item_id, "done", None, "2024-08-01", "", 0, 3)
    out = call(editor, callbacks["item_card"], item_id, 0, 0, None, "2").get_json()["response"]
    header = text_of_value(out[ids.ITEM_HEADER]["children"])
    assert "roadmap-occurrences" in header
    assert strings.ITEM_OCCURRENCES.format(n=3) in header
    for year in ("2022", "2023", "2024"):
        assert year in header
    assert header.count('"data-status": "overdue"') == 2  # 2022 and 2023; 2024 is done
    assert header.count('"data-status": "done"') == 1
    assert out[ids.OCCURRENCE_BLOCK]["hidden"] is False and out[ids.ITEM_EDIT]["hidden"] is False
    options = out[ids.OCCURRENCE]["options"]
    assert [o["value"] for o in options] == [1, 2, 3, "all"]
    assert options[1]["label"].startswith("2023: 15.08.2023")
    assert out[ids.OCCURRENCE]["value"] == 2  # the address's ?occurrence=2
    # without one, the form opens on the first occurrence still open
    first = call(editor, callbacks["item_card"], item_id, 0, 0, None, None).get_json()
    assert first["response"][ids.OCCURRENCE]["value"] == 1
    # the form shows the chosen occurrence's own status
    form = call(editor, callbacks["status_form"], 3, 0, item_id).get_json()["response"]
    assert form[ids.NEW_STATUS]["value"] == "done" and form[ids.PROGRESS_INPUT]["value"] == 100
    form = call(editor, callbacks["status_form"], 2, 0, item_id).get_json()["response"]
    assert form[ids.NEW_STATUS]["value"] == "planned" and form[ids.PROGRESS_INPUT]["value"] == 0
    # the history names the year each change was for
    history = text_of(call(editor, callbacks["item_card"], item_id, 1, 0, 3, None))
    assert strings.ITEM_HISTORY_COLUMNS["occurrence"] in history and "2024" in history


def test_an_item_due_once_has_no_occurrence_choice(client_for, callbacks, engine):
    with engine.connect() as conn:
        item_id = conn.execute(
            select(RoadmapItem.id)
            .join(Roadmap, Roadmap.id == RoadmapItem.roadmap_id)
            .where(Roadmap.code == CODE, RoadmapItem.number == "2.4")
        ).scalar_one()
    out = call(client_for("district"), callbacks["item_card"], str(item_id), 0, 0, None, None)
    response = out.get_json()["response"]
    assert response[ids.OCCURRENCE_BLOCK]["hidden"] is True
    assert response[ids.OCCURRENCE]["value"] is None
    assert "roadmap-occurrences" not in text_of_value(response[ids.ITEM_HEADER]["children"])


@pytest.mark.parametrize("user", ["director", "viewer"])
def test_a_reader_cannot_change_an_occurrence(client_for, callbacks, engine, added, user):
    item_id = added["9.1"]
    response = call(
        client_for(user), callbacks["save_status"], 1, str(item_id), "done", None, None, "", 0, 2
    )
    assert strings.ACCESS_DENIED in text_of(response)
    with engine.connect() as conn:
        assert (
            conn.execute(
                select(RoadmapItemOccurrence.occurrence).where(
                    RoadmapItemOccurrence.item_id == item_id
                )
            ).all()
            == []
        )
        last = conn.execute(
            select(AuditEvent.outcome)
            .where(AuditEvent.action == "roadmap_status", AuditEvent.user_login == user)
            .order_by(AuditEvent.id.desc())
            .limit(1)
        ).scalar()
    assert last == "denied"


def test_a_forged_occurrence_is_refused_with_its_reason(client_for, callbacks, added):
    item_id = str(added["9.1"])
    for forged in (7, "x", 0):
        response = call(
            client_for("district"),
            callbacks["save_status"],
            1,
            item_id,
            "done",
            None,
            None,
            "",
            0,
            forged,
        )
        assert strings.ITEM_CHANGE_ERRORS["bad_occurrence"] in text_of(response), forged


def test_the_report_has_a_row_per_year(client_for, callbacks, added):
    response = call(client_for("viewer"), callbacks["roadmap_export"], None, 1, CODE, "2024-12-31")
    data = response.get_json()["response"]["roadmaps-download"]["data"]
    book = openpyxl.load_workbook(io.BytesIO(base64.b64decode(data["content"])))
    sheet = book[strings.ROADMAP_REPORT_SHEETS["items"]]
    header = [c.value for c in sheet[3]]
    rows = [dict(zip(header, (c.value for c in r), strict=True)) for r in sheet.iter_rows(4)]
    yearly = [r for r in rows if r[COLS["number"]] == "9.1"]
    assert [r[COLS["occurrence"]] for r in yearly] == ["2022", "2023", "2024"]
    assert all(r[COLS["status"]] == strings.ROADMAP_OUTCOME_NAMES["overdue"] for r in yearly)


def text_of_value(value) -> str:
    return json.dumps(value, ensure_ascii=False)


# ------------------------------------------------------------------ views from hand-made frames


def test_occurrences_are_named_by_year_school_year_or_period():
    label = views.occurrence_label
    assert label(2023, pd.Timestamp("2023-08-15"), 2, 3) == "2023"
    assert label(2023, pd.Timestamp("2024-05-31"), 2, 3) == "2023/24"
    assert label(2099, pd.Timestamp("2100-05-31"), 1, 2) == "2099/00"
    assert label(pd.NA, pd.Timestamp("2018-11-30"), 2, 2) == "период 2 из 2"
    assert label(None, pd.Timestamp("2018-11-30"), 1, 1) == ""
    assert views.numbered("1.2", "2023") == "1.2 (2023)" and views.numbered("1.2", "") == "1.2"


def test_a_pilot_task_due_every_year_is_a_line_per_year():
    tasks = pd.DataFrame(
        {
            "item_id": [5, 5, 6],
            "number": ["1.1", "1.1", "1.2"],
            "title": ["Ежегодный семинар", "Ежегодный семинар", "Модель"],
            "status": ["done", "planned", "planned"],
            "display_status": ["done", "overdue", "planned"],
            "due_on": pd.to_datetime(["2019-12-31", "2020-12-31", "2021-12-31"]),
            "occurrence": [1, 2, 1],
            "occurrence_year": pd.array([2019, 2020, None], dtype="Int64"),
            "occurrence_count": [2, 2, 1],
            "expected_result": ["", "", ""],
            "confirming_materials": ["", "", ""],
            "evidence": [0, 0, 0],
        }
    )
    text = json.dumps(stage_block("Этап 1", tasks), cls=PlotlyJSONEncoder, ensure_ascii=False)
    assert "1.1 (2019). Ежегодный семинар" in text and "1.1 (2020). Ежегодный семинар" in text
    assert "/roadmaps/item/5?occurrence=2" in text and '"/roadmaps/item/6"' in text
    assert strings.PILOT_STAGE.format(stage="Этап 1", done=1, total=3) in text
