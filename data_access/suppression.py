"""Small-number suppression, in one place: every aggregate shown passes through here.

Two rules, as statistical offices apply them:

* primary: a cell (a school's, a municipality's, a band's result) over fewer than OKO_MIN_CELL
  pupils shows no numbers;
* complementary (secondary): where a total and its parts are both published, the hidden parts
  of a group must not be recoverable by subtracting the shown parts from the total. So, per
  group, the hidden parts the reader does not already know are either none, or at least two
  that together hold at least OKO_MIN_CELL pupils; the smallest shown parts are hidden too until
  that holds, and when no part is left to hide, the total is hidden (`complete_groups`).

`hidden_results` applies both rules to the school → municipality → region results of
procedures, per reader (a director knows their own school, a municipality head their own
schools), so /procedures, the overview and every download hide the same cells.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd
from sqlalchemy import select

from dashboard import rules
from dashboard.models import School, SchoolResult
from data_access import cache, database, derived
from data_access.home import own_school_ids
from data_access.scope import Scope
from data_access.visibility import region_scope, schools_in_region

COUNT_COLUMNS = ("marks_2", "marks_3", "marks_4", "marks_5")


def suppress_cells(
    frame: pd.DataFrame,
    hidden: pd.Series,
    count_column: str = "participants",
    value_columns: tuple[str, ...] = (),
) -> pd.DataFrame:
    """Blank the numbers of the rows marked `hidden` (a boolean Series on frame's index).

    Adds a boolean `suppressed` column; blanked values become NaN and the count becomes NA,
    so charts and tables show «скрыто» with the rule in the legend.
    """
    frame = frame.copy()
    if frame.empty:
        frame["suppressed"] = pd.Series(dtype=bool)
        return frame
    hidden = hidden.reindex(frame.index, fill_value=False).astype(bool)
    frame["suppressed"] = hidden
    columns = [
        c for c in (*value_columns, "mean_percent", "mean_score", *COUNT_COLUMNS) if c in frame
    ]
    columns = list(dict.fromkeys(columns))
    if columns:
        frame[columns] = frame[columns].astype("float64")
        frame.loc[hidden, columns] = float("nan")
    frame[count_column] = frame[count_column].astype("Float64")
    frame.loc[hidden, count_column] = pd.NA
    return frame


def is_small(counts: pd.Series) -> pd.Series:
    """Primary rule: fewer than OKO_MIN_CELL (missing counts count as 0)."""
    return pd.to_numeric(counts, errors="coerce").fillna(0).astype("float64") < rules.min_cell()


def suppress_small(
    frame: pd.DataFrame, count_column: str = "participants", value_columns: tuple[str, ...] = ()
) -> pd.DataFrame:
    """Blank the numbers of rows aggregated over fewer than OKO_MIN_CELL pupils (primary rule
    only: for rows that are not parts of a published total)."""
    if frame.empty:
        return suppress_cells(frame, pd.Series(dtype=bool), count_column, value_columns)
    return suppress_cells(frame, is_small(frame[count_column]), count_column, value_columns)


def complete_groups(
    sizes: pd.Series,
    groups: pd.Series,
    hidden: pd.Series,
    known: pd.Series | None = None,
) -> tuple[pd.Series, set]:
    """Complementary suppression of parts whose group total is published.

    `sizes` (pupils per part), `groups` (the group of each part), `hidden` (parts hidden so far)
    and `known` (parts the reader knows anyway: their own school) share one index. Returns
    the new hidden mask and the set of groups whose total must be hidden because no part was
    left to hide. A group passes when its hidden, unknown parts are none, or at least two
    holding at least OKO_MIN_CELL pupils together.
    """
    index = sizes.index
    known = (pd.Series(False, index=index) if known is None else known.astype(bool)).reindex(
        index, fill_value=False
    )
    # Positional numpy arrays: a region has thousands of groups, and pandas indexing inside
    # the loop cost ~2 s per reader (every director's first profile view).
    hidden_at = hidden.astype(bool).reindex(index, fill_value=False).to_numpy(dtype=bool).copy()
    known_at = known.to_numpy(dtype=bool)
    size_at = pd.to_numeric(sizes, errors="coerce").fillna(0).to_numpy(dtype="float64")
    codes, labels = pd.factorize(groups.reindex(index), sort=False)
    limit = rules.min_cell()
    total_hidden: set = set()
    with_secret = np.unique(codes[hidden_at & ~known_at & (codes >= 0)])
    if not len(with_secret):
        return pd.Series(hidden_at, index=index), total_hidden
    by_group = np.argsort(codes, kind="stable")  # positions of each group, in row order
    starts = np.searchsorted(codes[by_group], with_secret, side="left")
    ends = np.searchsorted(codes[by_group], with_secret, side="right")
    for code, start, end in zip(with_secret, starts, ends, strict=True):
        members = by_group[start:end]
        secret = hidden_at[members] & ~known_at[members]
        # Candidates to hide next: shown, unknown parts, smallest first (ties by position).
        candidates = members[~hidden_at[members] & ~known_at[members]]
        order = list(candidates[np.argsort(size_at[candidates], kind="stable")])
        count, held = int(secret.sum()), float(size_at[members][secret].sum())
        while count < 2 or held < limit:
            if not order:
                total_hidden.add(labels[code])
                break
            pick = order.pop(0)
            hidden_at[pick] = True
            count, held = count + 1, held + float(size_at[pick])
    return pd.Series(hidden_at, index=index), total_hidden


@dataclass(frozen=True)
class HiddenResults:
    """Which procedure results a reader may not see: (procedure_id, school_id) pairs,
    (procedure_id, municipality_id) pairs and procedure ids whose region total is hidden."""

    schools: frozenset[tuple[int, int]]
    municipalities: frozenset[tuple[int, int]]
    regions: frozenset[int]

    def school_mask(self, frame: pd.DataFrame) -> pd.Series:
        return _pairs_in(frame, "procedure_id", "school_id", self.schools)

    def municipality_mask(self, frame: pd.DataFrame) -> pd.Series:
        return _pairs_in(frame, "procedure_id", "municipality_id", self.municipalities)


def _pairs_in(frame: pd.DataFrame, first: str, second: str, pairs: frozenset) -> pd.Series:
    if frame.empty:
        return pd.Series(False, index=frame.index, dtype=bool)
    keys = zip(frame[first].astype(int), frame[second].astype(int), strict=True)
    return pd.Series([k in pairs for k in keys], index=frame.index, dtype=bool)


def plan_hidden(
    results: pd.DataFrame, known_schools: set[int], complementary: bool = True
) -> HiddenResults:
    """The rules over school results (procedure_id, school_id, municipality_id, participants):
    pure, so tests can check the plan on any table. Without `complementary`, the primary
    rule only (for readers from whom nothing is hidden to recover)."""
    if results.empty:
        return HiddenResults(frozenset(), frozenset(), frozenset())
    results = results.reset_index(drop=True)
    sizes = pd.to_numeric(results["participants"], errors="coerce").fillna(0)
    school_hidden, municipality_forced = is_small(sizes), set()
    if complementary:
        known = results["school_id"].isin(known_schools)
        school_hidden, municipality_forced = complete_groups(
            sizes, _groups(results), school_hidden, known
        )
    small_municipalities, regions = small_totals(results)
    municipality_hidden = small_municipalities | {(int(p), int(m)) for p, m in municipality_forced}
    regions = set(regions)
    if complementary:
        # A hidden municipality total would be the region total minus the others: the region
        # total of that procedure is hidden too (hiding a second municipality would not do,
        # its schools add up to it).
        regions |= {p for p, _ in municipality_hidden}
    return HiddenResults(
        frozenset(
            (int(p), int(s))
            for p, s in results.loc[school_hidden, ["procedure_id", "school_id"]].itertuples(
                index=False
            )
        ),
        frozenset(municipality_hidden),
        frozenset(regions),
    )


def small_totals(results: pd.DataFrame) -> tuple[frozenset[tuple[int, int]], frozenset[int]]:
    """Primary rule on the totals: (procedure, municipality) pairs and procedures whose
    municipality or region total holds fewer than OKO_MIN_CELL pupils."""
    municipalities = results.groupby(["procedure_id", "municipality_id"], as_index=False)[
        "participants"
    ].sum()
    limit = rules.min_cell()
    small = frozenset(
        (int(p), int(m)) for p, m, n in municipalities.itertuples(index=False) if n < limit
    )
    region_sizes = municipalities.groupby("procedure_id")["participants"].sum()
    return small, frozenset(int(p) for p, n in region_sizes.items() if n < limit)


def known_schools(scope: Scope) -> set[int]:
    """Schools whose results a reader below the region knows anyway: a director's own school,
    a district head's schools (data_access.home.own_school_ids)."""
    return set(own_school_ids(scope))


@dataclass(frozen=True)
class RegionPlan:
    """The rules applied once to all school results of a region, for readers who know no school.

    A reader who knows some schools differs only in the groups (procedure × municipality) that
    hold one of them: `for_reader` recomputes those groups from their rows (`nearby`: the
    results of the municipalities of the known schools) and takes everything else from here.
    Complementary suppression works group by group, so the answer equals `plan_hidden` over the
    reader's procedures (tests check this on random tables), at a fraction of the cost: every
    director's profile needs the plan for a hundred procedures of the whole region. Stored at
    import time (data_access.derived), as the lists of `to_json`.
    """

    hidden: frozenset[tuple[int, int, int]]  # (procedure, school, municipality), none known
    forced: frozenset[tuple[int, int]]  # groups whose total the complementary rule hides
    small_municipalities: frozenset[tuple[int, int]]
    small_regions: frozenset[int]
    complementary: bool

    @classmethod
    def build(cls, results: pd.DataFrame, complementary: bool) -> RegionPlan:
        """The plan over school results (procedure_id, school_id, municipality_id,
        participants) with no school known."""
        results = results.reset_index(drop=True)
        sizes = pd.to_numeric(results["participants"], errors="coerce").fillna(0)
        groups = _groups(results)
        hidden, forced = is_small(sizes), set()
        if complementary:
            hidden, forced = complete_groups(sizes, groups, hidden)
        small_municipalities, small_regions = small_totals(results)
        return cls(
            hidden=frozenset(_triples(results[hidden.to_numpy(dtype=bool)])),
            forced=frozenset(forced),
            small_municipalities=small_municipalities,
            small_regions=small_regions,
            complementary=complementary,
        )

    def to_json(self) -> dict:
        return {
            "hidden": sorted(self.hidden),
            "forced": sorted(self.forced),
            "small_municipalities": sorted(self.small_municipalities),
            "small_regions": sorted(self.small_regions),
            "complementary": self.complementary,
        }

    @classmethod
    def from_json(cls, value: dict) -> RegionPlan:
        return cls(
            hidden=frozenset(tuple(int(x) for x in t) for t in value["hidden"]),
            forced=frozenset(tuple(int(x) for x in g) for g in value["forced"]),
            small_municipalities=frozenset(
                tuple(int(x) for x in g) for g in value["small_municipalities"]
            ),
            small_regions=frozenset(int(p) for p in value["small_regions"]),
            complementary=bool(value["complementary"]),
        )

    def for_reader(
        self, procedure_ids: list[int], known: set[int], nearby: pd.DataFrame | None = None
    ) -> HiddenResults:
        """What `plan_hidden` gives over these procedures' results with `known` schools;
        `nearby` holds at least every result of these procedures in the known schools'
        municipalities (nothing is needed when no school is known)."""
        wanted = set(procedure_ids)
        hidden = {h for h in self.hidden if h[0] in wanted}
        forced = {g for g in self.forced if g[0] in wanted}
        if self.complementary and known and nearby is not None and not nearby.empty:
            nearby = nearby[nearby["procedure_id"].isin(wanted)].reset_index(drop=True)
            groups = _groups(nearby)
            knows = nearby["school_id"].isin(known)
            touched = set(groups[knows])
            in_touched = np.fromiter((g in touched for g in groups), dtype=bool, count=len(groups))
            rows = nearby[in_touched].reset_index(drop=True)
            sizes = pd.to_numeric(rows["participants"], errors="coerce").fillna(0)
            again, again_forced = complete_groups(
                sizes, _groups(rows), is_small(sizes), rows["school_id"].isin(known)
            )
            hidden = {h for h in hidden if (h[0], h[2]) not in touched}
            hidden |= set(_triples(rows[again.to_numpy(dtype=bool)]))
            forced = (forced - touched) | set(again_forced)
        municipalities = {g for g in self.small_municipalities if g[0] in wanted} | forced
        regions = {p for p in self.small_regions if p in wanted}
        if self.complementary:
            regions |= {p for p, _ in municipalities}
        return HiddenResults(
            frozenset((p, s) for p, s, _ in hidden), frozenset(municipalities), frozenset(regions)
        )


def _groups(results: pd.DataFrame) -> pd.Series:
    """(procedure, municipality) of each school result: the groups of complementary rule."""
    pairs = zip(
        results["procedure_id"].astype(int).tolist(),
        results["municipality_id"].astype(int).tolist(),
        strict=True,
    )
    return pd.Series(list(pairs), index=results.index, dtype=object)


def _triples(results: pd.DataFrame):
    return zip(
        results["procedure_id"].astype(int).tolist(),
        results["school_id"].astype(int).tolist(),
        results["municipality_id"].astype(int).tolist(),
        strict=True,
    )


_COLUMNS = ["procedure_id", "school_id", "municipality_id", "participants"]


def _school_results(*where) -> pd.DataFrame:
    stmt = (
        select(
            SchoolResult.procedure_id,
            SchoolResult.school_id,
            School.municipality_id,
            SchoolResult.participants,
        )
        .join(School, School.id == SchoolResult.school_id)
        .where(*where)
        .order_by(SchoolResult.procedure_id, SchoolResult.school_id)  # ties: one order
    )
    with database.read() as conn:
        return database.frame(conn, stmt, _COLUMNS)


def region_plan(scope: Scope, complementary: bool) -> RegionPlan:
    """The plan of the caller's region: read from the results stored at import time (or
    computed), then kept per process and data version (data_access.cache.local)."""
    system = region_scope(scope)

    def build() -> dict:
        return RegionPlan.build(_school_results(schools_in_region(system)), complementary).to_json()

    args = _plan_args(system, complementary)

    def compute() -> RegionPlan:
        return RegionPlan.from_json(derived.stored("region_hidden_plan", args, build))

    return cache.local(system, "region_hidden_plan", args, compute)


def _plan_args(system: Scope, complementary: bool) -> dict:
    """What a stored plan depends on besides the data: the threshold is part of it, so a
    changed `OKO_MIN_CELL` misses instead of serving the old plan."""
    return {"scope": system.key, "complementary": complementary, "min_cell": rules.min_cell()}


def derived_results(system: Scope) -> list[tuple[str, dict, dict]]:
    """Both plans of the region, to store at import time (see data_access.derived)."""
    results = _school_results(schools_in_region(system))
    return [
        (
            "region_hidden_plan",
            _plan_args(system, complementary),
            RegionPlan.build(results, complementary).to_json(),
        )
        for complementary in (True, False)
    ]


def hidden_results(scope: Scope, procedure_ids: list[int]) -> HiddenResults:
    """The cells of these procedures hidden from this reader (school, municipality, region).

    Readers who see every school by name (region, admin) get the primary rule only: there is
    nothing hidden from them to recover. Everyone else also gets the complementary rule, with
    the schools they know taken as known to them. Kept per process (a few thousand pairs:
    cheaper to keep than to fetch from Redis and decode on every view).
    """
    ids = sorted({int(p) for p in procedure_ids})

    def compute() -> HiddenResults:
        if not ids:
            return HiddenResults(frozenset(), frozenset(), frozenset())
        complementary = not scope.sees_all_schools_by_name
        plan = region_plan(scope, complementary)
        known = known_schools(scope) if complementary else set()
        if not known:
            return plan.for_reader(ids, known)
        their_municipalities = select(School.municipality_id).where(School.id.in_(known))
        nearby = _school_results(
            schools_in_region(scope),
            SchoolResult.procedure_id.in_(ids),
            School.municipality_id.in_(their_municipalities),
        )
        return plan.for_reader(ids, known, nearby)

    return cache.local(scope, "hidden_results", (ids, rules.min_cell()), compute)


def merge_into_bands(counts: pd.Series) -> list[tuple[object, object, int]]:
    """Adjacent cells of a histogram (index = ordered bin, value = count) merged into bands of
    at least OKO_MIN_CELL each: [(first bin, last bin, count)]. The last band absorbs a
    remainder below the rule; a histogram below the rule in total gives no band."""
    limit = rules.min_cell()
    values = np.asarray(pd.to_numeric(counts, errors="coerce").fillna(0), dtype="float64")
    bins = list(counts.index)
    if values.sum() < limit:
        return []
    bands: list[list] = []
    start, running = 0, 0.0
    for i, value in enumerate(values):
        running += value
        if running >= limit:
            bands.append([bins[start], bins[i], int(running)])
            start, running = i + 1, 0.0
    if running > 0:  # a remainder below the rule joins the last band
        bands[-1][1] = bins[-1]
        bands[-1][2] += int(running)
    return [tuple(b) for b in bands]
