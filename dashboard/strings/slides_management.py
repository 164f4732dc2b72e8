"""Russian UI text: slides_management (issue 21): the slides of /decisions,
/decisions/effectiveness and /training (titles, filters in words, sources, summaries)."""

# ------------------------------------------------------------------ common
SLIDES_MGMT_TITLE = "{page}: {part}"
SLIDES_MGMT_TITLE_YEAR = "{page}: {part}, {year}"
SLIDES_MGMT_YEAR = "{year} год"

# ------------------------------------------------------------------ /decisions
SLIDES_DECISIONS_KIND = "вид: {kind}"
SLIDES_DECISIONS_LEVEL = "уровень: {level}"
SLIDES_DECISIONS_UNDECIDED = "только без решения"
SLIDES_DECISIONS_MUNICIPALITY = "муниципалитет: {name}"
SLIDES_DECISIONS_STATUSES = "статусы: {statuses}"
SLIDES_DECISIONS_OVERDUE = "только просроченные"
SLIDES_DECISIONS_SOURCE = "выявленные проблемы {year}; решения и матрица мер ОКО"
SLIDES_DECISIONS_SUMMARY = "Решений на диаграмме: {n}; чаще всего статус «{status}» ({top})."
SLIDES_DECISIONS_EMPTY = "Решений пока нет: диаграмма пуста."
SLIDES_DECISIONS_NO_DATA = (
    "Выявленных проблем пока нет: результаты оценочных процедур не загружены."
)

# ------------------------------------------------------------------ /decisions/effectiveness
SLIDES_EFFECTIVENESS_CRITERION = "критерий на графике: {criterion}"
SLIDES_EFFECTIVENESS_SOURCE = (
    "критерии эффективности ОКО {first}–{last}; эффект мер — сравнение с сопоставимыми школами"
)
SLIDES_EFFECTIVENESS_SUMMARY = "{criterion}: {value} в {year} году ({place})."
SLIDES_EFFECTIVENESS_NO_DATA = "Критерии эффективности ещё не рассчитаны: нет результатов."

# ------------------------------------------------------------------ /training
SLIDES_TRAINING_SOURCE = "потребность и план-заказ {year} по результатам оценочных процедур; ОКО"
SLIDES_TRAINING_SUMMARY = (
    "Программ с измеренным эффектом обучения на графике: {n}; наибольший эффект — {estimate} "
    "п. п. («{programme}»)."
)
SLIDES_TRAINING_NO_EFFECT = (
    "Эффект обучения ещё не измерен; план-заказ {year}: учителей {teachers}, часов {hours}."
)
SLIDES_TRAINING_NO_DATA = "План-заказа пока нет: результаты оценочных процедур не загружены."
