"""Russian UI text, keyed by meaning, so pages and callbacks never hard-code wording."""

APP_TITLE = "ОКО — оценка качества образования"
APP_SHORT = "ОКО"
NO_DATA = "нет данных"
NOT_BUILT = "не реализовано"
SUPPRESSED = "скрыто"
SUPPRESSION_RULE = "Значения по группам менее {n} участников скрыты (правило малых чисел)."
ACCESS_DENIED = "Нет доступа к этим данным."
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


# ------------------------------------------------------------------ /admin/users
USERS_TITLE = "Пользователи"
USERS_SUBTITLE = "Учётные записи, роли и области доступа; время — UTC"
USERS_COLUMNS = {
    "login": "Логин",
    "role": "Роль",
    "municipality_code": "Код муниципалитета",
    "school_code": "Код ОО",
    "state": "Состояние",
    "created_at": "Создан (UTC)",
    "sessions": "Активных сеансов",
}
USER_ACTIVE = "активен"
USER_DISABLED = "отключён"
USERS_NONE = "Пользователей нет."
USERS_ADD_TITLE = "Добавить пользователя"
USERS_LABEL_LOGIN = "Логин"
USERS_LABEL_ROLE = "Роль"
USERS_LABEL_MUNICIPALITY = "Код муниципалитета (для роли «муниципалитет»)"
USERS_LABEL_SCHOOL = "Код ОО (для роли «образовательная организация»)"
USERS_LABEL_PASSWORD = "Пароль"
USERS_LABEL_CONFIRM = "Пароль ещё раз"
USERS_ADD_BUTTON = "Добавить"
USERS_ACTIONS_TITLE = "Действия с пользователем"
USERS_LABEL_TARGET = "Пользователь"
USERS_LABEL_NEW_PASSWORD = "Новый пароль"
USERS_DISABLE = "Отключить"
USERS_ENABLE = "Включить"
USERS_RESET = "Сбросить пароль"
USERS_ADDED = "Пользователь {login} добавлен."
USERS_DISABLED_DONE = "Пользователь {login} отключён; его сеансы завершены."
USERS_ENABLED_DONE = "Пользователь {login} снова активен."
USERS_PASSWORD_DONE = "Пароль пользователя {login} изменён; его сеансы завершены."
USERS_FILL_REQUIRED = "Укажите логин, роль и пароль."
USERS_PASSWORD_MISMATCH = "Пароли не совпадают."
USERS_PICK_USER = "Выберите пользователя."
USERS_NEED_PASSWORD = "Введите новый пароль дважды."
USERS_NOT_SELF = "Нельзя отключить собственную учётную запись."
USERS_NEED_SCHOOL = "Для роли «образовательная организация» укажите код ОО."
USERS_NEED_MUNICIPALITY = "Для роли «муниципалитет» укажите код муниципалитета."
USERS_FAILED = "Не удалось: {reason}"

# ------------------------------------------------------------------ /admin/audit
AUDIT_TITLE = "Журнал аудита"
AUDIT_SUBTITLE = "Кто, когда и что делал; новые записи сверху, время — UTC"
AUDIT_LABEL_FROM = "Дата с (UTC)"
AUDIT_LABEL_TO = "Дата по (UTC)"
AUDIT_LABEL_LOGIN = "Логин (часть)"
AUDIT_LABEL_ACTION = "Действие"
AUDIT_LABEL_OUTCOME = "Результат"
AUDIT_ANY = "все"
AUDIT_COLUMNS = {
    "at": "Время (UTC)",
    "user_login": "Логин",
    "role": "Роль",
    "ip": "IP",
    "action": "Действие",
    "scope_asked": "Запрошено",
    "scope_granted": "Область доступа",
    "outcome": "Результат",
    "detail": "Подробности",
}
AUDIT_ACTIONS = {
    "login": "вход",
    "logout": "выход",
    "callback": "запрос данных",
    "user_add": "добавление пользователя",
    "user_disable": "отключение пользователя",
    "user_enable": "включение пользователя",
    "user_password_reset": "сброс пароля",
}
AUDIT_OUTCOMES = {
    "success": "успешно",
    "failure": "ошибка",
    "denied": "отказано",
    "throttled": "слишком много попыток",
}
AUDIT_SHOWN = "Записи {first}–{last} из {total}."
AUDIT_EMPTY = "Записей, подходящих под условия, нет."
AUDIT_TIME_FORMAT = "%d.%m.%Y %H:%M:%S UTC"
