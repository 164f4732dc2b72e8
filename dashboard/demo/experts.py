"""Expert registry of seed 004: experts, their qualification, work, materials and orders.

Rules the KPI pages can rely on: an expert is ``included`` only with a latest qualification
score strictly above ``QUALIFICATION_PASS_PERCENT`` (60 %); one candidate has exactly 60.0
to exercise the "more than" rule; a few included experts were later ``excluded``.

Seed 004's indicators 1.1, 3.2, 3.3 and 3.4 count only some rows, and the demo has rows on
both sides of each rule: courses in another direction than the expert's (or with none),
materials on other subjects than expert activity, articles in municipal editions, and orders
that lost force (a year's order at the end of its year, a few others repealed early). The
draws for these (early repeals) come from a child generator (`rng.spawn`), so the main stream,
and with it every other demo number, stays as it was.
"""

from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd

from dashboard import seeds
from dashboard.demo import catalogue as cat
from dashboard.demo import people

START, END = dt.date(2021, 9, 1), dt.date(2024, 12, 20)

# The direction of expert activity (seed 004) each demo course prepares for, by its title in
# people.TRAININGS; None: a general course that names no direction.
TRAINING_DIRECTIONS = (
    "R03",  # ОГЭ, mathematics
    "R03",  # ОГЭ, Russian
    "R03",  # ЕГЭ
    "M01",  # using ВПР results
    "M02",  # objectivity, public observers
    "R06",  # attestation of teachers
    "M01",  # functional literacy tasks
    None,  # retraining «эксперт в сфере оценки качества образования»: no single direction
    "R04",  # olympiads
    "R08",  # municipal quality-management mechanisms
)
# people.MATERIAL_TITLES that are not on questions of expert activity (analysis of results,
# management documents, work with low-result schools, a seminar on using results).
OTHER_TOPIC_MATERIALS = (4, 7, 8, 11)
# Levels of the editions demo articles appear in, in turn (so even the small demo has a
# municipal one, which indicator 3.4 must not count).
PUBLICATION_LEVELS = ("regional", "municipal", "federal", "regional", "municipal", "international")


def _day(rng: np.random.Generator, start: dt.date, end: dt.date) -> dt.date:
    return start + dt.timedelta(days=int(rng.integers(0, max(1, (end - start).days))))


def _experts(rng, scale_experts: int, municipalities, schools) -> pd.DataFrame:
    rows = []
    general = schools[schools["kind"] != "preschool"]
    for _region, munis in municipalities.groupby("region_id"):
        weights = np.array(
            [
                (general["municipality_id"] == m.id).sum()
                * (2.5 if m.name == cat.KARABASH else 1.0)
                for m in munis.itertuples()
            ],
            dtype=float,
        )
        counts = np.maximum(1, np.round(scale_experts * weights / weights.sum())).astype(int)
        names = people.full_names(rng, int(counts.sum()))
        k = 0
        for m, count in zip(munis.itertuples(), counts, strict=True):
            muni_schools = general.loc[general["municipality_id"] == m.id, "id"].to_numpy()
            for _ in range(count):
                position, in_school = people.POSITIONS[
                    rng.choice(len(people.POSITIONS), p=people.POSITION_P)
                ]
                school = int(rng.choice(muni_schools)) if in_school and muni_schools.size else None
                rows.append(
                    {
                        "full_name": names[k],
                        "municipality_id": int(m.id),
                        "school_id": school,
                        "position": position,
                        "_region_code": m.code[:2],
                    }
                )
                k += 1
    experts = pd.DataFrame(rows)
    experts.insert(0, "id", np.arange(1, len(experts) + 1))
    experts["expert_code"] = [
        f"EXP-{r}-{i:04d}" for r, i in zip(experts["_region_code"], experts["id"], strict=True)
    ]
    return experts


def _qualification(rng, experts: pd.DataFrame) -> pd.DataFrame:
    """Attempts, then the registry status that follows from the latest attempt (in place)."""
    pass_mark = seeds.QUALIFICATION_PASS_PERCENT
    attempts = []
    latest_score, latest_date = [], []
    for i, eid in enumerate(experts["id"]):
        on = _day(rng, START, dt.date(2024, 6, 30))
        score = float(np.clip(np.round(rng.normal(70, 12) * 2) / 2, 20, 100))
        if i == 3:
            score = float(pass_mark)  # exactly 60 % is not enough ("более 60%")
        attempts.append((eid, on, score))
        if score <= pass_mark and i != 3 and rng.random() < 0.5:
            on = on + dt.timedelta(days=int(rng.integers(120, 300)))
            score = float(np.clip(np.round(rng.normal(72, 9) * 2) / 2, 30, 100))
            attempts.append((eid, on, score))
        latest_score.append(score)
        latest_date.append(on)
    experts["qualification_score"] = latest_score
    experts["qualification_date"] = latest_date
    passed = np.array(latest_score) > pass_mark
    included_on = [
        d + dt.timedelta(days=int(rng.integers(14, 45))) if p else None
        for d, p in zip(latest_date, passed, strict=True)
    ]
    excluded = passed & (rng.random(len(experts)) < 0.06)
    excluded_on = [
        inc + dt.timedelta(days=int(rng.integers(200, 700))) if x else None
        for inc, x in zip(included_on, excluded, strict=True)
    ]
    experts["status"] = np.where(excluded, "excluded", np.where(passed, "included", "candidate"))
    experts["included_on"] = included_on
    experts["excluded_on"] = excluded_on
    frame = pd.DataFrame(attempts, columns=["expert_id", "assessed_on", "score_percent"])
    frame.insert(0, "id", np.arange(1, len(frame) + 1))
    return frame


def _directions(rng, experts: pd.DataFrame) -> pd.DataFrame:
    codes = [c for c, _, _ in seeds.EXPERTISE_DIRECTIONS]
    weights = np.array([3 if c in ("R03", "M01", "M02") else 1 for c in codes], dtype=float)
    rows = []
    for eid in experts["id"]:
        k = int(rng.integers(1, 4))
        for code in rng.choice(codes, size=k, replace=False, p=weights / weights.sum()):
            rows.append((eid, str(code)))
    return pd.DataFrame(rows, columns=["expert_id", "direction_code"])


def _trainings(rng, experts: pd.DataFrame) -> pd.DataFrame:
    rows = []
    for e in experts.itertuples():
        k = int(rng.integers(0, 4)) if e.status != "candidate" else int(rng.integers(0, 2))
        for t in rng.choice(len(people.TRAININGS), size=k, replace=False):
            title, hours = people.TRAININGS[t]
            direction = TRAINING_DIRECTIONS[t]
            rows.append((e.id, title, _day(rng, dt.date(2021, 1, 15), END), hours, direction))
    frame = pd.DataFrame(
        rows, columns=["expert_id", "title", "completed_on", "hours", "direction_code"]
    )
    frame.insert(0, "id", np.arange(1, len(frame) + 1))
    return frame


def _engagements(rng, experts, directions, procedures: pd.DataFrame) -> pd.DataFrame:
    by_expert = directions.groupby("expert_id")["direction_code"].apply(list).to_dict()
    rows = []
    for e in experts[experts["status"] != "candidate"].itertuples():
        kinds = {k for d in by_expert.get(e.id, []) for k in people.DIRECTION_KINDS.get(d, ())}
        for year in (2022, 2023, 2024):
            if year < e.included_on.year or (e.excluded_on and year > e.excluded_on.year):
                continue
            if rng.random() > 0.7:
                continue
            pool = procedures[
                (procedures["year"] == year) & (procedures["kind"].isin(kinds) if kinds else True)
            ]
            if pool.empty:
                pool = procedures[procedures["year"] == year]
            picks = rng.choice(
                len(pool), size=min(len(pool), int(rng.integers(1, 3))), replace=False
            )
            for p in pool.iloc[picks].itertuples():
                role = people.ENGAGEMENT_ROLES[p.kind]
                shift = -int(rng.integers(20, 60)) if role[0].startswith("разработчик") else 0
                rows.append((e.id, p.id, str(rng.choice(role)), p.held_on + dt.timedelta(shift)))
    frame = pd.DataFrame(rows, columns=["expert_id", "procedure_id", "role", "engaged_on"])
    frame.insert(0, "id", np.arange(1, len(frame) + 1))
    return frame


def _materials(rng, experts) -> tuple[pd.DataFrame, pd.DataFrame]:
    active = experts[experts["status"] != "candidate"]
    n = max(8, len(experts) // 4)
    rows, authors = [], []
    for mid in range(1, n + 1):
        pick = int(rng.integers(len(people.MATERIAL_TITLES)))
        title = people.MATERIAL_TITLES[pick].format(
            grade=int(rng.choice([4, 5, 6, 7, 8])),
            subject=people.MATERIAL_SUBJECTS[rng.integers(len(people.MATERIAL_SUBJECTS))],
        )
        created = _day(rng, dt.date(2022, 1, 20), END)
        discussed = bool(rng.random() < 0.65)
        approved = (discussed and rng.random() < 0.8) or (not discussed and rng.random() < 0.3)
        approved_on = created + dt.timedelta(days=int(rng.integers(20, 60))) if approved else None
        municipality = None
        if rng.random() < 0.8 and len(active):  # the rest were written without registry experts
            team = active.iloc[rng.choice(len(active), size=int(rng.integers(1, 4)), replace=False)]
            municipality = int(team["municipality_id"].iloc[0])
            authors += [(mid, int(eid)) for eid in team["id"]]
        else:  # written locally without registry experts (no extra draw: later streams keep)
            municipality = int(experts["municipality_id"].iloc[mid % len(experts)])
        rows.append(
            {
                "id": mid,
                "code": f"MM-{created.year}-{mid:03d}",
                "title": title,
                "municipality_id": municipality,
                "created_on": created,
                "discussed_on_platform": discussed,
                "approved_on": approved_on,
                "topic": "other" if pick in OTHER_TOPIC_MATERIALS else "expert_activity",
            }
        )
    return pd.DataFrame(rows), pd.DataFrame(authors, columns=["material_id", "expert_id"])


def _publications(rng, experts) -> pd.DataFrame:
    active = experts[experts["status"] != "candidate"]
    rows = []
    for pid in range(1, max(5, len(experts) // 6) + 1):
        e = active.iloc[rng.integers(len(active))] if len(active) and rng.random() < 0.85 else None
        rows.append(
            {
                "id": pid,
                "expert_id": None if e is None else int(e["id"]),
                "municipality_id": None if e is None else int(e["municipality_id"]),
                "title": people.PUBLICATION_TITLES[rng.integers(len(people.PUBLICATION_TITLES))],
                "url": f"https://vimp.example.org/publications/{1000 + pid}",
                "published_on": _day(rng, dt.date(2022, 2, 1), END),
                "level": PUBLICATION_LEVELS[(pid - 1) % len(PUBLICATION_LEVELS)],
            }
        )
    return pd.DataFrame(rows)


ORDER_TITLES = (
    (
        "Об утверждении состава муниципального экспертного сообщества в сфере оценки качества "
        "образования на {year} год",
        "expert_community",
    ),
    (
        "О проведении мониторинга результативности функционирования регионального сетевого "
        "экспертного сообщества в {year} году",
        "expert_community",
    ),
    ("Об организации и проведении всероссийских проверочных работ в {year} году", "assessment"),
    (
        "Об обеспечении объективности проведения оценочных процедур в {year}/{next} учебном году",
        "objectivity",
    ),
)
# Orders quoted in seed 004 (number, date, title, topic); the first is the regional one.
SEED_ORDERS = (
    (
        "01/3050",
        dt.date(2021, 12, 1),
        "Об утверждении Концепции (обновленной) регионального "
        "сетевого экспертного сообщества в сфере оценки качества образования (Челябинская область) "
        "и Дорожной карты ее реализации",
        "expert_community",
    ),
    (
        "115",
        dt.date(2021, 4, 24),
        "Об утверждении Программы развития муниципальной методической "
        "МКУ «Управление образования Карабашского городского округа на 2021 - 2023 годы",
        "professional_development",
    ),
    (
        "213",
        dt.date(2021, 8, 19),
        "О развитии системы обеспечения и сопровождения "
        "профессионального развития педагогических и руководящих работников муниципальных "
        "образовательных организаций, подведомственных МКУ «Управление образования Карабашского "
        "городского округа»",
        "professional_development",
    ),
    (
        "14 (о/д)",
        dt.date(2022, 1, 27),
        "Об утверждении Дорожной карты по реализации Концепции "
        "(обновленной) регионального сетевого экспертного сообщества в сфере оценки качества "
        "образования в Карабашском городском округе на период 2022 - 2024 годы",
        "expert_community",
    ),
)


def _documents(rng, side, municipalities, karabash_id: int) -> pd.DataFrame:
    """The register of orders. An order «на {year} год» / «в {year} году» loses force on
    1 January of the next year; about one in ten of the others is repealed early."""
    rows = [
        {
            "municipality_id": None if k == 0 else karabash_id,
            "number": number,
            "title": title,
            "signed_on": signed,
            "repealed_on": None,
            "topic": topic,
        }
        for k, (number, signed, title, topic) in enumerate(SEED_ORDERS)
    ]
    for m in municipalities.itertuples():
        for year in (2022, 2023, 2024):
            for t in rng.choice(len(ORDER_TITLES), size=int(rng.integers(1, 3)), replace=False):
                title, topic = ORDER_TITLES[t]
                number = str(rng.integers(5, 320))
                signed = _day(rng, dt.date(year, 1, 10), dt.date(year, 12, 25))
                ends = dt.date(year + 1, 1, 1) if "{year} год" in title else None
                if side.random() < 0.1:  # repealed early, a month to half a year after
                    ends = signed + dt.timedelta(days=int(side.integers(30, 180)))
                rows.append(
                    {
                        "municipality_id": int(m.id),
                        "number": number,
                        "title": title.format(year=year, next=year + 1),
                        "signed_on": signed,
                        "repealed_on": ends,
                        "topic": topic,
                    }
                )
    frame = pd.DataFrame(rows)
    frame.insert(0, "id", np.arange(1, len(frame) + 1))
    return frame


def expert_frames(
    rng: np.random.Generator,
    n_experts: int,
    municipalities: pd.DataFrame,
    schools: pd.DataFrame,
    procedures: pd.DataFrame,
    karabash_id: int,
) -> dict[str, pd.DataFrame]:
    """Frames of every expert table, keyed by table name, in insertion order."""
    directions_catalogue = pd.DataFrame(
        seeds.EXPERTISE_DIRECTIONS, columns=["code", "name", "level"]
    )
    side = rng.spawn(1)[0]  # new draws of issue 17 (levels, repeals): the main stream keeps
    experts = _experts(rng, n_experts, municipalities, schools)
    attempts = _qualification(rng, experts)
    directions = _directions(rng, experts)
    materials, authors = _materials(rng, experts)
    return {
        "expertise_direction": directions_catalogue,
        "expert": experts,
        "expert_direction": directions,
        "qualification_attempt": attempts,
        "expert_training": _trainings(rng, experts),
        "expert_engagement": _engagements(rng, experts, directions, procedures),
        "material": materials,
        "material_author": authors,
        "publication": _publications(rng, experts),
        "normative_document": _documents(rng, side, municipalities, karabash_id),
    }
