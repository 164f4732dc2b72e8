"""Issue 19 acceptance: a decision's life across roles — a district head adopts a measure for
low-results schools, the director comments, the measure runs and is done — and its effect
appears only once the next year's results come through the real import, with every step in
the audit log. On a private demo (SQLite, and PostgreSQL when configured) whose last year is
2023, so 2024 arrives by import; the 2024 results are the 2023 ones with a known gain of
EFFECT points at the schools with the decision, so the estimate's answer is known."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import func, select

from dashboard.demo.scales import Scale
from dashboard.ingest import parse
from dashboard.models import AuditEvent, Municipality, Procedure, School, SchoolResult
from data_access import (
    decision_changes,
    decision_effects,
    decision_matrix,
    decisions,
    findings,
    imports,
)
from data_access.scope import OutOfScope, Scope
from tests.private_db import private_demo

SCALE = Scale(
    "lifecycle", regions=1, municipalities=2, schools=80, experts=20, years=(2021, 2022, 2023)
)
EFFECT = 6.0  # percentage points gained in 2024 by the schools with the measure
MEASURE = "low_results.mentor"


@pytest.fixture(params=["sqlite", "postgresql"])
def engine(request, tmp_path):
    with private_demo(request.param, tmp_path, "lifecycle", SCALE, seed=5) as engine:
        yield engine


def _scopes(engine) -> dict[str, Scope]:
    with engine.connect() as conn:
        region_id, muni = conn.execute(
            select(Municipality.region_id, Municipality.id).order_by(Municipality.id)
        ).first()
    return {
        "region": Scope(login="t-region", role="region", region_id=region_id),
        "admin": Scope(login="t-admin", role="admin", region_id=region_id),
        "municipality": Scope(
            login="t-district", role="municipality", region_id=region_id, municipality_id=muni
        ),
        "viewer": Scope(login="t-viewer", role="viewer", region_id=region_id),
    }


def _director(engine, school_code: str) -> Scope:
    with engine.connect() as conn:
        school_id, muni, region = conn.execute(
            select(School.id, School.municipality_id, Municipality.region_id)
            .join(Municipality, Municipality.id == School.municipality_id)
            .where(School.school_code == school_code)
        ).one()
    return Scope(
        login=f"t-director-{school_code}",
        role="school",
        region_id=region,
        municipality_id=muni,
        school_id=school_id,
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


def _next_year_files(engine, treated: set[str]) -> tuple[bytes, bytes]:
    """2024's ВПР: the 2023 procedures again, each school's result as in 2023, plus EFFECT
    points at the treated schools (the import turns mean_score into percent)."""
    with engine.connect() as conn:
        procedures = conn.execute(
            select(Procedure).where(Procedure.kind == "vpr", Procedure.year == 2023)
        ).all()
        results = conn.execute(
            select(
                Procedure.code,
                Procedure.max_score,
                School.school_code,
                SchoolResult.participants,
                SchoolResult.mean_percent,
            )
            .join(Procedure, Procedure.id == SchoolResult.procedure_id)
            .join(School, School.id == SchoolResult.school_id)
            .where(Procedure.kind == "vpr", Procedure.year == 2023)
            .where(SchoolResult.mean_percent.is_not(None), SchoolResult.participants > 0)
        ).all()
    header = "procedure_code;kind;subject;grade;year;held_on;max_score"
    lines = [header] + [
        f"{p.code}-2024;vpr;{p.subject};{p.grade};2024;2024-04-18;{p.max_score}" for p in procedures
    ]
    rows = ["procedure_code;school_code;participants;mean_score"]
    for code, max_score, school, participants, percent in results:
        gain = EFFECT if school in treated else 0.0
        rows.append(f"{code}-2024;{school};{participants};{(percent + gain) * max_score / 100:.6f}")
    return "\n".join(lines).encode(), "\n".join(rows).encode()


def _effect_row(scope: Scope):
    rows = decision_effects.effects(scope)["by_measure"]
    return rows[(rows["measure_code"] == MEASURE) & (rows["finding_year"] == 2023)]


def test_a_decision_from_adoption_to_its_effect_after_the_next_import(engine):
    s = _scopes(engine)
    muni = s["municipality"]
    low = findings.findings(muni, 2023)
    low = low[(low["kind"] == "low_results") & (low["level"] == "school")]
    assert len(low) >= 2, "the private demo has low-results schools in the district"
    treated = sorted(low["school_code"])[:3]
    measure = decision_matrix.measures_for(muni, "low_results")
    measure = measure[measure["measure_code"] == MEASURE].iloc[0]
    assert measure["indicator"] == "vpr_gap"

    # the district head adopts the measure for each low-results school of the district
    ids = [
        decision_changes.adopt(
            muni,
            finding="low_results",
            finding_year=2023,
            school_code=code,
            measure_id=int(measure["id"]),
            responsible="ИМЦ",
            due_on=dt.date(2024, 3, 1),
        )
        for code in treated
    ]
    assert _audit(engine, "decision.adopt", muni.login) == ["success"] * len(treated)
    decided = findings.findings(muni, 2023)
    decided = decided[decided["school_code"].isin(treated) & (decided["kind"] == "low_results")]
    assert decided["decided"].all()

    # its director comments; a director of another school neither sees nor adopts it
    own = _director(engine, treated[0])
    decision_changes.add_comment(own, ids[0], "Наставник назначен")
    assert set(decisions.list_decisions(own)["id"]) & set(ids) == {ids[0]}
    with engine.connect() as conn:
        other_code = (
            conn.execute(
                select(School.school_code)
                .where(School.municipality_id == muni.municipality_id)
                .where(School.school_code.not_in(treated))
                .order_by(School.school_code)
            )
            .scalars()
            .first()
        )
    other = _director(engine, other_code)
    with pytest.raises(OutOfScope):
        decisions.decision(other, ids[0])
    assert not set(decisions.list_decisions(other)["id"]) & set(ids)
    with pytest.raises(OutOfScope):
        decision_changes.adopt(
            other,
            finding="low_results",
            finding_year=2023,
            school_code=treated[1],
            measure_id=int(measure["id"]),
        )
    with pytest.raises(OutOfScope):
        decision_changes.change_status(other, ids[0], "in_progress")
    assert _audit(engine, "decision.adopt", other.login) == ["denied"]

    # the measure runs and is done, on time
    for decision_id in ids:
        decision_changes.change_status(muni, decision_id, "in_progress")
        decision_changes.change_status(muni, decision_id, "done", completed_on=dt.date(2024, 2, 20))
    history = decisions.decision_history(own, ids[0])
    assert [None if v is None or v != v else v for v in history["to_status"]] == [
        "adopted",
        None,  # the director's comment
        "in_progress",
        "done",
    ]
    assert list(history["by"]) == [muni.login, own.login, muni.login, muni.login]
    assert _audit(engine, "decision.status", muni.login) == ["success"] * (2 * len(ids))
    assert _audit(engine, "decision.comment", own.login) == ["success"]
    assert decisions.decision(muni, ids[0])["status"] == "done"

    # before 2024's results: no effect, the decisions wait
    before = decision_effects.effects(s["region"])
    assert _effect_row(s["region"]).empty
    assert before["awaiting"] >= len(ids)

    # 2024 arrives through the import, as an admin would bring it
    procedures_file, results_file = _next_year_files(engine, set(treated))
    admin = s["admin"]
    assert imports.run_import(admin, parse("procedures", procedures_file, "vpr2024.csv")).ok
    assert imports.run_import(admin, parse("results", results_file, "vpr2024-results.csv")).ok
    with engine.connect() as conn:
        loaded = conn.execute(
            select(func.count())
            .select_from(Procedure)
            .where(Procedure.year == 2024, Procedure.results_loaded_at.is_not(None))
        ).scalar()
    assert loaded > 0

    # now the effect: the treated schools gained EFFECT points, everyone else nothing, so the
    # difference-in-differences is EFFECT less the small shift of the region mean the gain
    # itself causes at some procedures (under half a point with 80 schools)
    row = _effect_row(s["region"]).iloc[0]
    assert row["n_treated"] == len(treated)
    assert row["estimate"] == pytest.approx(EFFECT, abs=0.5)
    assert row["low"] > 0
    after = decision_effects.effects(s["region"])
    assert after["awaiting"] <= before["awaiting"] - len(ids)  # the demo's own 2023 ones too
    mine = decision_effects.effects(muni)["per_decision"]
    assert set(ids) <= set(mine["decision_id"])
    assert (
        mine.set_index("decision_id")
        .loc[ids, "difference"]
        .between(EFFECT - 0.5, EFFECT + 0.5)
        .all()
    )
    assert set(decision_effects.effects(own)["per_decision"]["decision_id"]) <= {ids[0]} | set(
        decisions.list_decisions(own)["id"]
    )
    assert decision_effects.effects(s["viewer"])["per_decision"].empty
    assert _audit(engine, "import", admin.login) == ["success", "success"]
