"""The attacker: everything a role below `region` can read about procedure results, and an
attempt to recover a hidden cell by subtracting shown parts from a shown total.

For the district head, the director and the viewer of the region demo (seed 42, the demo the
issue quotes), the attacker collects, for every procedure of the region, what /procedures,
the overview and the school profile show and download (the school rows with their
municipality, the municipality rows, the region total), adds what the role knows anyway (a
director their own school, a district head every school of their municipality), and then:

* per municipality, subtracts the shown and known schools from the municipality total: if
  one hidden school is left, or hidden schools holding fewer than OKO_MIN_CELL pupils, they
  are recovered;
* per procedure, subtracts the shown municipalities from the region total in the same way.

It must recover nothing. The same attacker, run with the complementary rule switched off (the
primary rule only, as before issue 17), recovers cells, and what it recovers equals the
database: proof that it is a real attacker and not one that cannot find anything.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd
import pytest
from sqlalchemy import text

from dashboard import rules
from data_access import cache, database, overview, procedures, suppression, users
from data_access.suppression import complete_groups, is_small, plan_hidden

ROLES = ("district", "director", "viewer")


@dataclass(frozen=True)
class Leak:
    where: str
    pupils: float
    mean_percent: float | None
    hidden_rows: int


def _truth(conn) -> pd.DataFrame:
    return pd.DataFrame(
        conn.execute(
            text(
                "SELECT p.kind, p.subject, p.grade, p.year, s.id AS school_id, "
                "s.municipality_id, m.code AS municipality_code, r.participants, "
                "r.mean_percent FROM school_result r JOIN school s ON s.id = r.school_id "
                "JOIN municipality m ON m.id = s.municipality_id "
                "JOIN procedure p ON p.id = r.procedure_id"
            )
        ).all(),
        columns=[
            "kind",
            "subject",
            "grade",
            "year",
            "school_id",
            "municipality_id",
            "municipality_code",
            "participants",
            "mean_percent",
        ],
    )


def _known(scope, truth: pd.DataFrame) -> pd.DataFrame:
    """The rows the role knows without the app: its own school or its municipality's."""
    if scope.school_id is not None:
        return truth[truth["school_id"] == scope.school_id]
    if scope.municipality_id is not None:
        return truth[truth["municipality_id"] == scope.municipality_id]
    return truth.iloc[0:0]


def _subtract(where, total_n, total_mean, parts: pd.DataFrame, known: pd.DataFrame, hidden_rows):
    """A leak when the total minus the shown and known parts pins down a hidden group."""
    if pd.isna(total_n) or pd.isna(total_mean) or hidden_rows == 0:
        return None
    shown = parts[~parts["suppressed"]]
    n = float(total_n) - float(shown["participants"].sum()) - float(known["participants"].sum())
    weighted = (
        float(total_n) * float(total_mean)
        - float((shown["participants"] * shown["mean_percent"]).sum())
        - float((known["participants"] * known["mean_percent"]).sum())
    )
    if n <= 0:
        return None
    if hidden_rows == 1 or n < rules.min_cell():
        return Leak(where, n, weighted / n, hidden_rows)
    return None


def attack(scope, truth: pd.DataFrame) -> list[Leak]:
    """Every recovery the role can make from what it reads (see the module docstring)."""
    leaks: list[Leak] = []
    known_all = _known(scope, truth)
    catalogue = procedures.procedure_catalogue(scope)
    for (kind, subject, grade), chosen in catalogue.groupby(["kind", "subject", "grade"]):
        years = sorted(int(y) for y in chosen["year"])
        schools = procedures.school_means(scope, kind, subject, int(grade), years)
        municipalities = procedures.municipality_means(scope, kind, subject, int(grade), years)
        for year in years:
            name = f"{kind} {subject} {grade} {year}"
            here = (
                (known_all["kind"] == kind)
                & (known_all["subject"] == subject)
                & (known_all["grade"] == grade)
                & (known_all["year"] == year)
            )
            known = known_all[here]
            rows = municipalities[municipalities["year"] == year]
            for m in rows.itertuples():
                parts = schools[
                    (schools["year"] == year)
                    & (schools["municipality_code"] == m.municipality_code)
                ]
                mine = known[known["municipality_code"] == m.municipality_code]
                # The known rows replace their shown copies (a named own school appears once).
                parts = parts[~parts["own"]] if len(mine) else parts
                hidden_rows = int(parts["suppressed"].sum())
                leak = _subtract(
                    f"{name} {m.municipality_code}",
                    m.participants,
                    m.mean_percent,
                    parts,
                    mine,
                    hidden_rows,
                )
                if leak:
                    leaks.append(leak)
            region = overview.region_result(scope, kind, subject, int(grade), year)
            shown = rows.assign(own=False)
            leak = _subtract(
                f"{name} region",
                region["participants"],
                region["mean_percent"],
                shown,
                known.iloc[0:0],
                int(rows["suppressed"].sum()),
            )
            if leak:
                leaks.append(leak)
    return leaks


@pytest.fixture(scope="module")
def region42(region_demo):
    engine = region_demo(42)
    with database.bind(engine):
        from dashboard.cli import _create_demo_users

        _create_demo_users()
        with engine.connect() as conn:
            truth = _truth(conn)
    return engine, truth


def _scope(login: str):
    return users.scope_for(users.account_by_login(login))


@pytest.mark.parametrize("login", ROLES)
def test_no_hidden_cell_is_recovered_by_differencing(region42, login):
    engine, truth = region42
    cache.set_cache(cache.cache_from_url("null://"))
    try:
        with database.bind(engine):
            leaks = attack(_scope(login), truth)
    finally:
        cache.set_cache(None)
    assert not leaks, [leak.where for leak in leaks[:20]]


def _no_complementary(sizes, groups, hidden, known=None):
    """complete_groups switched off: the primary rule's mask, no group total hidden."""
    return hidden.astype(bool), set()


def test_the_attacker_recovers_cells_when_only_the_primary_rule_applies(region42, monkeypatch):
    """The attack finds the cells the issue found (a director recovering a small school of
    their municipality from its total) once the complementary rule is off, exactly."""
    engine, truth = region42
    monkeypatch.setattr(suppression, "complete_groups", _no_complementary)
    cache.set_cache(cache.cache_from_url("null://"))
    try:
        with database.bind(engine):
            leaks = attack(_scope("director"), truth)
    finally:
        cache.set_cache(None)
    singles = [leak for leak in leaks if leak.hidden_rows == 1]
    assert len(singles) >= 10, len(singles)
    small = truth[truth["participants"] < rules.min_cell()]
    for leak in singles:
        kind, subject, grade, year, code = _parse(leak.where)
        match = small[
            (small["kind"] == kind)
            & (small["subject"] == subject)
            & (small["grade"] == grade)
            & (small["year"] == year)
            & (small["municipality_code"] == code)
        ]
        assert len(match) == 1, leak  # one hidden school, and the attacker names its size
        assert round(leak.pupils) == int(match["participants"].iloc[0])
        assert abs(leak.mean_percent - float(match["mean_percent"].iloc[0])) < 0.05


def _parse(where: str):
    *head, grade, year, code = where.split(" ")
    kind, subject = head[0], " ".join(head[1:])
    return kind, subject, int(grade), int(year), code


# ----------------------------------------------------------------------- the plan on small tables


def _plan(rows, known=()):
    frame = pd.DataFrame(rows, columns=["procedure_id", "school_id", "municipality_id", "n"])
    return plan_hidden(frame.rename(columns={"n": "participants"}), set(known))


def test_one_small_school_takes_the_next_smallest_with_it():
    plan = _plan([(1, 1, 10, 3), (1, 2, 10, 40), (1, 3, 10, 12), (1, 4, 20, 30)])
    assert plan.schools == {(1, 1), (1, 3)}  # 3 pupils, and the smallest shown school
    assert not plan.municipalities and not plan.regions


def test_two_small_schools_below_the_rule_together_take_a_third():
    plan = _plan([(1, 1, 10, 2), (1, 2, 10, 2), (1, 3, 10, 40), (1, 4, 10, 9)])
    assert plan.schools == {(1, 1), (1, 2), (1, 4)}


def test_a_school_known_to_the_reader_is_no_cover():
    """A director knows their own school: hiding it would protect nothing from them."""
    plan = _plan([(1, 1, 10, 3), (1, 2, 10, 40), (1, 3, 10, 12)], known={3})
    assert plan.schools == {(1, 1), (1, 2)}


def test_with_nothing_left_to_hide_the_municipality_and_region_totals_go():
    plan = _plan([(1, 1, 10, 3), (1, 2, 10, 40), (1, 3, 20, 50)], known={2})
    assert plan.schools == {(1, 1)}
    assert plan.municipalities == {(1, 10)} and plan.regions == {1}


def test_a_small_municipality_hides_the_region_total_of_its_procedure_only():
    plan = _plan([(1, 1, 10, 4), (1, 2, 20, 50), (2, 3, 20, 50), (2, 4, 10, 30)])
    assert plan.municipalities == {(1, 10)} and plan.regions == {1}


def test_complete_groups_leaves_groups_without_hidden_parts_alone():
    sizes = pd.Series([30, 40, 50])
    hidden, forced = complete_groups(sizes, pd.Series(["a", "a", "b"]), is_small(sizes))
    assert not hidden.any() and not forced


def test_rankings_show_no_school_whose_result_procedures_hide(region42):
    """An anonymous school's adjusted effect gives its result back (the model is on the page),
    so /rankings leaves out, for a director, every school the plan hides in the outcome."""
    from data_access import rankings
    from data_access.visibility import region_scope

    engine, truth = region42
    cache.set_cache(cache.cache_from_url("null://"))
    try:
        with database.bind(engine):
            director = _scope("director")
            vpr = truth[truth["kind"] == "vpr"]
            year = int(vpr["year"].max())
            catalogue = procedures.procedure_catalogue(director)
            chosen = catalogue[(catalogue["kind"] == "vpr") & (catalogue["year"] == year)]
            plan = suppression.hidden_results(director, chosen["id"].tolist())
            covered = {school for _, school in plan.schools}
            view = rankings.school_rankings(
                director, "vpr", rankings.ALL, 0, year, ["social_index"], "pupil"
            )
            region = rankings.school_rankings(
                region_scope(director), "vpr", rankings.ALL, 0, year, ["social_index"], "pupil"
            )
    finally:
        cache.set_cache(None)
    assert covered and "table" in view
    by_code = region["table"].set_index("school_code")
    with database.bind(engine), engine.connect() as conn:
        code_of = dict(conn.execute(text("SELECT id, school_code FROM school")).all())
    hidden_results = {
        (int(by_code.loc[code_of[s], "n"]), round(float(by_code.loc[code_of[s], "result"]), 6))
        for s in covered
        if code_of[s] in by_code.index and s != director.school_id
    }
    assert hidden_results  # some hidden schools would be ranked but for the rule
    shown = {
        (int(n), round(float(r), 6))
        for n, r, named in zip(
            view["table"]["n"], view["table"]["result"], view["table"]["named"], strict=True
        )
        if not named
    }
    assert not shown & hidden_results
    assert view["hidden_small"] >= len(hidden_results)
