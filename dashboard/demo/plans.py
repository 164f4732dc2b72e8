"""PD programmes aimed at the demo's skills, and a few management decisions on planted schools."""

from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd

from dashboard.demo import skills as sk

SKILL_SEPARATOR = ";"
CREATED_BY = "demo"

PROVIDERS = (
    "ГБУ ДПО «Демонстрационный институт развития образования»",
    "ГАУ ДПО «Региональный центр оценки качества и информатизации образования»",
    "МКУ «Информационно-методический центр города Заречный»",
    "АНО ДПО «Школа эксперта»",
)

# (title, subject, words any of which marks a skill as addressed, hours)
PROGRAMMES = (
    (
        "Методика обучения решению текстовых задач в 5–9 классах",
        sk.MATH,
        ("текстовые задачи", "покупки"),
        36,
    ),
    (
        "Работа с информацией: таблицы, диаграммы и графики на уроках математики",
        sk.MATH,
        ("таблиц", "график"),
        24,
    ),
    (
        "Геометрия в основной школе: от клетчатой бумаги к доказательству",
        sk.MATH,
        ("геометрич", "Пифагора", "площадь", "доказательств"),
        36,
    ),
    (
        "Формирование орфографической грамотности обучающихся",
        sk.RUSSIAN,
        ("правописания", "списывать"),
        36,
    ),
    (
        "Пунктуационная грамотность: знаки препинания в простом и сложном предложении",
        sk.RUSSIAN,
        ("знаки препинания", "тире"),
        24,
    ),
    (
        "Смысловое чтение и работа с текстом на уроках русского языка",
        sk.RUSSIAN,
        ("мысль", "план текста", "контексту", "тип речи"),
        36,
    ),
    ("Историческая карта и исторический источник на уроке", sk.HISTORY, ("карт", "источник"), 24),
    (
        "Практические умения по биологии: рисунок, эксперимент, данные",
        sk.BIOLOGY,
        ("рисунк", "эксперимент", "таблицы и графики"),
        24,
    ),
)


def pd_programmes(tasks: pd.DataFrame, procedures: pd.DataFrame) -> pd.DataFrame:
    """Programmes whose ``skill_codes`` list the generated skills they address."""
    t = tasks.merge(procedures[["id", "subject"]], left_on="procedure_id", right_on="id")
    t = t.drop_duplicates(["skill_code"])
    rows = []
    for k, (title, subject, words, hours) in enumerate(PROGRAMMES):
        mask = (t["subject"] == subject) & t["skill_name"].str.contains("|".join(words))
        codes = sorted(t.loc[mask, "skill_code"])
        if not codes:
            continue
        rows.append(
            {
                "id": len(rows) + 1,
                "programme_code": f"PD-2025-{k + 1:02d}",
                "title": title,
                "provider": PROVIDERS[k % len(PROVIDERS)],
                "subject": subject,
                "skill_codes": SKILL_SEPARATOR.join(codes),
                "hours": hours,
            }
        )
    return pd.DataFrame(rows)


MEASURES = {
    "bias_signs": (
        "Руководитель ОО",
        "Обеспечить присутствие независимых общественных "
        "наблюдателей при проведении ВПР; провести перепроверку работ ВПР "
        "муниципальной предметной комиссией; рассмотреть итоги на педагогическом совете",
    ),
    "low_results": (
        "Методический кабинет МОУО",
        "Разработать и реализовать программу "
        "антирисковых мер; закрепить за школой куратора из числа экспертов "
        "муниципального сообщества; направить учителей на курсы по выявленным "
        "дефицитам",
    ),
    "deficit": (
        "Управление образования",
        "Компенсировать дефицит кадров: привлечь педагогов "
        "по программе «Земский учитель», организовать сетевое обучение по математике "
        "с опорной школой",
    ),
}
MUNICIPAL_MEASURE = (
    "Начальник управления образования",
    "Утвердить муниципальную программу "
    "поддержки школ с низкими образовательными результатами на 2026–2027 годы",
)
STATUSES = ("proposed", "adopted", "in_progress", "done")


def decisions(
    rng: np.random.Generator, truth: pd.DataFrame, schools: pd.DataFrame, context: pd.DataFrame
) -> pd.DataFrame:
    """A few decisions: up to 3 per finding, on schools that really carry it."""
    muni_of = schools.set_index("id")["municipality_id"]
    vacancies = context[context["indicator_code"] == "teacher_vacancies"]
    short_staffed = vacancies[vacancies["value"] >= 3]["school_id"].unique()
    picks = {
        "bias_signs": truth.loc[truth["pattern"] == "inflated", "school_id"].to_numpy(),
        "low_results": truth.loc[truth["pattern"] == "low_results", "school_id"].to_numpy(),
        "deficit": np.sort(short_staffed),
    }
    rows = []
    for finding, candidates in picks.items():
        chosen = rng.choice(candidates, size=min(3, candidates.size), replace=False)
        responsible, measure = MEASURES[finding]
        for sid in sorted(int(s) for s in chosen):
            rows.append((int(muni_of[sid]), sid, finding, measure, responsible))
    first_muni = int(schools["municipality_id"].min())
    rows.append((first_muni, None, "low_results", MUNICIPAL_MEASURE[1], MUNICIPAL_MEASURE[0]))
    out = []
    for k, (muni, sid, finding, measure, responsible) in enumerate(rows, start=1):
        created = dt.datetime(2025, 9, 1, 6, tzinfo=dt.UTC) + dt.timedelta(
            days=int(rng.integers(0, 400)), minutes=int(rng.integers(0, 480))
        )
        out.append(
            {
                "id": k,
                "municipality_id": muni,
                "school_id": sid,
                "finding": finding,
                "measure": measure,
                "responsible": responsible,
                "status": str(rng.choice(STATUSES)),
                "due_on": created.date() + dt.timedelta(days=int(rng.integers(60, 300))),
                "created_at": created,
                "created_by": CREATED_BY,
            }
        )
    return pd.DataFrame(out)
