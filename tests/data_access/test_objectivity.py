"""Objectivity data access on SQLite and PostgreSQL: rows cut to the scope, review workflow."""

from __future__ import annotations

import pandas as pd
import pytest
from sqlalchemy import select

from dashboard.models import AuditEvent, Procedure, PupilResult, School, SchoolResult
from data_access import objectivity as data
from data_access.scope import OutOfScope


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
    risk = data._detection(scopes["region"])["risk"]
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
