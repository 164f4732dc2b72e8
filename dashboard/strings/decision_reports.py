"""Russian text of the decision plans (XLSX/PDF): «план мероприятий по результатам оценочных
процедур» and the plan of compensation of deficits of conditions."""

PLAN_REPORT_TITLE = "План мероприятий по результатам оценочных процедур"
COMPENSATION_REPORT_TITLE = "План компенсации дефицитов условий"
PLAN_REPORT_AS_OF = "по состоянию на {date}"
PLAN_REPORT_COUNT = "Мероприятий: {n}, из них просрочено: {overdue}."
PLAN_REPORT_COLUMNS = {
    "number": "№",
    "municipality": "Муниципалитет",
    "school": "Образовательная организация",
    "finding": "Выявленная проблема",
    "finding_year": "Год результатов",
    "finding_reason": "Основание",
    "measure": "Мероприятие",
    "responsible": "Ответственный",
    "due_on": "Срок",
    "status": "Статус",
    "completed_on": "Выполнено",
    "comment": "Комментарий",
}
# A decision about a whole municipality has no school.
PLAN_REPORT_WHOLE_MUNICIPALITY = "муниципалитет в целом"
PLAN_REPORT_FINDINGS = {
    "low_results": "низкие результаты два года подряд",
    "adverse_conditions": "неблагоприятные социальные условия",
    "resilient": "резильентная школа: практика для распространения",
    "bias_confirmed": "признаки необъективности подтверждены проверкой",
    "deficit": "дефицит условий",
    "weak_skill": "слабое умение по предмету",
    "falling_trend": "снижение результатов",
    "overdue_roadmap_item": "просроченный пункт дорожной карты",
}
PLAN_REPORT_STATUSES = {
    "adopted": "принято",
    "in_progress": "выполняется",
    "done": "выполнено",
    "cancelled": "отменено",
}
PLAN_REPORT_OVERDUE = "{status}, просрочено"
COMPENSATION_REPORT_COLUMNS = {
    "indicator": "Показатель условий",
    "value": "Значение",
    "reference": "Норматив",
    "reference_kind": "Источник норматива",
    "shortfall": "Дефицит",
    "measure": "Мера из матрицы",
    "responsible_role": "Ответственный",
    "duration_days": "Длительность, дней",
    "decision": "Решение",
    "due_on": "Срок",
}
COMPENSATION_REPORT_NO_DECISION = "не принято"
COMPENSATION_REPORT_COUNT = "Дефицитов: {deficits}, мер: {measures}, решений принято: {decided}."
