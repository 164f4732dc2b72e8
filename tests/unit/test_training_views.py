"""`/training` views and selection on small hand-made frames (answers worked out by hand)."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import plotly.graph_objects as go

from callbacks.training_plan import school_names
from callbacks.training_query import Selection
from dashboard import strings
from dashboard.figures import training as views
from dashboard.ids import Training as ids


def test_the_selection_survives_the_address_and_drops_junk():
    chosen = Selection.parse("plan", 2024, 7, "Математика", "чтение", 12)
    assert Selection.from_search(chosen.query()) == chosen
    assert chosen.query().startswith("?tab=plan&year=2024&municipality=7")
    junk = Selection.from_search("?tab=evil&year=1700&municipality=-3&request=x&q=" + "a" * 300)
    assert junk == Selection()
    assert Selection().query() == ""  # the defaults leave the address empty


def test_the_need_table_words_the_interval_and_trend():
    needs = pd.DataFrame(
        {
            "school_id": [1],
            "school": ["Школа № 1"],
            "municipality": ["Район"],
            "subject": ["Математика"],
            "grade": [5],
            "skill_code": ["1.2"],
            "skill_name": ["Дроби"],
            "school_percent": [41.25],
            "region_percent": [60.0],
            "gap": [-18.75],
            "low": [-25.5],
            "high": [-12.0],
            "participants": [40],
            "teachers": [3],
            "slope": [-2.0],
            "years": [3],
        }
    )
    row = views.needs_table(needs).iloc[0]
    cols = strings.TRAINING_NEEDS_COLUMNS
    assert row[cols["skill"]] == "1.2 Дроби"
    assert row[cols["interval"]] == "от −25,5 до −12,0"
    assert row[cols["trend"]] == "−2,0 п. п. в год (3 г.)"
    assert row[cols["teachers"]] == 3 and row[cols["gap"]] == -18.75
    one_year = views.needs_table(needs.assign(slope=[None], years=[1])).iloc[0]
    assert one_year[cols["trend"]] == strings.TRAINING_TREND_NONE


def test_the_plan_summary_sums_lines_per_municipality_and_subject():
    # A: maths 2 lines (2+1 schools, 5+2 teachers, 5*36 + 2*72 = 180+144 hours), Russian 1;
    # B: maths 1 line. Sums by hand: A/maths 3 schools, 7 teachers, 324 hours.
    plan = pd.DataFrame(
        {
            "municipality": ["A", "A", "A", "B"],
            "subject": ["Математика", "Математика", "Русский язык", "Математика"],
            "schools": [2, 1, 1, 4],
            "teachers": [5, 2, 3, 9],
            "hours": [180, 144, 108, 324],
        }
    )
    summary = views.plan_summary(plan)
    cols = strings.TRAINING_SUMMARY_COLUMNS
    as_rows = summary[
        [cols[k] for k in ("municipality", "subject", "schools", "teachers", "hours")]
    ]
    assert as_rows.values.tolist() == [
        ["A", "Математика", 3, 7, 324],
        ["A", "Русский язык", 1, 3, 108],
        ["B", "Математика", 4, 9, 324],
    ]
    assert views.plan_totals(plan) == {"teachers": 19, "hours": 756}
    assert views.totals_text(plan) == strings.TRAINING_TOTALS.format(teachers="19", hours="756")
    assert views.plan_summary(plan.iloc[0:0]).empty


def test_school_names_come_only_from_the_reasons_that_name_a_school():
    plan = pd.DataFrame(
        {
            "reasons": [
                [{"kind": "need", "school_id": 4, "school": "Лицей"}],
                [{"kind": "need", "schools": 3, "skill_code": "2.1"}],  # a viewer's reason
                [],
            ]
        }
    )
    assert school_names(plan) == {4: "Лицей"}


def test_programmes_and_requests_read_in_russian():
    programmes = pd.DataFrame(
        {
            "programme_code": ["PD-1"],
            "title": ["Дроби без страха"],
            "provider": ["ИРО"],
            "hours": [36],
            "format": ["blended"],
            "subject": ["Математика"],
            "skill_codes": ["1.2;1.3; "],
            "starts_on": [pd.Timestamp("2025-02-01")],
            "ends_on": [pd.Timestamp("2025-03-15")],
            "updated_by": [None],
            "updated_at": [pd.NaT],
        }
    )
    row = views.programmes_table(programmes).iloc[0]
    cols = strings.TRAINING_PROGRAMME_COLUMNS
    assert row[cols["format"]] == "смешанно"
    assert row[cols["skills"]] == "1.2; 1.3"
    assert row[cols["dates"]] == "01.02.2025 — 15.03.2025"
    requests = pd.DataFrame(
        {
            "id": [5],
            "school": ["Школа № 1"],
            "year": [2025],
            "subject": ["Математика"],
            "skill_code": [None],
            "topic": ["Смысловое чтение"],
            "teachers": [2],
            "status": ["declined"],
            "created_at": [dt.datetime(2025, 3, 1, 9, 0, tzinfo=dt.UTC)],
        }
    )
    row = views.requests_table(requests).iloc[0]
    cols = strings.TRAINING_REQUEST_COLUMNS
    assert row[cols["what"]] == "Смысловое чтение"
    assert row[cols["status"]] == "отклонена"
    assert row[cols["year"]] == "2025"  # a label, not «2 025»


def test_the_forest_shows_only_measured_programmes_with_their_interval():
    effect = {
        "by_programme": pd.DataFrame(
            {
                "programme_code": ["PD-1", "PD-2"],
                "title": ["Дроби", "Чтение"],
                "year": [2023, 2023],
                "n_treated": [4, 1],
                "n_controls": [9, 3],
                "estimate": [3.5, None],
                "low": [0.5, None],
                "high": [6.5, None],
            }
        ),
        "awaiting": 2,
    }
    frame = views.effect_frame(effect)
    figure = views.forest_view(frame)
    assert isinstance(figure, go.Figure) and list(figure.data[0].y) == ["PD-1 Дроби"]
    assert list(figure.data[0].error_x.array) == [3.0]
    table = views.effect_rows(frame)
    cols = strings.TRAINING_EFFECT_COLUMNS
    assert table[cols["interval"]].tolist() == ["от +0,5 до +6,5", strings.TRAINING_NO_INTERVAL]
    assert views.forest_view(frame.iloc[0:0]).layout.annotations  # «нет данных» said aloud


def test_every_training_id_is_distinct():
    values = [v for k, v in vars(ids).items() if k.isupper()]
    assert len(values) == len(set(values)) and all(v.startswith("training-") for v in values)


def test_a_plan_line_shows_three_reasons_and_counts_the_rest():
    from callbacks.training_plan import short_reasons

    assert short_reasons("a; b; c") == "a; b; c"
    assert short_reasons("a; b; c; d; e") == ("a; b; c " + strings.TRAINING_PLAN_MORE.format(n=2))
    assert short_reasons(None) is None
