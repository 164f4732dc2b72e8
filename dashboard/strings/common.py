"""Shared wording: app name, navigation, roles, placeholders, procedure names."""

APP_TITLE = "ОКО — оценка качества образования"
APP_SHORT = "ОКО"
NO_DATA = "нет данных"
NOT_BUILT = "не реализовано"
SUPPRESSED = "скрыто"
SUPPRESSION_RULE = "Значения по группам менее {n} участников скрыты (правило малых чисел)."
ACCESS_DENIED = "Нет доступа к этим данным."
CALLBACK_BUSY = (
    "Слишком много новых расчётов модели за минуту. Подождите минуту и повторите: уже "
    "рассчитанные варианты открываются без ожидания."
)
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
    "/voluntary": "Добровольная диагностика",
    "/stories": "Истории",
    "/admin/imports": "Импорт",
    "/admin/users": "Пользователи",
    "/admin/audit": "Журнал аудита",
}
NAV_ADMIN = "Сервис"  # the navbar menu holding the /admin pages (short: the bar fits 1200 px)
# Navbar labels: short, so the whole bar stays on one line at 1366 px (and down to 1200 px);
# the page titles keep the full names of NAV.
NAV_SHORT = {
    **NAV,
    "/rankings": "Рейтинги",
    "/training": "План ПК",
    "/voluntary": "Диагностика",
}
NAV_TOGGLE = "Открыть или закрыть меню"  # aria-label of the navbar's menu button (narrow screens)

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
    "voluntary": "Добровольная диагностика",
}

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

# AG Grid's interface text (dashboard/web/tables.py): sorting, filters, paging.
GRID_LOCALE = {
    "page": "Страница",
    "more": "ещё",
    "to": "–",
    "of": "из",
    "firstPage": "Первая страница",
    "previousPage": "Предыдущая страница",
    "nextPage": "Следующая страница",
    "lastPage": "Последняя страница",
    "loadingOoo": "Загрузка…",
    "loadingError": "Ошибка",
    "noMatchingRows": "Нет подходящих строк",
    "exportingOoo": "Экспорт…",
    "noRowsToShow": "Нет строк",
    "pageSizeSelectorLabel": "Строк:",
    "ariaPageSizeSelectorLabel": "Строк на странице",
    "pageLastRowUnknown": "?",
    "filterOoo": "Фильтр…",
    "applyFilter": "Применить",
    "resetFilter": "Сбросить",
    "clearFilter": "Очистить",
    "cancelFilter": "Отмена",
    "equals": "Равно",
    "notEqual": "Не равно",
    "blank": "Пусто",
    "notBlank": "Не пусто",
    "empty": "Выберите…",
    "lessThan": "Меньше",
    "greaterThan": "Больше",
    "lessThanOrEqual": "Меньше или равно",
    "greaterThanOrEqual": "Больше или равно",
    "inRange": "В диапазоне",
    "inRangeStart": "от",
    "inRangeEnd": "до",
    "contains": "Содержит",
    "notContains": "Не содержит",
    "startsWith": "Начинается с",
    "endsWith": "Заканчивается на",
    "andCondition": "И",
    "orCondition": "ИЛИ",
    "selectAll": "Выбрать все",
    "searchOoo": "Поиск…",
    "noMatches": "Нет совпадений",
    "sortAscending": "По возрастанию",
    "sortDescending": "По убыванию",
    "sortUnSort": "Без сортировки",
    "columns": "Столбцы",
    "filters": "Фильтры",
    "pinColumn": "Закрепить",
    "autosizeThisColumn": "Подогнать ширину",
    "resetColumns": "Сбросить столбцы",
    "copy": "Копировать",
    "export": "Экспорт",
    "csvExport": "Экспорт в CSV",
    "ariaFilterInput": "Поле фильтра",
    "ariaFilterValue": "Значение фильтра",
    "ariaSearch": "Поиск",
    "textFilter": "Текстовый фильтр",
    "numberFilter": "Числовой фильтр",
    "bigintFilter": "Числовой фильтр",
    "dateFilter": "Фильтр по дате",
    "setFilter": "Фильтр по значениям",
    "before": "До",
    "after": "После",
    "dateFormatOoo": "дд.мм.гггг",
    "blanks": "(Пусто)",
    "invalidDate": "Неверная дата",
    "invalidNumber": "Неверное число",
    "invalidBigInt": "Неверное число",
    "invalidSelectionValidation": "Неверный выбор.",
    "filterSummaryInactive": "— все",
    "filterSummaryContains": "содержит",
    "filterSummaryNotContains": "не содержит",
    "filterSummaryTextEquals": "равно",
    "filterSummaryTextNotEqual": "не равно",
    "filterSummaryStartsWith": "начинается с",
    "filterSummaryEndsWith": "заканчивается на",
    "filterSummaryBlank": "пусто",
    "filterSummaryNotBlank": "не пусто",
    "filterSummaryInRange": "в диапазоне",
    "yesterday": "Вчера",
    "today": "Сегодня",
    "tomorrow": "Завтра",
    "last7Days": "Последние 7 дней",
    "lastWeek": "Прошлая неделя",
    "thisWeek": "Эта неделя",
    "nextWeek": "Следующая неделя",
    "last30Days": "Последние 30 дней",
    "lastMonth": "Прошлый месяц",
    "thisMonth": "Этот месяц",
    "nextMonth": "Следующий месяц",
    "last90Days": "Последние 90 дней",
    "lastQuarter": "Прошлый квартал",
    "thisQuarter": "Этот квартал",
    "nextQuarter": "Следующий квартал",
    "lastYear": "Прошлый год",
    "thisYear": "Этот год",
    "yearToDate": "С начала года",
    "nextYear": "Следующий год",
    "last6Months": "Последние 6 месяцев",
    "last12Months": "Последние 12 месяцев",
    "last24Months": "Последние 24 месяца",
    # screen-reader labels and hints (aria-label, aria-description)
    "ariaChecked": "отмечено",
    "ariaUnchecked": "не отмечено",
    "ariaIndeterminate": "частично",
    "ariaColumnCellSelection": "Enter — выделить все видимые ячейки столбца",
    "ariaColumnGroupCellSelection": "Enter — выделить все видимые ячейки группы столбцов",
    "ariaColumnGroupCellSelectionAndExpansion": (
        "Enter — выделить все видимые ячейки группы столбцов, Alt+Enter — развернуть "
        "или свернуть группу"
    ),
    "ariaColumnGroupExpansion": "Enter — развернуть или свернуть группу столбцов",
    "ariaColumnFiltered": "Столбец отфильтрован",
    "ariaDateFilterInput": "Поле фильтра по дате",
    "ariaDeferSkeletonCellLoading": "Ячейка загружается",
    "ariaFilterColumn": "Ctrl+Enter — открыть фильтр",
    "ariaFilterFromValue": "Фильтр: значение от",
    "ariaFilterToValue": "Фильтр: значение до",
    "ariaFilterMenuOpen": "Открыть меню фильтра",
    "ariaFilteringOperator": "Условие фильтра",
    "ariaHasNote": "У ячейки есть примечание.",
    "ariaHeaderSelection": "Столбец с выбором в заголовке",
    "ariaInputEditor": "Редактор",
    "ariaLabelColumnFilter": "Фильтр столбца",
    "ariaLabelColumnMenu": "Меню столбца",
    "ariaLabelSelectField": "Выбор значения",
    "ariaLabelTooltip": "Подсказка",
    "ariaMenuColumn": "Alt+стрелка вниз — открыть меню столбца",
    "ariaPendingChange": "Изменение не сохранено",
    "ariaRowSelect": "Пробел — выбрать строку",
    "ariaRowDeselect": "Пробел — снять выбор строки",
    "ariaRowSelectAll": "Пробел — выбрать все строки или снять выбор",
    "ariaRowSelectionDisabled": "Эту строку нельзя выбрать",
    "ariaRowToggleSelection": "Пробел — выбрать строку или снять выбор",
    "ariaSkeletonCellLoading": "Строка загружается",
    "ariaSkeletonCellLoadingFailed": "Строку не удалось загрузить",
    "ariaSortableColumn": "Enter — сортировать",
    "ariaSortableColumnWithCellSelection": "Alt+Enter — сортировать",
    "ariaToggleCellValue": "Пробел — переключить значение",
    "ariaValidationErrorPrefix": "Ошибка проверки значения",
    "thousandSeparator": "\u2009",
    "decimalSeparator": ",",
}
GRID_YES = "да"  # a true flag in a grid cell
EXPORT_SHEET = "Данные"  # the sheet of an XLSX export
YEAR_SHORT = "{year} г."

DECISIONS_TITLE = "Управленческие решения"
TRAINING_TITLE = "План-заказ на повышение квалификации"


def procedure_label(kind: str, subject: str, grade: int | None = None) -> str:
    name = PROCEDURE_KINDS.get(kind, kind)
    return f"{name}, {subject}" + (f", {grade} кл." if grade else "")


# dcc.Dropdown's own interface text (Dash ships it in English).
DROPDOWN_PLACEHOLDER = "Выберите…"
DROPDOWN_LABELS = {
    "select_all": "Выбрать все",
    "deselect_all": "Снять выбор",
    "selected_count": "выбрано: {num_selected}",
    "search": "Поиск",
    "clear_search": "Очистить поиск",
    "clear_selection": "Очистить выбор",
    "no_options_found": "Ничего не найдено",
}

# Dash's date pickers' own text (Dash ships it in English); month and weekday names come from
# assets/02-date-locale-ru.js.
DATE_PLACEHOLDER = "дд.мм.гггг"
DATE_RANGE_START = "с дд.мм.гггг"
DATE_RANGE_END = "по дд.мм.гггг"

# The 404 page (pages/not_found_404.py).
NOT_FOUND_TITLE = "Страница не найдена"
NOT_FOUND_TEXT = "Такой страницы нет: возможно, адрес набран с ошибкой или страница удалена."
NOT_FOUND_BACK = "Вернуться к обзору"
