"""A region's norm turns «ниже медианы региона» into «дефицит» in that region's profiles only,
and the profile's note names where each reference comes from (issue 17 §2)."""

from __future__ import annotations

from sqlalchemy import select

from dashboard.analytics import deficits
from dashboard.ingest import parse
from dashboard.models import ContextValue, School
from data_access import imports
from data_access import school_profile as sp
from tests.ingest import norms_fixtures

other_region = norms_fixtures.other_region

INDICATOR = "teachers_aged_60_plus"  # conditions, higher is worse, no norm in the catalogue
SOURCE = "Решение управления образования от 15.01.2026 № 12"


def _worse_than_median_school(engine, scope) -> tuple[str, int, float, float]:
    """A demo school above the regional median of INDICATOR in the last year (so «выше
    медианы региона», no deficit): its code, the year, its value and the median."""
    with engine.connect() as conn:
        year = conn.execute(select(ContextValue.year).order_by(ContextValue.year.desc())).first()[0]
        rows = conn.execute(
            select(School.school_code, ContextValue.value)
            .join(School, School.id == ContextValue.school_id)
            .where(
                ContextValue.indicator_code == INDICATOR,
                ContextValue.year == year,
                School.kind != "preschool",
                School.school_code != norms_fixtures.OTHER_SCHOOL,
            )
            .order_by(ContextValue.value.desc(), School.school_code)
        ).all()
    values = sorted(v for _c, v in rows)
    n = len(values)
    median = (values[(n - 1) // 2] + values[n // 2]) / 2  # computed here, independently
    code, value = rows[0]
    assert value > median
    return code, year, value, median


def _scored(scope, code: str, year: int):
    context = sp.context_comparison(scope, code)
    chosen = context[(context["year"] == year) & (context["group"] == "conditions")]
    return deficits.conditions_deficits(chosen).set_index("indicator_code")


def _norm_file(norm: float, region_code: str | None = None):
    header, extra = "indicator;norm;source", ""
    if region_code is not None:
        header, extra = header + ";region_code", f";{region_code}"
    data = f"{header}\n{INDICATOR};{norm};{SOURCE}{extra}\n"
    return parse("indicator-norms", data.encode(), "norms.csv")


def test_an_entered_norm_turns_below_the_median_into_a_deficit(demo_engine, scopes, other_region):
    region = scopes["region"]
    code, year, value, median = _worse_than_median_school(demo_engine, region)
    before = _scored(region, code, year).loc[INDICATOR]
    assert (before["reference_kind"], before["is_deficit"], before["below_median"]) == (
        "median",
        False,
        True,
    )
    assert before["reference"] == median
    norm = round(value - 5.0, 1)  # the school is 5 points worse than the norm the region sets
    assert imports.run_import(region, _norm_file(norm)).ok
    after = _scored(region, code, year).loc[INDICATOR]
    assert (after["reference_kind"], after["is_deficit"], after["below_median"]) == (
        "region_norm",
        True,
        False,
    )
    assert (after["reference"], after["shortfall"]) == (norm, value - norm)
    assert after["region_norm_source"] == SOURCE
    # the director of a school of the region sees the same norm
    director = scopes["school"]
    own = sp.school_header(director, _code_of(demo_engine, director.school_id))
    scored = _scored(director, own["school_code"], year)
    assert scored.loc[INDICATOR, "reference_kind"] == "region_norm"
    assert scored.loc[INDICATOR, "reference"] == norm
    # region B's school keeps the regional median as its reference: A's norm is not B's
    other = _scored(other_region["scope"], norms_fixtures.OTHER_SCHOOL, other_region["year"])
    assert other.loc[INDICATOR, "reference_kind"] == "median"
    assert not other["is_deficit"].any()


def _code_of(engine, school_id: int) -> str:
    with engine.connect() as conn:
        return conn.execute(select(School.school_code).where(School.id == school_id)).scalar_one()


def test_a_region_norm_overrides_the_catalogue_norm(demo_engine, scopes, other_region):
    """building_wear has a catalogue norm (50 %): region B's school (40 %) has no deficit
    against it; region B's own norm of 30 % replaces it and makes that a deficit."""
    scope = other_region["scope"]
    school, year = norms_fixtures.OTHER_SCHOOL, other_region["year"]
    assert sp.indicator_catalogue(scope).set_index("code").loc["building_wear", "norm"] == 50
    row = _scored(scope, school, year).loc["building_wear"]
    assert (row["value"], row["reference_kind"], row["reference"]) == (40, "norm", 50)
    assert not row["is_deficit"]
    file = parse(
        "indicator-norms",
        f"indicator;norm;source\nbuilding_wear;30;{SOURCE}\n".encode(),
        "b.csv",
    )
    assert imports.run_import(scope, file).ok
    row = _scored(scope, school, year).loc["building_wear"]
    assert (row["reference_kind"], row["reference"], row["shortfall"]) == ("region_norm", 30, 10)
    assert row["is_deficit"]
    # region A's profiles keep the catalogue's norm for the same indicator
    code, year_a, _value, _median = _worse_than_median_school(demo_engine, scopes["region"])
    row = _scored(scopes["region"], code, year_a).loc["building_wear"]
    assert (row["reference_kind"], row["reference"]) == ("norm", 50)


def test_the_profile_note_names_the_source_of_each_reference(demo_engine, scopes, other_region):
    from callbacks.school_profile import _norms_note

    region = scopes["region"]
    code, year, value, _median = _worse_than_median_school(demo_engine, region)
    assert imports.run_import(region, _norm_file(round(value - 5.0, 1))).ok
    scored = _scored(region, code, year)
    names = scored["name"]
    note = _norms_note(scored.reset_index())
    assert f"норматив региона — {names[INDICATOR]} ({SOURCE})" in note
    assert f"норматив каталога — {names['building_wear']}" in note  # catalogue norm 50 %
    assert f"медиана региона (норматива нет) — {names['teachers_highest_category']}" in note
    assert "Норматив региона заменяет норматив каталога" in note


def test_the_norms_migration_goes_down_and_up_again(tmp_path):
    from alembic import command
    from sqlalchemy import inspect

    from dashboard.db import alembic_config, get_engine, upgrade

    url = f"sqlite:///{tmp_path / 'oko.sqlite3'}"
    upgrade(url)
    engine = get_engine(url)
    assert "region_norm" in inspect(engine).get_table_names()
    command.downgrade(alembic_config(url), "0007")
    engine.dispose()
    assert "region_norm" not in inspect(engine).get_table_names()
    upgrade(url)
    engine.dispose()
    columns = {c["name"] for c in inspect(engine).get_columns("region_norm")}
    assert columns == {"region_id", "indicator_code", "norm", "source", "set_by", "set_at"}
