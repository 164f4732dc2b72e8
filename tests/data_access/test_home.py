"""Where each role starts: its own municipality or school, from the scope alone."""

from __future__ import annotations

from sqlalchemy import text

from data_access.home import REGION, home, own_school_ids


def test_region_wide_roles_have_no_home(demo_engine, scopes):
    for role in ("admin", "region", "viewer"):
        assert home(scopes[role]) == REGION
        assert own_school_ids(scopes[role]) == frozenset()


def test_municipality_home_is_its_own_municipality(demo_engine, scopes):
    scope = scopes["municipality"]
    place = home(scope)
    assert place.municipality_id == scope.municipality_id and place.school_id is None
    with demo_engine.connect() as conn:
        name = conn.execute(
            text("SELECT name FROM municipality WHERE id = :m"), {"m": scope.municipality_id}
        ).scalar_one()
        schools = set(
            conn.execute(
                text("SELECT id FROM school WHERE municipality_id = :m"),
                {"m": scope.municipality_id},
            ).scalars()
        )
    assert place.municipality_name == name
    assert own_school_ids(scope) == schools and schools


def test_director_home_is_its_school_and_municipality(demo_engine, scopes):
    scope = scopes["school"]
    place = home(scope)
    with demo_engine.connect() as conn:
        code, municipality = conn.execute(
            text("SELECT school_code, municipality_id FROM school WHERE id = :s"),
            {"s": scope.school_id},
        ).one()
    assert (place.school_id, place.school_code) == (scope.school_id, code)
    assert place.municipality_id == municipality and not place.is_region
    assert own_school_ids(scope) == {scope.school_id}
