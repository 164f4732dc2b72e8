"""Russian text of /decisions/effectiveness: the assessment system's criteria and the effect of
measures."""

EFFECTIVENESS_TITLE = "Эффективность системы оценки качества образования"
EFFECTIVENESS_SUBTITLE = (
    "Критерии и показатели эффективности оценки качества образования на основе интеграции "
    "результатов оценочных процедур (программа ОЭР, документ 002): каждый показатель "
    "считается по данным, с формулой, динамикой по годам и целью; и эффект принятых мер "
    "в следующем цикле"
)
EFFECTIVENESS_BACK = "← Управленческие решения"
EFFECTIVENESS_YEAR = "Год"
EFFECTIVENESS_PLACE = "Территория"
EFFECTIVENESS_REGION = "Регион в целом"

# ------------------------------------------------------------------ criteria
EFFECTIVENESS_CRITERIA_TITLE = "Критерии и показатели эффективности"
EFFECTIVENESS_CRITERIA_NOTE = (
    "{place}, {year} год. Статус сравнивает значение с целью: «выполнен» — цель достигнута, "
    "«близко» — значение не дальше {close} % цели в худшую сторону, «не выполнен» — дальше."
)
EFFECTIVENESS_CRITERIA = {
    "coverage": "Охват оценочных процедур загруженными результатами",
    "timeliness": "Своевременность данных",
    "findings_with_decision": "Выявленные проблемы, по которым принято решение",
    "decisions_on_time": "Решения, выполненные в срок",
    "flagged_improved": "Улучшение у школ с выявленными проблемами",
    "bias_share": "Школы с признаками необъективности результатов",
    "low_results_exit": "Выход школ из категории ШНОР за два года",
}
# The formula of each criterion in words (what dashboard.analytics.effectiveness computes).
# A region row pools every school (procedure, finding, decision) of the region; it is not the
# mean of the municipalities' values.
EFFECTIVENESS_FORMULAS = {
    "coverage": (
        "Общеобразовательные организации, по которым загружены результаты хотя бы одной "
        "оценочной процедуры года, ÷ все общеобразовательные организации × 100 %"
    ),
    "timeliness": (
        "Сумма дней от проведения процедуры до первой загрузки её результатов ÷ число "
        "процедур года (среднее число дней; для муниципалитета — процедуры, в которых "
        "участвовали его школы)"
    ),
    "findings_with_decision": (
        "Выявленные проблемы года, по которым принято управленческое решение (не отменённое), "
        "÷ все выявленные проблемы года × 100 %"
    ),
    "decisions_on_time": (
        "Решения со сроком в этом году, выполненные не позже срока, ÷ решения со сроком "
        "в этом году, выполненные или просроченные (отменённые и те, чей срок не наступил, "
        "не учитываются) × 100 %"
    ),
    "flagged_improved": (
        "Школы, отнесённые в году к ШНОР или к школам со снижением результатов, у которых "
        "отставание по ВПР от региона к следующему году изменилось лучше, чем в среднем у {k} "
        "сопоставимых школ без этих проблем (по отставанию года и социальному индексу), ÷ все "
        "такие школы с результатами обоих лет × 100 %"
    ),
    "bias_share": (
        "Школы с признаками необъективности результатов в году ÷ все школы, проверенные "
        "на признаки необъективности в этом году, × 100 %"
    ),
    "low_results_exit": (
        "Школы, входившие в ШНОР в году, которые в течение {within} следующих лет хотя бы "
        "раз не попали в ШНОР, ÷ все школы ШНОР года, о которых это известно (год считается, "
        "когда загружены результаты через {within} года) × 100 %"
    ),
}
EFFECTIVENESS_DIRECTIONS = {
    "higher_better": "чем больше, тем лучше",
    "lower_better": "чем меньше, тем лучше",
}
EFFECTIVENESS_UNITS = {"%": "\u00a0%", "days": "\u00a0дн."}  # after a number, unbroken
EFFECTIVENESS_UNIT_NAMES = {"%": "%", "days": "дней"}  # a column or axis title
EFFECTIVENESS_COLUMNS = {
    "criterion": "Критерий",
    "formula": "Как считается",
    "unit": "Ед.",
    "numerator": "Числитель",
    "denominator": "Знаменатель",
    "value": "Значение",
    "target": "Цель",
    "status": "Статус",
}
EFFECTIVENESS_STATUS = {
    "met": "выполнен",
    "close": "близко",
    "not_met": "не выполнен",
    "no_target": "цель не задана",
    "no_data": "нет данных",
}

# ------------------------------------------------------------------ trend
EFFECTIVENESS_TREND_TITLE = "Динамика по годам: регион, муниципалитеты и цель"
EFFECTIVENESS_TREND_REGION = "Регион в целом"
EFFECTIVENESS_TREND_OWN = "Ваш муниципалитет"
EFFECTIVENESS_TREND_MUNICIPALITIES = "Муниципалитеты"
EFFECTIVENESS_TREND_TARGET = "Цель выбранной территории"

# ------------------------------------------------------------------ targets
EFFECTIVENESS_TARGET_TITLE = "Задать цель"
EFFECTIVENESS_TARGET_VALUE = "Цель"
EFFECTIVENESS_TARGET_SAVE = "Сохранить цель"
EFFECTIVENESS_TARGET_HINT = (
    "Цель не переписывается: действует последняя заданная, прежние остаются в истории "
    "и в журнале аудита."
)
EFFECTIVENESS_TARGET_SAVED = "Цель «{criterion}» на {year} год ({place}): {value}."
EFFECTIVENESS_TARGET_BAD = (
    "Цель не сохранена: выберите критерий, территорию и год и введите число в допустимых пределах."
)

# ------------------------------------------------------------------ effect of measures
EFFECTIVENESS_EFFECT_TITLE = "Эффект мер в следующем цикле"
EFFECTIVENESS_ASSOCIATION = (
    "Это связь, а не доказательство. Изменение показателя у школ, по которым принято решение, "
    "сравнивается с изменением у сопоставимых школ без такого решения (подобраны по "
    "результату прошлого года и социальному индексу; разность разностей, интервал 95 %). "
    "На результат влияют и другие причины, которые сравнение не учитывает."
)
EFFECTIVENESS_AWAITING = "Решений, ждущих результатов следующего года: {n}."
EFFECTIVENESS_NO_EFFECTS = "Пока нет мер с измеренным эффектом"
EFFECTIVENESS_MEASURE_YEAR = "{measure} ({year})"
EFFECTIVENESS_INTERVAL = "от {low} до {high}"
EFFECTIVENESS_NO_INTERVAL = "интервал не считается: меньше двух школ"
EFFECTIVENESS_FOREST_X = "Разность изменений: школы с мерой минус сопоставимые школы без неё"
EFFECTIVENESS_FOREST_HOVER = (
    "{measure}<br>эффект {estimate}, интервал 95 %: {interval}<br>"
    "школ с мерой: {treated}, сопоставимых: {controls}"
)
EFFECTIVENESS_EFFECT_COLUMNS = {
    "measure": "Мера",
    "finding": "Проблема",
    "indicator": "Показатель эффекта",
    "finding_year": "Год проблемы",
    "n_treated": "Школ с мерой",
    "n_controls": "Сопоставимых школ",
    "estimate": "Эффект",
    "interval": "Интервал 95 %",
}
EFFECTIVENESS_FINDING_KINDS = {
    "low_results": "низкие результаты (ШНОР)",
    "adverse_conditions": "неблагоприятные социальные условия (ШНСУ)",
    "resilient": "резильентная школа",
    "bias_confirmed": "подтверждённые признаки необъективности",
    "deficit": "дефицит условий",
    "weak_skill": "слабое умение по предмету",
    "falling_trend": "снижение результатов",
    "overdue_roadmap_item": "просроченное мероприятие дорожной карты",
}
EFFECTIVENESS_INDICATORS = {
    "vpr_gap": "отставание от региона по ВПР, п. п.",
    "subject_gap": "отставание от региона по предмету, п. п.",
    "bias_flag": "признаки необъективности (−1 — есть, 0 — нет)",
    "conditions_shortfall": "нехватка условий до нормы (со знаком минус)",
}
EFFECTIVENESS_DECISIONS_TITLE = "По решениям"
EFFECTIVENESS_DECISION_COLUMNS = {
    "decision_id": "Решение №",
    "school": "Школа",
    "indicator": "Показатель эффекта",
    "finding_year": "Год проблемы",
    "change": "Изменение у школы",
    "control_change": "Изменение у сопоставимых",
    "difference": "Разность",
}
