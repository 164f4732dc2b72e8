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

# ------------------------------------------------------------------ /schools and /schools/<code>
SCHOOL_KINDS = {
    "school": "СОШ",
    "gymnasium": "гимназия",
    "lyceum": "лицей",
    "basic": "ООШ",
    "primary": "НОШ",
    "boarding": "школа-интернат",
    "preschool": "ДОО",
}
LOCALITIES = {"urban": "городская", "rural": "сельская"}
SCHOOLS_TITLE = "Школы"
SCHOOLS_SUBTITLE = "Образовательные организации в вашей области доступа; щелчок по коду открывает профиль"
SCHOOLS_AGGREGATES_ONLY = ("В режиме просмотра доступны только агрегированные данные: "
                           "список и профили школ не показываются.")
SCHOOLS_ALL = "все"
SCHOOLS_LABEL_MUNICIPALITY = "Муниципалитет"
SCHOOLS_LABEL_KIND = "Тип ОО"
SCHOOLS_LABEL_LOCALITY = "Местность"
SCHOOLS_COUNT = "Показано ОО: {n}."
SCHOOLS_COLUMNS = {
    "school_code": "Код",
    "name": "Наименование",
    "municipality": "Муниципалитет",
    "kind": "Тип",
    "locality": "Местность",
    "pupils": "Обучающихся",
    "vpr_mean": "ВПР, средний % (посл. год)",
    "oge_maths": "ОГЭ математика, средний %",
    "adjusted_effect": "Результат с учётом контекста",
    "flags": "Отметки",
}
SCHOOLS_MAP_TITLE = "Школы на карте"
SCHOOLS_MAP_LABEL = "Цвет точек"
SCHOOLS_MAP_COLOURS = {"pupils": "Обучающихся", "vpr_mean": "ВПР, средний %", "oge_maths": "ОГЭ математика, средний %"}
SCHOOLS_MAP_NOTE = ("Автономная схема: широта и долгота без картографической подложки "
                    "(подложка требует доступа в интернет). Серые точки — нет данных.")
LATITUDE = "Широта"
LONGITUDE = "Долгота"
FLAG_LOW_RESULTS = "низкие результаты"
FLAG_ADVERSE = "неблагоприятные социальные условия"
FLAG_RESILIENT = "резильентная школа"
FLAG_BIAS = "признаки необъективности"

PROFILE_TITLE = "Профиль школы"
PROFILE_DENIED = "Нет доступа к этой школе."
PROFILE_PRINT = "Печать"
PROFILE_PDF = "Скачать PDF"
PROFILE_PDF_NOT_BUILT = "PDF: не реализовано (используйте «Печать» → «Сохранить как PDF»)."
PROFILE_DATA_DATE = "Данные на {date}; последний учебный год в данных: {year}."
PROFILE_FILTERS = "Фильтры: год {year}; процедура: {procedure}"
PROFILE_FIELDS = {"municipality": "Муниципалитет", "kind": "Тип", "locality": "Местность",
                  "pupils": "Обучающихся", "address": "Адрес", "code": "Код ОО"}
PROFILE_FLAGS = "Отметки"
PROFILE_NO_FLAGS = "Отметок нет."
PROFILE_LOW_REASON = ("нижние {share} % региона по отклонению среднего процента ВПР от регионального "
                      "в {n} года подряд: {years}")
PROFILE_LOW_NOT = "Низкие результаты: нет (в нижних {share} % по ВПР в годы: {years})."
PROFILE_LOW_NONE = "Низкие результаты: нет."
PROFILE_LOW_NO_VPR = "Низкие результаты: нет данных ВПР."
PROFILE_ADVERSE_REASON = ("социальный индекс {index} — нижние {share} % региона "
                          "(порог — нижние {limit} %)")
PROFILE_ADVERSE_NOT = "Социальный индекс {index}: не входит в нижние {limit} % региона."
PROFILE_ADVERSE_NONE = "Социальный индекс: нет данных."
PROFILE_LATER = "{flag}: появится с задачей «{issue}»."
ISSUE_RANKINGS = "Рейтинги с учётом контекста"
ISSUE_OBJECTIVITY = "Объективность результатов"
PROFILE_CONTEXT = "Контекст: социальные условия, условия и размер"
PROFILE_CONTEXT_AXIS = "Лучше (+) / хуже (−) медианы муниципалитета, в стандартных отклонениях региона"
PROFILE_CONTEXT_NOTE = ("Источник: контекстные данные ОО, {year} г. Сравнение с медианой муниципалитета "
                        "с учётом направления показателя; медианы менее чем по {n} ОО скрыты.")
PROFILE_INDICATOR = "Показатель для динамики"
PROFILE_TREND_SCHOOL = "ОО"
PROFILE_TREND_MUNICIPALITY = "Медиана муниципалитета"
PROFILE_TREND_REGION = "Медиана региона"
PROFILE_BETTER = "лучше"
PROFILE_WORSE = "хуже"
PROFILE_CONDITIONS = "Условия и дефициты"
PROFILE_CONDITIONS_COLUMNS = {"name": "Показатель", "value": "Значение ОО", "reference": "Ориентир",
                              "reference_kind": "Вид ориентира", "shortfall": "Дефицит"}
PROFILE_REFERENCE_KINDS = {"norm": "норматив", "median": "медиана региона"}
PROFILE_DEFICITS = "Дефициты ({year} г.): {n}."
PROFILE_NO_DEFICITS = "Дефицитов условий не выявлено ({year} г.)."
PROFILE_RESULTS = "Результаты оценочных процедур"
PROFILE_RESULTS_TREND = "Средний процент выполнения по годам"
PROFILE_RESULTS_MARKS = "Распределение отметок по годам"
PROFILE_MUNICIPALITY = "Муниципалитет"
PROFILE_REGION = "Регион"
PROFILE_SKILLS = "Слабые умения (дальше всего ниже муниципалитета)"
PROFILE_SKILLS_COLUMNS = {"procedure": "Процедура", "skill": "Умение", "school_percent": "ОО, %",
                          "municipality_percent": "Муниципалитет, %", "gap": "Разница, п. п."}
PROFILE_SKILLS_NOTE = "Источник: результаты по заданиям, {year} г.; показано до {n} умений по каждому предмету."
PROFILE_MEASURES = "Рекомендуемые меры"
PROFILE_MEASURES_TEXT = ("Матрица управленческих решений пока не реализована: меры появятся "
                         "с задачей «Решения».")

# ------------------------------------------------------------------ /admin/imports (issue 4)
IMPORTS_TITLE = "Импорт данных"
IMPORTS_SUBTITLE = ("Файлы CSV и XLSX проверяются целиком: при любой ошибке не записывается ничего. "
                    "Форматы описаны в docs/data-formats.md.")
IMPORTS_KIND = "Вид данных"
IMPORTS_SHEET = "Лист XLSX (по умолчанию первый)"
IMPORTS_DROP = "Перетащите файл сюда или нажмите, чтобы выбрать (.csv, .xlsx)"
IMPORTS_LIMIT = ("Предел загрузки через браузер — {mb} МБ; файлы больше загружайте командой "
                 "`oko import ВИД ФАЙЛ` на сервере. Файлы больше {background} МБ импортируются "
                 "в фоне, ход виден на полосе прогресса.")
IMPORTS_BACKGROUND = "Файл «{name}» большой: импорт идёт в фоне, ход показан ниже."
IMPORTS_JOB_RUNNING = "Импорт «{name}»: {message}"
IMPORTS_JOB_QUEUED = "Импорт «{name}» ждёт очереди…"
IMPORTS_JOB_LOST = "Фоновый импорт не найден (истёк или запущен другим пользователем)."
IMPORTS_JOB_BROKEN = "Фоновый импорт прерван внутренней ошибкой. Ничего не записано."
IMPORTS_PICK_KIND = "Выберите вид данных, затем файл."
IMPORTS_UNREADABLE = "Не удалось прочитать загруженный файл."
IMPORTS_PREVIEW = "Первые {n} строк, как они прочитаны"
IMPORTS_CHECK_OK = ("Файл «{name}» проверен: будет добавлено {inserted}, изменено {updated}, "
                    "без изменений {unchanged}. Нажмите «Импортировать».")
IMPORTS_CHECK_FAILED = "Файл «{name}» отклонён: ошибок {count}. Ничего не записано."
IMPORTS_MORE_ERRORS = "…и ещё {n} ошибок (показаны первые {shown})."
IMPORTS_CONFIRM = "Импортировать"
IMPORTS_DONE = ("Импорт «{name}» выполнен: добавлено {inserted}, изменено {updated}, "
                "без изменений {unchanged}.")
IMPORTS_RUNS = "Последние импорты"
IMPORTS_NONE = "Импортов ещё не было."
IMPORTS_ERROR_COLUMNS = {"line": "Строка", "column": "Столбец", "message": "Ошибка"}
IMPORTS_RUN_COLUMNS = {"at": "Когда (UTC)", "user_login": "Кто", "file_name": "Файл", "kind": "Вид",
                       "rows_inserted": "Добавлено", "rows_updated": "Изменено",
                       "rows_unchanged": "Без изменений", "outcome": "Итог", "error_count": "Ошибок"}
IMPORTS_OUTCOMES = {"success": "выполнен", "rejected": "отклонён", "dry_run": "проверка"}


# ------------------------------------------------------------------ procedures (issue 6)

# ------------------------------------------------------------------ objectivity (issue 6)

# ------------------------------------------------------------------ rankings (issue 7)

# ------------------------------------------------------------------ experts (issue 8)

# ------------------------------------------------------------------ roadmaps (issue 9)
