"""PD programmes aimed at the demo's skills (decisions: dashboard.demo.decisions; requests,
the plan-order and completions: dashboard.demo.training)."""

from __future__ import annotations

import datetime as dt

import pandas as pd

from dashboard.demo import skills as sk

SKILL_SEPARATOR = ";"

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


# Per programme (aligned with PROGRAMMES): format and the first month of its run in the year
# after the latest results (the plan-order's training year).
SCHEDULE = (
    ("in_person", 2),
    ("blended", 3),
    ("in_person", 10),
    ("distance", 2),
    ("distance", 4),
    ("blended", 10),
    ("in_person", 11),
    ("blended", 3),
)
HOURS_PER_WEEK = {"in_person": 12, "blended": 8, "distance": 6}  # how long a run lasts


def _run(fmt: str, month: int, hours: int, year: int) -> tuple[dt.date, dt.date]:
    """(starts_on, ends_on) of a run: a Monday early in ``month``, as many weeks as it takes."""
    first = dt.date(year, month, 1)
    starts = first + dt.timedelta(days=(7 - first.weekday()) % 7)
    weeks = -(-hours // HOURS_PER_WEEK[fmt])
    return starts, starts + dt.timedelta(weeks=weeks, days=-3)  # ends on a Friday


def pd_programmes(tasks: pd.DataFrame, procedures: pd.DataFrame) -> pd.DataFrame:
    """Programmes whose ``skill_codes`` list the generated skills they address, with their
    format and the dates of their run in the year after the latest results."""
    year = int(procedures["year"].max()) + 1
    t = tasks.merge(procedures[["id", "subject"]], left_on="procedure_id", right_on="id")
    t = t.drop_duplicates(["skill_code"])
    rows = []
    for k, (title, subject, words, hours) in enumerate(PROGRAMMES):
        mask = (t["subject"] == subject) & t["skill_name"].str.contains("|".join(words))
        codes = sorted(t.loc[mask, "skill_code"])
        if not codes:
            continue
        fmt, month = SCHEDULE[k]
        starts, ends = _run(fmt, month, hours, year)
        rows.append(
            {
                "id": len(rows) + 1,
                "programme_code": f"PD-2025-{k + 1:02d}",
                "title": title,
                "provider": PROVIDERS[k % len(PROVIDERS)],
                "subject": subject,
                "skill_codes": SKILL_SEPARATOR.join(codes),
                "hours": hours,
                "format": fmt,
                "starts_on": starts,
                "ends_on": ends,
            }
        )
    return pd.DataFrame(rows)
