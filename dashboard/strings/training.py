"""Russian text of /training: the need from results, the programme base, schools'
requests, the plan-order and what followed the training."""

TRAINING_SUBTITLE = (
    "Потребность в повышении квалификации по результатам оценочных процедур, база программ "
    "ДПО, заявки школ и план-заказ по муниципалитетам"
)
TRAINING_TABS = {
    "need": "Потребность по результатам",
    "catalogue": "Каталог программ",
    "requests": "Заявки школ",
    "plan": "План-заказ",
    "after": "После обучения",
}
TRAINING_ROLE_NOTES = {
    "admin": "Вы видите весь регион и можете править каталог программ.",
    "region": "Вы видите весь регион и можете править каталог программ.",
    "municipality": (
        "Вы видите школы своего муниципалитета: принимаете заявки и подтверждаете свою "
        "часть плана-заказа."
    ),
    "school": "Вы видите часть своей школы и подаёте её заявки на повышение квалификации.",
    "viewer": "Вы видите только сводные числа по муниципалитетам, без названий школ.",
}
TRAINING_YEAR = "Год"
TRAINING_MUNICIPALITY = "Муниципалитет"
TRAINING_SUBJECT = "Предмет"
TRAINING_ALL_SUBJECTS = "Все предметы"

# ------------------------------------------------------------------ need from results
TRAINING_NEED_NOTE = (
    "Школа попадает в список, если процент выполнения умения ниже регионального не меньше чем "
    "на {margin} п. п. и разница больше случайной: её интервал 95 % не включает ноль "
    "(поправка Холма на число умений предмета и класса)."
)
TRAINING_NEEDS_COUNT = "Строк потребности: {n}, школ: {schools}."
TRAINING_NEEDS_COLUMNS = {
    "municipality": "Муниципалитет",
    "school": "Школа",
    "subject": "Предмет",
    "grade": "Класс",
    "skill": "Умение",
    "school_percent": "Школа, %",
    "region_percent": "Регион, %",
    "gap": "Разница, п. п.",
    "interval": "Интервал 95 %",
    "participants": "Участников",
    "teachers": "Учителей предмета",
    "trend": "Динамика разницы",
}
TRAINING_INTERVAL = "от {low} до {high}"
TRAINING_TREND = "{slope} п. п. в год ({years} г.)"
TRAINING_TREND_NONE = "один год"
TRAINING_SUMMARY_TITLE = "Сводно по муниципалитетам и предметам"
TRAINING_SUMMARY_COLUMNS = {
    "municipality": "Муниципалитет",
    "subject": "Предмет",
    "schools": "Школ",
    "teachers": "Учителей",
    "hours": "Часов",
}
TRAINING_GAPS_TITLE = "Умения без программы"
TRAINING_GAPS_NOTE = "Для этих умений в базе нет ни одной программы: их стоит заказать."
TRAINING_GAPS_COLUMNS = {
    "subject": "Предмет",
    "skill": "Умение",
    "schools": "Школ с дефицитом",
}

# ------------------------------------------------------------------ programme catalogue
TRAINING_SEARCH = "Поиск по названию, организации, умению"
TRAINING_CATALOGUE_COUNT = "Программ: {n}."
TRAINING_FORMAT_NAMES = {
    "in_person": "очно",
    "distance": "дистанционно",
    "blended": "смешанно",
}
TRAINING_PROGRAMME_COLUMNS = {
    "code": "Код",
    "title": "Программа",
    "provider": "Организация",
    "hours": "Часов",
    "format": "Форма",
    "subject": "Предмет",
    "skills": "Умения",
    "dates": "Сроки",
    "updated": "Изменена",
}
TRAINING_DATES = "{start} — {end}"
TRAINING_UPDATED = "{at}, {by}"
TRAINING_EDIT_TITLE = "Изменить каталог"
TRAINING_EDIT_PICK = "Программа"
TRAINING_EDIT_NEW = "Новая программа"
TRAINING_EDIT_FIELDS = {
    "title": "Название",
    "provider": "Организация",
    "subject": "Предмет",
    "skills": "Коды умений через «;»",
    "hours": "Часов",
    "format": "Форма",
    "starts_on": "Начало",
    "ends_on": "Окончание",
}
TRAINING_EDIT_SAVE = "Сохранить программу"
TRAINING_EDIT_SAVED = "Программа сохранена."

# ------------------------------------------------------------------ schools' requests
TRAINING_REQUESTS_COUNT = "Заявок: {n}. Нажмите на заявку, чтобы открыть её историю."
TRAINING_REQUEST_STATUS_NAMES = {
    "submitted": "подана",
    "accepted": "принята",
    "declined": "отклонена",
    "withdrawn": "отозвана",
}
TRAINING_REQUEST_COLUMNS = {
    "number": "№",
    "municipality": "Муниципалитет",
    "school": "Школа",
    "year": "Год",
    "subject": "Предмет",
    "what": "Умение или тема",
    "teachers": "Учителей",
    "status": "Статус",
    "created": "Подана",
    "comment": "Комментарий",
}
TRAINING_SUBMIT_TITLE = "Новая заявка"
TRAINING_SUBMIT_FIELDS = {
    "school": "Школа",
    "subject": "Предмет",
    "skill": "Умение",
    "topic": "Или тема своими словами",
    "teachers": "Учителей",
    "comment": "Комментарий",
}
TRAINING_SUBMIT = "Подать заявку"
TRAINING_SUBMITTED = "Заявка № {id} подана."
TRAINING_SUBMIT_INCOMPLETE = "Укажите школу, предмет, умение или тему и число учителей."
TRAINING_REQUEST_TITLE = "Заявка № {id}"
TRAINING_REQUEST_PICK = "Выберите заявку в списке."
TRAINING_REQUEST_HISTORY = "История заявки"
TRAINING_HISTORY_COLUMNS = {
    "at": "Когда",
    "by": "Кто",
    "from": "Было",
    "to": "Стало",
    "comment": "Комментарий",
}
TRAINING_WITHDRAW = "Отозвать заявку"
TRAINING_DECIDE_COMMENT = "Комментарий к решению"
TRAINING_ACCEPT = "Принять"
TRAINING_DECLINE = "Отклонить"
TRAINING_STATUS_SAVED = "Заявка № {id}: {status}."
TRAINING_REFUSED = "Не сохранено: {reason}."
TRAINING_REFUSED_OTHER = "данные не прошли проверку"

# ------------------------------------------------------------------ plan-order
TRAINING_PLAN_NOTE = (
    "Строка плана — программа в муниципалитете: школы с дефицитом умений, которые она "
    "покрывает, и принятые заявки школ. Учителей школы считается больше из двух чисел: "
    "учителей предмета и учителей в заявке."
)
TRAINING_PLAN_COUNT = "Строк плана: {n}."
TRAINING_PLAN_MORE = "… и ещё {n} (все основания — в файле XLSX)"
TRAINING_NO_PROGRAMME = "программа не подобрана"
TRAINING_TOTALS = "Итого: учителей {teachers}, часов {hours}."
TRAINING_XLSX = "Скачать план-заказ (XLSX)"
TRAINING_PDF = "Скачать план-заказ (PDF)"
TRAINING_CONFIRM = "Подтвердить часть муниципалитета"
TRAINING_CONFIRM_PICK = "Выберите муниципалитет, чтобы подтвердить его часть."
TRAINING_CONFIRMED = "Часть плана-заказа подтверждена."
TRAINING_CONFIRMATIONS_TITLE = "Подтверждения"
TRAINING_CONFIRMATION_COLUMNS = {
    "municipality": "Муниципалитет",
    "year": "Год",
    "by": "Кто",
    "at": "Когда",
}

# ------------------------------------------------------------------ after training
TRAINING_AFTER_NOTE = (
    "Это связь, а не доказательство. Изменение результата по умениям предмета программы у "
    "школ, чьи учителя прошли обучение, сравнивается с изменением у сопоставимых школ без "
    "обучения (разность разностей, интервал 95 %)."
)
TRAINING_AWAITING = "Программ, ждущих результатов следующего года: {n}."
TRAINING_NO_EFFECTS = "Пока нет программ с измеренной связью"
TRAINING_EFFECT_COLUMNS = {
    "programme": "Программа",
    "year": "Год обучения",
    "treated": "Школ с обучением",
    "controls": "Сопоставимых школ",
    "estimate": "Разность изменений, п. п.",
    "interval": "Интервал 95 %",
}
TRAINING_NO_INTERVAL = "интервал не считается: меньше двух школ"
TRAINING_FOREST_X = "Разность изменений: школы с обучением минус сопоставимые без него, п. п."
TRAINING_FOREST_HOVER = (
    "{programme}<br>разность {estimate}, интервал 95 %: {interval}<br>"
    "школ с обучением: {treated}, сопоставимых: {controls}"
)
TRAINING_REFUSALS = {
    "bad_code": "код программы — буквы, цифры, точка, дефис",
    "duplicate_code": "программа с таким кодом уже есть",
    "unknown_programme": "такой программы нет в базе",
    "bad_field": "форма прислала лишнее поле",
    "bad_title": "нужно название программы",
    "bad_provider": "нужна организация, которая проводит программу",
    "bad_subject": "нужен предмет",
    "bad_skill_codes": "нужны коды умений через «;»",
    "bad_hours": "число часов — целое, от 1 до 2000",
    "bad_format": "неизвестная форма обучения",
    "bad_dates": "окончание не может быть раньше начала",
    "bad_year": "неверный год плана-заказа",
    "bad_skill": "неверный код умения",
    "bad_topic": "тема слишком длинная",
    "bad_teachers": "число учителей — целое, от 1 до 1000",
    "bad_comment": "комментарий слишком длинный",
    "no_skill_or_topic": "укажите умение или тему",
    "duplicate": "такая заявка школы на этот год уже подана или принята",
    "bad_status": "неизвестное решение",
    "bad_transition": "по заявке уже принято решение",
    "nothing_to_confirm": "в части муниципалитета нет строк плана-заказа",
    "changed_meanwhile": "заявку только что изменил другой пользователь, обновите страницу",
}
