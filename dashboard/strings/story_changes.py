"""Russian UI text: story_changes (issue 21): refusals of story edits, and what changed in a
frozen story's slides since it was frozen (dashboard.analytics.snapshot_changes)."""

STORY_REFUSED = "Не сохранено: {reason}"
STORY_REFUSED_OTHER = "значение не подходит"
STORY_REFUSALS = {
    "bad_title": "нужно название (не длиннее 200 знаков)",
    "bad_description": "слишком длинное описание",
    "bad_note": "слишком длинная заметка",
    "bad_path": "эту страницу нельзя добавить в историю",
    "bad_query": "слишком длинный адрес страницы",
    "bad_offset": "слайд можно сдвинуть только на одно место",
    "bad_share": "неизвестная роль или пользователь",
    "frozen": "история зафиксирована: сначала снимите фиксацию",
    "too_many_slides": "в истории не может быть больше 100 слайдов",
    "no_slides": "в истории нет слайдов",
    "incomplete": "не все слайды удалось зафиксировать",
}
CHANGE_TABLE_CELL = "Таблица «{table}»: строка «{row}», столбец «{column}»: {before} → {after}"
CHANGE_TABLE_ROW_GONE = "Таблица «{table}»: строки «{row}» больше нет"
CHANGE_TABLE_ROW_NEW = "Таблица «{table}»: новая строка «{row}»"
CHANGE_TABLE_SHAPE = "Таблица «{table}»: столбцы изменились"
CHANGE_TABLES_COUNT = "Число таблиц: {before} → {after}"
CHANGE_FIGURES_COUNT = "Число графиков: {before} → {after}"
CHANGE_TRACE = "График {figure}, ряд «{trace}», «{label}»: {before} → {after}"
CHANGE_TRACE_POINTS = "График {figure}, ряд «{trace}»: точек {before} → {after}"
CHANGE_TRACE_GONE = "График {figure}: ряда «{trace}» больше нет"
CHANGE_TRACE_NEW = "График {figure}: новый ряд «{trace}»"
CHANGE_MESSAGE = "Сообщение слайда: «{before}» → «{after}»"
CHANGE_MORE = "…и ещё изменений: {count}"
CHANGE_EMPTY = "нет"
