"""Roadmaps, their items, status history, confirming materials and links (the SQL).

Roadmaps are public plans: every signed-in role reads the roadmaps of its region (regional
ones and those of its region's municipalities). Changes are for ``region`` and ``admin``, and
for a ``municipality`` user on the roadmaps its municipality owns. Every change and every
refused change is written to the audit log here, so no caller can forget it. Not cached: the
tables are small and a status change must show at once.
"""

from __future__ import annotations

import datetime as dt

import pandas as pd
from sqlalchemy import Select, func, insert, or_, select, true, update

from dashboard.analytics import roadmap_progress
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
from data_access import audit, cache, database
from data_access.scope import OutOfScope, Scope

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


def _id(value: object, what: str) -> int:
    if isinstance(value, bool) or not isinstance(value, int | str):
        raise OutOfScope(what, value)
    try:
        number = int(value)
    except ValueError:
        raise OutOfScope(what, value) from None
    if not 0 < number < 2**31:
        raise OutOfScope(what, value)
    return number


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
    rid = _id(roadmap_id, "roadmap")
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


def roadmap_items(scope: Scope, roadmap_id: object) -> pd.DataFrame:
    """Items of one roadmap in source order (dates as datetime64), with evidence counts."""
    rid = roadmap(scope, roadmap_id)["id"]
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
    frame = pd.DataFrame(rows, columns=[*ITEM_COLUMNS, "evidence"])
    return _dates(frame, ("starts_on", "due_on", "completed_on"))


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
        ],
    )
    frame["changed_at"] = pd.to_datetime(frame["changed_at"], utc=True)
    return frame


def roadmap_history(scope: Scope, roadmap_id: object) -> pd.DataFrame:
    """Every status change of a roadmap's items, oldest first (for the report as of a date)."""
    rid = roadmap(scope, roadmap_id)["id"]
    ids = select(RoadmapItem.id).where(RoadmapItem.roadmap_id == rid)
    return _history(RoadmapStatusChange.item_id.in_(ids))


def item(scope: Scope, item_id: object) -> dict:
    """One item with its roadmap's code, title, kind and owner, and whether the caller may edit."""
    _require_reader(scope)
    iid = _id(item_id, "roadmap_item")
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
        "municipality_id": parent["municipality_id"],
        "owner": parent["owner"],
        "editable": parent["editable"],
    }


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

    Counts are aggregates (no names), so every reader may see them.
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
        "normative_documents": select(NormativeDocument.signed_on.label("on")).where(
            own(NormativeDocument.municipality_id)
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
        ),
        "publications": select(Publication.published_on.label("on")).where(
            own(Publication.municipality_id)
        ),
        "registry_experts": select(
            Expert.included_on.label("on"), Expert.excluded_on.label("off")
        ).where(own(Expert.municipality_id), Expert.included_on.is_not(None)),
    }
    with database.read() as conn:
        rows = [dict(r) for r in conn.execute(queries[metric]).mappings()]
    frame = pd.DataFrame(rows, columns=["on", "off"] if metric == "registry_experts" else ["on"])
    if metric == "registry_experts":
        return metric, roadmap_progress.registry_size_by_year(frame["on"], frame["off"])
    return metric, roadmap_progress.yearly_counts(frame["on"])


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


def change_status(
    scope: Scope,
    item_id: object,
    new_status: object,
    progress: object,
    completed_on: object,
    comment: object,
    *,
    today: dt.date,
    now: dt.datetime,
) -> roadmap_progress.Change:
    """Check and write a status change with its history row; audited whatever the outcome.

    Raises OutOfScope (not allowed) or ChangeRefused (breaks a rule).
    """
    detail = require_editor(scope, item_id, "roadmap_status")
    asked = f"roadmap_item={detail['item_id']}"
    try:
        change = roadmap_progress.check_change(
            detail["status"],
            int(detail["progress"] or 0),
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
            detail=f"{detail['status']}->{new_status}: {refused.key}",
        )
        raise
    with database.write() as conn:
        conn.execute(
            update(RoadmapItem)
            .where(RoadmapItem.id == detail["item_id"])
            .values(
                status=change.status, progress=change.progress, completed_on=change.completed_on
            )
        )
        if change.status != detail["status"]:
            conn.execute(
                insert(RoadmapStatusChange).values(
                    item_id=detail["item_id"],
                    changed_at=now,
                    changed_by=scope.login,
                    from_status=detail["status"],
                    to_status=change.status,
                    comment=change.comment,
                )
            )
    cache.invalidate()  # the pages' cached views show the new status
    audit.record(
        "roadmap_status",
        "success",
        scope=scope,
        asked=asked,
        detail=f"{detail['roadmap_code']} {detail['number']}: {detail['status']}->"
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
    eid = _id(evidence_id, "roadmap_evidence")
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
