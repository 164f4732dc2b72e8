"""`/voluntary` — добровольная диагностика: the catalogue of works, who joined, the results
returned to the schools and the schools' feedback."""

VOLUNTARY_TITLE = "Добровольная диагностика"
VOLUNTARY_SUBTITLE = (
    "Каталог добровольных диагностических работ, регистрация ОО, результаты участникам "
    "и отзывы коллективов"
)
VOLUNTARY_ROLE_NOTES = {
    "school": "Вы регистрируете свою ОО и видите её результаты рядом с другими участниками.",
    "municipality": "Вы видите заявки ОО своего муниципалитета и общие результаты участников.",
    "region": "Вы ведёте каталог работ и видите заявки, результаты участников и отзывы.",
    "admin": "Вы ведёте каталог работ и видите заявки, результаты участников и отзывы.",
    "viewer": "Показаны каталог, число участников и общие результаты без названий ОО.",
}
VOLUNTARY_TABS = {
    "catalogue": "Каталог работ",
    "participants": "Участники",
    "results": "Результаты",
    "feedback": "Отзывы",
}
VOLUNTARY_WORK = "Работа"
VOLUNTARY_CATALOGUE_COUNT = "Работ в каталоге: {n}. Выберите работу в списке или в таблице."
VOLUNTARY_WORK_COLUMNS = {
    "subject": "Предмет",
    "grade": "Класс",
    "title": "Название",
    "form": "Форма",
    "held_on": "Дата проведения",
    "deadline": "Регистрация до",
    "organiser": "Организатор",
    "registered": "Зарегистрировано ОО",
    "status": "Заявка вашей ОО",
}
VOLUNTARY_FORMS = {"paper": "на бумаге", "computer": "компьютерная"}
VOLUNTARY_STATUS_NAMES = {"registered": "Зарегистрирована", "withdrawn": "Отозвана"}
VOLUNTARY_CARD_FIELDS = {
    "code": "Код работы",
    "skills": "Проверяемые умения (коды)",
    "measures": "Меры объективности (рекомендации Рособрнадзора)",
    "organiser": "Организатор",
    "dates": "Проведение; регистрация до",
    "registration": "Заявка вашей ОО",
}
VOLUNTARY_REGISTRATION_TEXT = "{status}: {classes}, участников {pupils}"
VOLUNTARY_PICK = "Выберите работу, чтобы увидеть её карточку."
VOLUNTARY_NO_WORKS = "В каталоге пока нет работ."
VOLUNTARY_REGISTER_TITLE = "Заявка на участие вашей ОО"
VOLUNTARY_CLASSES = "Классы (например, 6А, 6Б)"
VOLUNTARY_PUPILS = "Число участников"
VOLUNTARY_REGISTER = "Зарегистрировать ОО"
VOLUNTARY_REGISTERED = "Заявка принята: ОО зарегистрирована на работу."
VOLUNTARY_WITHDRAW = "Отозвать заявку"
VOLUNTARY_WITHDRAW_COMMENT = "Причина (необязательно)"
VOLUNTARY_WITHDRAWN = "Заявка отозвана."
VOLUNTARY_INCOMPLETE = "Укажите классы и число участников."
VOLUNTARY_EDIT_TITLE = "Каталог: работа"
VOLUNTARY_EDIT_NEW = "Новая работа"
VOLUNTARY_EDIT_EDITING = "Изменяется работа {code}. «Новая работа» очищает форму."
VOLUNTARY_EDIT_CREATING = "Новая работа: заполните форму и сохраните."
VOLUNTARY_EDIT_FIELDS = {
    "title": "Название",
    "subject": "Предмет",
    "grade": "Класс",
    "skills": "Коды умений через «;»",
    "form": "Форма проведения",
    "held_on": "Дата проведения",
    "deadline": "Регистрация до",
    "organiser": "Организатор",
    "measures": "Меры объективности (какие рекомендации Рособрнадзора соблюдаются)",
}
VOLUNTARY_EDIT_SAVE = "Сохранить"
VOLUNTARY_EDIT_SAVED = "Работа {code} сохранена в каталоге."
VOLUNTARY_REFUSED = "Не сделано: {reason}"
VOLUNTARY_REFUSED_OTHER = "действие не разрешено правилами."
VOLUNTARY_REFUSALS = {
    "bad_field": "форма прислала неизвестное поле.",
    "bad_title": "укажите название работы (до 500 знаков).",
    "bad_subject": "укажите предмет.",
    "bad_grade": "класс — число от 1 до 11.",
    "bad_skill_codes": "укажите коды умений через «;».",
    "bad_form": "выберите форму проведения.",
    "bad_dates": "укажите даты; регистрация должна закончиться не позже дня работы.",
    "bad_organiser": "укажите организатора.",
    "bad_measures": "описание мер объективности слишком длинное.",
    "bad_classes": "укажите классы (до 200 знаков).",
    "bad_pupils": "число участников — от 1 до 2000.",
    "bad_comment": "комментарий слишком длинный.",
    "deadline_passed": "срок регистрации на эту работу истёк.",
    "already_registered": "ОО уже зарегистрирована на эту работу.",
    "not_registered": "у ОО нет действующей заявки на эту работу.",
    "work_started": "работа уже проводится: отозвать заявку можно до дня работы.",
    "changed_meanwhile": "заявку только что изменили; обновите страницу.",
    "no_results": "результатов вашей ОО по этой работе нет.",
    "bad_usefulness": "оцените пользу от 1 до 5.",
    "bad_difficulty": "выберите, какой была работа по сложности.",
    "bad_join_again": "ответьте, будете ли участвовать снова.",
}
VOLUNTARY_COUNTS_TITLE = "Сколько ОО зарегистрировано по муниципалитетам"
VOLUNTARY_COUNT_COLUMNS = {
    "municipality": "Муниципалитет",
    "schools": "ОО",
    "pupils": "Участников",
}
VOLUNTARY_COUNTS_TOTAL = "Всего: ОО — {schools}, участников — {pupils}."
VOLUNTARY_REGISTRATIONS_TITLE = "Заявки ОО"
VOLUNTARY_REGISTRATION_COLUMNS = {
    "school": "ОО",
    "municipality": "Муниципалитет",
    "classes": "Классы",
    "pupils": "Участников",
    "status": "Статус",
    "at": "Подана",
}
VOLUNTARY_COMPARISON_NOTE = (
    "Сравнение — с другими участниками этой работы, а не с регионом: ОО выбрали участие "
    "сами, поэтому участники не представляют регион."
)
VOLUNTARY_SCHOOL_LINE = "Ваша ОО: средний процент выполнения {percent}, участников {n}."
VOLUNTARY_OTHERS_LINE = (
    "Другие участники: ОО — {schools}, участников {n}, средний процент выполнения {percent}."
)
VOLUNTARY_SUPPRESSED = (
    "Скрыто: меньше {schools} ОО или меньше {pupils} участников — показать их вместе "
    "значило бы показать отдельную ОО."
)
VOLUNTARY_SKILL_COLUMNS = {
    "skill": "Умение",
    "tasks": "Задания",
    "school": "Ваша ОО, %",
    "others": "Другие участники, %",
    "difference": "Разница, п. п.",
    "weak": "Слабое",
    "percent": "Участники, %",
}
VOLUNTARY_WEAK = "слабое"
VOLUNTARY_WEAK_NOTE = (
    "Слабые умения (ниже других участников сверх случайных колебаний): {skills}. Их можно "
    "включить в заявку на повышение квалификации."
)
VOLUNTARY_NO_WEAK = "Слабых умений по сравнению с другими участниками не найдено."
VOLUNTARY_WEAK_RULE = (
    "Умение считается слабым, если процент выполнения ОО ниже, чем у других участников, "
    "не меньше чем на {margin} п. п. и разница больше случайной: односторонний уровень 2,5 % "
    "с поправкой Холма на число умений работы. При небольшом числе участников ОО и разница "
    "в 15–20 п. п. может оказаться в пределах случайных колебаний."
)
VOLUNTARY_PLAN_LINK = "Подать заявку в план-заказ ПК"
VOLUNTARY_PROGRAMMES_TITLE = "Программы ПК по слабым умениям"
VOLUNTARY_PROGRAMME_COLUMNS = {
    "code": "Код",
    "title": "Программа",
    "provider": "Организация",
    "hours": "Часов",
    "covers": "Умения",
}
VOLUNTARY_CHART_TITLE = "Процент выполнения по умениям"
VOLUNTARY_CHART_SCHOOL = "Ваша ОО"
VOLUNTARY_CHART_OTHERS = "Другие участники"
VOLUNTARY_CHART_PARTICIPANTS = "Все участники"
VOLUNTARY_CHART_AXIS = "Процент выполнения"
VOLUNTARY_SUMMARY_LINE = (
    "Участники работы: ОО — {schools}, участников {n}, средний процент выполнения {percent}."
)
VOLUNTARY_NO_RESULTS = "Результатов этой работы ещё нет."
VOLUNTARY_FEEDBACK_TITLE = "Отзыв вашей ОО о работе"
VOLUNTARY_USEFULNESS = "Насколько полезны результаты (1 — совсем нет, 5 — очень)"
VOLUNTARY_DIFFICULTY = "Сложность работы"
VOLUNTARY_DIFFICULTIES = {"easy": "лёгкая", "fit": "по силам", "hard": "трудная"}
VOLUNTARY_JOIN_AGAIN = "Будете ли участвовать снова"
VOLUNTARY_JOIN_AGAIN_NAMES = {"yes": "да", "unsure": "пока не знаем", "no": "нет"}
VOLUNTARY_FEEDBACK_COMMENT = "Комментарий"
VOLUNTARY_FEEDBACK_SEND = "Отправить отзыв"
VOLUNTARY_FEEDBACK_SAVED = "Спасибо: отзыв сохранён."
VOLUNTARY_FEEDBACK_ANSWERED = "Ваш отзыв от {at}; новый ответ заменит его."
VOLUNTARY_FEEDBACK_CLOSED = (
    "Отзыв оставляют ОО-участники после того, как получат результаты работы."
)
VOLUNTARY_FEEDBACK_HIDDEN = "Отзывы ОО видят организатор и муниципалитеты."
VOLUNTARY_SUMMARY_TITLE = "Справка об отношении коллективов ОО к добровольной диагностике"
VOLUNTARY_SUMMARY_ANSWERS = "Ответили ОО: {answers} из {participants} участников."
VOLUNTARY_SUMMARY_MEAN = "Средняя оценка пользы: {mean} из 5."
VOLUNTARY_SUMMARY_SUPPRESSED = "Скрыто: ответов меньше {n}, по ним можно узнать ответ отдельной ОО."
VOLUNTARY_SUMMARY_COLUMNS = {"answer": "Ответ", "schools": "ОО"}
VOLUNTARY_SUMMARY_USEFULNESS = "Польза: {n}"
VOLUNTARY_COMMENTS_TITLE = "Комментарии (без названий ОО)"
VOLUNTARY_COMMENT_REPEATED = "{text} — так ответили ОО: {n}"
VOLUNTARY_NO_COMMENTS = "Комментариев нет."
