"""Russian text of the plan-order files (XLSX/PDF): the layout a methodological centre sends,
one sheet per municipality and a summary."""

PD_ORDER_REPORT_TITLE = "План-заказ на повышение квалификации педагогов на {year} год"
PD_ORDER_REPORT_AS_OF = "по состоянию на {date}"
PD_ORDER_SUMMARY_SHEET = "Сводная"
PD_ORDER_TOTAL = "Итого"
PD_ORDER_REGION = "Регион в целом"
PD_ORDER_COLUMNS = {
    "number": "№",
    "municipality": "Муниципалитет",
    "programme_code": "Код программы",
    "title": "Программа",
    "provider": "Организация",
    "subject": "Предмет",
    "hours_per_teacher": "Часов на педагога",
    "schools": "Образовательных организаций",
    "teachers": "Педагогов",
    "hours": "Часов всего",
    "reasons": "Основания",
}
PD_ORDER_SUMMARY_COLUMNS = {
    "municipality": "Муниципалитет",
    "lines": "Строк плана-заказа",
    "schools": "Образовательных организаций (по строкам)",
    "teachers": "Педагогов",
    "hours": "Часов всего",
}
# A line of schools' requests that no programme of the base answers.
PD_ORDER_NO_PROGRAMME = "Запросы ОО вне базы программ ({subject})"
PD_ORDER_NEED_REASON = "дефицит умения {skill}, {gap} п. п."
PD_ORDER_NEED_GRADE = "дефицит умения {skill} ({grade} кл.), {gap} п. п."
PD_ORDER_REQUEST_REASON = "заявка № {id}"
PD_ORDER_REQUEST_SKILL = "заявка № {id} (умение {skill})"
PD_ORDER_REPORT_COUNT = (
    "Муниципалитетов: {municipalities}, строк: {lines}, педагогов: {teachers}, часов: {hours}."
)
