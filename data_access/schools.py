"""The list of schools the caller may see by name, with size, latest key results and flags."""

from __future__ import annotations

import pandas as pd
from sqlalchemy import select

from dashboard.models import ContextValue, Municipality, Procedure, School, SchoolResult
from data_access import database, derived
from data_access.school_profile import region_flags
from data_access.scope import Scope
from data_access.single_flight import cached_once
from data_access.suppression import suppress_small
from data_access.visibility import region_scope, schools_in_region, schools_named

OGE_MATHS = ("oge", "математика")
COLUMNS = [
    "school_code",
    "name",
    "municipality",
    "kind",
    "locality",
    "latitude",
    "longitude",
    "pupils",
    "vpr_mean",
    "vpr_year",
    "oge_maths",
    "oge_year",
    "low_results",
    "adverse",
]


def distinct_pupils(frame: pd.DataFrame) -> pd.Series:
    """Per school: the pupils behind its rows of one year, counted once however many subjects
    each wrote. Without pupils linked across subjects, a grade counts its largest subject
    (every pupil of it wrote that one at least), so the count never exceeds the true one and
    the suppression rule errs on the side of hiding. Needs school_id, grade, participants."""
    per_grade = frame.groupby(["school_id", "grade"])["participants"].max()
    return per_grade.groupby(level="school_id").sum()


def _latest_weighted(frame: pd.DataFrame, prefix: str) -> pd.DataFrame:
    """Per school: participant-weighted mean percent over the procedures of its latest year,
    blanked when fewer than OKO_MIN_CELL distinct pupils wrote them (not rows: 3 pupils in 3
    subjects are 3 pupils)."""
    if frame.empty:
        return pd.DataFrame(columns=["school_id", f"{prefix}_mean", f"{prefix}_year"])
    frame = frame[frame["participants"].fillna(0) > 0].dropna(subset=["mean_percent"])
    latest = frame[frame["year"] == frame.groupby("school_id")["year"].transform("max")]
    summed = (
        latest.assign(w=latest["mean_percent"] * latest["participants"])
        .groupby("school_id")
        .agg(w=("w", "sum"), rows=("participants", "sum"), year=("year", "max"))
    )
    summed["participants"] = distinct_pupils(latest)
    out = summed.assign(mean_percent=summed["w"] / summed["rows"]).reset_index()
    out = suppress_small(out)
    return out.rename(columns={"mean_percent": f"{prefix}_mean", "year": f"{prefix}_year"})[
        ["school_id", f"{prefix}_mean", f"{prefix}_year"]
    ]


LATEST_COLUMNS = ["pupils", "vpr_mean", "vpr_year", "oge_maths", "oge_year"]


def _latest_by_school(scope: Scope) -> pd.DataFrame:
    """Per school of the region (index school_id): latest pupil count and latest key results.

    Region-wide, so computed once per region and stored at import time (data_access.derived):
    the first visit of /schools after an import reads ~1,000 rows instead of every school
    result of the region."""
    system = region_scope(scope)

    def compute() -> pd.DataFrame:
        ids = select(School.id).where(schools_in_region(system))
        pupils = select(ContextValue.school_id, ContextValue.year, ContextValue.value).where(
            ContextValue.indicator_code == "pupils", ContextValue.school_id.in_(ids)
        )
        results = (
            select(
                SchoolResult.school_id,
                Procedure.kind,
                Procedure.subject,
                Procedure.grade,
                Procedure.year,
                SchoolResult.participants,
                SchoolResult.mean_percent,
            )
            .join(Procedure, Procedure.id == SchoolResult.procedure_id)
            .where(SchoolResult.school_id.in_(ids), Procedure.kind.in_(["vpr", "oge"]))
        )
        with database.read() as conn:
            sizes = database.frame(conn, pupils, ["school_id", "year", "value"])
            res = database.frame(
                conn,
                results,
                ["school_id", "kind", "subject", "grade", "year", "participants", "mean_percent"],
            )
        latest_size = (
            sizes.sort_values("year").groupby("school_id")["value"].last().rename("pupils")
        )
        vpr = _latest_weighted(res[res["kind"] == "vpr"], "vpr").set_index("school_id")
        oge = _latest_weighted(
            res[(res["kind"] == OGE_MATHS[0]) & (res["subject"] == OGE_MATHS[1])], "oge"
        ).set_index("school_id")
        oge = oge.rename(columns={"oge_mean": "oge_maths"})
        out = pd.concat([latest_size, vpr, oge], axis=1)
        out.index.name = "school_id"
        return out.reindex(columns=LATEST_COLUMNS)

    return cached_once(
        system,
        "school_latest",
        lambda: derived.stored("school_latest", _store_args(system), compute),
    )


def derived_results(system: Scope) -> list[tuple[str, dict, pd.DataFrame]]:
    """The region's latest results per school, to store at import time."""
    return [("school_latest", _store_args(system), _latest_by_school(system))]


def _store_args(system: Scope) -> dict:
    """Key of the stored frame; `v` changes when its meaning does (2: distinct pupils)."""
    return {"scope": system.key, "v": 2}


def school_list(scope: Scope) -> pd.DataFrame:
    """Schools named for the caller; empty for viewers (aggregates only).

    `vpr_mean`: participant-weighted ВПР mean percent over all subjects of the school's
    latest ВПР year; `oge_maths`: ОГЭ mathematics mean percent of its latest ОГЭ year; both
    blanked under OKO_MIN_CELL distinct pupils. Flags follow dashboard.analytics.school_flags.
    """

    def compute() -> pd.DataFrame:
        named = (
            select(
                School.id.label("school_id"),
                School.school_code,
                School.name,
                Municipality.name.label("municipality"),
                School.kind,
                School.locality,
                School.latitude,
                School.longitude,
            )
            .join(Municipality, Municipality.id == School.municipality_id)
            .where(schools_named(scope))
            .order_by(Municipality.name, School.name)
        )
        with database.read() as conn:
            schools = database.frame(conn, named, ["school_id", *COLUMNS[:7]])
        if schools.empty:
            return pd.DataFrame(columns=COLUMNS)
        flags = region_flags(scope)
        out = schools.join(_latest_by_school(scope), on="school_id")
        out["low_results"] = out["school_id"].map(lambda sid: sid in flags["low_runs"])
        out["adverse"] = out["school_id"].map(lambda sid: sid in flags["adverse"])
        return out[COLUMNS].reset_index(drop=True)

    return cached_once(scope, "school_list", compute)
