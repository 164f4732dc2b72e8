"""The expert registry of seed 004: who is in it (names only where the role allows), counts for
everyone else, and the add / edit / exclude changes `region` and `admin` may make.

Names: admin and region see the experts of their region, a municipality head those of its own
municipality; directors and viewers get counts only (the name column is never even selected).
"""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from dataclasses import dataclass

import pandas as pd
from sqlalchemy import case, delete, false, null, select, true, update

from dashboard import seeds
from dashboard.models import (
    Expert,
    ExpertDirection,
    ExpertEngagement,
    ExpertTraining,
    Municipality,
    QualificationAttempt,
)
from dashboard.models.experts import EXPERT_STATUSES
from data_access import cache, database, suppression
from data_access.scope import OutOfScope, Scope
from data_access.visibility import region_filter

EDIT_ROLES = frozenset({"admin", "region"})
DIRECTION_CODES = tuple(code for code, _, _ in seeds.EXPERTISE_DIRECTIONS)
CODE_RE = re.compile(r"^[A-Za-zА-Яа-яЁё0-9_/\-]{3,30}$")
ROW_COLUMNS = (
    "expert_code",
    "full_name",
    "municipality_id",
    "municipality",
    "position",
    "directions",
    "qualification_score",
    "qualification_date",
    "status",
    "status_date",
    "trainings",
    "engagements",
)
COUNT_COLUMNS = ("municipality", "candidate", "included", "excluded", "total")


class ExpertError(ValueError):
    """Bad input for a registry change; `key` names the message in strings.EXPERTS_ERR."""

    def __init__(self, key: str) -> None:
        super().__init__(key)
        self.key = key


def _named(scope: Scope):
    """Experts the caller may see by name."""
    if scope.role in {"admin", "region"}:
        return true()
    if scope.role == "municipality" and scope.municipality_id is not None:
        return Expert.municipality_id == scope.municipality_id
    return false()


def named_municipalities(scope: Scope) -> set[int] | None:
    """Municipalities whose every expert the caller sees by name: None for all (region,
    admin), the own one for a municipality head, none for directors and viewers. Counts of
    these need no small-number rule for this reader, and count as known to them."""
    if scope.role in {"admin", "region"}:
        return None
    if scope.role == "municipality" and scope.municipality_id is not None:
        return {int(scope.municipality_id)}
    return set()


def _in_region(scope: Scope):
    return Expert.municipality_id.in_(select(Municipality.id).where(region_filter(scope)))


def _facts(scope: Scope) -> pd.DataFrame:
    """Every expert of the region with status, dates, directions and activity; names where
    allowed (None elsewhere). Internal: callers filter and split named rows from counts."""

    def compute() -> pd.DataFrame:
        named = _named(scope)
        stmt = (
            select(
                Expert.id,
                Expert.expert_code,
                Expert.municipality_id,
                Municipality.name.label("municipality"),
                case((named, Expert.position), else_=null()).label("position"),
                Expert.qualification_score,
                Expert.qualification_date,
                Expert.status,
                Expert.included_on,
                Expert.excluded_on,
                case((named, Expert.full_name), else_=null()).label("full_name"),
                case((named, 1), else_=0).label("named"),
            )
            .join(Municipality, Municipality.id == Expert.municipality_id)
            .where(_in_region(scope))
            .order_by(Municipality.name, Expert.expert_code)
        )
        ids = select(Expert.id).where(_in_region(scope))
        with database.read() as conn:
            experts = pd.DataFrame(
                [dict(r) for r in conn.execute(stmt).mappings()],
                columns=[
                    "id",
                    "expert_code",
                    "municipality_id",
                    "municipality",
                    "position",
                    "qualification_score",
                    "qualification_date",
                    "status",
                    "included_on",
                    "excluded_on",
                    "full_name",
                    "named",
                ],
            )
            directions = pd.DataFrame(
                conn.execute(
                    select(ExpertDirection.expert_id, ExpertDirection.direction_code).where(
                        ExpertDirection.expert_id.in_(ids)
                    )
                ).all(),
                columns=["id", "code"],
            )
            trainings = pd.DataFrame(
                conn.execute(
                    select(ExpertTraining.expert_id, ExpertTraining.completed_on).where(
                        ExpertTraining.expert_id.in_(ids)
                    )
                ).all(),
                columns=["id", "on"],
            )
            engagements = pd.DataFrame(
                conn.execute(
                    select(ExpertEngagement.expert_id, ExpertEngagement.engaged_on).where(
                        ExpertEngagement.expert_id.in_(ids)
                    )
                ).all(),
                columns=["id", "on"],
            )
            attempts = pd.DataFrame(
                conn.execute(
                    select(QualificationAttempt.expert_id, QualificationAttempt.assessed_on).where(
                        QualificationAttempt.expert_id.in_(ids)
                    )
                ).all(),
                columns=["id", "on"],
            )
        experts["named"] = experts["named"].astype(bool)
        experts.loc[~experts["named"], ["full_name", "position"]] = None  # never leave the layer
        experts["directions"] = (
            experts["id"]
            .map(directions.groupby("id")["code"].apply(lambda c: tuple(sorted(c))))
            .apply(lambda v: v if isinstance(v, tuple) else ())
        )
        for label, frame in (
            ("training_dates", trainings),
            ("engagement_dates", engagements),
            ("attempt_dates", attempts),
        ):
            experts[label] = (
                experts["id"]
                .map(frame.groupby("id")["on"].apply(list))
                .apply(lambda v: v if isinstance(v, list) else [])
            )
        return experts

    return cache.cached(scope, "expert_registry_facts", None, compute)


def _active_in(row, year: int) -> bool:
    """Any dated fact of the expert in the year, or in the registry for part of it."""
    dates = [*row.training_dates, *row.engagement_dates, *row.attempt_dates]
    if any(d.year == year for d in dates if d is not None):
        return True
    inc, exc = row.included_on, row.excluded_on
    return inc is not None and inc.year <= year and (exc is None or exc.year >= year)


def _filtered(scope: Scope, direction, municipality_id, status, year) -> pd.DataFrame:
    experts = _facts(scope)
    keep = pd.Series(True, index=experts.index)
    if direction is not None:
        keep &= experts["directions"].apply(lambda d: direction in d)
    if municipality_id is not None:
        keep &= experts["municipality_id"] == municipality_id
    if status is not None:
        keep &= experts["status"] == status
    if year is not None:
        keep &= pd.Series(
            [_active_in(r, year) for r in experts.itertuples()], index=experts.index, dtype=bool
        )
    return experts[keep]


def _counts_table(experts: pd.DataFrame) -> pd.DataFrame:
    """Experts per municipality (index: name) × status, with a `total` column."""
    table = (
        experts.groupby("municipality")["status"]
        .value_counts()
        .unstack(fill_value=0)
        .reindex(columns=list(EXPERT_STATUSES), fill_value=0)
    )
    table["total"] = table.sum(axis=1)
    return table.astype("int64")


REGION_ROW = "__region__"  # the region's own counts, the sum of every municipality's


def plan_hidden_counts(
    table: pd.DataFrame, known_rows: pd.Series | None = None
) -> tuple[pd.DataFrame, set[str]]:
    """Which cells of a municipality × status count table (columns EXPERT_STATUSES and
    `total`, the row sum) a reader may not see, and which of the region's counts (the column
    sums, published or not) may not be published beside it: (boolean frame, set of columns).

    Primary rule: a count of 1 .. OKO_MIN_CELL - 1 experts is hidden. A zero stays shown: it
    names nobody. Complementary rule (suppression.complete_groups) over every relation of
    the table with its region row: each row (three statuses = total) and each column (the
    municipalities = the region), applied along rows and columns alternately until nothing
    changes, so that the hidden, unknown members of a relation are none or at least two
    holding at least OKO_MIN_CELL experts; a hidden region cell counts too, so a region count
    below the rule cannot be had as the region's total minus its other statuses. `known_rows`
    (a boolean Series on the table's index) marks municipalities whose experts the reader
    sees by name: their counts are shown and count as known. Pure, so tests can check it.
    """
    columns = [*EXPERT_STATUSES, "total"]
    if table.empty:
        return pd.DataFrame(False, index=table.index, columns=columns), set()
    known_rows = (
        pd.Series(False, index=table.index)
        if known_rows is None
        else known_rows.reindex(table.index, fill_value=False).astype(bool)
    )
    full = table[columns].copy()
    full.loc[REGION_ROW] = table[columns].sum()
    long = full.stack()  # index: (row, column)
    long.index.names = ["row", "column"]
    rows = pd.Series(long.index.get_level_values("row"), index=long.index)
    cols = pd.Series(long.index.get_level_values("column"), index=long.index)
    named = known_rows.reindex(full.index, fill_value=False)
    # A zero is always shown, so the reader knows it as well as a named municipality's cells.
    known = pd.Series(named.reindex(rows).to_numpy(), index=long.index) | (long == 0)
    hidden = suppression.is_small(long) & ~known
    # Each relation's members are its parts and its total: complete_groups then treats the
    # relation as a group whose "total" (parts minus total = 0) is always known.
    while True:
        before = hidden.copy()
        hidden, _ = suppression.complete_groups(long, rows, hidden, known)
        hidden, _ = suppression.complete_groups(long, cols, hidden, known)
        if hidden.equals(before):
            break
    frame = hidden.unstack("column").reindex(index=full.index, columns=columns).astype(bool)
    region = frame.loc[REGION_ROW]
    return frame.drop(index=REGION_ROW), {c for c in columns if region[c]}


def _suppressed_counts(scope: Scope, experts: pd.DataFrame) -> tuple[pd.DataFrame, set[str]]:
    """The count table with cells hidden (NA) as this reader requires, and the region counts
    (columns) that may not be published beside it; readers who see every expert of the
    region by name (region, admin) get it whole."""
    table = _counts_table(experts)
    if scope.role in {"admin", "region"}:
        return table.astype("Int64"), set()
    named = experts.groupby("municipality")["named"].all().reindex(table.index)
    hidden, region_hidden = plan_hidden_counts(table, named.fillna(False).astype(bool))
    return table.astype("Int64").mask(hidden[table.columns]), region_hidden


def registry(
    scope: Scope,
    direction: str | None = None,
    municipality_id: int | None = None,
    status: str | None = None,
    year: int | None = None,
) -> dict:
    """Named rows the caller may see and counts per municipality for the whole region.

    Returns {"rows": DataFrame(ROW_COLUMNS), "counts": DataFrame(COUNT_COLUMNS),
    "names_visible": bool, "suppressed": bool, "region_hidden": [column]}; `rows` is empty for
    directors and viewers.

    Counts follow the small-number rule (`plan_hidden_counts`): a hidden count is NA and
    `suppressed` says whether the reader is under the rule at all (everyone but region and
    admin); `region_hidden` names the region-wide counts (status columns, `total`) this reader
    may not be shown anywhere beside the table, or a hidden cell would follow. Zero counts
    stay shown: a zero names nobody. The hidden cells are planned on the table of every
    municipality and status under the direction and year filters, and the municipality and
    status filters only select from it, so no two filter settings show the same cell
    differently (one setting's shown cell cannot undo another's hidden one).
    """
    experts = _filtered(scope, direction, None, None, year)
    named = experts[experts["named"]]
    if municipality_id is not None:
        named = named[named["municipality_id"] == municipality_id]
    if status is not None:
        named = named[named["status"] == status]
    named = named.copy()
    named["status_date"] = [
        r.excluded_on if r.status == "excluded" else r.included_on for r in named.itertuples()
    ]
    named["trainings"] = named["training_dates"].apply(len)
    named["engagements"] = [  # per-row Counter: a pandas Series per expert cost ~0.1 ms each
        dict(sorted(Counter(d.year for d in dates).items())) for dates in named["engagement_dates"]
    ]
    counts, region_hidden = cache.cached(  # the plan takes ~0.2 s for 40 municipalities
        scope,
        "expert_registry_counts",
        [direction, year],
        lambda: _suppressed_counts(scope, experts),
    )
    if municipality_id is not None:
        names = experts.loc[experts["municipality_id"] == municipality_id, "municipality"]
        counts = counts[counts.index.isin(set(names))]
    if status is not None:  # that status's column, shown (or hidden) as in the full table
        chosen = counts[status]
        counts = counts[chosen.isna() | (chosen > 0)].copy()
        for other in EXPERT_STATUSES:
            if other != status:
                counts[other] = pd.array([0] * len(counts), dtype="Int64")
        counts["total"] = counts[status]
    counts = counts.rename_axis("municipality").reset_index()
    return {
        "rows": named.reindex(columns=list(ROW_COLUMNS)).reset_index(drop=True),
        "counts": counts.reindex(columns=list(COUNT_COLUMNS)),
        "names_visible": scope.sees_person_level,
        "suppressed": scope.role not in {"admin", "region"},
        "region_hidden": sorted(region_hidden),
    }


def can_edit(scope: Scope) -> bool:
    """Whether the registry and KPI-target forms apply to this caller (region, admin)."""
    return scope.role in EDIT_ROLES


def require_editor(scope: Scope) -> None:
    if scope.role not in EDIT_ROLES:
        raise OutOfScope("expert_registry", scope.login)


def editable_experts(scope: Scope) -> list[dict]:
    """Code and name of every expert the caller may change (region/admin; else refused)."""
    require_editor(scope)
    experts = _facts(scope)
    return [
        {"label": f"{r.expert_code} — {r.full_name}", "value": r.expert_code}
        for r in experts.itertuples()
    ]


def expert_record(scope: Scope, code: object) -> dict:
    """The editable fields of one expert (region/admin only); unknown codes are refused."""
    require_editor(scope)
    experts = _facts(scope)
    found = experts[experts["expert_code"] == code]
    if not isinstance(code, str) or found.empty:
        raise OutOfScope("expert", code)
    r = found.iloc[0]
    return {
        "code": r["expert_code"],
        "name": r["full_name"],
        "municipality_id": int(r["municipality_id"]),
        "position": r["position"],
        "directions": list(r["directions"]),
        "score": r["qualification_score"],
        "score_date": r["qualification_date"],
        "status": r["status"],
        "status_date": r["excluded_on"] if r["status"] == "excluded" else r["included_on"],
    }


@dataclass(frozen=True)
class ExpertForm:
    code: str
    name: str
    municipality_id: int | None
    position: str | None
    directions: tuple[str, ...]
    score: float | None
    score_date: dt.date | None
    status: str
    status_date: dt.date | None


def _check(form: ExpertForm, today: dt.date) -> None:
    if not CODE_RE.match(form.code or ""):
        raise ExpertError("code")
    if not form.name or len(form.name) > 200:
        raise ExpertError("name")
    if not form.directions or not set(form.directions) <= set(DIRECTION_CODES):
        raise ExpertError("directions")
    if form.score is not None and not 0 <= form.score <= 100:
        raise ExpertError("score")
    if form.status not in EXPERT_STATUSES:
        raise ExpertError("status")
    if (form.score is None) != (form.score_date is None):
        raise ExpertError("score_needed")
    if form.status != "candidate" and form.status_date is None:
        raise ExpertError("status_date")
    if form.status == "included" and form.score is None:
        raise ExpertError("score_needed")
    if form.status == "included" and form.score <= seeds.QUALIFICATION_PASS_PERCENT:
        raise ExpertError("pass")
    if any(d is not None and d > today for d in (form.score_date, form.status_date)):
        raise ExpertError("future")


def save_expert(scope: Scope, form: ExpertForm, today: dt.date | None = None) -> str:
    """Add or update an expert by code; a new score also becomes a qualification attempt."""
    require_editor(scope)
    _check(form, today or dt.date.today())
    with database.write() as conn:
        if (
            form.municipality_id is None
            or conn.execute(
                select(Municipality.id).where(
                    Municipality.id == form.municipality_id, region_filter(scope)
                )
            ).first()
            is None
        ):
            raise ExpertError("municipality")
        current = conn.execute(
            select(Expert.id, Expert.included_on, Expert.municipality_id).where(
                Expert.expert_code == form.code
            )
        ).first()
        if (
            current is not None
            and conn.execute(
                select(Municipality.id).where(
                    Municipality.id == current.municipality_id, region_filter(scope)
                )
            ).first()
            is None
        ):
            raise OutOfScope("expert", form.code)  # a code of another region: reveal nothing
        included_on = {
            "candidate": None,
            "included": form.status_date,
            "excluded": current.included_on if current else None,
        }[form.status]
        excluded_on = form.status_date if form.status == "excluded" else None
        if form.status == "excluded" and (included_on is None or excluded_on < included_on):
            raise ExpertError("date_order" if included_on else "not_included")
        values = {
            "full_name": form.name,
            "municipality_id": form.municipality_id,
            "position": form.position or None,
            "qualification_score": form.score,
            "qualification_date": form.score_date,
            "status": form.status,
            "included_on": included_on,
            "excluded_on": excluded_on,
        }
        if current is None:
            expert_id = conn.execute(
                Expert.__table__.insert().values(expert_code=form.code, **values)
            ).inserted_primary_key[0]
        else:
            expert_id = current.id
            conn.execute(update(Expert).where(Expert.id == expert_id).values(**values))
        conn.execute(delete(ExpertDirection).where(ExpertDirection.expert_id == expert_id))
        conn.execute(
            ExpertDirection.__table__.insert(),
            [{"expert_id": expert_id, "direction_code": c} for c in form.directions],
        )
        if (
            form.score is not None
            and conn.execute(
                select(QualificationAttempt.id).where(
                    QualificationAttempt.expert_id == expert_id,
                    QualificationAttempt.assessed_on == form.score_date,
                    QualificationAttempt.score_percent == form.score,
                )
            ).first()
            is None
        ):
            conn.execute(
                QualificationAttempt.__table__.insert().values(
                    expert_id=expert_id, assessed_on=form.score_date, score_percent=form.score
                )
            )
    cache.invalidate()
    return form.code


def exclude_expert(scope: Scope, code: object, on: dt.date, today: dt.date | None = None) -> None:
    """Exclude an included expert from the registry on a date (region/admin only)."""
    require_editor(scope)
    if on > (today or dt.date.today()):
        raise ExpertError("future")
    with database.write() as conn:
        row = conn.execute(
            select(Expert.id, Expert.status, Expert.included_on).where(
                Expert.expert_code == code, _in_region(scope)
            )
        ).first()
        if not isinstance(code, str) or row is None:
            raise OutOfScope("expert", code)
        if row.status != "included" or row.included_on is None:
            raise ExpertError("not_included")
        if on < row.included_on:
            raise ExpertError("date_order")
        conn.execute(
            update(Expert).where(Expert.id == row.id).values(status="excluded", excluded_on=on)
        )
    cache.invalidate()
