"""Management decisions of the demo: measures from the matrix adopted for schools that really
carry the finding (their history: decision_history; the criteria's targets: targets).

Findings are recomputed here with the app's own rules (dashboard.analytics.school_flags on the
generated ВПР results, catalogue norms for deficits), so a decision on a «ШНОР» school is on
a school the decisions page lists as one. No effect is planted: the results are generated
before and without the decisions, so whatever effect the page shows is what the data say.

Per region: of the two years before the latest, the one with more schools low two years
running (and writing ВПР the next year) gets one measure for up to 12 of them, enough for the
effect's interval; the other year a second measure for a few; the latest year (no next year
yet: «ожидает результатов») a third, plus adverse conditions, resilient schools, deficits,
one municipality-wide programme and one decision on the demo director's school, which the
director has commented on. Outcomes cover every status, some done late and some overdue.
"""

from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd

from dashboard.analytics import school_flags
from dashboard.demo import catalogue as cat
from dashboard.demo import decision_history, measures
from dashboard.demo.measures import APPLIES_TO

# How many decisions per group (see the module docstring), and how each group ends.
MAIN_GROUP, SECOND_GROUP, LATEST_GROUP, PAIR = 12, 5, 4, 2
MAIN_OUTCOMES = {2: "done_late", 3: "in_progress", 6: "cancelled", 8: "done_late", 9: "in_progress"}
SECOND_OUTCOMES = ("done", "in_progress", "done_late", "done", "cancelled")
LATEST_OUTCOMES = ("adopted", "in_progress", "adopted", "in_progress")


def _number(value: float, digits: int = 1) -> str:
    return f"{value:.{digits}f}".replace(".", ",").replace("-", "−")


def _low_runs(school_results: pd.DataFrame, procedures: pd.DataFrame, ids) -> tuple[dict, dict]:
    """(school_id → low-results runs, (school_id, year) → gap) among the region's schools."""
    vpr = procedures.loc[procedures["kind"] == "vpr", ["id", "year"]]
    r = school_results[school_results["school_id"].isin(ids)].merge(
        vpr, left_on="procedure_id", right_on="id"
    )
    gaps = school_flags.vpr_gaps(
        r[["school_id", "procedure_id", "year", "participants", "mean_percent"]]
    )
    gap_of = {(int(s), int(y)): float(g) for s, y, g in gaps[["school_id", "year", "gap"]].values}
    return school_flags.low_results(gaps), gap_of


def _social(context: pd.DataFrame, general_ids) -> pd.Series:
    directions = {i.code: i.direction for i in cat.INDICATORS if i.group == "social_conditions"}
    c = context[context["school_id"].isin(general_ids)]
    return school_flags.social_index(c, directions)


def _deficits(context: pd.DataFrame, ids, year: int) -> pd.DataFrame:
    """Conditions indicators worse than the catalogue norm at ``year`` (school, code, value)."""
    specs = {i.code: i for i in cat.INDICATORS if i.group == "conditions" and i.norm is not None}
    c = context[
        context["school_id"].isin(ids)
        & (context["year"] == year)
        & context["indicator_code"].isin(list(specs))
    ]
    norm = c["indicator_code"].map(lambda code: specs[code].norm)
    worse = c["indicator_code"].map(lambda code: specs[code].direction == "higher_worse")
    deficit = np.where(worse, c["value"] > norm, c["value"] < norm)
    return c[deficit].assign(norm=norm[deficit])


class _Planner:
    """Collects the decisions of one region as plain dicts (dates come later)."""

    def __init__(self, schools: pd.DataFrame, demo_municipality: int):
        self.muni_of = schools.set_index("id")["municipality_id"].to_dict()
        self.demo_municipality = demo_municipality
        self.plans: list[dict] = []

    def add(
        self,
        school_id: int | None,
        finding: str,
        year: int,
        reason: str,
        code: str,
        outcome: str,
        *,
        detail: str | None = None,
        municipality_id: int | None = None,
        long_due: bool = False,
        director: bool = False,
    ) -> None:
        """One decision to be; ``outcome`` is its end (done_late: done after the due date)."""
        muni = self.muni_of[school_id] if school_id is not None else municipality_id
        self.plans.append(
            {
                "school_id": None if school_id is None else int(school_id),
                "municipality_id": int(muni),
                "finding": finding,
                "finding_detail": detail,
                "finding_year": int(year),
                "finding_reason": reason,
                "code": code,
                "outcome": outcome,
                "long_due": long_due,
                "director": director,
                "own": int(muni) == self.demo_municipality,
            }
        )


def _low_reason(year: int, gap: float) -> str:
    return (
        f"ШНОР два года подряд ({year - 1}–{year}): среднее отклонение результатов ВПР "
        f"от региона {_number(gap)} п. п."
    )


def _plan_region(
    planner: _Planner,
    rng: np.random.Generator,
    ids: set[int],
    general_ids: set[int],
    frames: dict[str, pd.DataFrame],
    director_school: int | None,
) -> None:
    """Every decision of one region (``frames``: school_results, procedures, context, truth)."""
    procedures, context = frames["procedures"], frames["context"]
    years = sorted(int(y) for y in procedures.loc[procedures["kind"] == "vpr", "year"].unique())
    if not years:
        return
    runs, gap_of = _low_runs(frames["school_results"], procedures, ids)
    measured = _plan_low_results(planner, rng, years, runs, gap_of)
    _plan_conditions(planner, rng, years, measured, ids, general_ids, frames, gap_of)
    if director_school is not None:
        _plan_director(planner, context, director_school, years[-1])


def _plan_low_results(
    planner: _Planner,
    rng: np.random.Generator,
    years: list[int],
    runs: dict[int, list[tuple[int, int]]],
    gap_of: dict[tuple[int, int], float],
) -> list[int]:
    """Low-results decisions; returns the finding years whose effect can be measured, the
    one with most such schools first."""
    last = years[-1]
    ending: dict[int, list[int]] = {}
    for sid, windows in runs.items():
        for _first, end in windows:
            ending.setdefault(end, []).append(sid)
    # schools low at y that wrote ВПР at y + 1 (else no effect can be measured for them)
    followed = {
        y: [s for s in ending.get(y, []) if (s, y + 1) in gap_of]
        for y in years
        if last - 2 <= y < last
    }
    measured = sorted((y for y in followed if followed[y]), key=lambda y: (len(followed[y]), y))
    measured.reverse()
    groups = list(
        zip(
            measured[:2],
            ("low_results.mentor", "low_results.targeted_pd"),
            (MAIN_GROUP, SECOND_GROUP),
            strict=False,
        )
    )
    for n, (year, code, size) in enumerate(groups):
        chosen = sorted(rng.choice(followed[year], min(size, len(followed[year])), replace=False))
        for k, sid in enumerate(chosen):
            if n == 0:
                outcome = MAIN_OUTCOMES.get(k, "done")
                outcome = "done" if outcome == "cancelled" and len(chosen) < 10 else outcome
            else:
                outcome = SECOND_OUTCOMES[k]
            planner.add(
                sid, "low_results", year, _low_reason(year, gap_of[sid, year]), code, outcome
            )
    latest_low = sorted(ending.get(last, []))
    for k, sid in enumerate(
        sorted(rng.choice(latest_low, min(LATEST_GROUP, len(latest_low)), replace=False))
    ):
        planner.add(
            sid,
            "low_results",
            last,
            _low_reason(last, gap_of[sid, last]),
            "low_results.antirisk",
            LATEST_OUTCOMES[k],
            long_due=k % 2 == 1,
        )
    if latest_low or measured:
        year = last if latest_low else measured[0]
        counts = pd.Series([planner.muni_of[s] for s in ending[year]]).value_counts()
        # the demo municipality's user should see its programme when it has such schools
        muni = planner.demo_municipality if planner.demo_municipality in counts else counts.index[0]
        planner.add(
            None,
            "low_results",
            year,
            f"В муниципалитете {int(counts[muni])} ШНОР два года подряд ({year - 1}–{year})",
            "low_results.municipal_programme",
            "in_progress",
            municipality_id=int(muni),
            long_due=True,
        )
    return measured


def _plan_conditions(
    planner: _Planner,
    rng: np.random.Generator,
    years: list[int],
    measured: list[int],
    ids: set[int],
    general_ids: set[int],
    frames: dict[str, pd.DataFrame],
    gap_of: dict[tuple[int, int], float],
) -> None:
    """Decisions on adverse conditions, resilient schools and staff vacancies."""
    last, context, truth = years[-1], frames["context"], frames["truth"]
    social = _social(context, general_ids)
    adverse = school_flags.adverse_conditions(social)
    pool = [int(s) for s in adverse.index if (int(s), last) in gap_of]
    for k, sid in enumerate(sorted(rng.choice(pool, min(PAIR, len(pool)), replace=False))):
        planner.add(
            sid,
            "adverse_conditions",
            last,
            f"Неблагоприятные социальные условия: индекс {_number(social[sid], 2)} "
            "(нижние 15 % школ региона)",
            "adverse.support",
            ("in_progress", "adopted")[k],
        )

    resilient = truth.loc[
        (truth["pattern"] == "resilient") & truth["school_id"].isin(ids), "school_id"
    ].to_numpy()
    year = measured[0] if measured else last
    for k, sid in enumerate(
        sorted(rng.choice(resilient, min(PAIR, len(resilient)), replace=False))
    ):
        gap = gap_of.get((int(sid), year), 0.0)
        planner.add(
            sid,
            "resilient",
            year,
            f"Результаты ВПР выше ожидаемых ({_number(gap)} п. п. к региону) при "
            f"неблагоприятных социальных условиях (индекс {_number(social[sid], 2)})",
            "resilient.training_site",
            ("done", "in_progress")[k],
        )

    names = {i.code: i.name for i in cat.INDICATORS}
    year = last - 1 if last - 1 in years else last
    deficits = _deficits(context, ids, year)
    vacancies = deficits[deficits["indicator_code"] == "teacher_vacancies"]
    own = vacancies["school_id"].map(planner.muni_of) == planner.demo_municipality
    if own.sum() >= 3:  # the demo municipality's user then has decisions to work on
        vacancies = vacancies[own]
    picked = rng.choice(vacancies["school_id"].to_numpy(), min(3, len(vacancies)), replace=False)
    for k, sid in enumerate(sorted(picked)):
        value = float(vacancies.loc[vacancies["school_id"] == sid, "value"].iloc[0])
        planner.add(
            sid,
            "deficit",
            year,
            f"Дефицит условий: {names['teacher_vacancies']} — {_number(value, 0)} при нормативе 0",
            "deficit.staffing",
            ("done", "cancelled", "in_progress")[k],
            detail="teacher_vacancies",
        )


_DEFICIT_MEASURE = {
    indicator: code for code, indicators in APPLIES_TO.items() for indicator in indicators
}


def _plan_director(planner: _Planner, context: pd.DataFrame, school_id: int, last: int) -> None:
    """One decision on the demo director's school, on its latest deficit of conditions."""
    names = {i.code: i.name for i in cat.INDICATORS}
    for year in range(last, last - 5, -1):
        found = _deficits(context, [school_id], year)
        found = found[found["indicator_code"].isin(list(_DEFICIT_MEASURE))]
        if not found.empty:
            row = found.sort_values("indicator_code").iloc[0]
            code = str(row["indicator_code"])
            planner.add(
                school_id,
                "deficit",
                year,
                f"Дефицит условий: {names[code]} — {_number(row['value'], 1)} "
                f"при нормативе {_number(row['norm'], 0)}",
                _DEFICIT_MEASURE[code],
                "in_progress",
                detail=code,
                director=True,
            )
            return


def decision_frames(
    rng: np.random.Generator,
    schools: pd.DataFrame,
    municipalities: pd.DataFrame,
    school_results: pd.DataFrame,
    procedures: pd.DataFrame,
    context: pd.DataFrame,
    truth: pd.DataFrame,
    matrix: pd.DataFrame,
) -> dict[str, pd.DataFrame]:
    """Frames of tables ``decision`` and ``decision_event`` for every region of the demo."""
    first = municipalities.sort_values("code").iloc[0]
    own = schools[schools["municipality_id"] == first["id"]].sort_values("school_code")
    director_school = int(own["id"].iloc[0]) if len(own) else None
    plans: list[dict] = []
    for _region, munis in municipalities.groupby("region_id", sort=True):
        in_region = schools[schools["municipality_id"].isin(munis["id"])]
        general = in_region.loc[in_region["kind"] != "preschool", "id"]
        planner = _Planner(schools, int(first["id"]))
        director = director_school if director_school in set(in_region["id"]) else None
        frames = {
            "school_results": school_results,
            "procedures": procedures,
            "context": context,
            "truth": truth,
        }
        _plan_region(planner, rng, set(in_region["id"]), set(general), frames, director)
        plans.extend(planner.plans)
    rows, events = [], []
    for k, plan in enumerate(plans, start=1):
        created = dt.datetime(plan["finding_year"], 9, 1, 6, tzinfo=dt.UTC) + dt.timedelta(
            days=int(rng.integers(0, 45)), minutes=int(rng.integers(0, 480))
        )
        version = measures.version_in_force(matrix, plan["code"], created)
        row, story = decision_history.story(plan, version, created, rng)
        rows.append({"id": k, **row})
        for at, before, after, comment, by, role in story:
            events.append(
                {
                    "id": len(events) + 1,
                    "decision_id": k,
                    "at": at,
                    "by": by,
                    "role": role,
                    "from_status": before,
                    "to_status": after,
                    "comment": comment,
                }
            )
    return {"decision": pd.DataFrame(rows), "decision_event": pd.DataFrame(events)}
