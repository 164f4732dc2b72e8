"""The demo's teacher professional development (issue 20): programmes with format and dates,
teachers per subject, schools' requests in every status with a consistent history, one
municipality's confirmed plan-order, completions on schools in need that have results the
next year, and a needed skill that no programme covers.

The region demo (seed 42, as `oko demo --scale region` builds it) is read back from the
database; what "in need" means is checked here from the stored results, independently of the
generator.
"""

from __future__ import annotations

import json

import pandas as pd
import pytest
from sqlalchemy import select, text

from dashboard.db import make_engine, upgrade
from dashboard.demo import build
from dashboard.models import Municipality, School
from dashboard.models.training import PROGRAMME_FORMATS, REQUEST_STATUSES

TRAINING_TABLES = (
    ("subject_teacher", "school_id, year, subject"),
    ("pd_request", "id"),
    ("pd_request_event", "id"),
    ("pd_order_confirmation", "id"),
    ("pd_completion", "school_id, programme_id, year"),
    ("pd_programme", "id"),
)


def _sql(engine, query: str) -> pd.DataFrame:
    with engine.connect() as conn:
        return pd.read_sql(text(query), conn)


@pytest.fixture(scope="module")
def engine(region_demo):
    return region_demo(42)


@pytest.fixture(scope="module")
def demo_places(engine) -> dict:
    """The «district» user's municipality and the demo director's school (dashboard.cli)."""
    with engine.connect() as conn:
        muni = conn.execute(
            select(Municipality.id, Municipality.code).order_by(Municipality.code)
        ).first()
        school = conn.execute(
            select(School.id).where(School.municipality_id == muni.id).order_by(School.school_code)
        ).scalar()
    return {"municipality_id": int(muni.id), "school_id": int(school)}


@pytest.fixture(scope="module")
def skills(engine) -> pd.DataFrame:
    """Per school, ВПР year and skill: the school's percent, participants, and the region's
    percent weighted by participants (computed here from the stored rows)."""
    rows = _sql(
        engine,
        "select sk.school_id, p.year, p.subject, t.skill_code, sk.mean_percent, sr.participants "
        "from skill_result sk join procedure p on p.id = sk.procedure_id "
        "join procedure_task t on t.procedure_id = sk.procedure_id "
        "and t.task_number = sk.task_number "
        "join school_result sr on sr.procedure_id = sk.procedure_id "
        "and sr.school_id = sk.school_id where p.kind = 'vpr' and sr.participants > 0",
    )
    keys = ["year", "subject", "skill_code"]
    own = rows.groupby(["school_id", *keys], as_index=False).agg(
        percent=("mean_percent", "mean"), participants=("participants", "first")
    )
    own["w"] = own["percent"] * own["participants"]
    sums = own.groupby(keys)[["w", "participants"]].sum()
    region = (sums["w"] / sums["participants"]).rename("region")
    own = own.join(region, on=keys)
    own["gap"] = own["percent"] - own["region"]
    p = (own["percent"] / 100).clip(0.01, 0.99)
    own["z"] = own["gap"] / (100 * (p * (1 - p) / own["participants"]).pow(0.5))
    return own


def test_programmes_have_a_format_and_dates(engine):
    programmes = _sql(engine, "select * from pd_programme order by id")
    assert len(programmes) >= 4
    assert set(programmes["format"]) <= set(PROGRAMME_FORMATS)
    assert programmes["format"].nunique() >= 2
    starts = pd.to_datetime(programmes["starts_on"])
    ends = pd.to_datetime(programmes["ends_on"])
    assert starts.notna().all() and ends.notna().all()
    assert (ends > starts).all()
    latest = int(_sql(engine, "select max(year) as y from procedure")["y"].iloc[0])
    assert (starts.dt.year == latest + 1).all()  # the plan-order's training year


def test_teachers_per_subject_for_every_school_with_results(engine):
    written = _sql(
        engine,
        "select distinct sr.school_id, p.year, p.subject from school_result sr "
        "join procedure p on p.id = sr.procedure_id where p.kind = 'vpr'",
    )
    teachers = _sql(engine, "select * from subject_teacher")
    assert teachers["teachers"].between(1, 6).all()
    joined = written.merge(teachers, on=["school_id", "year", "subject"], how="left")
    assert joined["teachers"].notna().all(), joined[joined["teachers"].isna()].head()
    # larger schools have more teachers of mathematics
    pupils = _sql(
        engine,
        "select school_id, year, value as pupils from context_value "
        "where indicator_code = 'pupils'",
    )
    maths = teachers[teachers["subject"] == "математика"].merge(pupils)
    assert maths["teachers"].corr(maths["pupils"], method="spearman") > 0.5


def test_requests_in_every_status_with_a_consistent_history(engine, demo_places):
    requests = _sql(engine, "select * from pd_request order by id")
    events = _sql(engine, "select * from pd_request_event order by request_id, at, id")
    schools = _sql(engine, "select id as school_id, municipality_id as muni from school")
    latest_vpr = _sql(engine, "select max(year) as y from procedure where kind = 'vpr'")["y"][0]
    assert 12 <= len(requests) <= 20
    assert set(requests["status"]) == set(REQUEST_STATUSES)
    assert (requests["year"] == latest_vpr).all()
    assert (requests["skill_code"].notna() | requests["topic"].notna()).all()
    assert (requests["teachers"] >= 1).all()
    merged = requests.merge(schools, on="school_id")
    assert (merged["municipality_id"] == merged["muni"]).all()
    own = requests[requests["school_id"] == demo_places["school_id"]]
    assert len(own) == 1 and own["created_by"].iloc[0] == "director"
    assert (requests["municipality_id"] == demo_places["municipality_id"]).sum() >= 3
    assert (requests["municipality_id"] != demo_places["municipality_id"]).sum() >= 3
    for request in requests.itertuples():
        story = events[events["request_id"] == request.id]
        first = story.iloc[0]
        assert pd.isna(first["from_status"]) and first["to_status"] == "submitted"
        assert first["by"] == request.created_by and first["role"] == "school"
        assert pd.Timestamp(first["at"]) == pd.Timestamp(request.created_at)
        assert list(story["from_status"].iloc[1:]) == list(story["to_status"].iloc[:-1])
        assert story["to_status"].iloc[-1] == request.status
        assert pd.to_datetime(story["at"]).is_monotonic_increasing
        for step in story.iloc[1:].itertuples():
            if step.to_status == "withdrawn":
                assert (step.by, step.role) == (request.created_by, "school")
            elif request.municipality_id == demo_places["municipality_id"]:
                assert (step.by, step.role) == ("district", "municipality")
            else:
                assert (step.by, step.role) == ("region", "region")
            assert step.to_status in {"accepted", "declined", "withdrawn"}


def test_one_municipality_confirmed_its_plan_order(engine, demo_places):
    confirmations = _sql(engine, "select * from pd_order_confirmation")
    assert len(confirmations) == 1
    row = confirmations.iloc[0]
    latest_vpr = _sql(engine, "select max(year) as y from procedure where kind = 'vpr'")["y"][0]
    assert row["municipality_id"] == demo_places["municipality_id"]
    assert row["year"] == latest_vpr and row["confirmed_by"] == "district"
    lines = json.loads(row["lines"])
    assert len(lines) >= 2
    programmes = _sql(engine, "select id, programme_code, hours from pd_programme")
    hours = dict(zip(programmes["id"], programmes["hours"], strict=True))
    requests = _sql(engine, "select * from pd_request").set_index("id")
    confirmed_at = pd.Timestamp(row["confirmed_at"])
    cited = set()
    for line in lines:
        assert line["municipality_id"] == demo_places["municipality_id"]
        assert line["schools"] >= 1 and line["teachers"] >= line["schools"] - line.get(
            "unknown_teachers", 0
        )
        if line["programme_id"] is not None:
            assert line["hours_per_teacher"] == hours[line["programme_id"]]
            assert line["hours"] == line["teachers"] * line["hours_per_teacher"]
        reasons = line["reasons"]
        assert len({r["school_id"] for r in reasons}) == line["schools"]
        for reason in reasons:
            if reason["kind"] == "request":
                request = requests.loc[reason["request_id"]]
                assert request["municipality_id"] == demo_places["municipality_id"]
                assert pd.Timestamp(request["created_at"]) < confirmed_at
                assert request["status"] == "accepted"
                cited.add(reason["request_id"])
            else:
                assert reason["kind"] == "need" and reason["gap"] <= -10
    accepted = requests[
        (requests["municipality_id"] == demo_places["municipality_id"])
        & (requests["status"] == "accepted")
    ]
    assert cited == set(accepted.index) and cited
    assert any(r["kind"] == "need" for line in lines for r in line["reasons"])


def test_completions_are_on_schools_in_need_with_results_next_year(engine, skills):
    completions = _sql(
        engine,
        "select c.*, p.subject, p.skill_codes from pd_completion c "
        "join pd_programme p on p.id = c.programme_id",
    )
    assert completions["year"].nunique() == 1
    year = int(completions["year"].iloc[0])
    assert len(completions) >= 8
    teachers = _sql(engine, "select * from subject_teacher").set_index(
        ["school_id", "year", "subject"]
    )["teachers"]
    for c in completions.itertuples():
        codes = c.skill_codes.split(";")
        own = skills[(skills["school_id"] == c.school_id) & skills["skill_code"].isin(codes)]
        at = own[own["year"] == year]
        assert (at["gap"] <= -10).any(), (c.school_id, c.programme_id)  # a need it answers
        later = skills[
            (skills["school_id"] == c.school_id)
            & (skills["subject"] == c.subject)
            & (skills["year"] == year + 1)
        ]
        assert len(later) > 0  # the next cycle's skill results exist
        assert 1 <= c.teachers <= teachers[(c.school_id, year, c.subject)]
    assert completions.groupby(["school_id", "subject"]).size().max() == 1


def test_a_needed_skill_has_no_programme(engine, skills):
    """A skill some school needs beyond doubt (≥ 10 points below the region, z ≤ −4, stricter
    than Holm over any subject's skills) that no programme lists."""
    latest = int(skills["year"].max())
    needed = skills[(skills["year"] == latest) & (skills["gap"] <= -10) & (skills["z"] <= -4)]
    covered = {
        code
        for listed in _sql(engine, "select skill_codes from pd_programme")["skill_codes"]
        for code in listed.split(";")
    }
    assert len(needed) > 0
    assert set(needed["skill_code"]) - covered
    assert set(needed["skill_code"]) & covered  # and the programmes do answer some needs


def test_same_seed_same_training_data(tmp_path):
    engines = []
    for name in ("one", "two"):
        url = f"sqlite:///{tmp_path / name}.sqlite3"
        upgrade(url)
        engines.append(make_engine(url))
        build(engines[-1], scale="district", seed=5)
    try:
        for table, order in TRAINING_TABLES:
            first, second = (_sql(e, f"select * from {table} order by {order}") for e in engines)
            assert len(first) > 0, table
            pd.testing.assert_frame_equal(first, second)
    finally:
        for e in engines:
            e.dispose()
