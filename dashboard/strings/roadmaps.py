"""Roadmaps and the pilot programme (/roadmaps)."""

# ------------------------------------------------------------------ roadmaps (issue 9)
ROADMAPS_TITLE = "Дорожные карты"
ROADMAPS_SUBTITLE = "Ход выполнения дорожных карт и программы ОЭР: сроки, статусы, материалы"
ROADMAPS_PICK = "Дорожная карта"
ROADMAP_KINDS = {"roadmap": "дорожная карта", "pilot_programme": "программа ОЭР"}
ROADMAP_STATUS_NAMES = {
    "planned": "запланировано",
    "in_progress": "выполняется",
    "done": "выполнено",
    "overdue": "просрочено",
    "cancelled": "отменено",
}
ROADMAP_OUTCOME_NAMES = {
    "done_on_time": "выполнено в срок",
    "done_late": "выполнено с опозданием",
    "done_undated": "выполнено (дата не указана)",
    "overdue": "просрочено",
    "in_progress": "выполняется",
    "planned": "запланировано",
    "cancelled": "отменено",
}
ROADMAP_HEADER = "{kind}, {years}; источник — документ {source}. {owner}"
ROADMAP_OWNER = "Владелец: {owner}."
ROADMAP_OWNER_REGION = "Региональная."
ROADMAP_EDITABLE = "Вы можете изменять статусы и прикладывать материалы (карточка мероприятия)."
ROADMAP_READ_ONLY = (
    "Только просмотр: изменять статусы могут регион, администратор и "
    "муниципалитет — владелец дорожной карты."
)
ROADMAP_GANTT = "График мероприятий"
ROADMAP_TODAY = "сегодня"
ROADMAP_GANTT_NOTE = (
    "Статусы на {date}; «просрочено» — не выполнено и не отменено, а срок "
    "прошёл. Мероприятий на графике: {n}."
)
# Added to the note when some item is due several times (one bar per year or period).
ROADMAP_GANTT_OCCURRENCES = (
    " Сроков: {k} — у повторяющегося мероприятия своя полоса на каждый срок."
)
ROADMAP_PROGRESS = "Выполнение по разделам"
ROADMAP_OVERALL = "Всего"
ROADMAP_PROGRESS_COLUMNS = {
    "section": "Раздел",
    "items": "Сроков мероприятий",
    "share_done_on_time": "Выполнено в срок, %",
    "share_done_late": "С опозданием, %",
    "share_done_undated": "Без даты выполнения, %",
    "share_overdue": "Просрочено, %",
    "cancelled": "Отменено",
}
ROADMAP_PROGRESS_NOTE = (
    "Доли — от сроков мероприятий без отменённых: ежегодное мероприятие считается за каждый "
    "год, мероприятие из нескольких периодов — за каждый период."
)
ROADMAP_TABLE = "Мероприятия"
ROADMAP_FILTER_EXECUTOR = "Исполнитель"
ROADMAP_FILTER_STATUS = "Статус"
ROADMAP_FILTER_PERIOD = "Период (пересекается со сроком мероприятия)"
ROADMAP_TABLE_COUNT = "Показано {n} из {total}."
ROADMAP_ITEM_COLUMNS = {
    "number": "№",
    "occurrence": "Год / период",
    "title": "Мероприятие",
    "executors": "Исполнители",
    "period_text": "Срок по документу",
    "dates": "Даты",
    "status": "Статус",
    "progress": "Выполнение, %",
    "starts_on": "Начало",
    "due_on": "Срок",
}
ROADMAP_SECTION_N = "Раздел {k}"
# The occurrence of an item due several times: its year («2023»), school year («2023/24»), or
# its place among the spans of the text («период 1 из 2»).
ROADMAP_SCHOOL_YEAR = "{start}/{end:02d}"
ROADMAP_OCCURRENCE_SPAN = "период {n} из {total}"
ROADMAP_NUMBER_OCCURRENCE = "{number} ({occurrence})"
ROADMAP_GANTT_HOVER = (
    "<b>%{customdata[0]}</b><br>%{customdata[5]}<br>Срок по документу: "
    "%{customdata[1]}<br>%{customdata[2]} — %{customdata[3]}<br>"
    "%{customdata[4]}<extra></extra>"
)
ROADMAP_KPI_COLUMNS = {"year": "Год", "value": "Значение"}
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
ROADMAP_REPORT_SUMMARY = (
    "Всего мероприятий: {items}, сроков по ним: {occurrences}; выполнено в срок: {on_time}; "
    "с опозданием: {late}; просрочено: {overdue}; отменено: {cancelled}."
)
PILOT_TITLE = "Программа ОЭР: этапы, задачи и подтверждающие материалы"
PILOT_STAGE = "{stage}: выполнено {done} из {total} задач"
PILOT_TASK_RESULT = "Ожидаемый результат: "
PILOT_TASK_MATERIALS = "Подтверждающие материалы: "
PILOT_TASK_EVIDENCE = "приложено материалов: {n}"
PILOT_PRODUCTS = "Конечные продукты ОЭР (раздел V программы) и страницы ОКО"
PILOT_PRODUCT_BUILT = "реализовано в ОКО"
PILOT_PRODUCT_NOT_BUILT = "не реализовано: страницы нет"
PILOT_PRODUCT_OUTSIDE = "не функция ОКО: документы прикладываются как подтверждающие материалы"
PILOT_PRODUCT_COLUMNS = {
    "number": "№",
    "title": "Продукт",
    "pages": "Страница ОКО",
    "state": "Состояние",
}
ITEM_TITLE = "Мероприятие {number}"
ITEM_BACK = "← к дорожным картам"
ITEM_NOT_FOUND = "Мероприятие не найдено."
ITEM_FIELDS = {
    "roadmap": "Дорожная карта",
    "section": "Раздел",
    "participants": "Участники",
    "executors": "Исполнители",
    "period_text": "Срок по документу",
    "dates": "Даты",
    "status": "Статус",
    "progress": "Выполнение, %",
    "completed_on": "Дата выполнения",
    "expected_result": "Ожидаемый результат",
    "confirming_materials": "Подтверждающие материалы по документу",
}
ITEM_EVIDENCE = "Подтверждающие материалы"
ITEM_EVIDENCE_NONE = "Материалы не приложены."
ITEM_EVIDENCE_COLUMNS = {
    "title": "Материал",
    "kind": "Вид",
    "size": "Размер",
    "sha256": "SHA-256",
    "added_by": "Кто добавил",
    "added_at": "Когда",
}
ITEM_EVIDENCE_KINDS = {"link": "ссылка", "file": "файл"}
ITEM_EVIDENCE_SIZE = "{kb} КБ"
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
ITEM_HISTORY_COLUMNS = {
    "changed_at": "Когда",
    "occurrence": "Год / период",
    "changed_by": "Кто",
    "from_status": "Было",
    "to_status": "Стало",
    "comment": "Комментарий",
}
ITEM_HISTORY_WHOLE = "все сроки"
ITEM_OCCURRENCES = "Сроки: {n}"
ITEM_OCCURRENCES_NOTE = (
    "Мероприятие повторяется: у каждого года (периода) свой срок и свой статус, "
    "просрочка считается по каждому сроку отдельно."
)
ITEM_OCCURRENCES_SUMMARY = "выполнено {done} из {total}; просрочено {overdue}"
ITEM_OCCURRENCE_COLUMNS = {
    "occurrence": "Год / период",
    "dates": "Даты",
    "status": "Статус",
    "progress": "Выполнение, %",
    "completed_on": "Дата выполнения",
}
ITEM_OCCURRENCE_PICK = "Срок"
ITEM_OCCURRENCE_ALL = "все сроки сразу"
ITEM_CHANGE = "Изменить статус"
ITEM_NEW_STATUS = "Новый статус"
ITEM_PROGRESS = "Выполнение, %"
ITEM_COMPLETED_ON = "Дата выполнения (для «выполнено»)"
ITEM_COMMENT = "Комментарий (обязателен при отмене)"
ITEM_SAVE = "Сохранить"
ITEM_SAVED = "Сохранено: {status}."
ITEM_SAVED_OCCURRENCE = "Сохранено для срока {occurrence}: {status}."
ITEM_CHANGE_ERRORS = {
    "bad_status": "Выберите статус.",
    "bad_progress": "Выполнение — число от 0 до 100.",
    "bad_date": "Дата выполнения не распознана.",
    "future_completion": "Дата выполнения не может быть позже сегодняшней.",
    "cancel_needs_comment": "При отмене укажите причину в комментарии.",
    "nothing_changed": "Ничего не изменилось.",
    "bad_occurrence": "Выберите срок: год или период мероприятия.",
}
ITEM_LINKS = "На какие показатели и страницы работает мероприятие"
ITEM_LINKS_NONE = "Связи с показателями и страницами не указаны."
ITEM_LINK_KPI = "Показатель {code} (прил. 2 документа 004): {indicator}"
ITEM_LINK_PAGE = "Страница ОКО: "
ITEM_KPI_TREND = "Исходные данные показателя {code} по годам: {metric} ({place})"
ITEM_KPI_ELSEWHERE = "тренд показателя — на странице «Эксперты»"
ITEM_KPI_NOTE = (
    "Это не сам показатель, а число, из которого он считается; значения показателя "
    "— на странице «Эксперты»."
)
ROADMAP_KPI_METRICS = {
    "normative_documents": "нормативных документов в силе на конец года",
    "registry_experts": "экспертов в реестре на конец года",
    "engagements": "привлечений экспертов реестра к процедурам за год",
    "trainings": "курсов повышения квалификации экспертов за год",
    "materials_approved": (
        "материалов по вопросам экспертной деятельности утверждено после обсуждения "
        "на площадке за год"
    ),
    "publications": "публикаций регионального, федерального и международного уровня за год",
}
