"""Objectivity data access on SQLite and PostgreSQL: rows cut to the scope, review workflow."""

from __future__ import annotations

import pandas as pd
import pytest
from cachelib import SimpleCache
from sqlalchemy import case, event, func, select

from dashboard import rules
from dashboard.models import (
    AuditEvent,
    Procedure,
    PupilResult,
    School,
    SchoolMarkAgreement,
    SchoolResult,
    SchoolScoreCount,
)
from data_access import cache, database
from data_access import objectivity as data
from data_access.scope import OutOfScope
from data_access.visibility import region_scope, require_school, schools_in_region


def _own_code(demo_engine, scopes) -> str:
    with demo_engine.connect() as conn:
        return conn.execute(
            select(School.school_code).where(School.id == scopes["school"].school_id)
        ).scalar_one()


def _audits(demo_engine, action: str) -> list:
    with demo_engine.connect() as conn:
        return conn.execute(
            select(AuditEvent.user_login, AuditEvent.outcome, AuditEvent.scope_asked)
            .where(AuditEvent.action == action)
            .order_by(AuditEvent.id)
        ).all()


def test_aggregates_match_the_pupil_rows(demo_engine, scopes):
    aggregates = data._pupil_aggregates(scopes["region"])
    row = aggregates[aggregates["kind"] == "vpr"].iloc[0]
    with demo_engine.connect() as conn:
        pupils = pd.DataFrame(
            conn.execute(
                select(PupilResult.primary_score, PupilResult.mark, PupilResult.journal_mark).where(
                    PupilResult.school_id == int(row["school_id"]),
                    PupilResult.procedure_id == int(row["procedure_id"]),
                )
            ).all()
        )
        procedure = conn.execute(
            select(Procedure.max_score, Procedure.threshold_3).where(
                Procedure.id == int(row["procedure_id"])
            )
        ).one()
    assert row["n"] == len(pupils)
    assert row["lowered"] == (pupils["mark"] < pupils["journal_mark"]).sum()
    assert row["raised"] == (pupils["mark"] > pupils["journal_mark"]).sum()
    assert row["near_max"] == (pupils["primary_score"] >= procedure.max_score - 1).sum()
    t = procedure.threshold_3
    assert row["at_3"] == pupils["primary_score"].between(t, t + 1).sum()
    assert row["below_3"] == pupils["primary_score"].between(t - 2, t - 1).sum()
    assert row["score_sum"] == pytest.approx(pupils["primary_score"].sum())


def test_viewer_gets_counts_only(scopes, demo_engine):
    viewer = scopes["viewer"]
    assert data.flag_table(viewer).empty
    counts = data.flag_counts(viewer)
    assert list(counts.columns) == ["municipality", "tested", "flagged", "high", "suppressed"]
    with demo_engine.connect() as conn:
        names = set(conn.execute(select(School.name)).scalars())
    assert not names & set(counts.astype(str).to_numpy().ravel())
    with pytest.raises(OutOfScope):
        data.school_signs(viewer, _own_code(demo_engine, scopes), 2023)


def test_director_sees_only_his_own_school(scopes, demo_engine, foreign_school):
    director = scopes["school"]
    table = data.flag_table(director)
    assert set(table["school_code"]) <= {_own_code(demo_engine, scopes)}
    for function in (
        data.school_signs,
        data.agreement_matrix,
        data.review_history,
        data.school_procedures,
    ):
        with pytest.raises(OutOfScope):
            function(director, foreign_school["school_code"], 2023)
    own = data.school_signs(director, _own_code(demo_engine, scopes), 2023)
    assert set(own["sign"]) <= set(data.detector.SIGNS)


def test_region_table_lists_flagged_school_years_with_reasons(scopes):
    table = data.flag_table(scopes["region"])
    risk = data.region_detection(scopes["region"])["risk"]
    assert len(table) == int(risk["flagged"].sum())
    assert table["triggered"].map(lambda signs: set(signs) <= set(data.detector.SIGNS)).all()
    assert set(table["status"]) <= {"new", "under_review", "confirmed", "dismissed"}


def test_distribution_and_agreement_shares(scopes, demo_engine):
    code = _own_code(demo_engine, scopes)
    region = scopes["region"]
    year = max(data.available_years(region))
    procedures = data.school_procedures(region, code, year)
    assert not procedures.empty
    result = data.score_distribution(region, code, int(procedures["procedure_id"].iloc[0]))
    assert result["frame"]["school"].sum() == result["n_school"] == procedures["n"].iloc[0]
    assert result["frame"]["region_share"].sum() == pytest.approx(1.0)
    matrix = data.agreement_matrix(region, code, year)
    assert matrix["school"].sum() == procedures["n"].sum()
    assert matrix["school_share"].sum() == pytest.approx(1.0)


def test_review_workflow_and_rights(scopes, demo_engine):
    code, year = _own_code(demo_engine, scopes), 2021
    with pytest.raises(OutOfScope):
        data.set_review(scopes["school"], code, year, "under_review", "мой комментарий")
    with pytest.raises(OutOfScope):
        data.set_review(scopes["viewer"], code, year, "under_review", None)
    denied = _audits(demo_engine, "objectivity_review")
    assert [d.outcome for d in denied[-2:]] == ["denied", "denied"]
    assert denied[-1].scope_asked == f"{code}/vpr/{year}"

    region = scopes["region"]
    with pytest.raises(data.ReviewRefused):
        data.set_review(region, code, year, "confirmed", "сразу")  # new → confirmed is not a step
    assert data.set_review(region, code, year, "under_review", None) == "under_review"
    with pytest.raises(data.ReviewRefused):
        data.set_review(region, code, year, "dismissed", "   ")  # closing needs a comment
    assert (
        data.set_review(
            scopes["municipality"], code, year, "dismissed", "Проверено: =1+1 не формула"
        )
        == "dismissed"
    )
    history = data.review_history(region, code, year)
    assert history["to_status"].tolist() == ["under_review", "dismissed"]
    assert history["from_status"].tolist() == ["new", "under_review"]
    assert history["reviewed_by"].tolist() == ["region", "district"]
    outcomes = [a.outcome for a in _audits(demo_engine, "objectivity_review")[-4:]]
    assert outcomes == ["refused", "success", "refused", "success"]


def test_municipality_cannot_review_outside_its_municipality(scopes, demo_engine):
    """The district demo has one municipality, so the other municipality is a scope of its own."""
    from dataclasses import replace

    own = scopes["municipality"]
    other = replace(own, login="other-district", municipality_id=own.municipality_id + 1000)
    code = _own_code(demo_engine, scopes)
    with pytest.raises(OutOfScope):
        data.set_review(other, code, 2022, "under_review", None)
    assert _audits(demo_engine, "objectivity_review")[-1].outcome == "denied"
    assert data.flag_table(other).empty


def test_school_results_carry_their_procedure_and_municipality(scopes, demo_engine):
    # The detector's school-level input is read as ids and numbers and labelled in pandas;
    # every row must carry what a join in SQL says about its school and procedure.
    results = data._school_results(scopes["region"])
    with demo_engine.connect() as conn:
        joined = pd.DataFrame(
            conn.execute(
                select(
                    SchoolResult.school_id,
                    School.municipality_id,
                    SchoolResult.procedure_id,
                    Procedure.kind,
                    Procedure.subject,
                    Procedure.grade,
                    Procedure.year,
                    SchoolResult.participants,
                    SchoolResult.mean_percent,
                )
                .join(School, School.id == SchoolResult.school_id)
                .join(Procedure, Procedure.id == SchoolResult.procedure_id)
                .where(
                    Procedure.kind.in_(data.COHORT_KINDS),
                    School.kind != "preschool",
                    SchoolResult.participants > 0,
                )
            ).all(),
            columns=list(results.columns),
        )
    key = ["school_id", "procedure_id"]
    pd.testing.assert_frame_equal(
        results.sort_values(key).reset_index(drop=True),
        joined.sort_values(key).reset_index(drop=True),
        check_dtype=False,
    )


# ------------------------------------------------------------------ drill-downs: region cached
def _direct_distribution(scope, code: str, procedure_id: int) -> tuple[pd.DataFrame, int, int]:
    """The score distribution as one grouped query over the whole region (the way it was read
    before the region part was cached), with the same shares."""
    with database.read() as conn:
        school_id = require_school(scope, conn, code)
        counts = SchoolScoreCount
        stmt = (
            select(
                counts.primary_score.label("score"),
                func.sum(counts.pupils).label("region"),
                func.sum(case((counts.school_id == school_id, counts.pupils), else_=0)).label(
                    "school"
                ),
            )
            .where(
                counts.procedure_id == procedure_id,
                counts.school_id.in_(select(School.id).where(schools_in_region(scope))),
            )
            .group_by(counts.primary_score)
            .order_by(counts.primary_score)
        )
        frame = database.frame(conn, stmt, ["score", "region", "school"])
    n_school, n_region = int(frame["school"].sum()), int(frame["region"].sum())
    if n_school < rules.min_cell():
        frame = frame.iloc[0:0]
    frame = frame.assign(
        school_share=frame["school"] / max(n_school, 1),
        region_share=frame["region"] / max(n_region, 1),
    )
    return frame, n_school, n_region


def _direct_agreement(scope, code: str, year: int) -> pd.DataFrame:
    """The agreement matrix as one grouped query over the whole region (as before)."""
    with database.read() as conn:
        school_id = require_school(scope, conn, code)
        agreement = SchoolMarkAgreement
        stmt = (
            select(
                agreement.mark,
                agreement.journal_mark,
                func.sum(agreement.pupils).label("region"),
                func.sum(case((agreement.school_id == school_id, agreement.pupils), else_=0)).label(
                    "school"
                ),
            )
            .join(Procedure, Procedure.id == agreement.procedure_id)
            .where(
                Procedure.kind == data.VPR,
                Procedure.year == year,
                agreement.school_id.in_(select(School.id).where(schools_in_region(scope))),
            )
            .group_by(agreement.mark, agreement.journal_mark)
        )
        frame = database.frame(conn, stmt, ["mark", "journal_mark", "region", "school"])
    if frame["school"].sum() < rules.min_cell():
        frame = frame.iloc[0:0]
    frame = frame.assign(
        school_share=frame["school"] / max(int(frame["school"].sum()), 1),
        region_share=frame["region"] / max(int(frame["region"].sum()), 1),
    )
    return frame.sort_values(["journal_mark", "mark"]).reset_index(drop=True)


@pytest.fixture
def region_cache():
    """A real (in-process) cache for the test, so the region parts are kept between calls."""
    bound = SimpleCache()
    cache.set_cache(bound)
    try:
        yield bound
    finally:
        cache.set_cache(None)


@pytest.fixture
def statements(demo_engine):
    """Every SQL statement the demo engine runs during the test, in order."""
    seen: list[str] = []

    def record(conn, cursor, statement, parameters, context, executemany):
        seen.append(statement.lower())

    event.listen(demo_engine, "before_cursor_execute", record)
    try:
        yield seen
    finally:
        event.remove(demo_engine, "before_cursor_execute", record)


def _reads(statements: list[str], table: str) -> int:
    return sum(table in statement for statement in statements)


def _vpr_procedures(demo_engine, year: int) -> list[int]:
    with demo_engine.connect() as conn:
        return list(
            conn.execute(
                select(Procedure.id)
                .where(Procedure.kind == data.VPR, Procedure.year == year)
                .order_by(Procedure.id)
            ).scalars()
        )


@pytest.mark.parametrize("role", ["region", "school"])
def test_drill_downs_equal_a_direct_region_query(scopes, demo_engine, region_cache, role):
    """The cached region part beside the school's own rows is the one grouped query of old:
    every procedure of the year (written by the school or not), every year, an empty year."""
    scope, code = scopes[role], _own_code(demo_engine, scopes)
    years = data.available_years(scopes["region"])
    written = data.school_procedures(scope, code, max(years))
    assert not written.empty
    for procedure_id in _vpr_procedures(demo_engine, max(years)):
        for _ in range(2):  # cold, then from the cache
            got = data.score_distribution(scope, code, procedure_id)
            frame, n_school, n_region = _direct_distribution(scope, code, procedure_id)
            # The school's own counts are exact; the region's are spread from the bands of
            # the municipalities this reader sees, so only their total is the direct one's
            # (the demo's municipalities all pass the rule for these readers).
            mine = got["frame"].set_index("score")
            direct = frame.set_index("score")
            pd.testing.assert_series_equal(
                mine["school"].reindex(direct.index, fill_value=0),
                direct["school"],
                check_dtype=False,
            )
            assert got["n_school"] == n_school and abs(got["n_region"] - n_region) <= 1
            if len(mine):
                assert mine["region_share"].sum() == pytest.approx(1.0)
            assert got["procedure"]["id"] == procedure_id
    own = int(written["procedure_id"].iloc[0])
    shown = data.score_distribution(scope, code, own)
    assert not shown["frame"].empty and shown["n_school"] == written["n"].iloc[0]
    for year in [*years, 1995]:
        for _ in range(2):
            got = data.agreement_matrix(scope, code, year)
            direct = _direct_agreement(scope, code, year)
            hidden = got["region"].isna()
            # Region cells under the rule are hidden, with a complement when one alone would
            # follow from the total; every other cell is the direct query's.
            assert set(direct.index[(direct["region"] > 0) & (direct["region"] < 5)]) <= set(
                got.index[hidden]
            )
            assert hidden.sum() == 0 or (
                hidden.sum() >= 2 and direct.loc[hidden, "region"].sum() >= 5
            )
            shown = got[~hidden].drop(columns=["region", "region_share"])
            pd.testing.assert_frame_equal(
                shown, direct[~hidden].drop(columns=["region", "region_share"])
            )
            pd.testing.assert_series_equal(
                got.loc[~hidden, "region"], direct.loc[~hidden, "region"], check_dtype=False
            )
    assert data.agreement_matrix(scope, code, 1995).empty


def test_a_second_drill_down_reads_only_the_school(
    scopes, demo_engine, region_cache, statements, foreign_school
):
    """The region part is read once per reader and procedure (the score curve: the reader's
    municipality bands, data_access.procedures) or once per region and year (the marks)."""
    region, director = scopes["region"], scopes["school"]
    code = _own_code(demo_engine, scopes)
    year = max(data.available_years(region))
    procedure_id = int(data.school_procedures(region, code, year)["procedure_id"].iloc[0])
    statements.clear()

    data.score_distribution(region, foreign_school["school_code"], procedure_id)
    assert _reads(statements, "school_score_count") == 2  # the school's rows and the bands
    data.score_distribution(region, code, procedure_id)  # another school, the same reader
    assert _reads(statements, "school_score_count") == 3  # only the school's rows this time

    data.agreement_matrix(region, foreign_school["school_code"], year)
    assert _reads(statements, "school_mark_agreement") == 2
    assert region_cache.has(cache._key(region_scope(region), "objectivity_region_agreement", year))
    data.agreement_matrix(director, code, year)
    assert _reads(statements, "school_mark_agreement") == 3


def test_drill_downs_refuse_a_school_outside_the_scope_first(
    scopes, demo_engine, region_cache, statements, foreign_school
):
    """The access check runs before anything is read, warm cache or cold."""
    director, foreign = scopes["school"], foreign_school["school_code"]
    year = max(data.available_years(scopes["region"]))
    procedure_id = _vpr_procedures(demo_engine, year)[0]
    statements.clear()
    for _ in range(2):
        with pytest.raises(OutOfScope):
            data.score_distribution(director, foreign, procedure_id)
        with pytest.raises(OutOfScope):
            data.agreement_matrix(director, foreign, year)
        assert not any(
            "school_score_count" in s or "school_mark_agreement" in s for s in statements
        )
        data.score_distribution(scopes["region"], foreign, procedure_id)  # now warm
        data.agreement_matrix(scopes["region"], foreign, year)
        statements.clear()
    with pytest.raises(OutOfScope):
        data.score_distribution(scopes["viewer"], foreign, procedure_id)
    with pytest.raises(OutOfScope):
        data.score_distribution(director, _own_code(demo_engine, scopes), -1)  # no such procedure


def test_a_region_without_pupil_rows_has_an_empty_table_not_an_error(
    scopes, demo_engine, monkeypatch
):
    """A region with school-level results only (the national demo) tests no school-year: the
    table and the counts are empty frames with their columns."""
    from dashboard.analytics import objectivity as detector

    empty = pd.DataFrame(columns=[*detector.SIGN_COLUMNS, "suspicion", "triggered"])
    nothing = {"signs": empty, "risk": detector.school_risk(empty)}
    monkeypatch.setattr(data, "region_risk", lambda scope: nothing["risk"])
    monkeypatch.setattr(data, "region_signs", lambda scope: nothing["signs"])
    table = data.flag_table(scopes["region"])
    assert table.empty and {"school_code", "triggered", "status"} <= set(table.columns)
    assert data.flag_counts(scopes["region"]).empty
    assert data.available_years(scopes["region"]) == []


# ------------------------------------------------------------------ own schools (issue 16)
def test_flags_mark_the_users_own_schools(demo_engine, scopes):
    from data_access.home import own_school_ids

    region = data.flag_table(scopes["region"])
    assert not region.empty and not region["is_own"].any()
    district = data.flag_table(scopes["municipality"])
    with demo_engine.connect() as conn:
        ids_by_code = dict(conn.execute(select(School.school_code, School.id)).all())
    own = own_school_ids(scopes["municipality"])
    assert district["is_own"].tolist() == [ids_by_code[c] in own for c in district["school_code"]]
    director = data.flag_table(scopes["school"])
    assert director["is_own"].all()  # a director sees its own flags only
    assert data.flag_table(scopes["viewer"]).empty


def test_is_own_school_needs_a_school_the_user_may_see(demo_engine, scopes):
    own = _own_code(demo_engine, scopes)
    assert data.is_own_school(scopes["school"], own) is True
    assert data.is_own_school(scopes["region"], own) is False
    with demo_engine.connect() as conn:
        foreign = (
            conn.execute(select(School.school_code).where(School.id != scopes["school"].school_id))
            .scalars()
            .first()
        )
    with pytest.raises(OutOfScope):
        data.is_own_school(scopes["school"], foreign)
