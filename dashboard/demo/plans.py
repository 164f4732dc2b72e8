"""PD programmes aimed at the demo's skills (decisions: dashboard.demo.decisions)."""

from __future__ import annotations

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
