"""The administration pages: users, audit log, imports."""

# ------------------------------------------------------------------ /admin/users
USERS_TITLE = "Пользователи"
USERS_SUBTITLE = "Учётные записи, роли и области доступа"
USERS_COLUMNS = {
    "login": "Логин",
    "role": "Роль",
    "municipality_code": "Код муниципалитета",
    "school_code": "Код ОО",
    "state": "Состояние",
    "created_at": "Создан",
    "sessions": "Активных сеансов",
}
USER_ACTIVE = "активен"
USER_DISABLED = "отключён"
USERS_STATES = {"active": USER_ACTIVE, "disabled": USER_DISABLED}
USERS_SHOWN = "Показано учётных записей: {shown} из {total}."
USERS_FILTER_ROLE = "Роль"
USERS_FILTER_STATE = "Состояние"
USERS_ANY = "все"
# Times on the administration pages (user created, import run), to the minute.
ADMIN_TIME_FORMAT = "%d.%m.%Y %H:%M"
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
AUDIT_SUBTITLE = "Кто, когда и что делал; новые записи сверху"
AUDIT_LABEL_FROM = "Дата с"
AUDIT_LABEL_TO = "Дата по"
AUDIT_LABEL_LOGIN = "Логин (часть)"
AUDIT_LABEL_ACTION = "Действие"
AUDIT_LABEL_OUTCOME = "Результат"
AUDIT_ANY = "все"
AUDIT_DATE_PLACEHOLDER = "дд.мм.гггг"
AUDIT_COLUMNS = {
    "at": "Время",
    "user_login": "Логин",
    "scope": "Роль и область доступа",
    "ip": "IP-адрес",
    "action": "Действие",
    "scope_asked": "Что запрошено",
    "outcome": "Результат",
    "detail": "Подробности",
}
# Every action code written to the audit log (data_access.audit.record and its callers; a
# test keeps this list complete), as the log and its filter show it.
AUDIT_ACTIONS = {
    "login": "вход",
    "logout": "выход",
    "callback": "запрос данных",
    "user_add": "добавление пользователя",
    "user_disable": "отключение пользователя",
    "user_enable": "включение пользователя",
    "user_password_reset": "сброс пароля",
    "password_change": "смена своего пароля",
    "import": "импорт данных",
    "objectivity_review": "решение по флагу объективности",
    "roadmap_status": "изменение статуса мероприятия",
    "roadmap_evidence": "подтверждение мероприятия",
    "kpi_target": "целевое значение показателя",
    "expert_save": "изменение карточки эксперта",
    "expert_exclude": "исключение эксперта",
    "user_totp": "настройка второго фактора (TOTP)",
    "download": "выгрузка или скачивание файла",
}
AUDIT_OUTCOMES = {
    "success": "успешно",
    "failure": "ошибка",
    "denied": "отказано",
    "refused": "отклонено",
    "throttled": "слишком много попыток",
}
# The granted scope in users' terms: «муниципалитет, Карабашский городской округ».
AUDIT_SCOPE = "{role}, {place}"
AUDIT_SCOPE_REGION = "весь регион"
# What was asked, where the log stores a technical key.
AUDIT_ASKED_ROADMAP_ITEM = "мероприятие дорожной карты (№ {id} в базе)"
# Details the log stores in a technical form.
AUDIT_DETAIL_IMPORT = "файл «{file}», ошибок: {errors}"
AUDIT_DETAIL_NO_TOTP = "у администратора не настроен второй фактор входа (TOTP)"
AUDIT_DETAIL_STATUS = "{place}: {old} → {new}, выполнение {progress} %"
AUDIT_DETAIL_ITEM = "{roadmap}, п. {number}"
AUDIT_DETAIL_CHANGE = "{old} → {new}"
AUDIT_DETAIL_REFUSED = "{old} → {new}: {reason}"
AUDIT_DETAIL_ROADMAP = "дорожная карта {code}"
AUDIT_DETAIL_EVIDENCE = {"link": "ссылка: {title}", "file": "файл: {title}"}
AUDIT_DETAIL_COMMENT_REQUIRED = "нужен комментарий"
# Why a material was not added (evidence_store.EvidenceRefused keys), for the log.
AUDIT_EVIDENCE_REASONS = {
    "no_title": "нет названия",
    "bad_url": "ссылка не http(s)",
    "too_large": "файл слишком большой",
    "empty": "файл пуст",
    "bad_type": "недопустимый тип файла",
    "bad_content": "содержимое не соответствует расширению",
    "unreadable": "файл не читается",
}
# Who changed users with the `oko users` command on the server (the OS user is the login,
# the host name the address).
AUDIT_ROLE_CLI = "командная строка сервера"
# What a download was (callbacks.downloads.sent's `what`), and how the log says it.
AUDIT_DOWNLOADS = {
    "decisions.plan": "план мероприятий по результатам оценочных процедур (/decisions)",
    "decisions.compensation": "план компенсации дефицитов условий (/decisions)",
    "training.plan_order": "план-заказ на повышение квалификации (/training)",
    "rankings": "рейтинг школ (/rankings)",
    "rankings.municipalities": "рейтинг по муниципалитетам (/rankings)",
    "procedures.histogram": "распределение баллов (/procedures)",
    "procedures.box": "разброс результатов (/procedures)",
    "procedures.marks": "отметки (/procedures)",
    "procedures.means": "средний процент (/procedures)",
    "procedures.slope": "изменение по годам (/procedures)",
    "procedures.heatmap": "задания и умения (/procedures)",
    "procedures.pair": "та же когорта (/procedures)",
    "objectivity.flags": "список флагов объективности (/objectivity)",
    "objectivity.distribution": "распределение баллов школы (/objectivity)",
    "objectivity.agreement": "согласованность отметок (/objectivity)",
    "experts.report": "отчёт мониторинга экспертов (/experts)",
    "roadmaps.report": "отчёт по дорожной карте (/roadmaps)",
    "school_profile": "профиль школы, PDF (/schools)",
    "evidence": "файл подтверждения мероприятия (/roadmaps)",
    "story": "история, слайды (/stories)",
    "story.view": "слайд страницы",
}
AUDIT_DETAIL_TOTP = {"on": "второй фактор включён", "off": "второй фактор выключен"}
AUDIT_DETAIL_DOWNLOAD = "{what}, {format}"
AUDIT_DETAIL_DOWNLOAD_ROWS = "{what}, {format}, строк: {rows}"
AUDIT_DETAIL_DOWNLOAD_FILE = "{what}: «{file}», {format}"
AUDIT_SHOWN = "Записи {first}–{last} из {total}."
AUDIT_EMPTY = "Записей, подходящих под условия, нет."
AUDIT_TIME_FORMAT = "%d.%m.%Y %H:%M:%S"

# ------------------------------------------------------------------ /admin/imports (issue 4)
IMPORTS_TITLE = "Импорт данных"
IMPORTS_SUBTITLE = (
    "Файлы CSV и XLSX проверяются целиком: при любой ошибке не записывается ничего. "
    "Форматы описаны в docs/data-formats.md."
)
IMPORTS_KIND = "Вид данных"
IMPORTS_SHEET = "Лист XLSX (по умолчанию первый)"
IMPORTS_DROP = "Перетащите файл сюда или нажмите, чтобы выбрать (.csv, .xlsx)"
IMPORTS_LIMIT = (
    "Предел загрузки через браузер — {mb} МБ; файлы больше загружайте командой "
    "`oko import ВИД ФАЙЛ` на сервере. Файлы больше {background} МБ импортируются "
    "в фоне, ход виден на полосе прогресса."
)
IMPORTS_JOB_RUNNING = "Импорт «{name}»: {message}"
IMPORTS_JOB_BROKEN = "Фоновый импорт прерван внутренней ошибкой. Ничего не записано."
IMPORTS_PICK_KIND = "Выберите вид данных, затем файл."
IMPORTS_UNREADABLE = "Не удалось прочитать загруженный файл."
IMPORTS_TOO_LARGE = "Файл больше {mb} МБ."
IMPORTS_READING = "Файл читается"
IMPORTS_PREVIEW = "Первые {n} строк, как они прочитаны"
IMPORTS_CHECK_OK = (
    "Файл «{name}» проверен: будет добавлено {inserted}, изменено {updated}, "
    "без изменений {unchanged}. Нажмите «Импортировать»."
)
IMPORTS_CHANGES_TITLE = "Что изменится в уже загруженных данных: строк {n}"
IMPORTS_CHANGES_NOTE = (
    "Эти строки файла совпадают по ключу с записями в базе и заменят их значения. "
    "Проверьте изменения перед импортом."
)
IMPORTS_CHANGES_MORE = "…и ещё {n} изменённых строк (показаны первые {shown})."
IMPORTS_CHANGE_COLUMNS = {
    "line": "Строка файла",
    "record": "Запись",
    "column": "Столбец",
    "change": "Было → станет",
}
IMPORTS_CHANGE = "{before} → {after}"
IMPORTS_RECORD_PART = "{column}: {value}"
IMPORTS_CHECK_FAILED = "Файл «{name}» отклонён: ошибок {count}. Ничего не записано."
IMPORTS_MORE_ERRORS = "…и ещё {n} ошибок (показаны первые {shown})."
IMPORTS_CONFIRM = "Импортировать"
IMPORTS_DONE = (
    "Импорт «{name}» выполнен: добавлено {inserted}, изменено {updated}, без изменений {unchanged}."
)
IMPORTS_RUNS = "Последние импорты"
IMPORTS_NONE = "Импортов ещё не было."
IMPORTS_ERROR_COLUMNS = {"line": "Строка", "column": "Столбец", "message": "Ошибка"}
IMPORTS_RUN_COLUMNS = {
    "at": "Когда",
    "user_login": "Кто",
    "file_name": "Файл",
    "kind": "Вид",
    "rows_inserted": "Добавлено",
    "rows_updated": "Изменено",
    "rows_unchanged": "Без изменений",
    "outcome": "Итог",
    "error_count": "Ошибок",
    "reason": "Причина сбоя",
}
IMPORTS_OUTCOMES = {
    "running": "выполняется",
    "success": "выполнен",
    "rejected": "отклонён",
    "failed": "сбой",
    "dry_run": "проверка",
}
