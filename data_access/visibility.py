"""SQL filters derived from a Scope: the one place that turns 'who' into WHERE clauses."""

from __future__ import annotations

from sqlalchemy import ColumnElement, Select, false, select, true

from dashboard.models import VOLUNTARY_KIND, Municipality, Procedure, School
from data_access.scope import OutOfScope, Scope


def region_filter(scope: Scope) -> ColumnElement[bool]:
    """Municipalities of the caller's region (admins without a region see every region)."""
    if scope.region_id is None:
        return true() if scope.role == "admin" else false()
    return Municipality.region_id == scope.region_id


def assessed_procedures() -> ColumnElement[bool]:
    """Procedures every page may read: all but the voluntary diagnostic works.

    A voluntary work's results (kind VOLUNTARY_KIND) belong to the schools that chose to
    write it: only data_access.voluntary reads them, showing a school its own results and
    everyone else aggregates over the participants. Everywhere else they are as absent as an
    unknown procedure (a forged kind, code or id of one answers exactly as an unknown one), and
    a self-selected group never enters region means, norms, rankings, findings, objectivity
    detection or KPI facts.
    """
    return Procedure.kind != VOLUNTARY_KIND


def assessed_procedure_ids() -> Select:
    """Ids of the assessed procedures (`assessed_procedures`), for tables that hold a
    procedure_id but are not joined to the procedure (results, summaries)."""
    return select(Procedure.id).where(assessed_procedures())


def region_scope(scope: Scope) -> Scope:
    """The caller's whole region as an internal reader (never returned to a caller).

    Aggregations that depend only on the region (model fits, detectors, KPI facts) are
    computed and cached under it once per region, instead of once per user scope; each
    public function still filters what it returns by the caller's own scope.
    """
    role = "admin" if scope.role == "admin" and scope.region_id is None else "region"
    return Scope(login="system:region", role=role, region_id=scope.region_id)


def schools_in_region(scope: Scope) -> ColumnElement[bool]:
    """Schools whose rows may feed aggregates for this caller."""
    return School.municipality_id.in_(select(Municipality.id).where(region_filter(scope)))


def schools_named(scope: Scope) -> ColumnElement[bool]:
    """Schools the caller may see by name and in detail."""
    kind, value = scope.named_school_filter()
    if kind == "all":
        return schools_in_region(scope)
    if kind == "municipality" and value is not None:
        return School.municipality_id == value
    if kind == "school" and value is not None:
        return School.id == value
    return false()


def require_school(scope: Scope, connection, school_code: object) -> int:
    """Return the id of a school the caller may see by name, or raise OutOfScope.

    Unknown codes raise the same error as foreign ones, so probing reveals nothing.
    """
    if not isinstance(school_code, str) or not school_code or len(school_code) > 20:
        raise OutOfScope("school", school_code)
    school_id = connection.execute(
        select(School.id).where(School.school_code == school_code, schools_named(scope))
    ).scalar_one_or_none()
    if school_id is None:
        raise OutOfScope("school", school_code)
    return school_id
