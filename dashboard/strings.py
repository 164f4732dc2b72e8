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
    "adjusted_effect": "ВПР с учётом контекста, п.п. (посл. год)",
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
PROFILE_SEE = "оценивается по всему региону на странице"
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
PROC_TITLE = "Сравнение оценочных процедур"
PROC_SUBTITLE = ("Одна процедура по школам, муниципалитетам и годам; одни и те же обучающиеся "
                 "в двух процедурах. Выбор сохраняется в адресе страницы — ссылкой можно поделиться.")
PROC_LABEL_YEARS = "Годы (графики одного года — по последнему выбранному)"
PROC_LABEL_UNIT = "Сравнивать"
PROC_UNITS = {"schools": "школы", "municipalities": "муниципалитеты"}
PROC_LABEL_MUNICIPALITY = "Школы муниципалитета"
PROC_ALL_MUNICIPALITIES = "все муниципалитеты"
PROC_LABEL_SORT = "Порядок в распределении отметок"
PROC_SORTS = {"name": "по названию", "low": "по доле «2»", "high": "по доле «4» и «5»"}
PROC_LABEL_PAIR = "Та же когорта в двух процедурах"
PROC_AGGREGATES_ONLY = "В режиме просмотра показываются только муниципалитеты (агрегированные данные)."
PROC_HISTOGRAM = "Распределение первичных баллов, {year} г."
PROC_BOX = "Первичный балл по муниципалитетам, {year} г. (медиана, квартили, мин.–макс.)"
PROC_MARKS = "Распределение отметок, {year} г."
PROC_MEANS = "Средний процент выполнения с 95 % интервалом, {year} г."
PROC_SLOPE = "Изменение среднего процента: {a} → {b}"
PROC_HEATMAP_TASKS = "Выполнение заданий по школам, {year} г., %"
PROC_HEATMAP_SKILLS = "Выполнение умений по муниципалитетам, {year} г., %"
PROC_PAIR = "{a} и {b}: средний процент выполнения"
PROC_NO_PUPILS = "Для этой процедуры загружены только результаты ОО: распределения баллов нет."
PROC_NO_SLOPE = "Для сравнения по годам выберите не меньше двух лет."
PROC_NO_PAIRS = "Для этого предмета нет пар процедур с одной и той же когортой."
PROC_PRIMARY_SCORE = "Первичный балл"
PROC_PUPILS = "Участников"
PROC_SHARE_PUPILS = "Доля участников, %"
PROC_TASK = "Задание"
PROC_SKILL = "Умение"
PROC_DIAGONAL = "Диагональ (одинаковый результат)"
PROC_TYPICAL = "Типичный сдвиг ± {t} ст. откл."
PROC_FAR = "Далеко от диагонали (|ст. остаток| > {t})"
PROC_UP, PROC_DOWN = "рост", "снижение"
PROC_TABLE = "Таблица данных"
PROC_CSV, PROC_XLSX = "CSV", "XLSX"
PROC_TABLE_CUT = "Показаны первые {n} строк из {total}; полностью — в CSV или XLSX."
PROC_CI_NOTE = ("95 % интервал — по баллам участников (t-распределение); для процедур без "
                "результатов участников интервал не строится.")
PROC_FAR_NOTE_SHORT = ("Названы точки, у которых разность (ось Y − ось X) отличается от средней больше чем "
                       "на {t} ст. откл.: повод посмотреть, а не вывод о необъективности.")
PROC_ANONYMOUS_NOTE = "Школы вне вашей области доступа показаны без названий («школа N»)."
PROC_COLUMNS = {
    "label": "ОО", "municipality": "Муниципалитет", "year": "Год", "participants": "Участников",
    "mean_percent": "Средний %", "ci_low": "95 % ДИ, от", "ci_high": "95 % ДИ, до",
    "marks_2": "«2»", "marks_3": "«3»", "marks_4": "«4»", "marks_5": "«5»",
    "share_2": "Доля «2», %", "share_3": "Доля «3», %", "share_4": "Доля «4», %", "share_5": "Доля «5», %",
    "primary_score": "Первичный балл", "pupils": "Участников с баллом", "task_number": "Задание",
    "skill_code": "Код умения", "skill_name": "Умение", "percent": "Выполнение, %",
    "min": "Мин.", "q1": "Q1", "median": "Медиана", "q3": "Q3", "max": "Макс.", "mean": "Средний балл",
    "change": "Изменение, п. п.", "x": "{a}, %", "y": "{b}, %", "difference": "Разность, п. п.",
    "residual": "Стандартизованный остаток", "far": "Далеко от диагонали", "suppressed": "Скрыто",
}


# ------------------------------------------------------------------ objectivity (issue 6)
OBJ_TITLE = "Объективность результатов ВПР"
OBJ_SUBTITLE = ("Признаки необъективности по школе и году: каждый признак — сравнение с регионом, "
                "флаг — совокупная оценка с поправкой на множественные сравнения (Бенджамини — "
                "Хохберг, доля ложных флагов не более {fdr} %). Флаг — повод для проверки, а не вывод.")
OBJ_YEAR = "Год"
OBJ_ALL_YEARS = "Все годы"
OBJ_COUNTS = "Флаги по муниципалитетам"
OBJ_COUNTS_COLUMNS = {"municipality": "Муниципалитет", "tested": "Проверено школо-лет",
                      "flagged": "С флагом", "high": "Высокий риск"}
OBJ_TABLE = "Школы с признаками необъективности"
OBJ_TABLE_COLUMNS = {"school_code": "Код ОО", "school_name": "ОО", "municipality": "Муниципалитет",
                     "year": "Год", "risk": "Риск", "z": "Совокупная оценка (z)",
                     "q": "q (поправка Б—Х)", "triggered": "Сработавшие признаки",
                     "status": "Статус проверки", "reviewed_by": "Кем", "reviewed_at": "Когда (UTC)",
                     "comment": "Комментарий"}
OBJ_VIEWER_NOTE = "В режиме просмотра доступны только агрегированные данные: названия школ не показываются."
OBJ_DIRECTOR_NOTE = "Показаны только флаги вашей ОО; остальные — в виде количества по муниципалитетам."
OBJ_NO_FLAGS = "Флагов нет."
OBJ_RISK = {"high": "высокий", "elevated": "повышенный", "none": "нет"}
OBJ_STATUS = {"new": "новый", "under_review": "на проверке", "confirmed": "подтверждён",
              "dismissed": "снят"}
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
    "journal_lowered": "ВПР ниже журнала у {value} % участников при {reference} % в среднем по региону",
    "journal_raised": "ВПР выше журнала у {value} % участников при {reference} % в среднем по региону",
    "threshold_bunching": ("на границе отметки (порог и балл выше) — {value} % участников окна "
                           "«два балла ниже — два балла от порога» при {reference} % по региону"),
    "low_spread": "разброс баллов — {value} от обычного для региона (1,00)",
    "cohort_gap": ("отрыв ВПР от региона больше отрыва той же параллели на внешней процедуре на "
                   "{value} п. п. (медиана региона {reference} п. п.)"),
    "year_jump": "изменение к прошлому году {value} п. п. при {reference} п. п. в муниципалитете",
    "near_max": "максимальный или почти максимальный балл у {value} % при {reference} % по региону",
}
OBJ_SIGNS_COLUMNS = {"sign": "Признак", "reason": "Значение", "z": "z", "p": "p", "triggered": "Сработал"}
OBJ_YES, OBJ_NO = "да", "нет"
OBJ_SCORE_NOTE = ("Совокупная оценка {year} г.: z = {z}, q = {q}, риск — {risk}. В оценку входят "
                  "признаки: {signs} (за этот и прошлый год); остальные показаны как пояснения. "
                  "Признак «сработал» при одностороннем p ≤ {alpha}.")
OBJ_NOT_TESTED = "Школа в {year} г. не проверялась (меньше {n} участников ВПР или нет данных по ученикам)."
OBJ_DETAIL = "Разбор по школе"
OBJ_PICK_SCHOOL = "Школа"
OBJ_PROCEDURE = "Процедура ВПР"
OBJ_DISTRIBUTION = "Распределение первичных баллов: ОО и регион"
OBJ_DISTRIBUTION_AXIS = "Первичный балл"
OBJ_SHARE_AXIS = "Доля участников, %"
OBJ_THRESHOLD = "порог «{m}»"
OBJ_DISTRIBUTION_COLUMNS = {"score": "Балл", "school": "ОО, чел.", "school_share": "ОО, %",
                            "region": "Регион, чел.", "region_share": "Регион, %"}
OBJ_AGREEMENT = "Отметки ВПР и отметки по журналу"
OBJ_AGREEMENT_AXIS_X = "Отметка по журналу"
OBJ_AGREEMENT_AXIS_Y = "Отметка ВПР"
OBJ_AGREEMENT_SUMMARY = ("Понизили (ВПР ниже журнала): {lowered} % (регион {r_lowered} %); подтвердили: "
                         "{confirmed} % (регион {r_confirmed} %); повысили: {raised} % (регион {r_raised} %).")
OBJ_AGREEMENT_COLUMNS = {"journal_mark": "Отметка по журналу", "mark": "Отметка ВПР", "school": "ОО, чел.",
                         "school_share": "ОО, %", "region": "Регион, чел.", "region_share": "Регион, %"}
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
OBJ_REVIEW_HISTORY_COLUMNS = {"from_status": "Было", "to_status": "Стало", "comment": "Комментарий",
                              "reviewed_by": "Кем", "reviewed_at": "Когда (UTC)"}
OBJ_REVIEW_NONE = "Статус не менялся: «новый»."

# ------------------------------------------------------------------ rankings (issue 7)
RANK_TITLE = "Рейтинги с учётом контекста"
RANK_SUBTITLE = ("Результат школы сравнивается с ожидаемым при её социальных условиях; "
                 "модель строится по всем школам региона")
RANK_ALL_SUBJECTS = "Все предметы (составной показатель)"
RANK_ALL_GRADES = "Все классы"
RANK_LABEL_COVARIATES = "Учитываемые условия"
RANK_LABEL_LEVEL = "Уровень модели"
RANK_LEVELS = {"pupil": "Ученики (индивидуальные результаты)", "school": "Школы (средние по ОО)"}
RANK_COVARIATES = {
    "social_index": "Индекс социального благополучия школы",
    "prior": "Результат той же параллели годом раньше",
    "rural": "Сельская школа",
}
RANK_CATEGORIES = {
    "low_results": "Низкие результаты (ШНОР)",
    "resilient": "Резильентная",
    "adverse_conditions": "Неблагоприятные условия (ШНСУ)",
    "above": "Выше ожидаемого",
    "average": "Не отличается от среднего",
    "below": "Ниже ожидаемого",
}
RANK_SCATTER = "Результат и индекс социального благополучия"
RANK_CATERPILLAR = "Эффект школы с учётом контекста (95 % интервал)"
RANK_INTERVALS = "Место в рейтинге и его интервал"
RANK_FUNNEL = "Воронка: средний результат и число участников"
RANK_TABLE = "Таблица рейтинга"
RANK_METHOD = "Как считается"
RANK_X_SOCIAL = "Индекс социального благополучия (выше — лучше)"
RANK_Y_PERCENT = "Средний процент выполнения"
RANK_Y_GAP = "Отклонение от среднего по региону, п. п."
RANK_X_EFFECT = "Эффект школы, п. п."
RANK_X_PARTICIPANTS = "Участников"
RANK_RANK = "Место"
RANK_EXPECTED = "Ожидаемый результат"
RANK_BAND = "Не отличается от среднего"
RANK_OTHER = "Другая школа"
RANK_OWN = "Ваша ОО"
RANK_LIMIT_95 = "Границы 95 %"
RANK_LIMIT_998 = "Границы 99,8 %"
RANK_CENTRE = "Среднее по региону"
RANK_DOWNLOAD_CSV = "Скачать CSV"
RANK_DOWNLOAD_XLSX = "Скачать XLSX"
RANK_EMPTY = {
    "no_procedure": "Нет такой процедуры в регионе.",
    "no_results": "Нет результатов по выбранной процедуре.",
    "no_pupils": "Нет индивидуальных результатов: выберите уровень «Школы».",
    "no_fit": "Модель не построена: {reason}",
}
RANK_SOURCE = "Источник: {procedure}, {year} г. (дата проведения {date}); школ в модели: {schools}"
RANK_HIDDEN = "Не показаны {n} школ с числом участников менее {min} (правило малых чисел); в модели они учтены."
RANK_NAMES_NOTE = {
    "all": "Названия показаны для всех школ региона.",
    "municipality": "Названия показаны для школ вашего муниципалитета, остальные — без названий.",
    "school": "Ваша школа выделена; остальные школы показаны без названий.",
    "none": "Школы показаны без названий (только обобщённые данные).",
}
RANK_COLUMNS = {
    "name": "ОО", "school_code": "Код ОО", "n": "Участников", "result": "Результат",
    "social_index": "Индекс соц. благополучия", "effect": "Эффект с учётом контекста",
    "ci_low": "Нижняя граница 95 %", "ci_high": "Верхняя граница 95 %",
    "raw_rank": "Место без учёта контекста", "rank": "Место с учётом контекста",
    "rank_interval": "Интервал места", "category": "Категория",
}
RANK_METHOD_TEXT = (
    "Модель со случайным эффектом школы (многоуровневая линейная модель, REML): результат = "
    "общий уровень + влияние выбранных условий + эффект школы + случайный разброс. "
    "Эффект школы — насколько её результат выше или ниже ожидаемого при её условиях; "
    "у небольших школ он «сжимается» к нулю, потому что их средний результат менее надёжен. "
    "Если 95 % интервал эффекта включает ноль, школа не отличается от среднего. Интервал места "
    "получен из {n_sim} случайных розыгрышей эффектов. Индекс социального благополучия — среднее "
    "стандартизированных (по году) показателей социальных условий, знак выбран так, что больше — лучше."
)
RANK_VARIANCE = ("Дисперсия между школами τ² = {tau2}, внутри школ σ² = {sigma2}; доля дисперсии "
                 "между школами (ICC) = {icc}. Наблюдений: {n_obs}, школ: {n_groups}.")
RANK_FIXED = "Коэффициенты: {terms}."
RANK_CATEGORY_RULES = (
    "ШНОР — нижние {low} % по ВПР {years} года подряд; ШНСУ — нижние {adverse} % по индексу "
    "социального благополучия; резильентная — нижняя треть по индексу и результат выше медианы "
    "региона или эффект значимо выше нуля."
)
RANK_NO_PUPIL_COVARIATES = "Индивидуальных характеристик учеников в данных нет: все условия — на уровне школы."
RANK_PRIOR_NOTE = "Прошлый результат — та же процедура и предмет, класс на 1 младше, год на 1 раньше."


# ------------------------------------------------------------------ experts (issue 8)
EXPERTS_TITLE = "Экспертное сообщество"
EXPERTS_SUBTITLE = ("Реестр экспертов в сфере оценки качества образования и показатели "
                    "результативности сетевого экспертного сообщества (дорожная карта, приложение 2)")
EXPERTS_AS_OF = "Данные на дату"
EXPERTS_YEAR = "Год"
EXPERTS_MUNICIPALITY = "Муниципалитет"
EXPERTS_ALL = "Весь регион"
EXPERTS_KPI_TITLE = "Критерии, показатели и индикаторы результативности"
EXPERTS_KPI_NOTE = ("Год {year}, учтены факты, датированные не позднее {as_of}. Мониторинг: ОО "
                    "представляют сведения до 5 августа, МОУО проводит анализ до 15 августа. "
                    "«Близко» — значение ниже цели не более чем на {close} % цели.")
EXPERTS_KPI_COLUMNS = {"code": "№", "criterion": "Критерий", "measure": "Индикатор",
                       "unit": "Ед.", "formula": "Как считается", "numerator": "Числитель",
                       "denominator": "Знаменатель", "value": "Значение", "target": "Цель",
                       "status": "Статус"}
EXPERTS_STATUS = {"met": "достигнут", "close": "близко", "not_met": "не достигнут",
                  "no_target": "цель не задана", "no_data": "нет данных"}
EXPERTS_BREAKDOWN_TITLE = "По муниципалитетам, {year} год"
EXPERTS_BREAKDOWN_CARD = "Значения по муниципалитетам"
EXPERTS_TREND_TITLE = "Индикатор по годам и цель"
EXPERTS_TREND_VALUE = "Значение"
EXPERTS_TREND_TARGET = "Цель"
EXPERTS_COVERAGE_TITLE = "Охват направлений: эксперты реестра по направлениям и муниципалитетам"
EXPERTS_COVERAGE_NOTE = "Пустая клетка с «0» — направление без экспертов в муниципалитете."
EXPERTS_FUNNEL_TITLE = "Воронка реестра экспертов"
EXPERTS_FUNNEL_STAGES = ("Кандидаты", "Прошли оценочную процедуру (> {p} %)", "Включены в реестр",
                         "Привлекались в {year} году", "Прошли ПК за {n} года")
EXPERTS_XLSX = "Отчёт мониторинга (XLSX)"
EXPERTS_PDF = "Сводка мониторинга (PDF)"
EXPERTS_TARGET_TITLE = "Цель индикатора"
EXPERTS_TARGET_VALUE = "Целевое значение"
EXPERTS_TARGET_SAVE = "Сохранить цель"
EXPERTS_TARGET_SAVED = "Цель {code} на {year} год сохранена: {value}."
EXPERTS_TARGET_BAD = "Цель должна быть числом от 0 до 100 % (или не меньше 0 для единиц)."
EXPERTS_REGISTRY_TITLE = "Реестр экспертов"
EXPERTS_COUNTS_ONLY = "Для вашей роли доступны только количества экспертов, без фамилий."
EXPERTS_NONE = "Эксперты по заданным условиям не найдены."
EXPERTS_FILTER_DIRECTION = "Направление"
EXPERTS_FILTER_STATUS = "Статус в реестре"
EXPERTS_FILTER_YEAR = "Год деятельности"
EXPERTS_STATUSES = {"candidate": "кандидат", "included": "включён", "excluded": "исключён"}
EXPERTS_REGISTRY_COLUMNS = {"expert_code": "Код", "full_name": "ФИО", "municipality": "Муниципалитет",
                            "position": "Должность", "directions": "Направления",
                            "qualification": "Оценочная процедура", "status": "Статус",
                            "trainings": "ПК (курсов)", "engagements": "Привлечения по годам"}
EXPERTS_COUNT_COLUMNS = {"municipality": "Муниципалитет", "candidate": "Кандидаты",
                         "included": "Включены", "excluded": "Исключены", "total": "Всего"}
EXPERTS_EDIT_TITLE = "Добавить или изменить эксперта"
EXPERTS_EDIT_PICK = "Эксперт для изменения (пусто — новый)"
EXPERTS_EDIT_LABELS = {"code": "Код эксперта", "name": "ФИО", "municipality": "Муниципалитет",
                       "position": "Должность", "directions": "Направления",
                       "score": "Результат оценочной процедуры, %", "score_date": "Дата процедуры",
                       "status": "Статус", "status_date": "Дата включения / исключения"}
EXPERTS_SAVE = "Сохранить"
EXPERTS_EXCLUDE = "Исключить из реестра"
EXPERTS_SAVED = "Эксперт {code} сохранён."
EXPERTS_EXCLUDED = "Эксперт {code} исключён из реестра с {date}."
EXPERTS_FAILED = "Не сохранено: {reason}"
EXPERTS_ERR = {
    "code": "код: 3–30 символов (буквы, цифры, - _ /)",
    "name": "укажите ФИО (до 200 символов)",
    "municipality": "выберите муниципалитет своего региона",
    "directions": "выберите хотя бы одно направление из 13",
    "score": "результат — число от 0 до 100",
    "score_needed": "для включения в реестр нужен результат оценочной процедуры и её дата",
    "pass": "в реестр включается специалист с результатом более {p} %",
    "status": "неизвестный статус",
    "status_date": "укажите дату включения или исключения",
    "future": "дата не может быть позже сегодняшней",
    "pick": "выберите эксперта",
    "not_included": "исключить можно только эксперта, включённого в реестр",
    "date_order": "дата исключения раньше даты включения",
}
EXPERTS_REPORT_SHEETS = {"params": "Параметры", "table": "Показатели", "breakdown": "По муниципалитетам"}
EXPERTS_REPORT_TITLE = "Мониторинг результативности регионального сетевого экспертного сообщества"
EXPERTS_REPORT_PARAMS = {"year": "Год", "as_of": "Данные на дату", "generated": "Сформирован",
                         "by": "Пользователь", "rule": "Правило"}
EXPERTS_REPORT_RULE = "Учтены только факты, датированные не позднее даты отчёта."
EXPERTS_PDF_COLUMNS = ["№", "Индикатор", "Числ.", "Знам.", "Знач.", "Цель", "Статус"]
EXPERTS_FORMULAS = {
    "1.1": "Число нормативных документов об экспертном сообществе (региональных и муниципальных), "
           "подписанных в году не позднее даты отчёта",
    "1.2": "Процедуры года с экспертом реестра (на дату привлечения) / все процедуры года × 100",
    "2.1": "Процедуры года с контентом экспертного сообщества / все процедуры года × 100",
    "2.2": "Включённые в реестр на дату / прошедшие оценочную процедуру более чем на 60 % × 100",
    "2.3": "Эксперты реестра, привлекавшиеся к процедурам в году / эксперты реестра на дату × 100",
    "3.1": "Утверждённые в году материалы, обсуждённые на экспертной площадке / все "
           "утверждённые в году материалы × 100",
    "3.2": "Эксперты реестра с ПК за последние {n} года / эксперты реестра на дату × 100",
    "3.3": "Материалы года с автором — экспертом реестра / все материалы года × 100",
    "3.4": "Публикации года минус публикации предыдущего года (числитель — год, знаменатель — "
           "предыдущий год)",
}

# ------------------------------------------------------------------ roadmaps (issue 9)
ROADMAPS_TITLE = "Дорожные карты"
ROADMAPS_SUBTITLE = "Ход выполнения дорожных карт и программы ОЭР: сроки, статусы, материалы"
ROADMAPS_PICK = "Дорожная карта"
ROADMAPS_NONE = "Дорожных карт нет: загрузите демонстрационные данные или импортируйте мероприятия."
ROADMAP_KINDS = {"roadmap": "дорожная карта", "pilot_programme": "программа ОЭР"}
ROADMAP_STATUS_NAMES = {"planned": "запланировано", "in_progress": "выполняется",
                        "done": "выполнено", "overdue": "просрочено", "cancelled": "отменено"}
ROADMAP_OUTCOME_NAMES = {"done_on_time": "выполнено в срок", "done_late": "выполнено с опозданием",
                         "done_undated": "выполнено (дата не указана)", "overdue": "просрочено",
                         "in_progress": "выполняется", "planned": "запланировано",
                         "cancelled": "отменено"}
ROADMAP_HEADER = "{kind}, {years}; источник — документ {source}. {owner}"
ROADMAP_OWNER = "Владелец: {owner}."
ROADMAP_OWNER_REGION = "Региональная."
ROADMAP_EDITABLE = "Вы можете изменять статусы и прикладывать материалы (карточка мероприятия)."
ROADMAP_READ_ONLY = ("Только просмотр: изменять статусы могут регион, администратор и "
                     "муниципалитет — владелец дорожной карты.")
ROADMAP_GANTT = "График мероприятий"
ROADMAP_TODAY = "сегодня"
ROADMAP_GANTT_NOTE = ("Статусы на {date}; «просрочено» — не выполнено и не отменено, а срок "
                      "прошёл. Мероприятий на графике: {n}.")
ROADMAP_PROGRESS = "Выполнение по разделам"
ROADMAP_OVERALL = "Всего"
ROADMAP_PROGRESS_COLUMNS = {"section": "Раздел", "items": "Мероприятий",
                            "share_done_on_time": "Выполнено в срок, %",
                            "share_done_late": "С опозданием, %",
                            "share_done_undated": "Без даты выполнения, %",
                            "share_overdue": "Просрочено, %", "cancelled": "Отменено"}
ROADMAP_PROGRESS_NOTE = "Доли — от мероприятий без отменённых."
ROADMAP_TABLE = "Мероприятия"
ROADMAP_FILTER_EXECUTOR = "Исполнитель"
ROADMAP_FILTER_STATUS = "Статус"
ROADMAP_FILTER_PERIOD = "Период (пересекается со сроком мероприятия)"
ROADMAP_TABLE_COUNT = "Показано {n} из {total}."
ROADMAP_ITEM_COLUMNS = {"number": "№", "title": "Мероприятие", "executors": "Исполнители",
                        "period_text": "Срок по документу", "dates": "Даты",
                        "status": "Статус", "progress": "Выполнение, %"}
ROADMAP_DUE_SOON = "Срок в ближайшие {days} дней"
ROADMAP_OVERDUE = "Просрочено"
ROADMAP_NONE_DUE = "Нет открытых мероприятий со сроком в ближайшие {days} дней."
ROADMAP_NONE_OVERDUE = "Просроченных мероприятий нет."
ROADMAP_DUE_LINE = "{number}. {title} — срок {due}"
ROADMAP_OVERDUE_LINE = "{number}. {title} — срок {due}, просрочено на {days} дн."
ROADMAP_AS_OF = "Отчёт на дату"
ROADMAP_EXPORT_XLSX = "Отчёт XLSX"
ROADMAP_EXPORT_PDF = "Отчёт PDF"
ROADMAP_REPORT_TITLE = "Отчёт о ходе выполнения на {date}"
ROADMAP_REPORT_SHEETS = {"summary": "Итоги", "items": "Мероприятия", "history": "История"}
ROADMAP_REPORT_SUMMARY = ("Всего мероприятий: {items}; выполнено в срок: {on_time}; с опозданием: "
                          "{late}; просрочено: {overdue}; отменено: {cancelled}.")
PILOT_TITLE = "Программа ОЭР: этапы, задачи и подтверждающие материалы"
PILOT_STAGE = "{stage}: выполнено {done} из {total} задач"
PILOT_TASK_RESULT = "Ожидаемый результат: "
PILOT_TASK_MATERIALS = "Подтверждающие материалы: "
PILOT_TASK_EVIDENCE = "приложено материалов: {n}"
PILOT_PRODUCTS = "Конечные продукты ОЭР (раздел V программы) и страницы ОКО"
PILOT_PRODUCT_BUILT = "реализовано в ОКО"
PILOT_PRODUCT_NOT_BUILT = "не реализовано: страница пока заглушка"
PILOT_PRODUCT_OUTSIDE = "не функция ОКО: документы прикладываются как подтверждающие материалы"
ITEM_TITLE = "Мероприятие {number}"
ITEM_BACK = "← к дорожным картам"
ITEM_NOT_FOUND = "Мероприятие не найдено."
ITEM_FIELDS = {"roadmap": "Дорожная карта", "section": "Раздел", "participants": "Участники",
               "executors": "Исполнители", "period_text": "Срок по документу", "dates": "Даты",
               "status": "Статус", "progress": "Выполнение, %", "completed_on": "Дата выполнения",
               "expected_result": "Ожидаемый результат",
               "confirming_materials": "Подтверждающие материалы по документу"}
ITEM_EVIDENCE = "Подтверждающие материалы"
ITEM_EVIDENCE_NONE = "Материалы не приложены."
ITEM_EVIDENCE_COLUMNS = {"title": "Материал", "kind": "Вид", "size": "Размер", "sha256": "SHA-256",
                         "added_by": "Кто добавил", "added_at": "Когда (UTC)"}
ITEM_EVIDENCE_KINDS = {"link": "ссылка", "file": "файл"}
ITEM_EVIDENCE_TITLE = "Название материала"
ITEM_EVIDENCE_URL = "Ссылка (https://…)"
ITEM_ADD_LINK = "Добавить ссылку"
ITEM_UPLOAD = "Перетащите файл или нажмите, чтобы выбрать: {types}, до {mb} МБ"
ITEM_DOWNLOAD_PICK = "Файл для скачивания"
ITEM_DOWNLOAD = "Скачать"
ITEM_EVIDENCE_ADDED = "Материал «{title}» добавлен."
ITEM_EVIDENCE_ERRORS = {
    "no_title": "Укажите название материала.",
    "bad_url": "Ссылка должна начинаться с http:// или https://.",
    "too_large": "Файл больше {mb} МБ.",
    "empty": "Файл пуст.",
    "bad_type": "Допустимы только файлы {types}.",
    "bad_content": "Содержимое файла не соответствует расширению .{ext}.",
    "unreadable": "Не удалось прочитать загруженный файл.",
}
ITEM_HISTORY = "История статусов"
ITEM_HISTORY_NONE = "Изменений статуса не было."
ITEM_HISTORY_COLUMNS = {"changed_at": "Когда (UTC)", "changed_by": "Кто", "from_status": "Было",
                        "to_status": "Стало", "comment": "Комментарий"}
ITEM_CHANGE = "Изменить статус"
ITEM_NEW_STATUS = "Новый статус"
ITEM_PROGRESS = "Выполнение, %"
ITEM_COMPLETED_ON = "Дата выполнения (для «выполнено»)"
ITEM_COMMENT = "Комментарий (обязателен при отмене)"
ITEM_SAVE = "Сохранить"
ITEM_SAVED = "Сохранено: {status}."
ITEM_CHANGE_ERRORS = {
    "bad_status": "Выберите статус.",
    "bad_progress": "Выполнение — число от 0 до 100.",
    "bad_date": "Дата выполнения не распознана.",
    "future_completion": "Дата выполнения не может быть позже сегодняшней.",
    "cancel_needs_comment": "При отмене укажите причину в комментарии.",
    "nothing_changed": "Ничего не изменилось.",
}
ITEM_LINKS = "На какие показатели и страницы работает мероприятие"
ITEM_LINKS_NONE = "Связи с показателями и страницами не указаны."
ITEM_LINK_KPI = "Показатель {code} (прил. 2 документа 004): {indicator}"
ITEM_LINK_PAGE = "Страница ОКО: "
ITEM_KPI_TREND = "Исходные данные показателя {code} по годам: {metric} ({place})"
ITEM_KPI_ELSEWHERE = "тренд показателя — на странице /experts"
ITEM_KPI_NOTE = ("Это не сам показатель, а число, из которого он считается; значения показателя "
                 "— на странице /experts.")
ROADMAP_KPI_METRICS = {
    "normative_documents": "нормативных документов подписано за год",
    "registry_experts": "экспертов в реестре на конец года",
    "engagements": "привлечений экспертов реестра к процедурам за год",
    "trainings": "курсов повышения квалификации экспертов за год",
    "materials_approved": "материалов утверждено после обсуждения на площадке за год",
    "publications": "публикаций за год",
}
