"""Small-number suppression of the expert registry's counts (municipality × status): a reader
below region cannot read a count of 1 .. OKO_MIN_CELL - 1 experts, nor get it back by
subtracting shown cells from a row total, a column (region) total, or by linear algebra over
all of them; zeros stay shown; region and admin get exact counts."""

from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd
import pytest
from sqlalchemy import text

from dashboard import rules
from dashboard.models.experts import EXPERT_STATUSES
from data_access import cache, expert_kpis, experts

STATUSES = list(EXPERT_STATUSES)
COLUMNS = [*STATUSES, "total"]
TEST_CODE = "TEST-SUP-{:03d}"


def table(rows: dict[str, tuple[int, int, int]]) -> pd.DataFrame:
    frame = pd.DataFrame.from_dict(rows, orient="index", columns=STATUSES)
    frame["total"] = frame.sum(axis=1)
    return frame.astype("int64")


def differencing_attack(
    shown: pd.DataFrame, truth: pd.DataFrame, region_hidden: set | list = ()
) -> list[str]:
    """What a reader recovers from the shown table (NA = hidden) and the published totals:
    each row's `total` where shown, and each column's region total (taken as published, from
    the truth). A row or column with exactly one hidden cell gives it away; hidden cells that
    together hold fewer than OKO_MIN_CELL experts give away that they are small."""
    leaks = []
    for name, row in shown.iterrows():
        if pd.isna(row["total"]):
            continue
        parts = row[STATUSES]
        hidden = parts[parts.isna()].index
        if len(hidden) == 1:
            leaks.append(f"row {name}: {hidden[0]} = {row['total'] - parts.sum(skipna=True)}")
        elif len(hidden) and row["total"] - parts.sum(skipna=True) < rules.min_cell():
            leaks.append(f"row {name}: hidden cells hold fewer than the rule")
    for column in COLUMNS:
        if column in region_hidden:
            continue
        assert truth[column].sum() == 0 or truth[column].sum() >= rules.min_cell()
        cells = shown[column]
        hidden = cells[cells.isna()].index
        rest = truth[column].sum() - cells.sum(skipna=True)
        if len(hidden) == 1:
            leaks.append(f"column {column}: {hidden[0]} = {rest}")
        elif len(hidden) and rest < rules.min_cell():
            leaks.append(f"column {column}: hidden cells hold fewer than the rule")
    return leaks


def exactly_recoverable(
    shown: pd.DataFrame, region_hidden: set | list = ()
) -> list[tuple[str, str]]:
    """Hidden cells whose value follows from every published relation (rows: parts = total;
    columns: cells = region total, where published; the region row: statuses = total, where
    hidden region counts are unknowns too), by linear algebra rather than one subtraction."""
    cells = [(r, c) for r in shown.index for c in COLUMNS if pd.isna(shown.loc[r, c])]
    cells += [("region", c) for c in region_hidden]
    index = {cell: i for i, cell in enumerate(cells)}
    relations = []
    for r in shown.index:
        v = np.zeros(len(cells))
        for c in STATUSES:
            if (r, c) in index:
                v[index[(r, c)]] += 1
        if (r, "total") in index:
            v[index[(r, "total")]] -= 1
        relations.append(v)
    for c in COLUMNS:  # municipalities minus region = 0
        relations.append(
            np.array([(-1.0 if cell[0] == "region" else 1.0) * (cell[1] == c) for cell in cells])
        )
    region = np.zeros(len(cells))  # the region's statuses minus its total = 0
    for c in region_hidden:
        region[index[("region", c)]] = -1.0 if c == "total" else 1.0
    relations.append(region)
    matrix = np.array(relations)
    rank = np.linalg.matrix_rank(matrix) if len(cells) else 0
    found = []
    for cell, i in index.items():
        if cell[0] == "region":
            continue
        unit = np.zeros(len(cells))
        unit[i] = 1
        if np.linalg.matrix_rank(np.vstack([matrix, unit])) == rank:
            found.append(cell)
    return found


def shown_as(truth: pd.DataFrame, hidden: pd.DataFrame) -> pd.DataFrame:
    return truth.astype("Float64").mask(hidden)


SMALL_IN_A_BIG_ROW = {
    "Alpha": (30, 2, 0),  # 2 included beside 30 candidates: the brief's case
    "Beta": (12, 20, 3),
    "Gamma": (8, 15, 6),
    "Delta": (0, 7, 0),
    "Epsilon": (9, 11, 1),
}


def test_two_included_beside_thirty_candidates_cannot_be_read_or_recovered():
    truth = table(SMALL_IN_A_BIG_ROW)
    hidden, region_hidden = experts.plan_hidden_counts(truth)
    shown = shown_as(truth, hidden)
    assert pd.isna(shown.loc["Alpha", "included"])
    # every count of 1 .. rule-1 is hidden; zeros are shown
    small = (truth >= 1) & (truth < rules.min_cell())
    assert hidden[small].fillna(True).all().all()
    assert (shown[truth == 0].fillna(-1) == 0).where(truth == 0, True).all().all()
    assert differencing_attack(shown, truth, region_hidden) == []
    assert exactly_recoverable(shown, region_hidden) == []
    # without the complementary rule the 2 would be one subtraction away
    primary = shown_as(truth, small)
    assert any("Alpha" in leak for leak in differencing_attack(primary, truth))
    assert ("Alpha", "included") in exactly_recoverable(primary)


@pytest.mark.parametrize(
    "rows",
    [
        SMALL_IN_A_BIG_ROW,
        {"A": (1, 0, 0), "B": (40, 40, 40), "C": (3, 50, 0)},
        {"A": (6, 2, 9), "B": (7, 8, 1), "C": (0, 0, 4), "D": (25, 30, 2)},
        {"A": (50, 1, 0), "B": (50, 60, 0)},
        {"A": (4, 4, 4)},
    ],
)
def test_no_table_leaks_a_hidden_count(rows):
    truth = table(rows)
    hidden, region_hidden = experts.plan_hidden_counts(truth)
    shown = shown_as(truth, hidden)
    small = (truth >= 1) & (truth < rules.min_cell())
    assert shown[small].isna().where(small, True).all().all()
    region = truth.sum()
    assert {c for c in COLUMNS if 0 < region[c] < rules.min_cell()} <= set(region_hidden)
    assert differencing_attack(shown, truth, region_hidden) == []
    assert exactly_recoverable(shown, region_hidden) == []


def test_a_named_municipality_is_shown_whole_and_counts_as_known():
    truth = table(SMALL_IN_A_BIG_ROW)
    known = pd.Series(truth.index == "Beta", index=truth.index)
    hidden, region_hidden = experts.plan_hidden_counts(truth, known)
    assert not hidden.loc["Beta"].any()  # its experts are seen by name: nothing to hide
    shown = shown_as(truth, hidden)
    assert pd.isna(shown.loc["Alpha", "included"])
    assert differencing_attack(shown, truth, region_hidden) == []
    assert exactly_recoverable(shown, region_hidden) == []


# ------------------------------------------------------------------ against the demo database
SMALL_NAME = "Test Small District"


def add_small_municipality(engine, municipality_id: int) -> str:
    """A new municipality in the region of `municipality_id` with 30 candidates and
    2 included experts (codes TEST-SUP-…); its name."""
    with engine.begin() as conn:
        region = conn.execute(
            text("SELECT region_id FROM municipality WHERE id = :m"), {"m": municipality_id}
        ).scalar_one()
        place = conn.execute(
            text(
                "INSERT INTO municipality (code, name, region_id) "
                "VALUES ('TEST-SUP', :name, :r) RETURNING id"
            ),
            {"name": SMALL_NAME, "r": region},
        ).scalar_one()
        for i in range(32):
            included = i < 2
            expert_id = conn.execute(
                text(
                    "INSERT INTO expert (expert_code, full_name, municipality_id, status, "
                    "qualification_score, qualification_date, included_on) "
                    "VALUES (:code, :name, :m, :status, :score, :on, :inc) RETURNING id"
                ),
                {
                    "code": TEST_CODE.format(i),
                    "name": f"Test Expert {i}",
                    "m": place,
                    "status": "included" if included else "candidate",
                    "score": 90.0 if included else None,
                    "on": dt.date(2024, 1, 10) if included else None,
                    "inc": dt.date(2024, 2, 1) if included else None,
                },
            ).scalar_one()
            conn.execute(
                text("INSERT INTO expert_direction (expert_id, direction_code) VALUES (:e, 'R01')"),
                {"e": expert_id},
            )
    return SMALL_NAME


def drop_small_municipality(engine) -> None:
    with engine.begin() as conn:
        conn.execute(
            text(
                "DELETE FROM expert_direction WHERE expert_id IN "
                "(SELECT id FROM expert WHERE expert_code LIKE 'TEST-SUP-%')"
            )
        )
        conn.execute(text("DELETE FROM expert WHERE expert_code LIKE 'TEST-SUP-%'"))
        conn.execute(text("DELETE FROM municipality WHERE code = 'TEST-SUP'"))


@pytest.fixture
def small_municipality(demo_engine, scopes):
    name = add_small_municipality(demo_engine, scopes["municipality"].municipality_id)
    cache.invalidate()
    yield name
    drop_small_municipality(demo_engine)
    cache.invalidate()


def _truth(demo_engine) -> pd.DataFrame:
    with demo_engine.connect() as conn:
        rows = conn.execute(
            text(
                "SELECT m.name, e.status, COUNT(*) FROM expert e "
                "JOIN municipality m ON m.id = e.municipality_id GROUP BY m.name, e.status"
            )
        ).all()
    frame = (
        pd.DataFrame(rows, columns=["municipality", "status", "n"])
        .pivot(index="municipality", columns="status", values="n")
        .reindex(columns=STATUSES)
        .fillna(0)
    )
    frame["total"] = frame.sum(axis=1)
    return frame.astype("int64")


def _shown(view: dict) -> pd.DataFrame:
    return view["counts"].set_index("municipality")[COLUMNS].astype("Float64")


@pytest.mark.parametrize("role", ["school", "viewer"])
def test_a_director_or_viewer_cannot_read_or_recover_two_included(
    demo_engine, scopes, small_municipality, role
):
    view = experts.registry(scopes[role])
    assert view["suppressed"] and view["rows"].empty
    shown, truth = _shown(view), _truth(demo_engine)
    assert truth.loc[small_municipality, "included"] == 2
    assert pd.isna(shown.loc[small_municipality, "included"])
    small = (truth >= 1) & (truth < rules.min_cell())
    assert (
        shown[small.reindex_like(shown)].isna().where(small.reindex_like(shown), True).all().all()
    )
    # every shown cell is exact
    exact = shown.notna()
    assert (shown[exact] == truth.reindex_like(shown)[exact]).where(exact, True).all().all()
    assert differencing_attack(shown, truth, view["region_hidden"]) == []
    assert exactly_recoverable(shown, view["region_hidden"]) == []


def test_the_filters_select_from_one_plan(demo_engine, scopes, small_municipality):
    """A status or municipality filter shows each cell as the full table does, so a cell
    hidden there is hidden here and no filter shows a complement another view hides."""
    scope = scopes["viewer"]
    full = _shown(experts.registry(scope))
    for status in STATUSES:
        part = _shown(experts.registry(scope, status=status))
        for name, row in part.iterrows():
            assert pd.isna(row[status]) == pd.isna(full.loc[name, status])
            assert pd.isna(row["total"]) == pd.isna(full.loc[name, status])
            if not pd.isna(row[status]):
                assert row[status] == full.loc[name, status]
    with demo_engine.connect() as conn:
        place = conn.execute(
            text("SELECT id FROM municipality WHERE name = :n"), {"n": small_municipality}
        ).scalar_one()
    one = _shown(experts.registry(scope, municipality_id=place))
    assert list(one.index) == [small_municipality]
    assert one.loc[small_municipality].isna().tolist() == (
        full.loc[small_municipality].isna().tolist()
    )


@pytest.mark.parametrize("role", ["admin", "region"])
def test_region_and_admin_see_exact_counts(demo_engine, scopes, small_municipality, role):
    view = experts.registry(scopes[role])
    assert not view["suppressed"]
    shown, truth = _shown(view), _truth(demo_engine)
    assert shown.notna().all().all()
    assert (shown == truth.reindex_like(shown)).all().all()


def test_the_municipality_head_sees_its_own_row_exactly(demo_engine, scopes, small_municipality):
    scope = scopes["municipality"]
    view = experts.registry(scope)
    shown, truth = _shown(view), _truth(demo_engine)
    with demo_engine.connect() as conn:
        own = conn.execute(
            text("SELECT name FROM municipality WHERE id = :m"), {"m": scope.municipality_id}
        ).scalar_one()
    assert (shown.loc[own] == truth.loc[own]).all()
    assert pd.isna(shown.loc[small_municipality, "included"]) or (
        truth.loc[small_municipality, "included"] >= rules.min_cell()
    )
    assert differencing_attack(shown, truth, view["region_hidden"]) == []
    assert exactly_recoverable(shown, view["region_hidden"]) == []


# ------------------------------------------------------------------ funnel, coverage, KPI rows
AS_OF = dt.date(2024, 8, 15)


def _place_id(demo_engine, name: str) -> int:
    with demo_engine.connect() as conn:
        return conn.execute(
            text("SELECT id FROM municipality WHERE name = :n"), {"n": name}
        ).scalar_one()


def _column_leaks(cells: pd.Series, hidden: pd.Series, region_shown: bool) -> list[str]:
    """A region total (shown) minus the shown municipalities: one hidden cell, or hidden cells
    holding fewer than the rule, give it away."""
    secret = cells[hidden.astype(bool)]
    if not region_shown or secret.empty:
        return []
    if len(secret) == 1 or secret.sum() < rules.min_cell():
        return [f"{list(secret.index)} = {secret.sum()}"]
    return []


def test_funnel_stages_hidden_per_municipality_and_completed_across_them():
    funnels = pd.DataFrame(
        [[30, 28, 2, 2, 1], [40, 35, 30, 20, 9], [12, 10, 9, 0, 0]],
        index=[1, 2, 3],
        columns=range(5),
    )
    hidden, region_hidden = expert_kpis._hidden_funnel(funnels, set())
    small = (funnels > 0) & (funnels < rules.min_cell())
    assert hidden[small].fillna(True).all().all()
    assert not hidden[funnels == 0].fillna(False).any().any()  # a zero names nobody
    for stage in funnels.columns:
        shown = stage not in region_hidden
        assert _column_leaks(funnels[stage], hidden[stage], shown) == []
    # the own municipality of a municipality head is known and shown
    mine, region_mine = expert_kpis._hidden_funnel(funnels, {1})
    assert not mine.loc[1].any()
    for stage in funnels.columns:  # the head knows its own row: the others must still hold
        others = funnels.loc[[2, 3], stage]
        assert _column_leaks(others, mine.loc[[2, 3], stage], stage not in region_mine) == []


def test_kpi_rows_of_expert_indicators_hide_small_groups_and_complete_them():
    rows = []
    for place, (yes, total) in {0: (50, 72), 1: (2, 30), 2: (30, 32), 3: (18, 10 + 18)}.items():
        rows.append(
            {
                "code": "2.3",
                "year": 2024,
                "municipality_id": place,
                "numerator": yes,
                "denominator": total,
                "value": 100 * yes / total,
            }
        )
    rows.append(
        {
            "code": "1.2",
            "year": 2024,
            "municipality_id": 1,
            "numerator": 1,
            "denominator": 3,
            "value": 33.3,
        }
    )
    table = pd.DataFrame(rows)
    table.loc[0, ["numerator", "denominator"]] = table.loc[1:3, ["numerator", "denominator"]].sum()
    hidden = expert_kpis.hidden_kpi_rows(table, set())
    # 2 engaged of 30 and 2 not engaged of 32: both hidden, and each the other's complement
    assert hidden[1] and hidden[2] and not hidden[3]
    assert not hidden[4]  # 1.2 counts procedures, not people
    places = table[(table["code"] == "2.3") & (table["municipality_id"] != 0)]
    for part in (places["numerator"], places["denominator"] - places["numerator"]):
        assert _column_leaks(part, hidden[places.index], not hidden[0]) == []
    assert not expert_kpis.hidden_kpi_rows(table, None).any()  # region and admin


def test_a_director_sees_the_small_municipality_hidden_in_funnel_coverage_and_kpis(
    demo_engine, scopes, small_municipality
):
    place = _place_id(demo_engine, small_municipality)
    exact = expert_kpis.funnel(scopes["region"], 2024, AS_OF, place)
    assert exact[0] == 2  # the two included experts (the candidates have no attempt)
    for role in ("school", "viewer"):
        scope = scopes[role]
        assert expert_kpis.funnel(scope, 2024, AS_OF, place)[0] is None
        others = [
            expert_kpis.funnel(scope, 2024, AS_OF, int(m))
            for m in expert_kpis.municipalities(scope)["id"]
            if int(m) != place
        ]
        region = expert_kpis.funnel(scope, 2024, AS_OF, None)
        if region[0] is not None:  # the region minus the others must not give the 2 back
            assert any(f[0] is None for f in others)
        coverage = expert_kpis.coverage(scope, AS_OF)
        assert pd.isna(coverage.loc["R01", small_municipality])
        assert int(coverage.isna().loc["R01"].sum()) >= 2  # completed in another place
        table = expert_kpis.kpi_table(scope, [2024], AS_OF)
        mine = table[(table["municipality_id"] == place) & table["code"].isin(["2.3", "3.2"])]
        assert set(mine["status"]) == {"suppressed"} and mine["numerator"].isna().all()
    for role in ("region", "admin"):
        assert expert_kpis.funnel(scopes[role], 2024, AS_OF, place) == exact
        assert not expert_kpis.coverage(scopes[role], AS_OF).isna().any().any()
        assert "suppressed" not in set(expert_kpis.kpi_table(scopes[role], [2024], AS_OF)["status"])
