"""Objectivity monitoring (/objectivity) and the reasons of a flag."""

# ------------------------------------------------------------------ objectivity (issue 6)
OBJ_TITLE = "Объективность результатов ВПР"
OBJ_SUBTITLE = (
    "Признаки необъективности по школе и году: каждый признак — сравнение с регионом, "
    "флаг — совокупная оценка с поправкой на множественные сравнения (Бенджамини — "
    "Хохберг, доля ложных флагов не более {fdr} %). Флаг — повод для проверки, а не вывод."
)
OBJ_YEAR = "Год"
OBJ_COUNTS = "Флаги по муниципалитетам"
OBJ_COUNTS_COLUMNS = {
    "municipality": "Муниципалитет",
    "tested": "Проверено школо-лет",
    "flagged": "С флагом",
    "high": "Высокий риск",
}
OBJ_TABLE = "Школы с признаками необъективности"
OBJ_TABLE_COLUMNS = {
    "school_code": "Код ОО",
    "school_name": "ОО",
    "municipality": "Муниципалитет",
    "year": "Год",
    "risk": "Риск",
    "z": "Совокупная оценка (z)",
    "q": "q (поправка Б—Х)",
    "triggered": "Сработавшие признаки",
    "status": "Статус проверки",
    "reviewed_by": "Кем",
    "reviewed_at": "Когда (UTC)",
    "comment": "Комментарий",
}
OBJ_VIEWER_NOTE = (
    "В режиме просмотра доступны только агрегированные данные: названия школ не показываются."
)
OBJ_DIRECTOR_NOTE = (
    "Показаны только флаги вашей ОО; остальные — в виде количества по муниципалитетам."
)
OBJ_NO_FLAGS = "Флагов нет."
OBJ_RISK = {"high": "высокий", "elevated": "повышенный", "none": "нет"}
OBJ_STATUS = {
    "new": "новый",
    "under_review": "на проверке",
    "confirmed": "подтверждён",
    "dismissed": "снят",
}
OBJ_SIGNS = {
    "journal_lowered": "Согласованность с журналом: мало понижений отметки",
    "journal_raised": "Согласованность с журналом: много повышений отметки",
    "threshold_bunching": "Скопление баллов на границах отметок",
    "low_spread": "Необычно малый разброс баллов",
    "cohort_gap": "ВПР намного выше ОГЭ / региональной диагностики той же параллели",
    "year_jump": "Рост к прошлому году намного больше, чем в муниципалитете",
    "near_max": "Много максимальных и почти максимальных баллов",
}
# Reasons: {value} is the school's figure, {reference} the region's (or municipality's).
OBJ_REASONS = {
    "journal_lowered": (
        "ВПР ниже журнала у {value} % участников при {reference} % в среднем по региону"
    ),
    "journal_raised": (
        "ВПР выше журнала у {value} % участников при {reference} % в среднем по региону"
    ),
    "threshold_bunching": (
        "на границе отметки (порог и балл выше) — {value} % участников окна "
        "«два балла ниже — два балла от порога» при {reference} % по региону"
    ),
    "low_spread": "разброс баллов — {value} от обычного для региона (1,00)",
    "cohort_gap": (
        "отрыв ВПР от региона больше отрыва той же параллели на внешней процедуре на "
        "{value} п. п. (медиана региона {reference} п. п.)"
    ),
    "year_jump": "изменение к прошлому году {value} п. п. при {reference} п. п. в муниципалитете",
    "near_max": "максимальный или почти максимальный балл у {value} % при {reference} % по региону",
}
OBJ_SIGNS_COLUMNS = {
    "sign": "Признак",
    "reason": "Значение",
    "z": "z",
    "p": "p",
    "triggered": "Сработал",
}
OBJ_YES, OBJ_NO = "да", "нет"
OBJ_SCORE_NOTE = (
    "Совокупная оценка {year} г.: z = {z}, q = {q}, риск — {risk}. В оценку входят "
    "признаки: {signs} (за этот и прошлый год); остальные показаны как пояснения. "
    "Признак «сработал» при одностороннем p ≤ {alpha}."
)
OBJ_NOT_TESTED = (
    "Школа в {year} г. не проверялась (меньше {n} участников ВПР или нет данных по ученикам)."
)
OBJ_DETAIL = "Разбор по школе"
OBJ_PICK_SCHOOL = "Школа"
OBJ_PROCEDURE = "Процедура ВПР"
OBJ_DISTRIBUTION = "Распределение первичных баллов: ОО и регион"
OBJ_DISTRIBUTION_AXIS = "Первичный балл"
OBJ_SHARE_AXIS = "Доля участников, %"
OBJ_THRESHOLD = "порог «{m}»"
OBJ_DISTRIBUTION_COLUMNS = {
    "score": "Балл",
    "school": "ОО, чел.",
    "school_share": "ОО, %",
    "region": "Регион, чел.",
    "region_share": "Регион, %",
}
OBJ_AGREEMENT = "Отметки ВПР и отметки по журналу"
OBJ_AGREEMENT_AXIS_X = "Отметка по журналу"
OBJ_AGREEMENT_AXIS_Y = "Отметка ВПР"
OBJ_AGREEMENT_SUMMARY = (
    "Понизили (ВПР ниже журнала): {lowered} % (регион {r_lowered} %); подтвердили: "
    "{confirmed} % (регион {r_confirmed} %); повысили: {raised} % (регион {r_raised} %)."
)
OBJ_AGREEMENT_COLUMNS = {
    "journal_mark": "Отметка по журналу",
    "mark": "Отметка ВПР",
    "school": "ОО, чел.",
    "school_share": "ОО, %",
    "region": "Регион, чел.",
    "region_share": "Регион, %",
}
OBJ_SHOW_DATA = "Таблица данных"
OBJ_CSV = "CSV"
OBJ_XLSX = "XLSX"
OBJ_SOURCE = "Источник: результаты ВПР по ученикам, {year} г. {rule}"
OBJ_REVIEW = "Проверка флага"
OBJ_REVIEW_STATUS = "Новый статус"
OBJ_REVIEW_COMMENT = "Комментарий (обязателен для «подтверждён» и «снят»)"
OBJ_REVIEW_SAVE = "Сохранить"
OBJ_REVIEW_SAVED = "Статус сохранён: {status}."
OBJ_REVIEW_DENIED = "Нет прав менять статус этого флага."
OBJ_REVIEW_REFUSED = "Такой переход статуса невозможен или не указан комментарий."
OBJ_REVIEW_READONLY = "Статус проверки меняют регион и муниципалитет (для своих школ)."
OBJ_REVIEW_HISTORY_COLUMNS = {
    "from_status": "Было",
    "to_status": "Стало",
    "comment": "Комментарий",
    "reviewed_by": "Кем",
    "reviewed_at": "Когда (UTC)",
}
OBJ_REVIEW_NONE = "Статус не менялся: «новый»."
OBJ_AGREEMENT_HOVER = "журнал %{x}, ВПР %{y}: %{z:.1f} %<extra></extra>"
OBJ_SCHOOL_TRACE = "ОО (n = {n})"
OBJ_REGION_TRACE = "Регион (n = {n})"
