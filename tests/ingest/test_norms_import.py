"""indicator-norms files: a region enters its own norms for conditions indicators (issue 17 §2),
with the source document, who set them and when; a region's user only for their region."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import select

from dashboard.ingest import parse
from dashboard.models import AuditEvent, Region, RegionNorm
from data_access import imports, norms
from data_access.scope import OutOfScope
from tests.ingest import norms_fixtures

other_region = norms_fixtures.other_region
no_norms_after = norms_fixtures.no_norms_after

HEADER = "Код показателя;Норматив;Основание"
SANPIN = "СанПиН 2.4.3648-20, п. 3.1"
DECISION = "Решение управления образования от 15.01.2026 № 12"


def _file(*rows: str, header: str = HEADER, name: str = "norms.csv"):
    return parse("indicator-norms", "\n".join([header, *rows]).encode(), name)


def _stored(engine) -> dict:
    with engine.connect() as conn:
        rows = conn.execute(
            select(
                Region.code,
                RegionNorm.indicator_code,
                RegionNorm.norm,
                RegionNorm.source,
                RegionNorm.set_by,
                RegionNorm.set_at,
            ).join(Region, Region.id == RegionNorm.region_id)
        ).all()
    return {(r[0], r[1]): tuple(r[2:]) for r in rows}


def test_a_good_file_stores_norms_with_source_who_and_when(demo_engine, scopes, no_norms_after):
    started = dt.datetime.now(dt.UTC).replace(microsecond=0)
    parsed = _file(f"teachers_aged_60_plus;25,5;{DECISION}", f"building_wear;40;{SANPIN}")
    assert parsed.ok, [str(e) for e in parsed.errors]
    result = imports.run_import(scopes["region"], parsed)
    assert result.ok, [str(e) for e in result.errors]
    assert (result.inserted, result.updated, result.unchanged) == (2, 0, 0)
    stored = _stored(demo_engine)
    with demo_engine.connect() as conn:
        region = conn.execute(select(Region.code).where(Region.id == scopes["region"].region_id))
        region = region.scalar_one()
    assert set(stored) == {(region, "teachers_aged_60_plus"), (region, "building_wear")}
    norm, source, by, at = stored[region, "teachers_aged_60_plus"]
    assert (norm, source, by) == (25.5, DECISION, scopes["region"].login)
    assert (at if at.tzinfo else at.replace(tzinfo=dt.UTC)) >= started
    # the region's users read them; the import is in the audit log under the importer's login
    read = norms.region_norms(scopes["viewer"]).set_index("indicator_code")
    assert read.loc["building_wear", "source"] == SANPIN
    assert read["set_by"].isna().all()  # who set it: only for those who may edit norms
    with demo_engine.connect() as conn:
        event = conn.execute(
            select(AuditEvent.user_login, AuditEvent.scope_asked, AuditEvent.outcome)
            .where(AuditEvent.action == "import")
            .order_by(AuditEvent.id.desc())
        ).first()
    assert tuple(event) == (scopes["region"].login, "indicator-norms", "success")
    # the same file again changes nothing; a new source is a change, stamped anew
    assert imports.run_import(scopes["region"], parsed).unchanged == 2
    changed = _file(f"teachers_aged_60_plus;25,5;{SANPIN}")
    result = imports.run_import(scopes["admin"], changed)
    assert (result.inserted, result.updated) == (0, 1)
    norm, source, by, _at = _stored(demo_engine)[region, "teachers_aged_60_plus"]
    assert (norm, source, by) == (25.5, SANPIN, scopes["admin"].login)


def test_a_bad_file_names_row_and_column_and_writes_nothing(demo_engine, scopes, no_norms_after):
    parsed = _file(
        f"building_wear;40;{SANPIN}",
        f"no_such_indicator;10;{SANPIN}",
        f"teachers_aged_60_plus;двадцать;{SANPIN}",
        f"low_income_share;10;{SANPIN}",
        name="нормативы.csv",
    )
    # the non-number is found while reading, before any reference is checked
    assert [str(e) for e in parsed.errors] == ["строка 4, столбец norm: «двадцать» — не число"]
    result = imports.run_import(scopes["region"], parsed)
    assert not result.ok and result.outcome == "rejected"
    fixed = _file(
        f"building_wear;40;{SANPIN}",
        f"no_such_indicator;10;{SANPIN}",
        f"low_income_share;10;{SANPIN}",
        name="нормативы.csv",
    )
    result = imports.run_import(scopes["region"], fixed)
    assert [str(e) for e in result.errors] == [
        "строка 3, столбец indicator: Показателя «no_such_indicator» нет в базе",
        "строка 4, столбец indicator: показатель «low_income_share» не относится к условиям: "
        "норматив задаётся только для показателей условий",
    ]
    assert _stored(demo_engine) == {}  # one transaction: the good first row is not kept either
    with demo_engine.connect() as conn:
        detail = conn.execute(
            select(AuditEvent.detail)
            .where(AuditEvent.action == "import")
            .order_by(AuditEvent.id.desc())
        ).scalar()
    assert "file=нормативы.csv" in detail and "errors=2" in detail


def test_a_region_user_sets_norms_only_for_their_region(demo_engine, scopes, other_region):
    parsed = _file(
        f"building_wear;10;{SANPIN};{other_region['code']}", header=HEADER + ";Код региона"
    )
    result = imports.run_import(scopes["region"], parsed)
    assert [str(e) for e in result.errors] == [
        f"строка 2, столбец region_code: регион «{other_region['code']}» — не ваш: "
        "нормативы вводятся только для своего региона"
    ]
    assert _stored(demo_engine) == {}
    # their own norm leaves region B without any
    assert imports.run_import(scopes["region"], _file(f"building_wear;10;{SANPIN}")).ok
    assert norms.region_norms(other_region["scope"]).empty
    assert len(norms.region_norms(scopes["region"])) == 1


def test_with_two_regions_an_admin_names_the_region(demo_engine, scopes, other_region):
    parsed = _file(f"building_wear;10;{SANPIN}")
    result = imports.run_import(scopes["admin"], parsed)
    assert [str(e) for e in result.errors] == [
        "строка 2, столбец region_code: в базе несколько регионов: укажите код региона"
    ]
    named = _file(
        f"building_wear;10;{SANPIN};{other_region['code']}", header=HEADER + ";Код региона"
    )
    assert imports.run_import(scopes["admin"], named).ok
    assert norms.region_norms(other_region["scope"])["indicator_code"].tolist() == ["building_wear"]
    assert norms.region_norms(scopes["region"]).empty


@pytest.mark.parametrize("who", ["municipality", "school", "viewer"])
def test_only_admins_and_region_users_import_norms(demo_engine, scopes, who):
    with pytest.raises(OutOfScope):
        imports.run_import(scopes[who], _file(f"building_wear;10;{SANPIN}"))


def test_a_region_user_imports_no_other_kind(demo_engine, scopes):
    parsed = parse("context", b"school_code;year;indicator;value\n740101;2024;pupils;1\n", "c.csv")
    with pytest.raises(OutOfScope):
        imports.run_import(scopes["region"], parsed)
