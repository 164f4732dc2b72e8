"""One school's profile: header, context against medians, flags, results and weak skills.

Every public function takes the scope first and refuses schools the caller may not see by
name (require_school). Comparisons with the municipality and the region are aggregates over
the caller's region and pass through suppress_small.
"""

from __future__ import annotations

import pandas as pd
from sqlalchemy import func, select

from dashboard.analytics import school_flags
from dashboard.models import (
    ContextValue,
    Indicator,
    Municipality,
    Procedure,
    ProcedureTask,
    School,
    SchoolResult,
    SkillResult,
)
from data_access import cache, database, derived, norms
from data_access.scope import Scope
from data_access.single_flight import cached_once
from data_access.suppression import hidden_results, suppress_cells, suppress_small
from data_access.visibility import (
    assessed_procedures,
    region_scope,
    require_school,
    schools_in_region,
)

MARKS = ["marks_2", "marks_3", "marks_4", "marks_5"]


def school_header(scope: Scope, school_code: object) -> dict:
    """Name, municipality, kind, locality, address and the latest pupil count of one school."""
    with database.read() as conn:
        school_id = require_school(scope, conn, school_code)

    def compute() -> dict:
        with database.read() as conn:
            row = (
                conn.execute(
                    select(
                        School.id,
                        School.school_code,
                        School.name,
                        School.kind,
                        School.locality,
                        School.address,
                        School.municipality_id,
                        Municipality.name.label("municipality"),
                    )
                    .join(Municipality, Municipality.id == School.municipality_id)
                    .where(School.id == school_id)
                )
                .mappings()
                .one()
            )
            pupils = conn.execute(
                select(ContextValue.year, ContextValue.value)
                .where(ContextValue.school_id == school_id, ContextValue.indicator_code == "pupils")
                .order_by(ContextValue.year.desc())
                .limit(1)
            ).first()
        out = dict(row)
        out["pupils"], out["pupils_year"] = (pupils.value, pupils.year) if pupils else (None, None)
        return out

    return cache.cached(scope, "school_header", school_id, compute)


def region_context(scope: Scope) -> pd.DataFrame:
    """Context values of the region's general-education schools (ids only: the medians, the
    social index and the findings' conditions read it)."""

    def compute() -> pd.DataFrame:
        stmt = (
            select(
                ContextValue.school_id,
                School.municipality_id,
                ContextValue.year,
                ContextValue.indicator_code,
                ContextValue.value,
            )
            .join(School, School.id == ContextValue.school_id)
            .where(schools_in_region(scope), School.kind != "preschool")
        )
        with database.read() as conn:
            return database.frame(
                conn, stmt, ["school_id", "municipality_id", "year", "indicator_code", "value"]
            )

    return cache.cached(scope, "region_context", None, compute)


def indicator_catalogue(scope: Scope) -> pd.DataFrame:
    """The indicator catalogue (no school data): code, name, unit, direction, group, norm."""

    def compute() -> pd.DataFrame:
        with database.read() as conn:
            rows = (
                conn.execute(
                    select(
                        Indicator.code,
                        Indicator.name,
                        Indicator.unit,
                        Indicator.direction,
                        Indicator.group.label("group"),
                        Indicator.norm,
                    ).order_by(Indicator.code)
                )
                .mappings()
                .all()
            )
        return pd.DataFrame(rows, columns=["code", "name", "unit", "direction", "group", "norm"])

    return cache.cached(scope, "indicator_catalogue", None, compute)


def _context_medians(scope: Scope) -> dict[str, pd.DataFrame]:
    """Median, spread and count of every context indicator per year over the region's schools
    (`region`, indexed by indicator_code and year) and per municipality (`municipality`):
    region-wide, so stored at import time (data_access.derived)."""
    system = region_scope(scope)

    def compute() -> dict[str, pd.DataFrame]:
        region = region_context(system)
        by = ["indicator_code", "year"]
        reg = region.groupby(by)["value"].agg(
            region_median="median", region_std="std", region_schools="count"
        )
        muni = (
            region.groupby(["municipality_id", *by])["value"]
            .agg(municipality_median="median", municipality_schools="count")
            .reset_index()
        )
        return {"region": reg, "municipality": muni}

    return cached_once(
        system,
        "context_medians",
        lambda: derived.stored("context_medians", {"scope": system.key}, compute),
    )


def context_comparison(scope: Scope, school_code: object) -> pd.DataFrame:
    """Per indicator and year: the school's value beside municipality and region medians.

    Medians over fewer than OKO_MIN_CELL schools are blanked (`*_suppressed`). Years in which
    the school reported nothing keep the medians and a missing `value`. `norm` is the
    catalogue's norm; `region_norm` and `region_norm_source` the caller's region's own norm and
    its document, which replaces it in the deficits (data_access.norms).
    """
    header = school_header(scope, school_code)
    return cache.cached(scope, "context_comparison", header["id"], lambda: _compare(scope, header))


def _compare(scope: Scope, header: dict) -> pd.DataFrame:
    medians = _context_medians(scope)
    columns = [
        "indicator_code",
        "year",
        "value",
        "municipality_median",
        "municipality_schools",
        "region_median",
        "region_std",
        "region_schools",
    ]
    reg, by_municipality = medians["region"], medians["municipality"]
    if reg.empty:
        return pd.DataFrame(columns=columns)
    by = ["indicator_code", "year"]
    own_muni = by_municipality[by_municipality["municipality_id"] == header["municipality_id"]]
    muni = own_muni.set_index(by)[["municipality_median", "municipality_schools"]]
    own_values = (
        select(ContextValue.indicator_code, ContextValue.year, ContextValue.value)
        .join(School, School.id == ContextValue.school_id)
        .where(ContextValue.school_id == header["id"], School.kind != "preschool")
    )
    with database.read() as conn:
        own = database.frame(conn, own_values, [*by, "value"]).set_index(by)["value"]
    frame = reg.join(muni).join(own).reset_index()
    frame = suppress_small(frame, "municipality_schools", ("municipality_median",))
    frame = frame.rename(columns={"suppressed": "municipality_suppressed"})
    frame = suppress_small(frame, "region_schools", ("region_median", "region_std"))
    frame = frame.rename(columns={"suppressed": "region_suppressed"})
    catalogue = indicator_catalogue(scope).rename(columns={"code": "indicator_code"})
    own_norms = norms.region_norms(scope)[["indicator_code", "norm", "source"]].rename(
        columns={"norm": "region_norm", "source": "region_norm_source"}
    )
    frame = frame.merge(catalogue, on="indicator_code", how="left")
    frame = frame.merge(own_norms, on="indicator_code", how="left")
    frame["region_norm"] = frame["region_norm"].astype("float64")
    source = frame["region_norm_source"].astype(object)
    frame["region_norm_source"] = source.where(source.notna(), None)  # as the cache returns it
    return frame.sort_values(["group", "indicator_code", "year"])


def _region_vpr(scope: Scope) -> pd.DataFrame:
    """ВПР school results of the whole region (internal: the ranking needs every school)."""

    def compute() -> pd.DataFrame:
        stmt = (
            select(
                SchoolResult.school_id,
                SchoolResult.procedure_id,
                Procedure.year,
                SchoolResult.participants,
                SchoolResult.mean_percent,
            )
            .join(Procedure, Procedure.id == SchoolResult.procedure_id)
            .join(School, School.id == SchoolResult.school_id)
            .where(schools_in_region(scope), Procedure.kind == "vpr")
        )
        with database.read() as conn:
            return database.frame(
                conn, stmt, ["school_id", "procedure_id", "year", "participants", "mean_percent"]
            )

    return cache.cached(scope, "region_vpr", None, compute)


def region_flags(scope: Scope) -> dict:
    """Flags of every school of the region by id (internal to data_access: ids, no names).

    Region-wide, so computed (or read from the store of import-time results) once per region
    rather than once per user scope."""
    scope = region_scope(scope)

    def compute() -> dict:
        gaps = school_flags.vpr_gaps(_region_vpr(scope))
        catalogue = indicator_catalogue(scope)
        social = catalogue[catalogue["group"] == "social_conditions"]
        directions = dict(zip(social["code"], social["direction"], strict=True))
        index = school_flags.social_index(region_context(scope), directions)
        return {
            "low_years": school_flags.low_result_years(gaps),
            "low_runs": school_flags.low_results(gaps),
            "social_index": index.to_dict(),
            "adverse": school_flags.adverse_conditions(index).to_dict(),
            "ranked_schools": int(index.size),
        }

    return cached_once(
        scope, "region_flags", lambda: derived.stored("region_flags", {"scope": scope.key}, compute)
    )


def derived_results(system: Scope) -> list[tuple[str, dict, dict]]:
    """The region's school flags, to store at import time (see data_access.derived)."""
    return [
        ("region_flags", {"scope": system.key}, region_flags(system)),
        ("context_medians", {"scope": system.key}, _context_medians(system)),
    ]


def school_flag_state(scope: Scope, school_code: object) -> dict:
    """This school's flags with their reasons' numbers (years, social index, its rank share)."""
    header = school_header(scope, school_code)
    flags = region_flags(scope)
    sid = header["id"]
    index = flags["social_index"]
    share = None
    if sid in index:
        share = sum(v <= index[sid] for v in index.values()) / len(index)
    return {
        "low_runs": flags["low_runs"].get(sid, []),
        "low_years": flags["low_years"].get(sid, []),
        "has_vpr": bool((_region_vpr(region_scope(scope))["school_id"] == sid).any()),
        "social_index": index.get(sid),
        "social_share": share,
        "adverse": sid in flags["adverse"],
    }


def school_results(scope: Scope, school_code: object) -> pd.DataFrame:
    """Per procedure of the school: its results beside municipality and region (weighted).
    Voluntary works are left out: their results are read on /voluntary only."""
    header = school_header(scope, school_code)

    def compute() -> pd.DataFrame:
        weighted = func.sum(SchoolResult.mean_percent * SchoolResult.participants)
        total = func.sum(SchoolResult.participants)

        def area(where, prefix):
            return (
                select(
                    SchoolResult.procedure_id,
                    (weighted / func.nullif(total, 0)).label(f"{prefix}_mean"),
                    total.label(f"{prefix}_participants"),
                )
                .join(School, School.id == SchoolResult.school_id)
                .where(where)
                .group_by(SchoolResult.procedure_id)
            )

        own = (
            select(
                Procedure.id.label("procedure_id"),
                Procedure.kind,
                Procedure.subject,
                Procedure.grade,
                Procedure.year,
                Procedure.held_on,
                SchoolResult.participants,
                SchoolResult.mean_percent,
                *[getattr(SchoolResult, m) for m in MARKS],
            )
            .join(SchoolResult, SchoolResult.procedure_id == Procedure.id)
            .where(SchoolResult.school_id == header["id"], assessed_procedures())
        )
        with database.read() as conn:
            frame = pd.DataFrame(
                conn.execute(own).mappings().all(),
                columns=[
                    "procedure_id",
                    "kind",
                    "subject",
                    "grade",
                    "year",
                    "held_on",
                    "participants",
                    "mean_percent",
                    *MARKS,
                ],
            )
            ids = frame["procedure_id"].tolist()
            muni = pd.DataFrame(
                conn.execute(
                    area(School.municipality_id == header["municipality_id"], "municipality").where(
                        SchoolResult.procedure_id.in_(ids)
                    )
                )
                .mappings()
                .all(),
                columns=["procedure_id", "municipality_mean", "municipality_participants"],
            )
            reg = pd.DataFrame(
                conn.execute(
                    area(schools_in_region(scope), "region").where(
                        SchoolResult.procedure_id.in_(ids)
                    )
                )
                .mappings()
                .all(),
                columns=["procedure_id", "region_mean", "region_participants"],
            )
        frame = frame.merge(muni, on="procedure_id", how="left").merge(
            reg, on="procedure_id", how="left"
        )
        frame = suppress_small(frame)
        # The municipality's and region's totals follow the shared plan, as on /procedures.
        plan = hidden_results(scope, ids)
        hidden = {
            "municipality": plan.municipality_mask(
                frame.assign(municipality_id=header["municipality_id"])
            ),
            "region": frame["procedure_id"].isin(plan.regions),
        }
        for prefix in ("municipality", "region"):
            small = suppress_cells(
                frame[[f"{prefix}_participants", f"{prefix}_mean"]],
                hidden[prefix],
                f"{prefix}_participants",
                (f"{prefix}_mean",),
            )
            frame[[f"{prefix}_participants", f"{prefix}_mean"]] = small[
                [f"{prefix}_participants", f"{prefix}_mean"]
            ]
        return frame.sort_values(["kind", "subject", "grade", "year"]).reset_index(drop=True)

    return cache.cached(scope, "school_results", header["id"], compute)


def weak_skills(scope: Scope, school_code: object, year: object) -> pd.DataFrame:
    """Per task of the school's procedures in `year`: its percent vs the municipality's.

    The municipality percent is weighted by each school's participants; `gap` = school −
    municipality (negative = weaker). Tasks of procedures with fewer than OKO_MIN_CELL
    participants at the school are dropped (suppressed); the municipality's percent is blank
    where its results are hidden (data_access.suppression). Voluntary works are left out.
    """
    header = school_header(scope, school_code)
    year = int(year)

    def compute() -> pd.DataFrame:
        weight = SchoolResult.participants
        muni = (
            select(
                SkillResult.procedure_id,
                SkillResult.task_number,
                (
                    func.sum(SkillResult.mean_percent * weight) / func.nullif(func.sum(weight), 0)
                ).label("municipality_percent"),
                func.sum(weight).label("municipality_participants"),
            )
            .join(
                SchoolResult,
                (SchoolResult.procedure_id == SkillResult.procedure_id)
                & (SchoolResult.school_id == SkillResult.school_id),
            )
            .join(School, School.id == SkillResult.school_id)
            .join(Procedure, Procedure.id == SkillResult.procedure_id)
            .where(
                School.municipality_id == header["municipality_id"],
                Procedure.year == year,
                assessed_procedures(),
            )
            .group_by(SkillResult.procedure_id, SkillResult.task_number)
        )
        own = (
            select(
                SkillResult.procedure_id,
                SkillResult.task_number,
                Procedure.kind,
                Procedure.subject,
                Procedure.grade,
                ProcedureTask.skill_code,
                ProcedureTask.skill_name,
                SkillResult.mean_percent.label("school_percent"),
                SchoolResult.participants,
            )
            .join(Procedure, Procedure.id == SkillResult.procedure_id)
            .join(
                ProcedureTask,
                (ProcedureTask.procedure_id == SkillResult.procedure_id)
                & (ProcedureTask.task_number == SkillResult.task_number),
            )
            .join(
                SchoolResult,
                (SchoolResult.procedure_id == SkillResult.procedure_id)
                & (SchoolResult.school_id == SkillResult.school_id),
            )
            .where(
                SkillResult.school_id == header["id"], Procedure.year == year, assessed_procedures()
            )
        )
        with database.read() as conn:
            frame = pd.DataFrame(
                conn.execute(own).mappings().all(),
                columns=[
                    "procedure_id",
                    "task_number",
                    "kind",
                    "subject",
                    "grade",
                    "skill_code",
                    "skill_name",
                    "school_percent",
                    "participants",
                ],
            )
            area = pd.DataFrame(
                conn.execute(muni).mappings().all(),
                columns=[
                    "procedure_id",
                    "task_number",
                    "municipality_percent",
                    "municipality_participants",
                ],
            )
        frame = frame.merge(area, on=["procedure_id", "task_number"], how="left")
        frame = suppress_small(frame, "participants", ("school_percent",))
        frame = frame[~frame["suppressed"]]
        plan = hidden_results(scope, frame["procedure_id"].astype(int).unique().tolist())
        hidden = plan.municipality_mask(frame.assign(municipality_id=header["municipality_id"]))
        frame.loc[hidden, "municipality_percent"] = float("nan")
        frame["gap"] = frame["school_percent"] - frame["municipality_percent"]
        return frame.sort_values("gap").reset_index(drop=True)

    return cache.cached(scope, "weak_skills", {"school": header["id"], "year": year}, compute)
