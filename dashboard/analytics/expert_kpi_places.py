"""The indicator table of seed 004 for the region and every municipality at once.

`expert_kpis.indicator_table` calls each of the nine indicator functions once per year and
place; with 30 municipalities and five years that is ~1,400 calls of a few pandas filters and
merges each (seconds). Here each indicator is computed once per year over all places: the facts
are filtered once, then counted per municipality (`municipality_id`) and in total (the region).
The definitions are those of the nine functions in `expert_kpis` (their docstrings quote the
seed); `tests/analytics/test_expert_kpis.py` checks that both give the same table.
"""

from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd

from dashboard import rules
from dashboard.analytics import expert_kpis as k

TABLE_COLUMNS = ["code", "year", "municipality_id", "numerator", "denominator", "value"]
Parts = dict[int, tuple]  # place (k.REGION or a municipality id) → (numerator, denominator, value)


def _counts(flags: pd.Series, places: pd.Series) -> dict[int, int]:
    """Number of true `flags` per municipality in `places` (rows without a place are skipped)."""
    known = places.notna().to_numpy()
    ids = places.to_numpy()[known].astype(np.int64)
    if not len(ids):
        return {}
    counted = np.bincount(ids, weights=flags.to_numpy()[known].astype(np.int64))
    return {int(m): int(counted[m]) for m in np.unique(ids)}


def _per_place(numerators: pd.Series, denominators: pd.Series, places: pd.Series, ids) -> Parts:
    """share() per place: the region over every row, a municipality over its rows."""
    num, den = _counts(numerators, places), _counts(denominators, places)
    parts = {k.REGION: k.share(int(numerators.sum()), int(denominators.sum()))}
    for m in ids:
        parts[m] = k.share(num.get(m, 0), den.get(m, 0))
    return parts


def _true(frame: pd.DataFrame) -> pd.Series:
    return pd.Series(True, index=frame.index)


def _documents(facts: k.KpiFacts, year, start, ref, ids) -> Parts:
    d = facts.documents
    counted = k.in_force(d, ref, rules.KPI_DOCUMENT_TOPICS)
    regional = int((counted & d["municipality_id"].isna()).sum())  # count in every municipality
    own = _counts(counted, d["municipality_id"])
    parts = {k.REGION: int(counted.sum())}
    parts.update({m: own.get(m, 0) + regional for m in ids})
    return {place: (n, None, float(n)) for place, n in parts.items()}


def _procedures(facts: k.KpiFacts, year: int, ref: pd.Timestamp) -> pd.DataFrame:
    """The year's intra-regional procedures held by `ref`, one row per (procedure, place)."""
    p = facts.procedures
    held = p["held_on"].fillna(pd.Timestamp(year, 12, 31))
    p = p[(p["year"] == year) & p["kind"].isin(rules.KPI_PROCEDURE_KINDS) & (held <= ref)]
    places = facts.places[["procedure_id", "municipality_id"]].drop_duplicates()
    return p.merge(places, left_on="id", right_on="procedure_id")


def _procedure_parts(procs: pd.DataFrame, hits: pd.Series, ids, region_hits=None) -> Parts:
    """Procedures per place; the region counts a procedure once, however many its places."""
    first = ~procs["id"].duplicated()
    region_hits = hits if region_hits is None else region_hits
    parts = _per_place(hits, _true(procs), procs["municipality_id"], ids)
    parts[k.REGION] = k.share(int(region_hits[first].sum()), int(first.sum()))
    return parts


def _with_experts(facts: k.KpiFacts, year, start, ref, ids) -> Parts:
    procs = _procedures(facts, year, ref)
    e = facts.engagements.merge(facts.experts, left_on="expert_id", right_on="id")
    e = e[(e["engaged_on"] <= ref) & k._in_registry(e, e["engaged_on"])]
    # A municipality counts engagements of its own experts, the region those of any expert.
    own = pd.MultiIndex.from_frame(procs[["id", "municipality_id"]]).isin(
        pd.MultiIndex.from_frame(e[["procedure_id", "municipality_id"]])
    )
    own = pd.Series(own, index=procs.index)
    return _procedure_parts(procs, own, ids, region_hits=procs["id"].isin(e["procedure_id"]))


def _with_content(facts: k.KpiFacts, year, start, ref, ids) -> Parts:
    procs = _procedures(facts, year, ref)
    return _procedure_parts(procs, procs["community_content"].fillna(False).astype(bool), ids)


def _included_of_passed(facts: k.KpiFacts, year, start, ref, ids) -> Parts:
    e, a = facts.experts, facts.attempts
    passed_ids = a.loc[(a["score_percent"] > k.PASS) & (a["assessed_on"] <= ref), "expert_id"]
    passed = e[e["id"].isin(passed_ids)]
    return _per_place(k._in_registry(passed, ref), _true(passed), passed["municipality_id"], ids)


def _registry(facts: k.KpiFacts, ref: pd.Timestamp) -> pd.DataFrame:
    e = facts.experts
    return e[k._in_registry(e, ref)]


def _engaged(facts: k.KpiFacts, year, start, ref, ids) -> Parts:
    registry = _registry(facts, ref)
    g = facts.engagements.merge(
        facts.procedures[["id", "kind"]], left_on="procedure_id", right_on="id", suffixes=("", "_p")
    )
    g = g[g["kind"].isin(rules.KPI_PROCEDURE_KINDS) & g["engaged_on"].between(start, ref)]
    engaged = registry["id"].isin(g["expert_id"])
    return _per_place(engaged, _true(registry), registry["municipality_id"], ids)


def _approved(facts: k.KpiFacts, year, start, ref, ids) -> Parts:
    m = facts.materials
    approved = m[m["approved_on"].between(start, ref)]
    discussed = approved["discussed_on_platform"].fillna(False).astype(bool)
    return _per_place(discussed, _true(approved), approved["municipality_id"], ids)


def _trained(facts: k.KpiFacts, year, start, ref, ids) -> Parts:
    registry = _registry(facts, ref)
    trained = registry["id"].isin(k.trained_ids(facts, ref))
    return _per_place(trained, _true(registry), registry["municipality_id"], ids)


def _materials(facts: k.KpiFacts, year, start, ref, ids) -> Parts:
    m = k.expert_materials(facts.materials)
    made = m[m["created_on"].between(start, ref)]
    a = facts.authors.merge(made[["id", "created_on"]], left_on="material_id", right_on="id")
    a = a.merge(facts.experts, left_on="expert_id", right_on="id", suffixes=("", "_e"))
    with_registry = made["id"].isin(a[k._in_registry(a, a["created_on"])]["material_id"])
    return _per_place(with_registry, _true(made), made["municipality_id"], ids)


def _publications(facts: k.KpiFacts, year, start, ref, ids) -> Parts:
    p = k.counted_publications(facts.publications)
    before_start, before_ref = k.previous_period(year, ref)
    now = p["published_on"].between(start, ref)
    before = p["published_on"].between(before_start, before_ref)
    counted = _per_place(now, before, p["municipality_id"], ids)
    return {place: (n, b, float(n - b)) for place, (n, b, _) in counted.items()}


BY_PLACE = {
    "1.1": _documents,
    "1.2": _with_experts,
    "2.1": _with_content,
    "2.2": _included_of_passed,
    "2.3": _engaged,
    "3.1": _approved,
    "3.2": _trained,
    "3.3": _materials,
    "3.4": _publications,
}


def indicator_table(facts: k.KpiFacts, years, as_of: dt.date, municipalities) -> pd.DataFrame:
    """Every indicator × year × place (REGION and each municipality id): the page's table,
    row for row equal to `expert_kpis.indicator_table`."""
    ids = [int(m) for m in municipalities]
    rows = []
    for year in years:
        year = int(year)
        start, ref = k.period(year, as_of)
        ready = ref >= start  # before the year begins every indicator is «нет данных»
        parts = {code: compute(facts, year, start, ref, ids) for code, compute in BY_PLACE.items()}
        for place in [k.REGION, *ids]:
            for code in k.INDICATORS:
                numerator, denominator, value = parts[code][place] if ready else (None,) * 3
                rows.append(
                    {
                        "code": code,
                        "year": year,
                        "municipality_id": place,
                        "numerator": numerator,
                        "denominator": denominator,
                        "value": value,
                    }
                )
    return pd.DataFrame(rows, columns=TABLE_COLUMNS)
