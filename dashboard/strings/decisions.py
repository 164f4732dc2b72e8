"""Russian text of /decisions: findings, the decision matrix, decisions and plans."""

DECISIONS_SUBTITLE = (
    "От выявленной проблемы к мере, управленческому решению и его результату в следующем цикле"
)
DECISIONS_EFFECTIVENESS_LINK = "Эффективность системы оценки качества и эффект мер →"
DECISIONS_ROLE_NOTES = {
    "admin": "Вы можете принимать решения, менять их статусы и редактировать матрицу мер.",
    "region": "Вы можете принимать решения, менять их статусы и редактировать матрицу мер.",
    "municipality": (
        "Вы можете принимать решения по своему муниципалитету и его школам и менять их статусы."
    ),
    "school": "Показаны проблемы и решения вашей школы; вы можете оставлять комментарии.",
    "viewer": "Доступны только сводные числа по муниципалитетам, без названий школ.",
}
DECISIONS_TABS = {
    "findings": "Выявленные проблемы",
    "decisions": "Решения",
    "matrix": "Матрица мер",
    "compensation": "План компенсации дефицитов",
}

# ------------------------------------------------------------------ names of the model's codes
FINDING_KIND_NAMES = {
    "low_results": "Низкие результаты два года подряд (ШНОР)",
    "adverse_conditions": "Неблагоприятные социальные условия (ШНСУ)",
    "resilient": "Резильентная школа: практика для распространения",
    "bias_confirmed": "Признаки необъективности подтверждены проверкой",
    "deficit": "Дефицит условий",
    "weak_skill": "Слабое умение по предмету",
    "falling_trend": "Снижение результатов несколько лет подряд",
    "overdue_roadmap_item": "Просроченное мероприятие дорожной карты",
}
FINDING_LEVEL_NAMES = {"school": "школа", "municipality": "муниципалитет", "region": "регион"}
MEASURE_LEVEL_NAMES = {"school": "школа", "municipality": "муниципалитет", "region": "регион"}
DECISION_STATUS_NAMES = {
    "adopted": "принято",
    "in_progress": "выполняется",
    "done": "выполнено",
    "cancelled": "отменено",
}
DECISION_OVERDUE = "просрочено"
EFFECT_INDICATOR_NAMES = {
    "vpr_gap": "Отставание от региона по ВПР, п. п.",
    "subject_gap": "Отставание от региона по предмету, п. п.",
    "bias_flag": "Признаки необъективности",
    "conditions_shortfall": "Недостаток до нормы по показателю условий",
}

# ------------------------------------------------------------------ findings tab
FINDINGS_YEAR = "Год результатов"
FINDINGS_KIND = "Вид проблемы"
FINDINGS_LEVEL = "Уровень"
FINDINGS_UNDECIDED = "Только без принятого решения"
FINDINGS_COUNT = "Показано {n} из {total}."
FINDINGS_HINT = "Щёлкните строку, чтобы принять по проблеме решение."
FINDINGS_COLUMNS = {
    "level": "Уровень",
    "municipality": "Муниципалитет",
    "school": "ОО",
    "kind": "Проблема",
    "detail": "Что именно",
    "reason": "Основание",
    "link": "Где показано",
    "decided": "Решение принято",
}
FINDINGS_LINK = "открыть"
# The reason of a finding, in words: its value, reference and extra (see figures/decisions.py).
FINDING_REASONS = {
    "low_results": "отставание от региона {value} п. п. в {year} г.; ШНОР: {extra}",
    "adverse_conditions": "социальный индекс {value} при пороге {reference}",
    "resilient": "результаты выше ожидаемых при неблагоприятных условиях ({year} г.)",
    "bias_confirmed": "проверка подтвердила признаки необъективности ({year} г.)",
    "deficit": "значение {value} при норме {reference}",
    "weak_skill": "в среднем на {value} п. п. ниже региона; умения: {extra}",
    "falling_trend": "изменение отставания от региона за последние годы: {value} п. п.",
    "overdue_roadmap_item": "мероприятие {extra} не выполнено в срок",
}
FINDING_MUNICIPALITY_REASON = (
    "доля школ с этой проблемой {value} % при {reference} % по региону (школ: {extra})"
)
FINDINGS_COUNTS_TITLE = "Число выявленных проблем по муниципалитетам"
FINDINGS_COUNTS_COLUMNS = {"municipality": "Муниципалитет", "kind": "Проблема", "count": "Число"}
DECISIONS_REGION = "Регион"

# ------------------------------------------------------------------ adopting a decision
ADOPT_TITLE = "Принять решение"
ADOPT_PICK_FIRST = "Выберите проблему в таблице выше: форма заполнится мерами из матрицы."
ADOPT_FOR = "Проблема: {kind} — {target}{detail} ({year} г.)"
ADOPT_MEASURE = "Мера из матрицы"
ADOPT_MEASURE_TEXT = "Или своя мера (если в матрице нет подходящей)"
ADOPT_RESPONSIBLE = "Ответственный"
ADOPT_DUE = "Срок (по умолчанию — типичная длительность меры)"
ADOPT_COMMENT = "Комментарий"
ADOPT_BUTTON = "Принять решение"
ADOPT_DONE = "Решение № {id} принято. Оно появилось на вкладке «Решения»."
ADOPT_NO_MEASURE = "Выберите меру из матрицы или опишите свою."
ADOPT_NO_FINDING = "Проблема не найдена: обновите страницу."
ADOPT_MEASURE_OPTION = "{title} ({level}, {days} дн.)"
DECISION_REFUSED = "Не сохранено: {reason}"
DECISION_REFUSED_OTHER = "значение не подходит"
DECISION_REFUSALS = {
    "bad_finding": "неизвестный вид проблемы",
    "bad_year": "неверный год результатов",
    "bad_detail": "слишком длинное уточнение проблемы",
    "bad_reason": "слишком длинное основание",
    "bad_responsible": "слишком длинное имя ответственного",
    "bad_comment": "слишком длинный комментарий",
    "bad_due_on": "неверная дата срока",
    "bad_measure": "мера не найдена в матрице",
    "measure_inactive": "мера больше не действует",
    "measure_mismatch": "мера предназначена для другого вида проблем",
    "no_measure": "выберите меру из матрицы или опишите свою",
    "duplicate": "такое решение по этой проблеме уже принято",
    "target_mismatch": "школа не относится к указанному муниципалитету",
    "no_target": "по проблеме уровня региона решение принимается для муниципалитета",
    "bad_transition": "такой переход статуса невозможен",
    "bad_completed_on": "дата выполнения не может быть в будущем",
    "changed_meanwhile": "решение уже изменил кто-то другой — обновите страницу",
    "empty_comment": "напишите комментарий",
    "already_in_roadmap": "решение уже внесено в дорожную карту",
    "cancelled": "отменённое решение не вносится в дорожную карту",
    "other_municipality": "дорожная карта другого муниципалитета",
    "bad_status": "неизвестный статус",
    "bad_finding_kind": "выберите вид проблемы",
    "bad_level": "выберите уровень",
    "bad_indicator": "неизвестный показатель эффекта",
    "bad_active": "неверное значение «мера действует»",
    "bad_applies_to": "слишком длинный список случаев, к которым относится мера",
    "bad_title": "напишите формулировку меры (до 1000 знаков)",
    "bad_duration": "длительность — целое число дней от 1 до 1095",
}

# ------------------------------------------------------------------ decisions tab
DECISIONS_MUNICIPALITY = "Муниципалитет"
DECISIONS_STATUS = "Статус"
DECISIONS_OVERDUE_ONLY = "Только просроченные"
DECISIONS_COUNT = "Решений: {n}; из них просрочено: {overdue}."
DECISIONS_HINT = "Щёлкните строку, чтобы открыть карточку решения."
DECISIONS_PLAN_XLSX = "План мероприятий (XLSX)"
DECISIONS_PLAN_PDF = "План мероприятий (PDF)"
DECISIONS_CHART_TITLE = "Решения по статусам"
DECISIONS_CHART_NOTE = "Число решений по муниципалитетам на {date}."
DECISIONS_COUNTS_COLUMNS = {
    "municipality": "Муниципалитет",
    "finding": "Проблема",
    "status": "Статус",
    "count": "Решений",
}
DECISION_CARD_TITLE = "Решение № {id}"
DECISION_CARD_PICK = "Выберите решение в таблице: здесь появятся его история и действия."
DECISION_FIELDS = {
    "target": "Для кого",
    "finding": "Проблема",
    "reason": "Основание",
    "measure": "Мера",
    "indicator": "Показатель эффекта",
    "responsible": "Ответственный",
    "status": "Статус",
    "due_on": "Срок",
    "completed_on": "Выполнено",
    "roadmap": "Дорожная карта",
    "created": "Принято",
    "comment": "Комментарий",
}
DECISION_CREATED = "{at}, {by}"
DECISION_ROADMAP_ITEM = "мероприятие в дорожной карте"
DECISION_HISTORY = "История"
DECISION_HISTORY_COLUMNS = {
    "at": "Когда",
    "by": "Кто",
    "from_status": "Было",
    "to_status": "Стало",
    "comment": "Комментарий",
}
DECISION_COMMENT = "Комментарий к решению"
DECISION_COMMENT_SAVE = "Добавить комментарий"
DECISION_COMMENT_EMPTY = "Напишите комментарий."
DECISION_COMMENT_SAVED = "Комментарий добавлен."
DECISION_NEW_STATUS = "Новый статус"
DECISION_COMPLETED_ON = "Дата выполнения (для «выполнено»)"
DECISION_STATUS_COMMENT = "Комментарий к изменению"
DECISION_STATUS_SAVE = "Изменить статус"
DECISION_STATUS_SAVED = "Статус изменён: {status}."
DECISION_TO_ROADMAP = "Дорожная карта"
DECISION_TO_ROADMAP_SAVE = "В дорожную карту"
DECISION_TO_ROADMAP_SAVED = "Добавлено мероприятием в дорожную карту."
DECISION_TO_ROADMAP_NONE = "Нет дорожных карт, которые вы можете изменять."

# ------------------------------------------------------------------ matrix tab
MATRIX_NOTE = (
    "Для каждого вида проблемы — рекомендуемые меры: уровень, ответственный, типичная "
    "длительность и показатель, который должен показать эффект. Каждое изменение сохраняется "
    "новой версией; принятые решения хранят версию, по которой приняты."
)
MATRIX_SHOW_INACTIVE = "Показать и отключённые меры"
MATRIX_COLUMNS = {
    "measure_code": "Код",
    "version": "Версия",
    "finding_kind": "Проблема",
    "title": "Мера",
    "level": "Уровень",
    "responsible_role": "Ответственный",
    "duration_days": "Длительность, дн.",
    "indicator": "Показатель эффекта",
    "applies_to": "Для каких случаев",
    "active": "Действует",
    "changed_by": "Изменил",
    "changed_at": "Когда",
}
MATRIX_EDIT = "Изменить матрицу"
MATRIX_PICK = "Мера"
MATRIX_NEW = "+ новая мера"
MATRIX_KIND = "Вид проблемы"
MATRIX_TITLE = "Формулировка меры"
MATRIX_LEVEL = "Уровень"
MATRIX_ROLE = "Ответственный"
MATRIX_DAYS = "Длительность, дней"
MATRIX_INDICATOR = "Показатель эффекта"
MATRIX_APPLIES = "Для каких случаев (пусто — для любых случаев этого вида)"
MATRIX_APPLIES_ANY = "любые"
MATRIX_NO_INDICATOR = "без показателя"
MATRIX_ACTIVE = "Мера действует"
MATRIX_SAVE = "Сохранить новую версию"
MATRIX_SAVED = "Сохранено: мера {code}."
MATRIX_HISTORY = "Версии меры"

# ------------------------------------------------------------------ compensation plan tab
COMPENSATION_NOTE = (
    "Дефициты условий школы (по сравнению с нормой) → меры из матрицы → принятые решения."
)
COMPENSATION_SCHOOL = "Школа"
COMPENSATION_NONE = "Дефицитов условий не выявлено."
COMPENSATION_ADOPT = "Принять меры по дефицитам без решения"
COMPENSATION_ADOPTED = "Принято решений: {n}."
COMPENSATION_NOTHING = "Все дефициты уже с решениями (или для них нет меры в матрице)."
COMPENSATION_XLSX = "План компенсации (XLSX)"
COMPENSATION_PDF = "План компенсации (PDF)"
