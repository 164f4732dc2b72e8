"""The demo's voluntary diagnostic works (issue 23): three works held with results on two
subjects and one open for registration; about a third of the schools registered per work;
results only for the schools still registered, their school and skill rows what the pupil rows
say; feedback only from participants; the other tables' data untouched.

Shares are read from the region demo (seed 42, as `oko demo --scale region` builds it); the
consistency checks run on the district demo of every backend (tests/conftest.py). What is
checked is computed here from the stored rows, independently of the generator.
"""

from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd
import pytest
from sqlalchemy import text

from dashboard.db import get_engine, make_engine, upgrade
from dashboard.demo import Scale, build, voluntary
from dashboard.models.voluntary import DIFFICULTIES, JOIN_AGAIN, WORK_FORMS

OPEN_HELD_ON, OPEN_DEADLINE = dt.date(2027, 4, 15), dt.date(2027, 3, 20)


def _sql(engine, query: str, **params) -> pd.DataFrame:
    with engine.connect() as conn:
        return pd.read_sql(text(query), conn, params=params)


def _date(value) -> dt.date:
    return pd.Timestamp(value).date()


@pytest.fixture(scope="module")
def region(region_demo):
    return region_demo(42)


@pytest.fixture(scope="module")
def district(demo_url):
    """The district demo (seed 7) on each backend."""
    return get_engine(demo_url)


@pytest.fixture(scope="module", params=["region", "district"])
def engine(request, region, district):
    return region if request.param == "region" else district


def _works(engine) -> pd.DataFrame:
    """Works with their procedure (if any) joined by code."""
    return _sql(
        engine,
        "select w.*, p.id as procedure_id, p.kind, p.year, p.subject as p_subject, "
        "p.grade as p_grade, p.held_on as p_held_on from voluntary_work w "
        "left join procedure p on p.code = w.work_code order by w.id",
    )


def test_three_works_with_results_on_two_subjects_and_one_open(engine):
    works = _works(engine)
    held = works[works["procedure_id"].notna()]
    assert len(works) == 4 and len(held) == 3
    assert (held["kind"] == "voluntary").all()
    assert set(held["subject"]) == {"математика", "русский язык"}
    assert (held["subject"] == held["p_subject"]).all() and (held["grade"] == held["p_grade"]).all()
    last = int(_sql(engine, "select max(year) as y from procedure where kind = 'vpr'")["y"][0])
    assert (held["year"] == last).all()
    held_on = held["held_on"].map(_date)
    assert (held_on == held["p_held_on"].map(_date)).all()
    assert all(d.year == last and 3 <= d.month <= 5 for d in held_on)  # spring
    gaps = [
        (a - _date(b)).days for a, b in zip(held_on, held["registration_deadline"], strict=True)
    ]
    assert all(14 <= g <= 28 for g in gaps)
    assert set(works["form"]) <= set(WORK_FORMS)
    assert works["organiser"].str.len().gt(10).all()
    assert works["objectivity_measures"].str.contains("наблюдател|критери").all()
    still_open = works[works["procedure_id"].isna()].iloc[0]
    assert _date(still_open["held_on"]) == OPEN_HELD_ON
    assert _date(still_open["registration_deadline"]) == OPEN_DEADLINE


def test_work_skills_are_its_tasks_and_the_vpr_skills(engine):
    works = _works(engine)
    tasks = _sql(
        engine,
        "select t.procedure_id, t.skill_code, t.skill_name, p.kind, p.subject, p.grade "
        "from procedure_task t join procedure p on p.id = t.procedure_id",
    )
    assert tasks.drop_duplicates(["skill_code", "skill_name"])["skill_code"].is_unique
    for w in works[works["procedure_id"].notna()].itertuples():
        own = tasks[tasks["procedure_id"] == w.procedure_id]
        assert len(own) >= 10
        assert set(w.skill_codes.split(";")) == set(own["skill_code"])
        vpr = tasks[(tasks["kind"] == "vpr") & (tasks["subject"] == w.subject)]
        assert set(own["skill_code"]) <= set(vpr.loc[vpr["grade"] == w.grade, "skill_code"])


def test_about_a_third_of_the_schools_take_part_in_each_work(engine):
    works = _works(engine)
    regs = _sql(engine, "select * from voluntary_registration")
    # schools teaching the grade: those that wrote a ВПР of that grade in the work's year
    for w in works[works["procedure_id"].notna()].itertuples():
        teaching = _sql(
            engine,
            "select distinct sr.school_id from school_result sr join procedure p "
            "on p.id = sr.procedure_id where p.kind = 'vpr' and p.grade = :g and p.year = :y",
            g=int(w.grade),
            y=int(w.year),
        )["school_id"]
        own = regs[regs["work_id"] == w.id]
        registered = own[own["status"] == "registered"]
        assert set(own["school_id"]) <= set(teaching)
        assert 0.25 <= len(registered) / len(teaching) <= 0.45
    assert (regs["status"] == "withdrawn").sum() >= 3
    assert regs["pupils"].between(1, 400).all()
    assert regs["classes"].str.fullmatch(r"\d[А-Я](, \d[А-Я])*").all()
    first_class = regs.merge(works[["id", "grade"]], left_on="work_id", right_on="id")
    assert (
        first_class["classes"].str.extract(r"^(\d)")[0].astype(int) == first_class["grade"]
    ).all()


def test_schools_join_several_works_and_the_director_one(region):
    regs = _sql(region, "select work_id, school_id, registered_by from voluntary_registration")
    assert regs.groupby("school_id")["work_id"].nunique().max() >= 2
    assert (regs.groupby("work_id")["school_id"].nunique() > 0).all()
    director = regs[regs["registered_by"] == "director"]
    assert director["school_id"].nunique() == 1 and 1 in set(director["work_id"])
    others = regs[regs["registered_by"] != "director"]
    assert others["registered_by"].str.fullmatch(r"director-\d+").all()


def test_registration_history(engine):
    regs = _sql(engine, "select * from voluntary_registration")
    events = _sql(engine, "select * from voluntary_registration_event order by id")
    works = _works(engine).set_index("id")
    first = events.drop_duplicates("registration_id").set_index("registration_id")
    assert set(first.index) == set(regs["id"])
    assert (first["to_status"] == "registered").all() and first["from_status"].isna().all()
    counts = events.groupby("registration_id").size()
    for r in regs.itertuples():
        assert first.at[r.id, "by"] == r.registered_by
        assert pd.Timestamp(first.at[r.id, "at"]) == pd.Timestamp(r.registered_at)
        if r.status == "withdrawn":
            assert counts[r.id] == 2
            last = events[events["registration_id"] == r.id].iloc[-1]
            assert (last["from_status"], last["to_status"]) == ("registered", "withdrawn")
            assert last["by"] == r.registered_by and last["comment"]
            assert _date(last["at"]) < _date(works.at[r.work_id, "held_on"])
        else:
            assert counts[r.id] == 1
        assert _date(r.registered_at) <= _date(works.at[r.work_id, "registration_deadline"])


def test_results_only_for_registered_schools(engine):
    works = _works(engine)
    regs = _sql(engine, "select * from voluntary_registration")
    for w in works[works["procedure_id"].notna()].itertuples():
        pid = int(w.procedure_id)
        registered = set(
            regs.loc[(regs["work_id"] == w.id) & (regs["status"] == "registered"), "school_id"]
        )
        for table in ("school_result", "pupil_result", "skill_result"):
            schools = _sql(
                engine, f"select distinct school_id from {table} where procedure_id = :p", p=pid
            )
            assert set(schools["school_id"]) == registered, table
        counts = _sql(
            engine,
            "select school_id, participants from school_result where procedure_id = :p",
            p=pid,
        )
        pupils = counts.merge(regs[regs["work_id"] == w.id], on="school_id")
        assert (pupils["participants"] <= pupils["pupils"]).all()
    open_work = works[works["procedure_id"].isna()].iloc[0]
    assert (
        _sql(
            engine, "select count(*) as n from procedure where code = :c", c=open_work["work_code"]
        )["n"][0]
        == 0
    )
    assert (regs.loc[regs["work_id"] == open_work["id"], "registered_by"] != "director").all()


def test_school_results_are_the_pupils_means(engine):
    stored = _sql(
        engine,
        "select sr.procedure_id, sr.school_id, sr.participants, sr.mean_score, sr.mean_percent, "
        "sr.marks_2, sr.marks_3, sr.marks_4, sr.marks_5, count(pr.id) as n, "
        "avg(pr.primary_score) as score, 100.0 * avg(pr.primary_score) / p.max_score as percent, "
        "sum(case when pr.mark = 2 then 1 else 0 end) as m2, "
        "sum(case when pr.mark = 5 then 1 else 0 end) as m5, "
        "sum(case when pr.mark = 2"
        " + (case when pr.primary_score >= p.threshold_3 then 1 else 0 end)"
        " + (case when pr.primary_score >= p.threshold_4 then 1 else 0 end)"
        " + (case when pr.primary_score >= p.threshold_5 then 1 else 0 end) then 1 else 0 end)"
        " as by_thresholds "
        "from school_result sr join procedure p on p.id = sr.procedure_id "
        "join pupil_result pr on pr.procedure_id = sr.procedure_id and pr.school_id = sr.school_id "
        "where p.kind = 'voluntary' group by sr.procedure_id, sr.school_id, sr.participants, "
        "sr.mean_score, sr.mean_percent, sr.marks_2, sr.marks_3, sr.marks_4, sr.marks_5, "
        "p.max_score",
    )
    assert len(stored) >= 30
    assert (stored["participants"] == stored["n"]).all()
    assert (stored["by_thresholds"] == stored["n"]).all()  # marks from the thresholds
    assert np.allclose(stored["mean_score"], stored["score"], atol=0.006)
    assert np.allclose(stored["mean_percent"], stored["percent"], atol=0.006)
    assert (stored["marks_2"] == stored["m2"]).all() and (stored["marks_5"] == stored["m5"]).all()
    marks = stored[["marks_2", "marks_3", "marks_4", "marks_5"]].sum(axis=1)
    assert (marks == stored["participants"]).all()
    assert stored["mean_percent"].between(15, 95).all() and stored["mean_percent"].std() > 4


def test_skill_results_are_the_pupils_task_points(engine):
    pupils = _sql(
        engine,
        "select pr.procedure_id, pr.school_id, pr.task_points, pr.primary_score "
        "from pupil_result pr join procedure p on p.id = pr.procedure_id "
        "where p.kind = 'voluntary'",
    )
    tasks = _sql(
        engine,
        "select t.procedure_id, t.task_number, t.max_points from procedure_task t "
        "join procedure p on p.id = t.procedure_id where p.kind = 'voluntary'",
    )
    skills = _sql(
        engine,
        "select s.* from skill_result s join procedure p on p.id = s.procedure_id "
        "where p.kind = 'voluntary'",
    )
    for pid, own in pupils.groupby("procedure_id"):
        maxima = tasks[tasks["procedure_id"] == pid].sort_values("task_number")["max_points"]
        points = np.array([[int(x) for x in s.split(";")] for s in own["task_points"]])
        assert points.shape[1] == len(maxima)
        assert (points <= maxima.to_numpy()[None, :]).all()
        assert (points.sum(axis=1) == own["primary_score"].to_numpy()).all()
        frame = pd.DataFrame(100 * points / maxima.to_numpy()[None, :])
        frame["school_id"] = own["school_id"].to_numpy()
        expected = frame.groupby("school_id").mean().stack().rename("expected").reset_index()
        expected.columns = ["school_id", "task_number", "expected"]
        expected["task_number"] += 1
        got = skills[skills["procedure_id"] == pid].merge(expected, on=["school_id", "task_number"])
        assert len(got) == len(expected) == len(skills[skills["procedure_id"] == pid])
        assert np.allclose(got["mean_percent"], got["expected"], atol=0.006)


def test_some_schools_are_weak_on_some_skills(region):
    skills = _sql(
        region,
        "select s.procedure_id, s.school_id, s.task_number, s.mean_percent, sr.participants "
        "from skill_result s join procedure p on p.id = s.procedure_id "
        "join school_result sr on sr.procedure_id = s.procedure_id "
        "and sr.school_id = s.school_id where p.kind = 'voluntary' and sr.participants >= 15",
    )
    own = skills.groupby(["procedure_id", "school_id"])["mean_percent"].transform("mean")
    task = skills.groupby(["procedure_id", "task_number"])["mean_percent"].transform("mean")
    # far below both the school's other skills and the region on that task
    weak = skills[(skills["mean_percent"] < own - 20) & (skills["mean_percent"] < task - 20)]
    assert weak.groupby("procedure_id")["school_id"].nunique().min() >= 5


def test_feedback_only_from_participants_with_results(engine):
    feedback = _sql(
        engine,
        "select f.*, p.results_loaded_at, sr.school_id as with_results from voluntary_feedback f "
        "join voluntary_work w on w.id = f.work_id join procedure p on p.code = w.work_code "
        "left join school_result sr on sr.procedure_id = p.id and sr.school_id = f.school_id",
    )
    assert len(feedback) == _sql(engine, "select count(*) as n from voluntary_feedback")["n"][0]
    assert feedback["with_results"].notna().all()
    assert feedback["usefulness"].between(1, 5).all()
    assert set(feedback["difficulty"]) <= set(DIFFICULTIES)
    assert set(feedback["join_again"]) <= set(JOIN_AGAIN)
    assert feedback["comment"].notna().any() and feedback["comment"].isna().any()
    answered = pd.to_datetime(feedback["answered_at"], utc=True)
    assert (answered > pd.to_datetime(feedback["results_loaded_at"], utc=True)).all()
    participants = _sql(
        engine,
        "select w.id as work_id, count(*) as n from school_result sr "
        "join procedure p on p.id = sr.procedure_id join voluntary_work w on w.work_code = p.code "
        "group by w.id",
    ).set_index("work_id")["n"]
    share = feedback.groupby("work_id").size() / participants
    assert share.between(0.6, 0.8).all() and len(share) == 3


def test_voluntary_works_leave_the_other_data_as_it_was(tmp_path, monkeypatch):
    """The same small demo built without the works: every other row is the same."""
    tiny = Scale("tiny", regions=1, municipalities=2, schools=30, experts=12)
    engines = []
    for name in ("with", "without"):
        if name == "without":
            monkeypatch.setattr(voluntary, "voluntary_frames", lambda *args, **kwargs: {})
        url = f"sqlite:///{tmp_path / name}.sqlite3"
        upgrade(url)
        engines.append(make_engine(url))
        build(engines[-1], scale=tiny, seed=5)
    with_works, without = engines
    try:
        proc = _sql(with_works, "select * from procedure order by id")
        plain = proc[proc["kind"] != "voluntary"]
        assert (proc.loc[proc["kind"] == "voluntary", "id"] > plain["id"].max()).all()
        pd.testing.assert_frame_equal(
            plain.reset_index(drop=True), _sql(without, "select * from procedure order by id")
        )
        keep = f"procedure_id <= {int(plain['id'].max())}"
        for table, order, where in (
            ("school_result", "procedure_id, school_id", keep),
            ("pupil_result", "id", keep),
            ("skill_result", "procedure_id, school_id, task_number", keep),
            ("procedure_task", "procedure_id, task_number", keep),
            ("school_pupil_summary", "procedure_id, school_id", keep),
            ("school", "id", "1 = 1"),
            ("demo_truth", "school_id, pattern", "1 = 1"),
            ("decision", "id", "1 = 1"),
            ("pd_programme", "id", "1 = 1"),
            ("pd_request", "id", "1 = 1"),
            ("expert", "id", "1 = 1"),
        ):
            query = f"select * from {table} where {where} order by {order}"
            pd.testing.assert_frame_equal(_sql(with_works, query), _sql(without, query))
        assert _sql(with_works, "select count(*) as n from voluntary_work")["n"][0] == 4
    finally:
        for e in engines:
            e.dispose()
