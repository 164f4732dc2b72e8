"""The store of import-time results (data_access.derived / precompute): what is stored equals a
recomputation, the pages read it instead of computing, an import that changes data replaces
it, and a refresh that raced an import writes nothing. SQLite and, when configured, PostgreSQL.
"""

from __future__ import annotations

import pandas as pd
import pytest
from sqlalchemy import func, select

from dashboard.analytics import objectivity as detector
from dashboard.analytics import school_effects
from dashboard.ingest import parse
from dashboard.models import DerivedResult, Procedure, School, SchoolResult
from data_access import (
    cache,
    database,
    derived,
    findings,
    objectivity,
    pd_order,
    precompute,
    rankings,
    school_profile,
    schools,
    suppression,
)
from data_access.visibility import region_scope
from tests.ingest.helpers import csv_bytes

STORED = {
    "objectivity_risk",
    "objectivity_signs",
    "region_flags",
    "rankings_fit",
    "school_latest",
    "findings_data",
    "pd_needs",
    "region_hidden_plan",
}


def _assert_same(left, right, exact: bool = True) -> None:
    if isinstance(left, pd.DataFrame):
        pd.testing.assert_frame_equal(left, right, check_exact=exact, atol=1e-12)
    elif isinstance(left, dict):
        assert left.keys() == right.keys()
        for key in left:
            _assert_same(left[key], right[key], exact)
    elif isinstance(left, float) and not exact:
        assert left == pytest.approx(right, abs=1e-12, nan_ok=True)
    else:
        assert left == right or (left != left and right != right)  # NaN equals NaN here


def _stored_values(scope) -> dict:
    """What the pages read now (the store; the cache bypassed)."""
    system = region_scope(scope)
    return {
        "region_flags": school_profile.region_flags(system),
        "objectivity_detection": objectivity.region_detection(system),
        "rankings_fit": rankings._stored_fit(system, rankings.default_arguments(system)),
        "school_latest": schools._latest_by_school(system),
        "findings_data": findings._data_findings(system, _latest_vpr_year(system)),
        "pd_needs": pd_order._stored_needs(system, _latest_vpr_year(system)),
        "region_hidden_plan": [suppression.region_plan(system, c) for c in (True, False)],
    }


def _latest_vpr_year(system) -> int:
    return max(pd_order.plan_years(system))


def _recomputed(scope) -> dict:
    with derived.recomputing():
        return _stored_values(scope)


def test_demo_build_stores_every_result_equal_to_a_recomputation(demo_engine, scopes):
    cache.set_cache(None)  # no cache: each call reads the store or computes
    assert set(derived.names()) >= STORED
    for role in ("region", "admin"):
        _assert_same(_stored_values(scopes[role]), _recomputed(scopes[role]))


def test_pages_read_the_store_instead_of_computing(demo_engine, scopes, monkeypatch):
    cache.set_cache(None)
    region = scopes["region"]
    before = objectivity.flag_table(region)
    effects_before = rankings.school_rankings(region, **rankings.default_arguments(region))

    def refuse(*_args, **_kwargs):
        raise AssertionError("computed although a stored result exists")

    monkeypatch.setattr(detector, "detect", refuse)
    monkeypatch.setattr(school_effects, "fit_school_sums", refuse)
    monkeypatch.setattr(school_profile.school_flags, "vpr_gaps", refuse)
    pd.testing.assert_frame_equal(objectivity.flag_table(region), before)
    effects = rankings.school_rankings(region, **rankings.default_arguments(region))
    pd.testing.assert_frame_equal(effects["table"], effects_before["table"])
    with derived.recomputing(), pytest.raises(AssertionError, match="computed although"):
        objectivity.flag_table(region)


def test_an_import_that_changes_results_replaces_the_store(demo_engine, scopes):
    """School results of the default rankings year changed through the real import: the
    stored results follow the new data (equal to a recomputation) and differ from before."""
    from data_access import imports

    cache.set_cache(None)
    admin, region = scopes["admin"], scopes["region"]
    year = rankings.default_arguments(region)["year"]
    before = _stored_values(region)
    result = SchoolResult.__table__
    chosen = (
        select(result, Procedure.code, School.school_code)
        .join(Procedure, Procedure.id == result.c.procedure_id)
        .join(School, School.id == result.c.school_id)
        .where(Procedure.kind == "vpr", Procedure.year == year)
        .order_by(Procedure.code, School.school_code)
        .limit(6)
    )
    with database.read() as conn:
        originals = [dict(row) for row in conn.execute(chosen).mappings()]
    header = ["procedure_code", "school_code", "participants", "mean_score"]
    rows = [[r["code"], r["school_code"], r["participants"], 1.0] for r in originals]
    data = csv_bytes([header, *rows])
    try:
        done = imports.run_import(admin, parse("results", data, "results.csv"))
        assert done.updated == len(rows), [str(e) for e in done.errors]
        after = _stored_values(region)
        _assert_same(after, _recomputed(region))
        signs = "objectivity_detection"
        assert not after[signs]["signs"].equals(before[signs]["signs"])
        assert not after["school_latest"].equals(before["school_latest"])
    finally:
        keys = [c.name for c in result.columns]
        with database.write() as conn:
            for row in originals:
                conn.execute(
                    result.update()
                    .where(
                        result.c.procedure_id == row["procedure_id"],
                        result.c.school_id == row["school_id"],
                    )
                    .values({k: row[k] for k in keys})
                )
        precompute.refresh()
    restored = _stored_values(region)
    _assert_same(restored, _recomputed(region))
    # The data as before; sums in the database's new row order may differ in the last bits.
    _assert_same(restored, before, exact=False)


def test_a_refresh_that_raced_an_import_writes_nothing(demo_engine, scopes):
    with database.read() as conn:
        count, last = derived.import_mark(conn)
        stored = conn.execute(select(func.count()).select_from(DerivedResult)).scalar_one()
    assert derived.replace([], (count, last - 1)) is False  # an import was recorded since
    with database.read() as conn:
        assert conn.execute(select(func.count()).select_from(DerivedResult)).scalar_one() == stored


def test_a_failed_refresh_leaves_the_import_done_and_the_pages_computing(
    demo_engine, scopes, monkeypatch
):
    from data_access import imports

    cache.set_cache(None)
    region = scopes["region"]
    expected = objectivity.flag_table(region)

    def broken():
        raise RuntimeError("disk full")

    with database.write() as conn:  # as an import that changed data
        derived.clear(conn)
    monkeypatch.setattr(precompute, "refresh", broken)
    imports._store_derived()  # logs, does not raise
    assert derived.names() == []
    pd.testing.assert_frame_equal(objectivity.flag_table(region), expected)
    monkeypatch.undo()
    precompute.refresh()
    assert set(derived.names()) >= STORED
