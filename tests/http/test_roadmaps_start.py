"""Where `/roadmaps` opens: the user's own municipality's roadmap first, else the current one,
else the most recent, never the oldest; and the timeline's one title and readable legend."""

from __future__ import annotations

import datetime as dt

import pandas as pd
from sqlalchemy import select

from callbacks.roadmaps import roadmap_order
from dashboard import strings
from dashboard.figures import roadmaps as views
from dashboard.ids import Roadmaps as ids
from dashboard.models import Roadmap
from data_access import database, users
from tests.http.forge import post as call
from tests.http.test_roadmaps import _items_frame


def _frame(rows):
    return pd.DataFrame(
        rows, columns=["id", "code", "year_start", "year_end", "municipality_id"]
    ).astype({"municipality_id": "Float64"})


PLANS = _frame(
    [
        (1, "old-2018", 2018, 2018, None),
        (2, "mine-2019", 2019, 2019, 7.0),
        (3, "other-2022", 2022, 2024, 8.0),
        (4, "region-2025", 2025, 2027, None),
    ]
)


def test_the_current_roadmap_comes_first_for_region_wide_users():
    assert list(roadmap_order(PLANS, None, 2026)["code"]) == [
        "region-2025",
        "other-2022",
        "mine-2019",
        "old-2018",
    ]


def test_without_a_current_roadmap_the_most_recent_comes_first():
    assert roadmap_order(PLANS, None, 2030)["code"].iloc[0] == "region-2025"
    assert roadmap_order(PLANS.iloc[:3], None, 2030)["code"].iloc[0] == "other-2022"
    # a roadmap covering the year wins over one that ends later
    assert roadmap_order(PLANS, None, 2023)["code"].iloc[0] == "other-2022"


def test_a_municipality_opens_on_its_own_roadmap():
    assert list(roadmap_order(PLANS, 7, 2026)["code"])[:2] == ["mine-2019", "region-2025"]
    # no roadmap of its own: the same order as the region's
    assert list(roadmap_order(PLANS, 99, 2026)["code"]) == list(
        roadmap_order(PLANS, None, 2026)["code"]
    )


def test_a_district_user_opens_on_its_municipality_roadmap(app, client_for, callbacks):
    engine = app.server.extensions["oko_engine"]
    with database.bind(engine):
        own = users.scope_for(users.account_by_login("district")).municipality_id
    with engine.connect() as conn:
        owned = (
            conn.execute(
                select(Roadmap.code)
                .where(Roadmap.municipality_id == own)
                .order_by(Roadmap.year_end.desc())
            )
            .scalars()
            .first()
        )
    out = call(client_for("district"), callbacks["choose_roadmap"], "/roadmaps", None).get_json()
    chosen = out["response"][ids.ROADMAP]["value"]
    assert owned is not None and chosen == owned


def test_the_timeline_has_one_title_and_its_note_under_the_axis():
    fig, _ = views.gantt(_items_frame(), "roadmap", dt.date(2024, 3, 1))
    assert not fig.layout.title.text  # the card's title is the chart's title
    notes = [a for a in fig.layout.annotations if a.text.startswith("Статусы на")]
    assert len(notes) == 1
    note = notes[0]
    assert note.y == 0 and note.yanchor == "top" and note.yshift < 0  # under the tick labels
    assert "01.03.2024" in note.text
    # the legend sits in the top margin, above the plot, not over a title
    assert fig.layout.legend.yref == "container" and fig.layout.legend.yanchor == "top"
    today = [a for a in fig.layout.annotations if a.text == strings.ROADMAP_TODAY]
    assert all(a.yanchor == "top" for a in today)  # inside the plot, below the legend
