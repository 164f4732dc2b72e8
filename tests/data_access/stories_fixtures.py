"""A private database for the stories tests (SQLite and PostgreSQL): one region with two
municipalities (A, B), a school in each, users of every role, one inactive user and a region
user of another region — so writes never touch the shared demo."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import insert

from dashboard.models import Municipality, Region, School, User
from data_access.scope import Scope
from tests.private_db import filled_db


@dataclass(frozen=True)
class Place:
    scopes: dict[str, Scope]


def _fill(engine) -> Place:
    now = dt.datetime.now(dt.UTC)
    with engine.begin() as conn:

        def add(model, **values) -> int:
            return conn.execute(insert(model).values(**values)).inserted_primary_key[0]

        region = add(Region, code="st-r", name="R")
        other_region = add(Region, code="st-o", name="O")
        muni_a = add(Municipality, code="SA", name="Район А", region_id=region)
        muni_b = add(Municipality, code="SB", name="Район Б", region_id=region)
        school_a = add(School, school_code="A1", name="Школа А1", kind="school",
                       locality="urban", municipality_id=muni_a)  # fmt: skip
        school_b = add(School, school_code="B1", name="Школа Б1", kind="school",
                       locality="urban", municipality_id=muni_b)  # fmt: skip
        people = {
            "admin": Scope("s-admin", "admin"),
            "region": Scope("s-region", "region", region),
            "municipality": Scope("s-muni-a", "municipality", region, muni_a),
            "municipality_b": Scope("s-muni-b", "municipality", region, muni_b),
            "school": Scope("s-dir-a", "school", region, muni_a, school_a),
            "school_b": Scope("s-dir-b", "school", region, muni_b, school_b),
            "viewer": Scope("s-viewer", "viewer", region),
            "elsewhere": Scope("s-far", "region", other_region),
        }
        for scope in people.values():
            add(User, login=scope.login, password_hash="x", role=scope.role,
                region_id=scope.region_id, municipality_id=scope.municipality_id,
                school_id=scope.school_id, is_active=True, created_at=now)  # fmt: skip
        add(User, login="s-gone", password_hash="x", role="school", region_id=region,
            municipality_id=muni_b, school_id=school_b, is_active=False,
            created_at=now)  # fmt: skip
    return Place(people)


def private_db(name: str):
    """A module-scoped fixture: (engine, Place) of a private database per backend."""
    return filled_db(name, _fill)
