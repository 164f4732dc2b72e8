"""The demo's decision matrix (seed 002 «матрица для формирования планов»): recommended
measures for every finding kind, in Russian, as a region would write them.

Each measure has a level (where it is carried out), the responsible role, a typical duration
and the indicator that should show its effect next cycle (None where no number would). The
matrix is append-only: two edits are replayed after the first version so that the demo shows
a measure's history (one reworded with a longer duration, one withdrawn).
"""

from __future__ import annotations

import datetime as dt
from typing import NamedTuple

import pandas as pd

CHANGED_BY = "region"
# The matrix is written in June two years before the latest results year (before the first
# demo decision, adopted in the autumn of that year) and edited a year later.
FIRST_VERSION_YEARS_BACK = 2

MMC = "Муниципальный методический центр"
IRO = "Институт развития образования (ДПО)"
MOUO = "Управление образования муниципалитета"
MINISTRY = "Министерство образования региона"
DIRECTOR = "Руководитель ОО"
FOUNDER = "Учредитель (администрация муниципального образования)"


class Measure(NamedTuple):
    code: str
    finding_kind: str
    title: str
    level: str
    responsible_role: str
    duration_days: int
    indicator: str | None


#: The deficits each conditions measure answers (decision_matrix.applies_to); the other
#: measures answer every finding of their kind.
APPLIES_TO: dict[str, tuple[str, ...]] = {
    "deficit.staffing": ("teacher_vacancies",),
    "deficit.equipment": ("pupils_per_computer", "building_wear"),
    "deficit.specialists": ("has_psychologist", "has_speech_therapist"),
}

MEASURES: tuple[Measure, ...] = (
    Measure(
        "low_results.mentor",
        "low_results",
        "Закрепить за школой наставника из школы, показывающей высокие результаты в сходных "
        "социальных условиях: совместные уроки, разбор заданий ВПР, взаимные посещения",
        "school",
        MMC,
        240,
        "vpr_gap",
    ),
    Measure(
        "low_results.targeted_pd",
        "low_results",
        "Адресное повышение квалификации учителей по умениям, которые обучающиеся школы "
        "выполняют хуже региона (по результатам ВПР)",
        "school",
        IRO,
        180,
        "vpr_gap",
    ),
    Measure(
        "low_results.antirisk",
        "low_results",
        "Разработать и реализовать программу антирисковых мер школы с привязкой "
        "к выявленным факторам риска",
        "school",
        DIRECTOR,
        365,
        "vpr_gap",
    ),
    Measure(
        "low_results.municipal_programme",
        "low_results",
        "Утвердить муниципальную программу поддержки школ с низкими образовательными "
        "результатами (кураторы, сетевое взаимодействие, мониторинг)",
        "municipality",
        MOUO,
        365,
        None,
    ),
    Measure(
        "low_results.objectivity",
        "low_results",
        "Мониторинг объективности: независимые наблюдатели на ВПР и перепроверка части работ, "
        "чтобы рост результатов был подлинным",
        "school",
        "Муниципальный координатор ВПР",
        120,
        "bias_flag",
    ),
    Measure(
        "adverse.support",
        "adverse_conditions",
        "Бесплатные дополнительные занятия и психолого-педагогическое сопровождение "
        "обучающихся группы риска",
        "school",
        DIRECTOR,
        270,
        "vpr_gap",
    ),
    Measure(
        "adverse.funding",
        "adverse_conditions",
        "Повышающий коэффициент нормативного финансирования для школ, работающих "
        "в неблагоприятных социальных условиях",
        "region",
        MINISTRY,
        365,
        None,
    ),
    Measure(
        "resilient.training_site",
        "resilient",
        "Присвоить школе статус стажировочной площадки и организовать обмен практиками "
        "со школами с низкими результатами",
        "municipality",
        MMC,
        365,
        None,
    ),
    Measure(
        "resilient.practice_bank",
        "resilient",
        "Описать практику школы и включить её в региональный банк эффективных практик "
        "(семинар, публикация)",
        "region",
        IRO,
        180,
        None,
    ),
    Measure(
        "bias.observers",
        "bias_confirmed",
        "Направить независимых общественных наблюдателей на проведение ВПР в школе",
        "school",
        "Муниципальный координатор ВПР",
        120,
        "bias_flag",
    ),
    Measure(
        "bias.recheck",
        "bias_confirmed",
        "Перепроверка работ ВПР муниципальной предметной комиссией, рассмотрение итогов "
        "на педагогическом совете",
        "municipality",
        MOUO,
        90,
        "bias_flag",
    ),
    Measure(
        "bias.assessor_training",
        "bias_confirmed",
        "Обучение учителей, проверяющих работы, единым критериям оценивания",
        "school",
        IRO,
        180,
        "bias_flag",
    ),
    Measure(
        "deficit.staffing",
        "deficit",
        "Закрыть вакансии: программа «Земский учитель», целевое обучение, сетевое обучение "
        "с опорной школой на время вакансии",
        "municipality",
        MOUO,
        365,
        "conditions_shortfall",
    ),
    Measure(
        "deficit.equipment",
        "deficit",
        "Включить школу в план оснащения и ремонта (компьютерная техника, износ здания)",
        "municipality",
        FOUNDER,
        540,
        "conditions_shortfall",
    ),
    Measure(
        "deficit.specialists",
        "deficit",
        "Обеспечить доступ к педагогу-психологу и учителю-логопеду (ставка, совместительство "
        "или договор с ППМС-центром)",
        "municipality",
        MOUO,
        180,
        "conditions_shortfall",
    ),
    Measure(
        "weak_skill.pd_course",
        "weak_skill",
        "Направить учителей предмета на курсы ДПО по дефицитным умениям из каталога программ",
        "school",
        DIRECTOR,
        180,
        "subject_gap",
    ),
    Measure(
        "weak_skill.lessons",
        "weak_skill",
        "Скорректировать рабочие программы: задания на дефицитные умения в каждой теме",
        "school",
        "Методическое объединение учителей школы",
        120,
        "subject_gap",
    ),
    Measure(
        "falling_trend.analysis",
        "falling_trend",
        "Анализ причин снижения результатов с выездом методиста (кадры, учебники, контингент)",
        "school",
        MMC,
        90,
        "vpr_gap",
    ),
    Measure(
        "falling_trend.monitoring",
        "falling_trend",
        "Внутришкольный мониторинг предметных результатов по четвертям с разбором "
        "на методических объединениях",
        "school",
        "Заместитель руководителя ОО по учебной работе",
        270,
        "vpr_gap",
    ),
    Measure(
        "overdue.reschedule",
        "overdue_roadmap_item",
        "Рассмотреть причины срыва срока на совещании и утвердить новый срок и ответственного",
        "municipality",
        MOUO,
        30,
        None,
    ),
    Measure(
        "overdue.escalate",
        "overdue_roadmap_item",
        "Поставить мероприятие на контроль министерства с ежемесячным отчётом исполнителя",
        "region",
        MINISTRY,
        60,
        None,
    ),
)

# Replayed edits: (measure code, changed fields). The reworded measure keeps its code.
EDITS: tuple[tuple[str, dict], ...] = (
    (
        "low_results.targeted_pd",
        {
            "title": "Адресное повышение квалификации учителей по умениям, которые обучающиеся "
            "школы выполняют хуже региона, с посещением уроков после курсов",
            "duration_days": 240,
        },
    ),
    ("bias.assessor_training", {"active": False}),
)


def matrix_frame(last_year: int) -> pd.DataFrame:
    """Rows of table ``decision_matrix``: version 1 of every measure, then the edits."""
    first_at = dt.datetime(last_year - FIRST_VERSION_YEARS_BACK, 6, 1, 7, tzinfo=dt.UTC)
    edited_at = dt.datetime(last_year - FIRST_VERSION_YEARS_BACK + 1, 8, 21, 9, 30, tzinfo=dt.UTC)
    rows = []
    current: dict[str, dict] = {}
    for m in MEASURES:
        row = {
            **m._asdict(),
            "measure_code": m.code,
            "version": 1,
            "applies_to": ", ".join(APPLIES_TO.get(m.code, ())) or None,
            "active": True,
            "changed_by": CHANGED_BY,
            "changed_at": first_at,
        }
        del row["code"]
        current[m.code] = row
        rows.append(row)
    for code, change in EDITS:
        row = {**current[code], **change, "version": current[code]["version"] + 1}
        row["changed_at"] = edited_at
        current[code] = row
        rows.append(row)
    frame = pd.DataFrame(rows)
    frame.insert(0, "id", range(1, len(frame) + 1))
    return frame


def version_in_force(matrix: pd.DataFrame, code: str, at: dt.datetime) -> pd.Series:
    """The version of ``code`` a decision adopted at ``at`` would have copied."""
    rows = matrix[(matrix["measure_code"] == code) & (matrix["changed_at"] <= at)]
    return rows.sort_values("version").iloc[-1]
