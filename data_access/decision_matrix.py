"""The decision matrix (seed 002 «матрица»): recommended measures per kind of finding (the SQL).

Append-only: every edit writes the next version of a measure (``decision_matrix``), so a
decision keeps the exact wording it adopted and the matrix's history stays readable. Every
signed-in role reads the matrix (it names no school); ``region`` and ``admin`` edit it. Every
edit, and every refused one, is audited here ("decision_matrix.save"). Not cached: the table
is small and an edit must show at once.
"""

from __future__ import annotations

import datetime as dt

import pandas as pd
from sqlalchemy import Select, func, insert, select

from dashboard.analytics.decision_effect import EFFECT_INDICATORS
from dashboard.models import DecisionMatrixEntry, Indicator, Procedure
from dashboard.models.decisions import FINDING_KINDS, MEASURE_LEVELS
from data_access import audit, cache, database
from data_access.scope import OutOfScope, Scope
from data_access.visibility import assessed_procedures

READ_ROLES = frozenset({"admin", "region", "municipality", "school", "viewer"})
EDIT_ROLES = frozenset({"admin", "region"})
MATRIX_COLUMNS = tuple(
    "id measure_code version finding_kind title level responsible_role duration_days "
    "indicator applies_to active changed_by changed_at".split()
)
#: What an edit may set; a key left out keeps the previous version's value.
FIELDS = MATRIX_COLUMNS[3:11]
MAX_DURATION_DAYS = 1095  # three years: longer is a programme, not a measure
MAX_TITLE = 1000
MAX_RESPONSIBLE = 200
MAX_APPLIES_TO = 400


def applies_to_list(value: object) -> list[str]:
    """The finding details a measure answers ([] = every finding of its kind)."""
    if not isinstance(value, str):
        return []
    return [part.strip() for part in value.split(",") if part.strip()]


def answers(applies_to: object, detail: object) -> bool:
    """Whether a measure with this ``applies_to`` answers a finding with this detail."""
    wanted = applies_to_list(applies_to)
    return not wanted or (detail is not None and str(detail) in wanted)


class MeasureRefused(ValueError):
    """An edit of the matrix that breaks a rule; ``key`` names the reason (for strings)."""

    def __init__(self, key: str) -> None:
        super().__init__(key)
        self.key = key


def _require_reader(scope: Scope) -> None:
    if scope.role not in READ_ROLES:
        raise OutOfScope("decision_matrix", scope.login)


def _select() -> Select:
    return select(*(getattr(DecisionMatrixEntry, c) for c in MATRIX_COLUMNS))


def _frame(stmt: Select) -> pd.DataFrame:
    with database.read() as conn:
        rows = [dict(r) for r in conn.execute(stmt).mappings()]
    frame = pd.DataFrame(rows, columns=list(MATRIX_COLUMNS))
    frame["changed_at"] = pd.to_datetime(frame["changed_at"], utc=True)
    frame["active"] = frame["active"].astype(bool)
    return frame


def _in_kind_order(frame: pd.DataFrame) -> pd.DataFrame:
    """Rows in the order of FINDING_KINDS, then by measure code (the page's order)."""
    rank = {kind: n for n, kind in enumerate(FINDING_KINDS)}
    order = frame["finding_kind"].map(rank).fillna(len(rank))
    return (
        frame.assign(_rank=order)
        .sort_values(["_rank", "measure_code"], kind="stable")
        .drop(columns="_rank")
        .reset_index(drop=True)
    )


def _latest() -> Select:
    """The latest version of every measure code."""
    newest = (
        select(
            DecisionMatrixEntry.measure_code.label("code"),
            func.max(DecisionMatrixEntry.version).label("version"),
        )
        .group_by(DecisionMatrixEntry.measure_code)
        .subquery()
    )
    return _select().join(
        newest,
        (newest.c.code == DecisionMatrixEntry.measure_code)
        & (newest.c.version == DecisionMatrixEntry.version),
    )


def current_matrix(scope: Scope, include_inactive: bool = False) -> pd.DataFrame:
    """The matrix in force: the latest version of every measure (inactive ones only when
    ``include_inactive``), ordered by finding kind. Every signed-in role may read it."""
    _require_reader(scope)
    stmt = _latest()
    if not include_inactive:
        stmt = stmt.where(DecisionMatrixEntry.active.is_(True))
    return _in_kind_order(_frame(stmt))


def matrix_history(scope: Scope, measure_code: object) -> pd.DataFrame:
    """Every version of one measure, oldest first (empty for an unknown code)."""
    _require_reader(scope)
    code = measure_code if isinstance(measure_code, str) else ""
    stmt = (
        _select()
        .where(DecisionMatrixEntry.measure_code == code)
        .order_by(DecisionMatrixEntry.version)
    )
    return _frame(stmt)


def measures_for(scope: Scope, finding_kind: object, detail: object = None) -> pd.DataFrame:
    """The measures in force for one kind of finding (empty for an unknown kind); with a
    `detail`, only those that answer it (``applies_to`` empty or naming it)."""
    matrix = current_matrix(scope)
    of_kind = matrix[matrix["finding_kind"] == finding_kind]
    if detail is not None:
        of_kind = of_kind[[answers(a, detail) for a in of_kind["applies_to"]]]
    return of_kind.reset_index(drop=True)


def detail_choices(scope: Scope) -> pd.DataFrame:
    """What a measure can be limited to (``applies_to``), per finding kind: the conditions
    indicators for a deficit, the subjects of the region's procedures for a weak skill
    (kind, value, label; names only, no school data)."""
    _require_reader(scope)
    with database.read() as conn:
        indicators = conn.execute(
            select(Indicator.code, Indicator.name)
            .where(Indicator.group == "conditions")
            .order_by(Indicator.name)
        ).all()
        subjects = conn.execute(
            select(Procedure.subject)
            .where(assessed_procedures())
            .distinct()
            .order_by(Procedure.subject)
        ).scalars()
        rows = [("deficit", code, name) for code, name in indicators]
        rows += [("weak_skill", subject, subject) for subject in subjects]
    return pd.DataFrame(rows, columns=["kind", "value", "label"])


def measure_version(scope: Scope, measure_id: object) -> dict:
    """One version of a measure by its id (what a decision adopted); OutOfScope if unknown."""
    _require_reader(scope)
    if isinstance(measure_id, bool) or not isinstance(measure_id, int):
        raise OutOfScope("decision_matrix", measure_id)
    with database.read() as conn:
        row = conn.execute(_select().where(DecisionMatrixEntry.id == measure_id)).mappings().first()
    if row is None:
        raise OutOfScope("decision_matrix", measure_id)
    return dict(row)


# ------------------------------------------------------------------ edits (audited)


def _text(value: object, limit: int, key: str) -> str:
    if not isinstance(value, str) or not value.strip() or len(value.strip()) > limit:
        raise MeasureRefused(key)
    return value.strip()


def _duration(value: object) -> int:
    if isinstance(value, bool) or not isinstance(value, int | float | str):
        raise MeasureRefused("bad_duration")
    try:
        number = float(value)
    except ValueError:
        raise MeasureRefused("bad_duration") from None
    if not number.is_integer() or not 1 <= number <= MAX_DURATION_DAYS:
        raise MeasureRefused("bad_duration")
    return int(number)


def _checked(values: dict) -> dict:
    """The values of a version, checked; raises MeasureRefused naming the first problem."""
    if values.get("finding_kind") not in FINDING_KINDS:
        raise MeasureRefused("bad_finding_kind")
    if values.get("level") not in MEASURE_LEVELS:
        raise MeasureRefused("bad_level")
    indicator = values.get("indicator") or None
    if indicator is not None and indicator not in EFFECT_INDICATORS:
        raise MeasureRefused("bad_indicator")
    if not isinstance(values.get("active", True), bool):
        raise MeasureRefused("bad_active")
    applies_to = values.get("applies_to")
    if applies_to is not None and not isinstance(applies_to, str):
        raise MeasureRefused("bad_applies_to")
    applies_to = ", ".join(dict.fromkeys(applies_to_list(applies_to))) or None
    if applies_to is not None and len(applies_to) > MAX_APPLIES_TO:
        raise MeasureRefused("bad_applies_to")
    return {
        "finding_kind": values["finding_kind"],
        "title": _text(values.get("title"), MAX_TITLE, "bad_title"),
        "level": values["level"],
        "responsible_role": _text(
            values.get("responsible_role"), MAX_RESPONSIBLE, "bad_responsible"
        ),
        "duration_days": _duration(values.get("duration_days")),
        "indicator": indicator,
        "applies_to": applies_to,
        "active": values.get("active", True),
    }


def _new_code(conn, finding_kind: str) -> str:
    """The next free code of a kind: low_results_1, low_results_2, …"""
    taken = set(
        conn.execute(
            select(DecisionMatrixEntry.measure_code).where(
                DecisionMatrixEntry.measure_code.like(f"{finding_kind}_%")
            )
        ).scalars()
    )
    number = 1
    while f"{finding_kind}_{number}" in taken:
        number += 1
    return f"{finding_kind}_{number}"


def _refuse(scope: Scope, outcome: str, asked: str, detail: str) -> None:
    audit.record("decision_matrix.save", outcome, scope=scope, asked=asked, detail=detail)


def save_measure(scope: Scope, measure_code: str | None, **values: object) -> int:
    """Write the next version of a measure (region/admin only) and return its id.

    ``measure_code`` None creates a new measure (every field but ``indicator`` and ``active``
    required) with a code made from its kind; an existing code takes the previous version's
    value for every field not given. An edit that changes nothing writes no version and
    returns the current one's id. Raises OutOfScope (not allowed, unknown code) or
    MeasureRefused (a value breaks a rule); both audited.
    """
    asked = f"measure={str(measure_code)[:60]}"
    if scope.role not in EDIT_ROLES:
        _refuse(scope, "denied", asked, "role")
        raise OutOfScope("decision_matrix", measure_code)
    unknown = set(values) - set(FIELDS)
    if unknown:
        raise TypeError(f"unknown measure fields: {sorted(unknown)}")
    with database.write() as conn:
        previous = None
        if measure_code is not None:
            previous = (
                conn.execute(
                    _latest().where(DecisionMatrixEntry.measure_code == str(measure_code)[:40])
                )
                .mappings()
                .first()
            )
            if previous is None:
                _refuse(scope, "failure", asked, "unknown measure")
                raise OutOfScope("decision_matrix", measure_code)
        merged = {**({f: previous[f] for f in FIELDS} if previous else {}), **values}
        try:
            checked = _checked(merged)
        except MeasureRefused as refused:
            _refuse(scope, "failure", asked, refused.key)
            raise
        if previous is not None and all(checked[f] == previous[f] for f in FIELDS):
            return int(previous["id"])
        code = previous["measure_code"] if previous else _new_code(conn, checked["finding_kind"])
        version = previous["version"] + 1 if previous else 1
        new_id = conn.execute(
            insert(DecisionMatrixEntry)
            .values(
                measure_code=code,
                version=version,
                changed_by=scope.login,
                changed_at=dt.datetime.now(dt.UTC),
                **checked,
            )
            .returning(DecisionMatrixEntry.id)
        ).scalar_one()
    cache.invalidate()  # findings' suggested measures and the plans read the matrix
    audit.record(
        "decision_matrix.save",
        "success",
        scope=scope,
        asked=f"measure={code}",
        detail=f"{code} v{version} {checked['finding_kind']} level={checked['level']} "
        f"active={checked['active']}",
    )
    return int(new_id)


def set_active(scope: Scope, measure_code: str, active: bool) -> int:
    """Withdraw a measure from the matrix in force (or bring it back) as a new version."""
    if not isinstance(active, bool):
        raise MeasureRefused("bad_active")
    code = measure_code if isinstance(measure_code, str) else ""  # "" is no measure: refused
    return save_measure(scope, code, active=active)
