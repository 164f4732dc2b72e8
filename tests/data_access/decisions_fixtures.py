"""A small private database for the decision tests (SQLite and PostgreSQL): one region with
two municipalities, three schools and a roadmap per owner, so the tests' writes never touch
the shared demo the other tests read."""

from __future__ import annotations

from dataclasses import dataclass

import pytest
from sqlalchemy import insert, select

from dashboard.db import get_engine, upgrade
from dashboard.models import AuditEvent, Municipality, Region, Roadmap, School
from data_access import database
from data_access.scope import Scope
from tests.private_db import drop, private_url


@dataclass(frozen=True)
class Place:
    """The ids of the private database and one scope per role."""

    muni_a: int
    muni_b: int
    school_a1: int
    school_a2: int
    school_b1: int
    roadmap_a: int
    roadmap_b: int
    roadmap_region: int
    scopes: dict[str, Scope]


def _fill(engine) -> Place:
    with engine.begin() as conn:

        def add(model, **values) -> int:
            return conn.execute(insert(model).values(**values)).inserted_primary_key[0]

        region = add(Region, code="dec-r", name="R")
        muni_a = add(Municipality, code="DA", name="A", region_id=region)
        muni_b = add(Municipality, code="DB", name="B", region_id=region)
        schools = [
            add(School, school_code=code, name=f"S {code}", municipality_id=muni, kind="school",
                locality="urban")
            for code, muni in (("DA1", muni_a), ("DA2", muni_a), ("DB1", muni_b))
        ]  # fmt: skip
        plans = [
            add(Roadmap, code=code, title=code, kind="roadmap", year_start=2024,
                year_end=2026, municipality_id=muni)
            for code, muni in (("rm-a", muni_a), ("rm-b", muni_b), ("rm-r", None))
        ]  # fmt: skip
    scopes = {
        "admin": Scope(login="t-admin", role="admin"),
        "region": Scope(login="t-region", role="region", region_id=region),
        "municipality": Scope(
            login="t-muni-a", role="municipality", region_id=region, municipality_id=muni_a
        ),
        "municipality_b": Scope(
            login="t-muni-b", role="municipality", region_id=region, municipality_id=muni_b
        ),
        "school": Scope(
            login="t-director",
            role="school",
            region_id=region,
            municipality_id=muni_a,
            school_id=schools[0],
        ),
        "viewer": Scope(login="t-viewer", role="viewer", region_id=region),
    }
    return Place(muni_a, muni_b, *schools, *plans, scopes=scopes)


@pytest.fixture(
    scope="module", params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)]
)
def decisions_db(request, tmp_path_factory):
    """(engine, Place) of a private database built once per module and backend."""
    url, admin = private_url(request.param, tmp_path_factory.mktemp("decisions"), "decisions")
    upgrade(url)
    engine = get_engine(url)
    place = _fill(engine)
    yield engine, place
    drop(engine, admin)


@pytest.fixture
def place(decisions_db) -> Place:
    """The private database bound for data_access calls in this test."""
    engine, found = decisions_db
    with database.bind(engine):
        yield found


def audit_rows(action: str, login: str) -> list[tuple[str, str | None, str | None]]:
    """(outcome, asked, detail) of the audit rows of one action by one login, oldest first."""
    with database.read() as conn:
        return [
            tuple(row)
            for row in conn.execute(
                select(AuditEvent.outcome, AuditEvent.scope_asked, AuditEvent.detail)
                .where(AuditEvent.action == action, AuditEvent.user_login == login)
                .order_by(AuditEvent.id)
            )
        ]
