"""Shared wording: app name, navigation, roles, placeholders, procedure names."""

APP_TITLE = "ОКО — оценка качества образования"
APP_SHORT = "ОКО"
NO_DATA = "нет данных"
NOT_BUILT = "не реализовано"
SUPPRESSED = "скрыто"
SUPPRESSION_RULE = "Значения по группам менее {n} участников скрыты (правило малых чисел)."
ACCESS_DENIED = "Нет доступа к этим данным."
CALLBACK_ERROR = (
    "Не удалось показать этот блок: произошла внутренняя ошибка. Она записана в журнал; "
    "обновите страницу или сообщите администратору."
)
LOGOUT = "Выйти"

NAV = {
    "/": "Обзор",
    "/schools": "Школы",
    "/procedures": "Процедуры",
    "/rankings": "Рейтинги с учётом контекста",
    "/objectivity": "Объективность",
    "/experts": "Эксперты",
    "/roadmaps": "Дорожные карты",
    "/decisions": "Решения",
    "/training": "План-заказ ПК",
    "/admin/imports": "Импорт",
    "/admin/users": "Пользователи",
    "/admin/audit": "Журнал аудита",
}

ROLE_NAMES = {
    "admin": "администратор",
    "region": "регион",
    "municipality": "муниципалитет",
    "school": "образовательная организация",
    "viewer": "просмотр (презентация)",
}

PROCEDURE_KINDS = {
    "vpr": "ВПР",
    "oge": "ОГЭ",
    "ege": "ЕГЭ",
    "niko": "НИКО",
    "riko": "РИКО",
    "diagnostic": "Диагностическая работа",
    "olympiad": "Олимпиада",
    "intl": "МСИ",
}

OVERVIEW_TITLE = "Обзор региона"
OVERVIEW_COUNTS = {
    "municipalities": "Муниципалитетов",
    "schools": "Образовательных организаций",
    "procedures": "Оценочных процедур",
    "participants": "Результатов участников",
    "years": "Учебных лет",
}
OVERVIEW_LATEST = "Последние оценочные процедуры"
OVERVIEW_BY_MUNICIPALITY = "Результаты по муниципалитетам"
OVERVIEW_MARKS = "Распределение отметок по муниципалитетам"
OWN_SCHOOL = "Ваша ОО"
MEAN_PERCENT = "Средний процент выполнения"
PARTICIPANTS = "Участников"
MARK = "Отметка «{m}»"
SHARE = "Доля участников"
LABEL_KIND = "Процедура"
LABEL_SUBJECT = "Предмет"
LABEL_GRADE = "Класс"
LABEL_YEAR = "Год"
DATA_SOURCE = "Источник: {procedure}, {year} г."

COLUMNS = {
    "kind": "Процедура",
    "subject": "Предмет",
    "grade": "Класс",
    "year": "Год",
    "held_on": "Дата",
    "participants": "Участников",
    "mean_percent": "Средний %",
}


def not_built(page: str, issue: str) -> str:
    return f"Раздел «{page}» пока {NOT_BUILT}: он появится с задачей «{issue}»."


def procedure_label(kind: str, subject: str, grade: int | None = None) -> str:
    name = PROCEDURE_KINDS.get(kind, kind)
    return f"{name}, {subject}" + (f", {grade} кл." if grade else "")
