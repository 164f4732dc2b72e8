"""The pages read the same numbers from the pupil summaries as they did from the pupil rows.

On the region demo, every `/procedures` chart's CSV download (through the real download
callback) and the objectivity detection and drill-downs are produced twice: once as the app
runs (summary tables) and once with the data-access reads replaced by the pupil-row queries
the app used before the summaries existed (kept here as the reference). Both must be equal.
"""

from __future__ import annotations

import base64

import pandas as pd
from sqlalchemy import and_, case, func, select

from dashboard import rules
from dashboard.ids import Procedures
from dashboard.models import Municipality, Procedure, PupilResult, School, SchoolPupilSummary
from data_access import database, objectivity, procedures
from data_access.visibility import region_scope, schools_in_region
from tests.conftest import login
from tests.http.forge import all_server_callbacks


def _count(condition):
    return func.sum(case((condition, 1), else_=0))


# ------------------------------------------------------------------ the pupil-row reference


def _pupil_sums_from_rows(conn, scope, procedure_ids, by):
    by = [PupilResult.school_id if c is SchoolPupilSummary.school_id else c for c in by]
    score = PupilResult.primary_score
    stmt = (
        select(
            PupilResult.procedure_id,
            *by,
            func.count().label("n"),
            func.sum(score).label("s"),
            func.sum(score * score).label("ss"),
        )
        .join(School, School.id == PupilResult.school_id)
        .where(schools_in_region(scope), PupilResult.procedure_id.in_(procedure_ids))
        .group_by(PupilResult.procedure_id, *by)
    )
    return pd.DataFrame(conn.execute(stmt).mappings().all())


def _score_distribution_from_rows(scope, kind, subject, grade, year):
    chosen = procedures.chosen_procedures(scope, kind, subject, grade, [year])
    if chosen.empty or not bool(chosen["has_pupils"].iloc[0]):
        return pd.DataFrame(columns=procedures.DISTRIBUTION_COLUMNS)
    procedure_id, max_score = int(chosen["id"].iloc[0]), float(chosen["max_score"].iloc[0])
    stmt = (
        select(
            School.municipality_id,
            Municipality.code.label("municipality_code"),
            Municipality.name.label("municipality"),
            PupilResult.primary_score,
            func.count().label("pupils"),
        )
        .join(School, School.id == PupilResult.school_id)
        .join(Municipality, Municipality.id == School.municipality_id)
        .where(schools_in_region(scope), PupilResult.procedure_id == procedure_id)
        .group_by(
            School.municipality_id, Municipality.code, Municipality.name, PupilResult.primary_score
        )
    )
    with database.read() as conn:
        frame = pd.DataFrame(
            conn.execute(stmt).mappings().all(),
            columns=[
                "municipality_id",
                "municipality_code",
                "municipality",
                "primary_score",
                "pupils",
            ],
        )
    # The banding is shared; what this compares is where the counts come from.
    return procedures.banded_distribution(scope, procedure_id, max_score, frame)


def _objectivity_aggregates_from_rows(scope):
    score = PupilResult.primary_score
    window = {}
    for k, threshold in (
        (3, Procedure.threshold_3),
        (4, Procedure.threshold_4),
        (5, Procedure.threshold_5),
    ):
        window[f"below_{k}"] = _count(
            and_(score >= threshold - rules.OBJECTIVITY_WINDOW_BELOW, score < threshold)
        )
        window[f"at_{k}"] = _count(
            and_(score >= threshold, score < threshold + rules.OBJECTIVITY_WINDOW_AT)
        )
    stmt = (
        select(
            PupilResult.school_id,
            School.municipality_id,
            PupilResult.procedure_id,
            Procedure.kind,
            Procedure.subject,
            Procedure.grade,
            Procedure.year,
            Procedure.max_score,
            func.count().label("n"),
            _count(PupilResult.journal_mark.is_not(None)).label("n_journal"),
            _count(PupilResult.mark < PupilResult.journal_mark).label("lowered"),
            _count(PupilResult.mark == PupilResult.journal_mark).label("confirmed"),
            _count(PupilResult.mark > PupilResult.journal_mark).label("raised"),
            _count(score >= Procedure.max_score - rules.OBJECTIVITY_NEAR_MAX_POINTS).label(
                "near_max"
            ),
            func.sum(score).label("score_sum"),
            func.sum(score * score).label("score_sq"),
            *(expr.label(name) for name, expr in window.items()),
        )
        .join(Procedure, Procedure.id == PupilResult.procedure_id)
        .join(School, School.id == PupilResult.school_id)
        .where(
            schools_in_region(scope),
            Procedure.kind.in_(objectivity.COHORT_KINDS),
            School.kind != "preschool",
        )
        .group_by(
            PupilResult.school_id,
            School.municipality_id,
            PupilResult.procedure_id,
            Procedure.kind,
            Procedure.subject,
            Procedure.grade,
            Procedure.year,
            Procedure.max_score,
        )
        .order_by(PupilResult.school_id, PupilResult.procedure_id)
    )
    with database.read() as conn:
        return pd.DataFrame(conn.execute(stmt).mappings().all())


def _use_pupil_rows(monkeypatch) -> None:
    monkeypatch.setattr(procedures, "_pupil_sums", _pupil_sums_from_rows)
    monkeypatch.setattr(procedures, "score_distribution", _score_distribution_from_rows)
    monkeypatch.setattr(objectivity, "_pupil_aggregates", _objectivity_aggregates_from_rows)


# ------------------------------------------------------------------ the app on the region demo
# `region_app` (tests/conftest.py): the region demo as `oko demo --scale region` builds it.


def _downloads(app) -> dict[str, bytes]:
    """Every /procedures chart's CSV for ВПР mathematics, grade 6, all years, by schools."""
    app.server.extensions["oko_cache"].clear()
    client = app.server.test_client()
    assert login(client, "region").status_code == 302
    spec = next(c for c in all_server_callbacks(app) if c.output == f"{Procedures.DOWNLOAD}.data")
    with database.bind(app.server.extensions["oko_engine"]):
        catalogue = procedures.procedure_catalogue(region_scope_of_region())
    rows = catalogue[(catalogue["kind"] == "vpr") & (catalogue["subject"] == "математика")]
    grade = int(sorted(rows["grade"].unique())[1])
    years = sorted(int(y) for y in rows.loc[rows["grade"] == grade, "year"])
    values = {
        Procedures.KIND: "vpr",
        Procedures.SUBJECT: "математика",
        Procedures.GRADE: grade,
        Procedures.YEARS: years,
        Procedures.UNIT: "schools",
        Procedures.MUNICIPALITY: None,
        Procedures.SORT: "name",
        Procedures.PAIR: None,
    }
    files = {}
    for chart in Procedures.CHARTS:
        if chart == "pair":
            continue  # the cohort pair reads school results only (no summary involved)
        button = Procedures.button(chart, "csv")
        inputs = [{**s, "value": 1 if s["id"] == button else None} for s in spec.inputs]
        state = [{**s, "value": values.get(s["id"])} for s in spec.state]
        body = {
            "output": spec.output,
            "outputs": spec.outputs,
            "inputs": inputs,
            "state": state,
            "changedPropIds": [f"{button}.n_clicks"],
        }
        answer = client.post("/_dash-update-component", json=body)
        assert answer.status_code == 200, (chart, answer.status_code)
        content = answer.get_json()["response"][Procedures.DOWNLOAD]["data"]
        files[chart] = base64.b64decode(content["content"])
    return files


def region_scope_of_region():
    from data_access import users

    return users.scope_for(users.account_by_login("region"))


def test_every_procedures_download_is_the_same_from_summaries_and_from_pupil_rows(
    region_app, monkeypatch
):
    after = _downloads(region_app)
    with monkeypatch.context() as patched:
        _use_pupil_rows(patched)
        before = _downloads(region_app)
    assert set(after) == {c for c in Procedures.CHARTS if c != "pair"}
    for chart in after:
        assert len(after[chart]) > 100, chart
        assert after[chart] == before[chart], chart


def test_objectivity_detection_is_the_same_from_summaries_and_from_pupil_rows(
    region_app, monkeypatch
):
    engine = region_app.server.extensions["oko_engine"]
    region_app.server.extensions["oko_cache"].clear()
    with region_app.server.app_context(), database.bind(engine):
        scope = region_scope(region_scope_of_region())
        after = objectivity.region_detection(scope)
        region_app.server.extensions["oko_cache"].clear()
        with monkeypatch.context() as patched:
            _use_pupil_rows(patched)
            before = objectivity.region_detection(scope)
    assert len(after["signs"]) > 100 and after["risk"]["flagged"].any()
    for part, keys in (("signs", ["school_id", "year", "sign"]), ("risk", ["school_id", "year"])):
        left = after[part].sort_values(keys).reset_index(drop=True)
        right = before[part].sort_values(keys).reset_index(drop=True)
        pd.testing.assert_frame_equal(left, right, obj=part)
