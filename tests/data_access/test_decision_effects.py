"""The effect of decisions on a small database built here with a planted effect: the schools
with the measure gain a known number of points next year, and the estimate's interval holds
it (and holds zero when nothing was planted)."""

from __future__ import annotations

import datetime as dt

import numpy as np
import pytest
from sqlalchemy import insert

from dashboard.db import get_engine, upgrade
from dashboard.models import (
    ContextValue,
    Decision,
    DecisionMatrixEntry,
    Indicator,
    Municipality,
    Procedure,
    Region,
    School,
    SchoolResult,
)
from data_access import database, decision_effects
from data_access.scope import Scope

SCHOOLS = 40
TREATED = (0, 3, 4, 7, 8, 11, 12, 15, 16, 19)  # ten schools, five in each municipality
NOW = dt.datetime(2024, 1, 1, tzinfo=dt.UTC)


def build(url: str, effect: float) -> None:
    """Two municipalities of 20 schools, ВПР in 2022 and 2023, a social indicator, and a
    measure (indicator vpr_gap) adopted in 2022 for the TREATED schools, whose 2023 result is
    their 2022 result + noise + `effect`; one more decision of 2023 awaits 2024's results."""
    upgrade(url)
    rng = np.random.default_rng(3)
    with get_engine(url).begin() as conn:
        conn.execute(insert(Region).values(id=1, code="r", name="R"))
        conn.execute(
            insert(Municipality),
            [{"id": m, "code": f"m{m}", "name": f"M{m}", "region_id": 1} for m in (1, 2)],
        )
        conn.execute(
            insert(School),
            [
                {
                    "id": i + 1,
                    "school_code": f"S{i:03d}",
                    "name": f"School {i}",
                    "municipality_id": 1 + i % 2,
                    "kind": "school",
                    "locality": "urban",
                }
                for i in range(SCHOOLS)
            ],
        )
        conn.execute(
            insert(Indicator).values(
                code="soc",
                name="soc",
                unit="",
                direction="higher_better",
                group="social_conditions",
            )
        )
        social = rng.normal(0, 1, SCHOOLS)
        conn.execute(
            insert(ContextValue),
            [
                {"school_id": i + 1, "year": 2022, "indicator_code": "soc", "value": float(v)}
                for i, v in enumerate(social)
            ],
        )
        conn.execute(
            insert(Procedure),
            [
                {
                    "id": y - 2021,
                    "code": f"vpr-{y}",
                    "kind": "vpr",
                    "subject": "math",
                    "grade": 5,
                    "year": y,
                    "max_score": 20,
                }
                for y in (2022, 2023)
            ],
        )
        base = 40 + rng.normal(0, 8, SCHOOLS) + 3 * social
        after = base + rng.normal(0, 1, SCHOOLS)
        after[list(TREATED)] += effect
        rows = []
        for procedure, values in ((1, base), (2, after)):
            rows += [
                {
                    "procedure_id": procedure,
                    "school_id": i + 1,
                    "participants": 25,
                    "mean_percent": float(v),
                }
                for i, v in enumerate(values)
            ]
        conn.execute(insert(SchoolResult), rows)
        conn.execute(
            insert(DecisionMatrixEntry).values(
                id=1,
                measure_code="low.mentor",
                version=1,
                finding_kind="low_results",
                title="Mentor",
                level="school",
                responsible_role="x",
                duration_days=180,
                indicator="vpr_gap",
                active=True,
                changed_by="t",
                changed_at=NOW,
            )
        )
        decisions = [(i, 2022, "done") for i in TREATED] + [(1, 2023, "adopted")]
        decisions += [(2, 2022, "cancelled")]  # a cancelled decision is not treated
        conn.execute(
            insert(Decision),
            [
                {
                    "municipality_id": 1 + i % 2,
                    "school_id": i + 1,
                    "finding": "low_results",
                    "finding_year": year,
                    "measure_id": 1,
                    "measure": "Mentor",
                    "indicator": "vpr_gap",
                    "status": status,
                    "created_at": NOW,
                    "created_by": "t",
                }
                for i, year, status in decisions
            ],
        )


@pytest.fixture(params=[5.0, 0.0], ids=["planted", "none"])
def planted(request, tmp_path):
    url = f"sqlite:///{tmp_path / 'effects.sqlite3'}"
    build(url, request.param)
    with database.bind(get_engine(url)):
        yield request.param


def _scope(role: str, municipality: int | None = None, school: int | None = None) -> Scope:
    return Scope(
        login=f"t-{role}", role=role, region_id=1, municipality_id=municipality, school_id=school
    )


def test_the_interval_holds_the_planted_effect(planted):
    result = decision_effects.effects(_scope("region"))
    row = result["by_measure"].set_index("finding_year").loc[2022]
    assert row["measure_code"] == "low.mentor" and row["indicator"] == "vpr_gap"
    assert row["n_treated"] == len(TREATED) and row["n_controls"] > 0
    assert row["low"] <= planted <= row["high"]
    if planted:
        assert row["low"] > 0  # a planted gain of 5 points is told apart from none
    assert abs(row["estimate"] - planted) < 1.5
    assert result["awaiting"] == 1  # the 2023 decision: no 2024 results yet
    assert 2023 not in set(result["by_measure"]["finding_year"])


def test_per_decision_rows_follow_the_scope(planted):
    region = decision_effects.effects(_scope("region"))["per_decision"]
    assert sorted(region["school_id"]) == [i + 1 for i in TREATED]
    assert (region["difference"] == region["change"] - region["control_change"]).all()
    own = decision_effects.effects(_scope("municipality", 2))["per_decision"]
    assert len(own) == 5 and set(own["school_code"]) == {f"S{i:03d}" for i in TREATED if i % 2}
    director = decision_effects.effects(_scope("school", 1, 1))["per_decision"]
    assert list(director["school_id"]) == [1]
    viewer = decision_effects.effects(_scope("viewer"))
    assert viewer["per_decision"].empty and len(viewer["by_measure"]) == 1
