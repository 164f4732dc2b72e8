"""Roadmaps, their items, status history, confirming materials and links (the SQL).

Roadmaps are public plans: every signed-in role reads the roadmaps of its region (regional
ones and those of its region's municipalities). Changes are for ``region`` and ``admin``, and
for a ``municipality`` user on the roadmaps its municipality owns. Every change and every
refused change is written to the audit log here, so no caller can forget it. Not cached: the
tables are small and a status change must show at once.

An item whose deadline recurs («ежегодно, до 15 августа») or has several spans is due several
times: the items of a roadmap are read as *occurrences* (analytics.roadmap_progress.
expand_occurrences over the roadmap's years), one row per (item, occurrence), each with its own
dates and status. What was recorded for one occurrence lives in ``roadmap_item_occurrence``; an
occurrence without a row there takes the item's status. A status change names its occurrence
(None: the whole item, every occurrence) and the history row keeps it.
"""

from __future__ import annotations

import datetime as dt

import pandas as pd
from sqlalchemy import Select, delete, func, insert, or_, select, true, update
from sqlalchemy.dialects import postgresql, sqlite

from dashboard import rules
from dashboard.analytics import expert_kpis, roadmap_progress
from dashboard.evidence_store import StoredFile
from dashboard.models import (
    Expert,
    ExpertEngagement,
    ExpertTraining,
    Material,
    Municipality,
    NormativeDocument,
    Publication,
    Roadmap,
    RoadmapEvidence,
    RoadmapItem,
    RoadmapItemLink,
    RoadmapStatusChange,
)
from dashboard.models.plans import RoadmapItemOccurrence
from data_access import audit, cache, database
from data_access.scope import OutOfScope, Scope, row_id
from data_access.suppression import is_small

READ_ROLES = frozenset({"admin", "region", "municipality", "school", "viewer"})
WIDE_EDIT_ROLES = frozenset({"admin", "region"})
ITEM_COLUMNS = (
    "item_id",
    "roadmap_id",
    "number",
    "section",
    "title",
    "participants",
    "executors",
    "period_text",
    "starts_on",
    "due_on",
    "expected_result",
    "confirming_materials",
    "status",
    "progress",
    "completed_on",
)
OCCURRENCE_COLUMNS = ("item_id", "occurrence", "status", "progress", "completed_on")
# Which underlying count stands beside each seed 004 KPI (appendix 2): the count the KPI is
# computed from, not the KPI itself (that is /experts' job).
KPI_METRIC = {
    "1.1": "normative_documents",
    "1.2": "engagements",
    "2.1": "engagements",
    "2.2": "registry_experts",
    "2.3": "engagements",
    "3.1": "materials_approved",
    "3.2": "trainings",
    "3.3": "materials_approved",
    "3.4": "publications",
}


# ------------------------------------------------------------------ who may read and edit


def _require_reader(scope: Scope) -> None:
    if scope.role not in READ_ROLES:
        raise OutOfScope("roadmaps", scope.login)


def _region_of(scope: Scope, conn) -> int | None:
    if scope.region_id is not None:
        return scope.region_id
    if scope.municipality_id is not None:
        return conn.execute(
            select(Municipality.region_id).where(Municipality.id == scope.municipality_id)
        ).scalar_one_or_none()
    return None


def _visible(stmt: Select, scope: Scope, conn) -> Select:
    """Regional roadmaps, and municipal ones of the caller's region (all when region unknown)."""
    region = _region_of(scope, conn)
    if region is None:
        return stmt
    in_region = select(Municipality.id).where(Municipality.region_id == region)
    return stmt.where(
        or_(Roadmap.municipality_id.is_(None), Roadmap.municipality_id.in_(in_region))
    )


def may_edit(scope: Scope, municipality_id: int | None) -> bool:
    """Region and admin edit every roadmap; a municipality only the ones it owns."""
    if scope.role in WIDE_EDIT_ROLES:
        return True
    return (
        scope.role == "municipality"
        and municipality_id is not None
        and municipality_id == scope.municipality_id
    )


# ------------------------------------------------------------------ reading


def list_roadmaps(scope: Scope) -> pd.DataFrame:
    """The roadmaps the caller may read, with owner name, item count and whether it may edit."""
    _require_reader(scope)
    items = (
        select(RoadmapItem.roadmap_id, func.count().label("items"))
        .group_by(RoadmapItem.roadmap_id)
        .subquery()
    )
    with database.read() as conn:
        stmt = _visible(
            select(
                Roadmap.id,
                Roadmap.code,
                Roadmap.title,
                Roadmap.kind,
                Roadmap.year_start,
                Roadmap.year_end,
                Roadmap.municipality_id,
                Roadmap.source,
                Municipality.name.label("owner"),
                func.coalesce(items.c["items"], 0).label("items"),
            )
            .outerjoin(Municipality, Municipality.id == Roadmap.municipality_id)
            .outerjoin(items, items.c.roadmap_id == Roadmap.id),
            scope,
            conn,
        ).order_by(Roadmap.id)
        rows = [dict(r) for r in conn.execute(stmt).mappings()]
    frame = pd.DataFrame(
        rows,
        columns=[
            "id",
            "code",
            "title",
            "kind",
            "year_start",
            "year_end",
            "municipality_id",
            "source",
            "owner",
            "items",
        ],
    )
    frame["editable"] = [
        may_edit(scope, None if pd.isna(m) else int(m)) for m in frame["municipality_id"]
    ]
    return frame


def roadmap(scope: Scope, roadmap_id: object) -> dict:
    """One roadmap the caller may read (OutOfScope otherwise), with ``editable``."""
    _require_reader(scope)
    rid = row_id(roadmap_id, "roadmap")
    with database.read() as conn:
        row = (
            conn.execute(
                _visible(
                    select(
                        Roadmap.id,
                        Roadmap.code,
                        Roadmap.title,
                        Roadmap.kind,
                        Roadmap.year_start,
                        Roadmap.year_end,
                        Roadmap.municipality_id,
                        Roadmap.source,
                        Municipality.name.label("owner"),
                    )
                    .outerjoin(Municipality, Municipality.id == Roadmap.municipality_id)
                    .where(Roadmap.id == rid),
                    scope,
                    conn,
                )
            )
            .mappings()
            .first()
        )
    if row is None:
        raise OutOfScope("roadmap", roadmap_id)
    return {**dict(row), "editable": may_edit(scope, row["municipality_id"])}


def _dates(frame: pd.DataFrame, columns: tuple[str, ...]) -> pd.DataFrame:
    for column in columns:
        frame[column] = pd.to_datetime(frame[column])
    return frame


def _item_select() -> Select:
    return select(
        RoadmapItem.id.label("item_id"), *(getattr(RoadmapItem, c) for c in ITEM_COLUMNS[1:])
    )


def _roadmap_years(detail: dict) -> list[int]:
    """The calendar years a roadmap covers (a recurring item is due once in each)."""
    first, last = int(detail["year_start"]), int(detail["year_end"])
    return list(range(first, max(first, last) + 1))


def _occurrence_records(where) -> pd.DataFrame:
    stmt = select(*(getattr(RoadmapItemOccurrence, c) for c in OCCURRENCE_COLUMNS)).where(where)
    with database.read() as conn:
        rows = [dict(r) for r in conn.execute(stmt).mappings()]
    return pd.DataFrame(rows, columns=list(OCCURRENCE_COLUMNS))


def _occurrences(items: pd.DataFrame, years: list[int], records: pd.DataFrame) -> pd.DataFrame:
    """One row per (item, occurrence) with its own dates, and the status, progress and
    completion date recorded for it (the item's own where nothing was recorded), plus
    ``occurrence_count``: how many occurrences the item has."""
    out = roadmap_progress.expand_occurrences(
        items, years, records[["item_id", "occurrence", "status", "completed_on"]]
    )
    if not records.empty:
        progress = {
            (int(i), int(o)): int(p)
            for i, o, p in zip(
                records["item_id"], records["occurrence"], records["progress"], strict=True
            )
        }
        out["progress"] = [
            progress.get((int(i), int(o)), p)
            for i, o, p in zip(out["item_id"], out["occurrence"], out["progress"], strict=True)
        ]
    out["occurrence"] = out["occurrence"].astype(int)
    out["occurrence_year"] = pd.array(out["occurrence_year"], dtype="Int64")
    out["occurrence_count"] = out.groupby("item_id")["occurrence"].transform("size").astype(int)
    return _dates(out, ("starts_on", "due_on", "completed_on")).reset_index(drop=True)


def roadmap_items(scope: Scope, roadmap_id: object) -> pd.DataFrame:
    """Occurrences of the items of one roadmap, in source order (dates as datetime64), with
    evidence counts: one row per (item_id, occurrence), see the module docstring."""
    detail = roadmap(scope, roadmap_id)
    rid = detail["id"]
    evidence = (
        select(RoadmapEvidence.item_id, func.count().label("evidence"))
        .group_by(RoadmapEvidence.item_id)
        .subquery()
    )
    stmt = (
        _item_select()
        .add_columns(func.coalesce(evidence.c.evidence, 0).label("evidence"))
        .outerjoin(evidence, evidence.c.item_id == RoadmapItem.id)
        .where(RoadmapItem.roadmap_id == rid)
        .order_by(RoadmapItem.id)
    )
    with database.read() as conn:
        rows = [dict(r) for r in conn.execute(stmt).mappings()]
    frame = _dates(
        pd.DataFrame(rows, columns=[*ITEM_COLUMNS, "evidence"]),
        ("starts_on", "due_on", "completed_on"),
    )
    ids = select(RoadmapItem.id).where(RoadmapItem.roadmap_id == rid)
    records = _occurrence_records(RoadmapItemOccurrence.item_id.in_(ids))
    return _occurrences(frame, _roadmap_years(detail), records)


def _history(where) -> pd.DataFrame:
    stmt = (
        select(
            RoadmapStatusChange.id,
            RoadmapStatusChange.item_id,
            RoadmapStatusChange.changed_at,
            RoadmapStatusChange.changed_by,
            RoadmapStatusChange.from_status,
            RoadmapStatusChange.to_status,
            RoadmapStatusChange.comment,
            RoadmapStatusChange.occurrence,
        )
        .where(where)
        .order_by(RoadmapStatusChange.changed_at, RoadmapStatusChange.id)
    )
    with database.read() as conn:
        rows = [dict(r) for r in conn.execute(stmt).mappings()]
    frame = pd.DataFrame(
        rows,
        columns=[
            "id",
            "item_id",
            "changed_at",
            "changed_by",
            "from_status",
            "to_status",
            "comment",
            "occurrence",
        ],
    )
    frame["changed_at"] = pd.to_datetime(frame["changed_at"], utc=True)
    frame["occurrence"] = pd.array(frame["occurrence"], dtype="Int64")  # <NA>: the whole item
    return frame


def roadmap_history(scope: Scope, roadmap_id: object) -> pd.DataFrame:
    """Every status change of a roadmap's items, oldest first (for the report as of a date);
    ``occurrence`` names the occurrence a change was for (<NA>: the whole item)."""
    rid = roadmap(scope, roadmap_id)["id"]
    ids = select(RoadmapItem.id).where(RoadmapItem.roadmap_id == rid)
    return _history(RoadmapStatusChange.item_id.in_(ids))


def item(scope: Scope, item_id: object) -> dict:
    """One item (its own stored status and dates) with its roadmap's code, title, kind, years
    and owner, and whether the caller may edit."""
    _require_reader(scope)
    iid = row_id(item_id, "roadmap_item")
    with database.read() as conn:
        row = conn.execute(_item_select().where(RoadmapItem.id == iid)).mappings().first()
    if row is None:
        raise OutOfScope("roadmap_item", item_id)
    parent = roadmap(scope, row["roadmap_id"])
    return {
        **dict(row),
        "roadmap_code": parent["code"],
        "roadmap_title": parent["title"],
        "roadmap_kind": parent["kind"],
        "year_start": parent["year_start"],
        "year_end": parent["year_end"],
        "municipality_id": parent["municipality_id"],
        "owner": parent["owner"],
        "editable": parent["editable"],
    }


def _item_occurrences(detail: dict) -> pd.DataFrame:
    frame = _dates(
        pd.DataFrame([{c: detail[c] for c in ITEM_COLUMNS}], columns=list(ITEM_COLUMNS)),
        ("starts_on", "due_on", "completed_on"),
    )
    records = _occurrence_records(RoadmapItemOccurrence.item_id == detail["item_id"])
    return _occurrences(frame, _roadmap_years(detail), records)


def item_occurrences(scope: Scope, item_id: object) -> pd.DataFrame:
    """The occurrences of one item (one row for an item due once), as ``roadmap_items`` gives
    them: own dates, status, progress and completion date."""
    return _item_occurrences(item(scope, item_id))


def item_history(scope: Scope, item_id: object) -> pd.DataFrame:
    """Status changes of one item, oldest first: who, when (UTC), from → to, comment."""
    iid = item(scope, item_id)["item_id"]
    return _history(RoadmapStatusChange.item_id == iid)


def item_evidence(scope: Scope, item_id: object) -> pd.DataFrame:
    """Confirming materials of one item, oldest first (never the stored file name)."""
    iid = item(scope, item_id)["item_id"]
    stmt = (
        select(
            RoadmapEvidence.id,
            RoadmapEvidence.kind,
            RoadmapEvidence.title,
            RoadmapEvidence.url,
            RoadmapEvidence.file_name,
            RoadmapEvidence.content_type,
            RoadmapEvidence.size_bytes,
            RoadmapEvidence.sha256,
            RoadmapEvidence.added_by,
            RoadmapEvidence.added_at,
        )
        .where(RoadmapEvidence.item_id == iid)
        .order_by(RoadmapEvidence.added_at, RoadmapEvidence.id)
    )
    with database.read() as conn:
        rows = [dict(r) for r in conn.execute(stmt).mappings()]
    frame = pd.DataFrame(
        rows,
        columns=[
            "id",
            "kind",
            "title",
            "url",
            "file_name",
            "content_type",
            "size_bytes",
            "sha256",
            "added_by",
            "added_at",
        ],
    )
    frame["added_at"] = pd.to_datetime(frame["added_at"], utc=True)
    return frame


def item_links(scope: Scope, item_id: object) -> pd.DataFrame:
    """(target_kind, target) the item is meant to move: seed 004 KPIs and OKO pages."""
    iid = item(scope, item_id)["item_id"]
    stmt = (
        select(RoadmapItemLink.target_kind, RoadmapItemLink.target)
        .where(RoadmapItemLink.item_id == iid)
        .order_by(RoadmapItemLink.target_kind, RoadmapItemLink.target)
    )
    with database.read() as conn:
        rows = [dict(r) for r in conn.execute(stmt).mappings()]
    return pd.DataFrame(rows, columns=["target_kind", "target"])


def kpi_counts(scope: Scope, item_id: object, kpi_code: object) -> tuple[str, pd.DataFrame]:
    """(metric, yearly counts) underlying a KPI linked to the item, in the roadmap's municipality.

    Counts are aggregates (no names), so every reader may see them; counts of people (or what
    they did) of 1 to OKO_MIN_CELL − 1 are hidden (NaN) from readers who do not see the
    experts of that place by name.
    """
    detail = item(scope, item_id)
    metric = KPI_METRIC.get(kpi_code) if isinstance(kpi_code, str) else None
    if metric is None:
        raise OutOfScope("kpi", kpi_code)
    muni = detail["municipality_id"]
    experts = select(Expert.id).where(Expert.municipality_id == muni) if muni else select(Expert.id)

    def own(column):
        return column == muni if muni else true()

    queries = {
        # 1.1 counts documents in force (seed 004: «актуального комплекта… в текущем году»):
        # adopted by the end of the year and not repealed by then, as /experts does.
        "normative_documents": select(
            NormativeDocument.signed_on.label("on"), NormativeDocument.repealed_on.label("off")
        ).where(
            own(NormativeDocument.municipality_id),
            NormativeDocument.topic.in_(rules.KPI_DOCUMENT_TOPICS),
        ),
        "engagements": select(ExpertEngagement.engaged_on.label("on")).where(
            ExpertEngagement.expert_id.in_(experts)
        ),
        "trainings": select(ExpertTraining.completed_on.label("on")).where(
            ExpertTraining.expert_id.in_(experts)
        ),
        "materials_approved": select(Material.approved_on.label("on")).where(
            own(Material.municipality_id),
            Material.discussed_on_platform.is_(True),
            Material.approved_on.is_not(None),
            Material.topic == expert_kpis.EXPERT_TOPIC,  # 3.3: expert-activity questions only
        ),
        "publications": select(Publication.published_on.label("on")).where(
            own(Publication.municipality_id),
            Publication.level.in_(expert_kpis.COUNTED_LEVELS),  # 3.4: the levels the seed names
        ),
        "registry_experts": select(
            Expert.included_on.label("on"), Expert.excluded_on.label("off")
        ).where(own(Expert.municipality_id), Expert.included_on.is_not(None)),
    }
    with database.read() as conn:
        rows = [dict(r) for r in conn.execute(queries[metric]).mappings()]
    spans = metric in {"registry_experts", "normative_documents"}
    frame = pd.DataFrame(rows, columns=["on", "off"] if spans else ["on"])
    if spans:
        counts = roadmap_progress.registry_size_by_year(frame["on"], frame["off"])
    else:
        counts = roadmap_progress.yearly_counts(frame["on"])
    if metric in PEOPLE_METRICS and not _sees_experts_of(scope, muni):
        small = (counts["value"] > 0) & is_small(counts["value"])
        counts = counts.assign(value=counts["value"].astype("float64").mask(small))
    return metric, counts


#: Metrics that count experts or what they did: small counts stay hidden from readers who do
#: not see the experts by name (data_access.suppression; zero names nobody).
PEOPLE_METRICS = frozenset({"registry_experts", "engagements", "trainings"})


def _sees_experts_of(scope: Scope, municipality_id: int | None) -> bool:
    """Whether the reader sees the experts of the place by name (as on /experts)."""
    if scope.role in {"admin", "region"}:
        return True
    return scope.role == "municipality" and municipality_id == scope.municipality_id


# ------------------------------------------------------------------ changes (audited)


def require_editor(scope: Scope, item_id: object, action: str) -> dict:
    """The item, if the caller may change it; otherwise audit the refusal and raise OutOfScope."""
    try:
        detail = item(scope, item_id)
    except OutOfScope:
        audit.record(action, "denied", scope=scope, asked=f"roadmap_item={str(item_id)[:60]}")
        raise
    if not detail["editable"]:
        audit.record(
            action,
            "denied",
            scope=scope,
            asked=f"roadmap_item={detail['item_id']}",
            detail=f"roadmap={detail['roadmap_code']}",
        )
        raise OutOfScope("roadmap_item", item_id)
    return detail


def _occurrence_of(detail: dict, occurrence: object) -> tuple[int | None, dict]:
    """(occurrence number or None for the whole item, its current state) for a change.

    An item due once has no occurrences of its own: a change of it is of the whole item.
    Raises ChangeRefused("bad_occurrence") for a number the item does not have."""
    whole = {"status": detail["status"], "progress": detail["progress"]}
    if occurrence is None:
        return None, whole
    rows = _item_occurrences(detail)
    number = (
        occurrence if isinstance(occurrence, int) and not isinstance(occurrence, bool) else None
    )
    if number is None or number not in set(rows["occurrence"]):
        raise roadmap_progress.ChangeRefused("bad_occurrence")
    if len(rows) == 1:
        return None, whole
    row = rows[rows["occurrence"] == number].iloc[0]
    return number, {"status": row["status"], "progress": row["progress"]}


def _upsert_occurrence(conn, item_id: int, number: int, values: dict):
    """INSERT … ON CONFLICT DO UPDATE of one occurrence row (SQLite and PostgreSQL)."""
    dialect = postgresql if conn.dialect.name == "postgresql" else sqlite
    stmt = dialect.insert(RoadmapItemOccurrence).values(
        item_id=item_id, occurrence=number, **values
    )
    return stmt.on_conflict_do_update(index_elements=["item_id", "occurrence"], set_=values)


def change_status(
    scope: Scope,
    item_id: object,
    new_status: object,
    progress: object,
    completed_on: object,
    comment: object,
    *,
    occurrence: object = None,
    today: dt.date,
    now: dt.datetime,
) -> roadmap_progress.Change:
    """Check and write a status change with its history row; audited whatever the outcome.

    ``occurrence`` (1, 2, … as ``roadmap_items`` numbers them) changes that occurrence only,
    checked against its own current status; None changes the whole item as before, and a new
    status for the whole item moves every occurrence (what was recorded for single ones is
    dropped, as the history replay in analytics.status_as_of reads it).

    Raises OutOfScope (not allowed) or ChangeRefused (breaks a rule).
    """
    detail = require_editor(scope, item_id, "roadmap_status")
    asked = f"roadmap_item={detail['item_id']}"
    if occurrence is not None:
        asked += f" occurrence={str(occurrence)[:20]}"
    current = {"status": detail["status"], "progress": detail["progress"]}
    try:
        number, current = _occurrence_of(detail, occurrence)
        change = roadmap_progress.check_change(
            current["status"],
            int(current["progress"] or 0),
            new_status,
            progress,
            completed_on,
            comment,
            today,
        )
    except roadmap_progress.ChangeRefused as refused:
        audit.record(
            "roadmap_status",
            "failure",
            scope=scope,
            asked=asked,
            detail=f"{current['status']}->{str(new_status)[:20]}: {refused.key}",
        )
        raise
    values = {
        "status": change.status,
        "progress": change.progress,
        "completed_on": change.completed_on,
    }
    moved = change.status != current["status"]
    with database.write() as conn:
        if number is None:
            conn.execute(
                update(RoadmapItem).where(RoadmapItem.id == detail["item_id"]).values(values)
            )
            if moved:  # every occurrence takes the whole item's new status
                conn.execute(
                    delete(RoadmapItemOccurrence).where(
                        RoadmapItemOccurrence.item_id == detail["item_id"]
                    )
                )
        else:
            conn.execute(_upsert_occurrence(conn, detail["item_id"], number, values))
        if moved:
            conn.execute(
                insert(RoadmapStatusChange).values(
                    item_id=detail["item_id"],
                    occurrence=number,
                    changed_at=now,
                    changed_by=scope.login,
                    from_status=current["status"],
                    to_status=change.status,
                    comment=change.comment,
                )
            )
    cache.invalidate()  # the pages' cached views show the new status
    where = f" #{number}" if number is not None else ""
    audit.record(
        "roadmap_status",
        "success",
        scope=scope,
        asked=asked,
        detail=f"{detail['roadmap_code']} {detail['number']}{where}: {current['status']}->"
        f"{change.status} progress={change.progress}",
    )
    return change


def add_evidence(
    scope: Scope,
    item_id: object,
    title: str,
    *,
    now: dt.datetime,
    url: str | None = None,
    stored: StoredFile | None = None,
) -> int:
    """Record a link (``url``) or an already stored file (``stored``); audited. Returns the id."""
    detail = require_editor(scope, item_id, "roadmap_evidence")
    values = {
        "item_id": detail["item_id"],
        "title": title[:400],
        "added_by": scope.login,
        "added_at": now,
    }
    if stored is not None:
        values.update(
            kind="file",
            file_name=stored.file_name,
            content_type=stored.content_type,
            size_bytes=stored.size_bytes,
            sha256=stored.sha256,
            stored_as=stored.stored_as,
        )
    else:
        values.update(kind="link", url=(url or "")[:1000])
    with database.write() as conn:
        new_id = conn.execute(
            insert(RoadmapEvidence).values(**values).returning(RoadmapEvidence.id)
        ).scalar_one()
    cache.invalidate()
    audit.record(
        "roadmap_evidence",
        "success",
        scope=scope,
        asked=f"roadmap_item={detail['item_id']}",
        detail=f"{values['kind']} {title[:100]}" + (f" sha256={stored.sha256}" if stored else ""),
    )
    return int(new_id)


def evidence_file(scope: Scope, evidence_id: object) -> dict:
    """File name, type and stored name of an uploaded material the caller may read."""
    _require_reader(scope)
    eid = row_id(evidence_id, "roadmap_evidence")
    with database.read() as conn:
        row = (
            conn.execute(
                select(
                    RoadmapEvidence.item_id,
                    RoadmapEvidence.file_name,
                    RoadmapEvidence.content_type,
                    RoadmapEvidence.stored_as,
                    RoadmapEvidence.sha256,
                ).where(RoadmapEvidence.id == eid, RoadmapEvidence.kind == "file")
            )
            .mappings()
            .first()
        )
    if row is None:
        raise OutOfScope("roadmap_evidence", evidence_id)
    item(scope, row["item_id"])  # the item's roadmap must be visible too
    return dict(row)


def evidence_refused(scope: Scope, item_id: object, reason: str) -> None:
    """Audit a material refused before it was stored (wrong type, too large, bad link)."""
    audit.record(
        "roadmap_evidence",
        "failure",
        scope=scope,
        asked=f"roadmap_item={str(item_id)[:60]}",
        detail=reason,
    )
