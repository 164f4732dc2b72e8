"""A region's own norms for conditions indicators (table region_norm), as the profile uses them.

A region norm replaces the catalogue's norm (Indicator.norm) in that region's deficits
(dashboard.analytics.deficits). Norms are entered by importing an `indicator-norms` file
(data_access.imports: admins, and a region's own users for their region). Every user reads
only their own region's norms.
"""

from __future__ import annotations

import pandas as pd
from sqlalchemy import select

from dashboard.models import Region, RegionNorm
from data_access import cache, database
from data_access.scope import Scope

COLUMNS = ["indicator_code", "norm", "source", "set_by", "set_at"]


def _region_of(scope: Scope) -> int | None:
    """The caller's region; an admin without one works in the database's only region (no
    region's norms apply to a whole database of several regions)."""
    if scope.region_id is not None or scope.role != "admin":
        return scope.region_id
    with database.read() as conn:
        regions = list(conn.execute(select(Region.id).limit(2)).scalars())
    return regions[0] if len(regions) == 1 else None


def region_norms(scope: Scope) -> pd.DataFrame:
    """The norms of the caller's region: indicator_code, norm, source (the document), set_by and
    set_at (who set it and when; the login only for those who may edit norms)."""

    def compute() -> pd.DataFrame:
        region = _region_of(scope)
        if region is None:
            return pd.DataFrame(columns=COLUMNS)
        stmt = (
            select(
                RegionNorm.indicator_code,
                RegionNorm.norm,
                RegionNorm.source,
                RegionNorm.set_by,
                RegionNorm.set_at,
            )
            .where(RegionNorm.region_id == region)
            .order_by(RegionNorm.indicator_code)
        )
        with database.read() as conn:
            frame = database.frame(conn, stmt, COLUMNS)
        if scope.role not in {"admin", "region"}:
            frame["set_by"] = None
        return frame

    return cache.cached(scope, "region_norms", None, compute)
