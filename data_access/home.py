"""Where a user starts: their own municipality or school, read from the scope, never from input.

Pages open on the user's «home» (a municipality user's municipality, a director's school and
its municipality) with the region as the comparison, and draw the user's own schools in a
colour no category uses. The region, admin and viewer roles have no home: they start on the
whole region.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select

from dashboard.models import Municipality, School
from data_access import cache, database
from data_access.scope import Scope


@dataclass(frozen=True)
class Home:
    """The user's own place; every field is None for region-wide roles."""

    municipality_id: int | None = None
    municipality_code: str | None = None
    municipality_name: str | None = None
    school_id: int | None = None
    school_code: str | None = None
    school_name: str | None = None

    @property
    def is_region(self) -> bool:
        return self.municipality_id is None


REGION = Home()


def home(scope: Scope) -> Home:
    """The caller's own municipality and school (names included), or REGION."""
    if scope.role not in {"municipality", "school"}:
        return REGION
    if scope.role == "school" and scope.school_id is None:
        return REGION
    if scope.role == "municipality" and scope.municipality_id is None:
        return REGION

    def compute() -> Home:
        with database.read() as conn:
            if scope.role == "school":
                row = conn.execute(
                    select(
                        Municipality.id,
                        Municipality.code,
                        Municipality.name,
                        School.id,
                        School.school_code,
                        School.name,
                    )
                    .join(Municipality, Municipality.id == School.municipality_id)
                    .where(School.id == scope.school_id)
                ).one_or_none()
            else:
                row = conn.execute(
                    select(Municipality.id, Municipality.code, Municipality.name).where(
                        Municipality.id == scope.municipality_id
                    )
                ).one_or_none()
        return REGION if row is None else Home(*row)

    return cache.cached(scope, "home", None, compute)


def own_school_ids(scope: Scope) -> frozenset[int]:
    """Schools drawn as «own» in charts: the director's school, or a municipality's schools."""
    if scope.role == "school" and scope.school_id is not None:
        return frozenset({scope.school_id})
    if scope.role != "municipality" or scope.municipality_id is None:
        return frozenset()

    def compute() -> list[int]:
        with database.read() as conn:
            return list(
                conn.execute(
                    select(School.id).where(School.municipality_id == scope.municipality_id)
                ).scalars()
            )

    return frozenset(cache.cached(scope, "own_school_ids", None, compute))
