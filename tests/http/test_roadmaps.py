"""`/roadmaps` through HTTP: edits by role via the real callbacks, audit rows, uploads checked
by their bytes, downloads, the report export, and honest product status."""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
import io
import re
from pathlib import Path

import openpyxl
import pandas as pd
import pytest
from sqlalchemy import delete, select, update

from callbacks.roadmaps_pilot import PRODUCT_PAGES
from callbacks.roadmaps_query import Selection
from dashboard import rules, strings
from dashboard.figures import roadmaps as views
from dashboard.figures.contrast import text_colour
from dashboard.formatting import local_zone
from dashboard.ids import Roadmaps as ids
from dashboard.models import AuditEvent, Roadmap, RoadmapEvidence, RoadmapItem, RoadmapStatusChange
from dashboard.models.plans import RoadmapItemOccurrence
from tests.http.forge import post as call
from tests.http.forge import text_of

ROOT = Path(__file__).resolve().parents[2]
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


def _item(engine, code: str, number: str) -> int:
    with engine.connect() as conn:
        return conn.execute(
            select(RoadmapItem.id)
            .join(Roadmap, Roadmap.id == RoadmapItem.roadmap_id)
            .where(Roadmap.code == code, RoadmapItem.number == number)
        ).scalar_one()


def _roadmap(engine, code: str) -> int:
    with engine.connect() as conn:
        return conn.execute(select(Roadmap.id).where(Roadmap.code == code)).scalar_one()


def _last_audit(engine, action: str, login: str) -> str | None:
    with engine.connect() as conn:
        return conn.execute(
            select(AuditEvent.outcome)
            .where(AuditEvent.action == action, AuditEvent.user_login == login)
            .order_by(AuditEvent.id.desc())
            .limit(1)
        ).scalar()


@pytest.fixture
def kept(engine):
    """Restore the touched item and drop added history and evidence rows afterwards."""
    with engine.connect() as conn:
        items = conn.execute(
            select(
                RoadmapItem.id, RoadmapItem.status, RoadmapItem.progress, RoadmapItem.completed_on
            )
        ).all()
        last = conn.execute(
            select(RoadmapStatusChange.id).order_by(RoadmapStatusChange.id.desc())
        ).scalar()
        last_ev = (
            conn.execute(select(RoadmapEvidence.id).order_by(RoadmapEvidence.id.desc())).scalar()
            or 0
        )
    yield
    with engine.begin() as conn:
        for item_id, status, progress, completed_on in items:
            conn.execute(
                update(RoadmapItem)
                .where(RoadmapItem.id == item_id)
                .values(status=status, progress=progress, completed_on=completed_on)
            )
        conn.execute(delete(RoadmapStatusChange).where(RoadmapStatusChange.id > last))
        conn.execute(delete(RoadmapEvidence).where(RoadmapEvidence.id > last_ev))
        conn.execute(delete(RoadmapItemOccurrence))  # the demo records none


@pytest.mark.parametrize(
    ("user", "code", "allowed"),
    [
        ("region", "region-2018", True),
        ("admin", "pilot-2019", True),
        ("district", "expert-community-2022", True),  # its own roadmap
        ("district", "region-2018", False),  # regional: not its own
        ("director", "expert-community-2022", False),
        ("viewer", "pilot-2019", False),
    ],
)
def test_status_change_by_role(client_for, callbacks, engine, kept, user, code, allowed):
    item_id = _item(engine, code, "2.3" if code != "region-2018" else "14")
    with engine.connect() as conn:
        before = conn.execute(
            select(RoadmapItem.status).where(RoadmapItem.id == item_id)
        ).scalar_one()
    target = "in_progress" if before != "in_progress" else "planned"
    response = call(
        client_for(user),
        callbacks["save_status"],
        1,
        str(item_id),
        target,
        30,
        None,
        "проверка",
        0,
        None,
    )
    assert response.status_code == 200
    text = text_of(response)
    with engine.connect() as conn:
        after = conn.execute(
            select(RoadmapItem.status).where(RoadmapItem.id == item_id)
        ).scalar_one()
        logged = conn.execute(
            select(RoadmapStatusChange.changed_by)
            .where(RoadmapStatusChange.item_id == item_id)
            .order_by(RoadmapStatusChange.id.desc())
            .limit(1)
        ).scalar()
    if allowed:
        assert after == target and logged == user
        assert _last_audit(engine, "roadmap_status", user) == "success"
    else:
        assert after == before and logged != user
        assert strings.ACCESS_DENIED in text
        assert _last_audit(engine, "roadmap_status", user) == "denied"


def test_upload_checked_by_bytes_then_stored_and_downloaded(
    client_for, callbacks, engine, kept, tmp_path, monkeypatch
):
    monkeypatch.setenv("OKO_VAR_DIR", str(tmp_path))
    item_id = str(_item(engine, "expert-community-2022", "1.2"))
    editor = client_for("district")
    fake = "data:application/pdf;base64," + base64.b64encode(b"MZ\x90\x00 not a pdf").decode()
    refused = call(
        editor, callbacks["add_evidence"], None, fake, "приказ.pdf", item_id, "", "", 0, changed=1
    )
    assert refused.status_code == 200 and not (tmp_path / "evidence").exists()
    assert _last_audit(engine, "roadmap_evidence", "district") == "failure"
    good = "data:image/png;base64," + base64.b64encode(PNG).decode()
    added = call(
        editor,
        callbacks["add_evidence"],
        None,
        good,
        "скан.png",
        item_id,
        "Скан реестра",
        "",
        0,
        changed=1,
    )
    assert added.status_code == 200
    stored = list((tmp_path / "evidence").iterdir())
    assert len(stored) == 1 and re.fullmatch(r"[0-9a-f]{32}\.png", stored[0].name)
    with engine.connect() as conn:
        evidence_id, sha = conn.execute(
            select(RoadmapEvidence.id, RoadmapEvidence.sha256)
            .where(RoadmapEvidence.item_id == int(item_id))
            .order_by(RoadmapEvidence.id.desc())
        ).first()
    assert sha == hashlib.sha256(PNG).hexdigest()
    got = call(client_for("viewer"), callbacks["download_evidence"], 1, evidence_id).get_json()
    payload = got["response"]["roadmap-item-download-file"]["data"]
    assert base64.b64decode(payload["content"]) == PNG and payload["filename"] == "скан.png"
    # A reader cannot add anything.
    call(
        client_for("viewer"),
        callbacks["add_evidence"],
        1,
        None,
        None,
        item_id,
        "x",
        "https://example.org",
        0,
    )
    assert _last_audit(engine, "roadmap_evidence", "viewer") == "denied"


def test_link_must_be_a_web_address(client_for, callbacks, engine, kept):
    item_id = str(_item(engine, "pilot-2019", "1.1"))
    client = client_for("region")
    bad = call(
        client, callbacks["add_evidence"], 1, None, None, item_id, "x", "javascript:alert(1)", 0
    )
    assert strings.ITEM_EVIDENCE_ERRORS["bad_url"] in text_of(bad)
    with engine.connect() as conn:
        urls = conn.execute(
            select(RoadmapEvidence.url).where(RoadmapEvidence.item_id == int(item_id))
        ).scalars()
        assert all(not (u or "").startswith("javascript") for u in urls)


def test_xlsx_report_as_of_a_date(client_for, callbacks, engine):
    response = call(
        client_for("viewer"), callbacks["roadmap_export"], None, 1, "region-2018", "2018-06-30"
    )
    data = response.get_json()["response"]["roadmaps-download"]["data"]
    assert data["filename"].endswith("2018-06-30.xlsx")
    book = openpyxl.load_workbook(io.BytesIO(base64.b64decode(data["content"])))
    assert book.sheetnames == list(strings.ROADMAP_REPORT_SHEETS.values())
    items = book[strings.ROADMAP_REPORT_SHEETS["items"]]
    # heading, blank, header row, then one row per occurrence: 19 items, five of them due in
    # several periods («Май Август», «Март Август Октябрь», …), so 25 rows
    assert items.max_row - 3 == 25
    assert "30.06.2018" in items.cell(row=1, column=1).value
    # As of 30 June 2018 nothing due in December can be done yet.
    header = [c.value for c in items[3]]
    rows = [
        dict(zip(header, (c.value for c in row), strict=True)) for row in items.iter_rows(min_row=4)
    ]
    december = [r for r in rows if r[strings.ROADMAP_ITEM_COLUMNS["period_text"]] == "Декабрь"]
    assert december and all(
        not r[strings.ROADMAP_ITEM_COLUMNS["status"]].startswith("выполнено") for r in december
    )


def test_pdf_report(client_for, callbacks, engine):
    response = call(
        client_for("region"), callbacks["roadmap_export"], None, 1, "pilot-2019", None, changed=1
    )
    data = response.get_json()["response"]["roadmaps-download"]["data"]
    assert base64.b64decode(data["content"]).startswith(b"%PDF")


def test_every_product_with_a_page_is_reported_built(client_for, callbacks, engine):
    """Every OKO page a seed-002 final product names is built now (/decisions and /training
    were the last): none reads «не реализовано»; a product no page serves says so."""
    text = text_of(call(client_for("viewer"), callbacks["pilot_view"], "pilot-2019"))
    assert strings.PILOT_PRODUCT_NOT_BUILT not in text
    served = sum(1 for pages in PRODUCT_PAGES.values() if pages)
    assert text.count(strings.PILOT_PRODUCT_BUILT) >= served
    assert strings.PILOT_PRODUCT_OUTSIDE in text
    assert text.count("☑") + text.count("☐") == 13


# ------------------------------------------------------------------ the selection in the address


def test_selection_survives_a_round_trip_through_the_query_string():
    chosen = Selection(
        roadmap="pilot-2019",
        executor="Отдел «А» & Б",
        statuses=("in_progress", "overdue"),
        start=dt.date(2020, 1, 1),
        end=dt.date(2020, 12, 31),
        as_of=dt.date(2021, 5, 1),
    )
    assert Selection.from_search(chosen.query()) == chosen
    assert Selection.from_search(chosen.query() + "&evil=1") == chosen
    # Statuses come back in the canonical order, each once, unknown ones dropped.
    assert Selection.parse(statuses=["overdue", "evil", "planned", "overdue"]).statuses == (
        "planned",
        "overdue",
    )
    assert Selection.from_search("?status=done,x&from=2020-13-01&as_of=junk") == Selection(
        statuses=("done",)
    )
    for junk in (None, ["?roadmap=a"], {"roadmap": "a"}, 5, "?roadmap=" + "x" * 100):
        assert Selection.from_search(junk) == Selection()
    assert (
        Selection.parse(roadmap=["a"], executor={"a": 1}, statuses={"x": 1}, start=[1], as_of=3)
        == Selection()
    )
    assert Selection().query() == ""
    assert Selection(roadmap="region-2018").query() == "?roadmap=region-2018"


def test_opening_a_shared_address_restores_the_controls(client_for, callbacks):
    search = (
        "?roadmap=pilot-2019&status=overdue,done&from=2020-01-01&to=2020-06-30&as_of=2021-05-01"
    )
    out = call(client_for("viewer"), callbacks["choose_roadmap"], "/roadmaps", search).get_json()[
        "response"
    ]
    assert out[ids.ROADMAP]["value"] == "pilot-2019"
    assert "pilot-2019" in [o["value"] for o in out[ids.ROADMAP]["options"]]
    assert out[ids.STATUS]["value"] == ["done", "overdue"]
    assert out[ids.PERIOD] == {"start_date": "2020-01-01", "end_date": "2020-06-30"}
    assert out[ids.AS_OF]["date"] == "2021-05-01"


def test_without_an_address_the_most_recent_roadmap_and_today_are_chosen(
    client_for, callbacks, engine
):
    out = call(
        client_for("viewer"), callbacks["choose_roadmap"], "/roadmaps", "?roadmap=no-such"
    ).get_json()
    out = out["response"]
    with engine.connect() as conn:  # no demo roadmap covers today: the latest-ending one
        latest = (
            conn.execute(
                select(Roadmap.code).order_by(Roadmap.year_end.desc(), Roadmap.year_start.desc())
            )
            .scalars()
            .first()
        )
    assert latest != "region-2018"
    assert out[ids.ROADMAP]["value"] == latest == out[ids.ROADMAP]["options"][0]["value"]
    assert out[ids.STATUS]["value"] == [] and out[ids.PERIOD] == {
        "start_date": None,
        "end_date": None,
    }
    assert out[ids.AS_OF]["date"] == dt.date.today().isoformat()


def test_the_executor_in_the_address_is_kept_only_when_the_roadmap_has_it(
    client_for, callbacks, engine
):
    client = client_for("viewer")
    with engine.connect() as conn:
        executor = (
            conn.execute(
                select(RoadmapItem.executors)
                .join(Roadmap, Roadmap.id == RoadmapItem.roadmap_id)
                .where(Roadmap.code == "region-2018", RoadmapItem.executors.is_not(None))
            )
            .scalars()
            .first()
        )
    search = Selection(roadmap="region-2018", executor=executor).query()
    out = call(client, callbacks["roadmap_view"], "region-2018", search).get_json()["response"]
    assert executor in [o["value"] for o in out[ids.EXECUTOR]["options"]]
    assert out[ids.EXECUTOR]["value"] == executor
    bars = out[ids.GANTT]["figure"]["data"][0]
    assert len(bars["x"]) == 25  # a bar per occurrence (19 items, five in several periods)…
    assert len(set(bars["y"][1])) == 19  # …on its item's one row
    assert strings.ROADMAP_PROGRESS_COLUMNS["share_overdue"] in text_of(
        call(client, callbacks["roadmap_view"], "region-2018", search)
    )
    other = call(client, callbacks["roadmap_view"], "region-2018", "?executor=nobody").get_json()[
        "response"
    ]
    assert other[ids.EXECUTOR]["value"] is None


def test_controls_are_written_to_the_address(client_for, callbacks):
    client = client_for("viewer")
    response = call(
        client,
        callbacks["roadmap_address"],
        "pilot-2019",
        None,
        ["overdue", "done"],
        "2020-01-01",
        None,
        "2021-05-01",
        "",
    )
    written = response.get_json()["response"][ids.LOCATION]["search"]
    assert Selection.from_search(written) == Selection(
        roadmap="pilot-2019",
        statuses=("done", "overdue"),
        start=dt.date(2020, 1, 1),
        as_of=dt.date(2021, 5, 1),
    )
    # Nothing chosen yet, or the address already says it: the address is left alone.
    assert (
        call(
            client, callbacks["roadmap_address"], None, None, None, None, None, None, ""
        ).status_code
        == 204
    )
    same = call(
        client,
        callbacks["roadmap_address"],
        "pilot-2019",
        None,
        None,
        None,
        None,
        None,
        "?roadmap=pilot-2019",
    )
    assert (
        same.status_code == 200 and same.get_json()["response"] == {}
    )  # no_update: no history entry


def test_item_grid_links_every_item_and_filters_by_status(client_for, callbacks, engine):
    client = client_for("viewer")
    out = call(
        client, callbacks["roadmap_table"], "region-2018", None, None, None, None
    ).get_json()["response"]
    rows, columns = out[ids.TABLE]["rowData"], out[ids.TABLE]["columnDefs"]
    # a row per occurrence: 19 items, five of them due in several periods
    assert len(rows) == 25 and out[ids.TABLE_COUNT][
        "children"
    ] == strings.ROADMAP_TABLE_COUNT.format(n=25, total=25)
    assert len({r["row_id"] for r in rows}) == 25  # the grid keys rows by (item, occurrence)
    title = next(c for c in columns if c["headerName"] == strings.ROADMAP_ITEM_COLUMNS["title"])
    assert title["cellRenderer"] == "markdown"
    with engine.connect() as conn:
        item_ids = set(
            conn.execute(
                select(RoadmapItem.id).where(
                    RoadmapItem.roadmap_id == _roadmap(engine, "region-2018")
                )
            ).scalars()
        )
    linked = {
        int(m)
        for r in rows
        for m in re.findall(r"\(</roadmaps/item/(\d+)(?:\?occurrence=\d)?>\)$", r[title["field"]])
    }
    assert linked == item_ids
    status = next(
        c["field"] for c in columns if c["headerName"] == strings.ROADMAP_ITEM_COLUMNS["status"]
    )
    done = call(
        client, callbacks["roadmap_table"], "region-2018", None, ["done"], None, None
    ).get_json()
    done_rows = done["response"][ids.TABLE]["rowData"]
    assert done_rows and len(done_rows) < 25
    assert {r[status] for r in done_rows} == {strings.ROADMAP_STATUS_NAMES["done"]}
    # The status cell keeps the timeline's colours: «просрочено» in the overdue colour.
    styles = next(c for c in columns if c["field"] == status)["cellStyle"]["styleConditions"]
    overdue = strings.ROADMAP_STATUS_NAMES["overdue"]
    assert {
        "condition": f'params.value === "{overdue}"',
        "style": {"color": text_colour(views.STATUS_COLOURS["overdue"]), "fontWeight": 600},
    } in styles


def test_a_roadmap_the_user_cannot_read_is_refused_and_audited(client_for, callbacks, engine):
    client = client_for("viewer")
    for name, values in (
        ("roadmap_view", ("no-such-roadmap", "")),
        ("roadmap_table", ("no-such-roadmap", None, None, None, None)),
        ("pilot_view", ("no-such-roadmap",)),
    ):
        response = call(client, callbacks[name], *values)
        assert response.status_code == 204, name
        assert _last_audit(engine, "callback", "viewer") == "denied"


def test_a_missing_item_card_says_so_and_is_audited(client_for, callbacks, engine):
    response = call(client_for("viewer"), callbacks["item_card"], "999999", 0, 0, None, None)
    assert response.status_code == 200
    assert strings.ITEM_NOT_FOUND in text_of(response) and "access-denied" in text_of(response)
    assert _last_audit(engine, "callback", "viewer") == "denied"


def test_item_card_shows_history_and_materials_in_grids(client_for, callbacks, engine, kept):
    item_id = _item(engine, "pilot-2019", "1.1")
    client = client_for("region")
    call(
        client,
        callbacks["save_status"],
        1,
        str(item_id),
        "in_progress",
        10,
        None,
        "начали",
        0,
        None,
    )
    call(
        client,
        callbacks["add_evidence"],
        1,
        None,
        None,
        str(item_id),
        "Отчёт [1](javascript:x)",
        "https://example.org/report",
        0,
    )
    text = text_of(call(client, callbacks["item_card"], str(item_id), 1, 1, None, None))
    assert ids.HISTORY_GRID in text and ids.EVIDENCE_GRID in text and "начали" in text
    # The user's title is escaped markdown; only the checked web address is a link target.
    assert r"[Отчёт \\[1\\]\\(javascript:x\\)](<https://example.org/report>)" in text


def test_an_unreadable_or_oversized_upload_is_refused_with_its_reason(
    client_for, callbacks, engine, kept, tmp_path, monkeypatch
):
    monkeypatch.setenv("OKO_VAR_DIR", str(tmp_path))
    item_id = str(_item(engine, "pilot-2019", "1.1"))
    client = client_for("region")
    garbage = call(
        client,
        callbacks["add_evidence"],
        None,
        "data:image/png;base64,***",
        "a.png",
        item_id,
        "",
        "",
        0,
        changed=1,
    )
    assert strings.ITEM_EVIDENCE_ERRORS["unreadable"] in text_of(garbage)
    big = "data:image/png;base64," + "A" * (rules.EVIDENCE_MAX_BYTES * 4 // 3 + 16)
    too_large = call(
        client, callbacks["add_evidence"], None, big, "a.png", item_id, "", "", 0, changed=1
    )
    assert strings.ITEM_EVIDENCE_ERRORS["too_large"].format(
        mb=rules.EVIDENCE_MAX_BYTES // 2**20
    ) in text_of(too_large)
    assert _last_audit(engine, "roadmap_evidence", "region") == "failure"
    assert not (tmp_path / "evidence").exists()


# ------------------------------------------------------------------ views from hand-made frames


def _items_frame() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "item_id": [1, 2, 3],
            "number": ["1", "2", "3"],
            "section": ["I", "I", "II"],
            "title": ["Первое", "Второе <b>", "Третье"],
            "executors": ["Отдел", None, "Отдел"],
            "period_text": ["Май", None, "Декабрь"],
            "starts_on": pd.to_datetime(["2024-05-01", "2024-01-10", None]),
            "due_on": pd.to_datetime(["2024-05-31", "2024-02-01", "2024-12-31"]),
            "status": ["done", "planned", "in_progress"],
            "progress": [100, 0, 40],
            "completed_on": pd.to_datetime(["2024-05-30", None, None]),
            "display_status": ["done", "overdue", "in_progress"],
        }
    )


def test_gantt_draws_the_dated_items_and_lists_them():
    fig, frame = views.gantt(_items_frame(), "roadmap", dt.date(2024, 3, 1))
    bars = fig.data[0]
    assert list(bars.base) == ["2024-05-01", "2024-01-10"]  # the undated third item is not drawn
    assert list(bars.x) == [31 * 86_400_000, 23 * 86_400_000]  # due day included
    assert list(bars.y[0]) == ["Раздел 1", "Раздел 1"] and "&lt;b&gt;" in bars.y[1][1]
    assert list(bars.customdata[1][2:5]) == ["10.01.2024", "01.02.2024", "просрочено"]
    cols = strings.ROADMAP_ITEM_COLUMNS
    assert list(frame[cols["number"]]) == ["1", "2"]
    assert list(frame[cols["due_on"]]) == ["31.05.2024", "01.02.2024"]
    assert list(frame[cols["status"]]) == ["выполнено", "просрочено"]
    empty_fig, empty = views.gantt(_items_frame().iloc[2:], "roadmap", dt.date(2024, 3, 1))
    assert empty.empty and not empty_fig.data


def test_kpi_trend_bars_are_the_counts_of_its_table():
    counts = pd.DataFrame({"year": [2022, 2023], "value": [3, 5]})
    fig, frame = views.kpi_trend(counts)
    assert not fig.layout.title.text  # the item card names the KPI above the chart
    assert list(fig.data[0].x) == [2022, 2023] and list(fig.data[0].y) == [3, 5]
    assert frame.to_dict("list") == {"Год": [2022, 2023], "Значение": [3, 5]}


def test_progress_table_shows_percent_and_the_undated_column_only_when_needed():
    shares = pd.DataFrame(
        {
            "section": ["I", None],
            "items": [4, 4],
            "share_done_on_time": [0.5, 0.5],
            "share_done_late": [0.25, 0.25],
            "share_done_undated": [0.0, 0.0],
            "done_undated": [0, 0],
            "share_overdue": [float("nan"), 0.125],
            "cancelled": [0, 0],
        }
    )
    cols = strings.ROADMAP_PROGRESS_COLUMNS
    table = views.progress_table(shares)
    assert cols["share_done_undated"] not in table
    assert list(table[cols["section"]]) == ["I", strings.ROADMAP_OVERALL]
    assert list(table[cols["share_done_on_time"]]) == [50.0, 50.0]
    assert (
        pd.isna(table[cols["share_overdue"]].iloc[0])
        and table[cols["share_overdue"]].iloc[1] == 12.5
    )
    assert cols["share_done_undated"] in views.progress_table(shares, always_undated=True)


def test_item_tables_and_due_lines():
    items = _items_frame()
    table = views.items_table(items)
    cols = strings.ROADMAP_ITEM_COLUMNS
    assert list(table[cols["executors"]]) == ["Отдел", "—", "Отдел"]
    assert table[cols["dates"]].iloc[2] == "— — 31.12.2024"
    assert list(table[cols["progress"]]) == [100, 0, 40]
    lines = views.due_lines(items.iloc[[1]], dt.date(2024, 3, 1), overdue=True)
    assert lines == [
        (
            2,
            None,
            strings.ROADMAP_OVERDUE_LINE.format(
                number="2", title="Второе <b>", due="01.02.2024", days=29
            ),
        )
    ]
    history = pd.DataFrame(
        {
            "changed_at": pd.to_datetime(["2024-02-01 10:30"], utc=True),
            "changed_by": ["region"],
            "from_status": [None],
            "to_status": ["done"],
            "comment": [None],
        }
    )
    log = views.history_table(history)
    # shown in the region's time zone (the database keeps UTC)
    local = pd.Timestamp("2024-02-01 10:30", tz="UTC").tz_convert(local_zone())
    assert log.iloc[0].tolist() == [
        local.strftime("%d.%m.%Y %H:%M"),
        "region",
        "—",
        "выполнено",
        "",
    ]
    evidence = pd.DataFrame(
        {
            "kind": ["file", "link"],
            "title": ["Скан", "Сайт"],
            "url": [None, "https://x.ru"],
            "size_bytes": [2048, None],
            "sha256": ["ab" * 32, None],
            "added_by": ["region", "district"],
            "added_at": pd.to_datetime(["2024-02-01 10:30", "2024-02-02 00:00"], utc=True),
        }
    )
    shown = views.evidence_table(evidence)
    assert shown.iloc[0].tolist() == [
        "Скан",
        "файл",
        "2 КБ",
        "ab" * 8,
        "region",
        local.strftime("%d.%m.%Y %H:%M"),
    ]
    assert shown.iloc[1].tolist()[1:4] == ["ссылка", "—", "—"]
