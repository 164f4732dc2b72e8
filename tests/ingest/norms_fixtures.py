"""A second region beside the demo's, and the cleanup of every norm a test imports."""

from __future__ import annotations

import pytest
from sqlalchemy import delete, insert, select

from dashboard.models import ContextValue, Municipality, Region, RegionNorm, School
from data_access import cache
from data_access.scope import Scope

OTHER_SCHOOL = "TNB0001"


@pytest.fixture
def other_region(demo_engine):
    """Region B: one municipality and one school with 40 for teachers_aged_60_plus and for
    building_wear in the demo's last year; its scope is a region user's. Removed after, with
    every imported norm."""
    with demo_engine.begin() as conn:
        year = conn.execute(select(ContextValue.year).order_by(ContextValue.year.desc())).first()[0]
        region = conn.execute(
            insert(Region).values(code="test-norms-b", name="Регион Б")
        ).inserted_primary_key[0]
        muni = conn.execute(
            insert(Municipality).values(code="TNB01", name="МО Б", region_id=region)
        ).inserted_primary_key[0]
        school = conn.execute(
            insert(School).values(
                school_code=OTHER_SCHOOL,
                name="Школа Б",
                municipality_id=muni,
                kind="school",
                locality="urban",
            )
        ).inserted_primary_key[0]
        conn.execute(
            insert(ContextValue),
            [
                {"school_id": school, "year": year, "indicator_code": code, "value": 40.0}
                for code in ("teachers_aged_60_plus", "building_wear")
            ],
        )
    cache.invalidate()
    yield {
        "scope": Scope(login="region-b", role="region", region_id=region),
        "code": "test-norms-b",
        "year": year,
    }
    with demo_engine.begin() as conn:
        conn.execute(delete(RegionNorm))
        conn.execute(delete(ContextValue).where(ContextValue.school_id == school))
        conn.execute(delete(School).where(School.id == school))
        conn.execute(delete(Municipality).where(Municipality.id == muni))
        conn.execute(delete(Region).where(Region.id == region))
    cache.invalidate()


@pytest.fixture
def no_norms_after(demo_engine):
    """Every norm a test imports into the shared demo is removed after it."""
    yield
    with demo_engine.begin() as conn:
        conn.execute(delete(RegionNorm))
    cache.invalidate()
