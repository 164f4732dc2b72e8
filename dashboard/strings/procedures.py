"""Procedure comparisons (/procedures)."""

# ------------------------------------------------------------------ procedures (issue 6)
PROC_TITLE = "Сравнение оценочных процедур"
PROC_SUBTITLE = (
    "Одна процедура по школам, муниципалитетам и годам; одни и те же обучающиеся "
    "в двух процедурах. Выбор сохраняется в адресе страницы — "
    "ссылкой можно поделиться."
)
PROC_LABEL_YEARS = "Годы (графики одного года — по последнему выбранному)"
PROC_LABEL_UNIT = "Сравнивать"
PROC_UNITS = {"schools": "школы", "municipalities": "муниципалитеты"}
PROC_LABEL_MUNICIPALITY = "Школы муниципалитета"
PROC_ALL_MUNICIPALITIES = "все муниципалитеты"
PROC_LABEL_SORT = "Порядок в распределении отметок"
PROC_SORTS = {"name": "по названию", "low": "по доле «2»", "high": "по доле «4» и «5»"}
PROC_LABEL_PAIR = "Та же когорта в двух процедурах"
PROC_AGGREGATES_ONLY = (
    "В режиме просмотра показываются только муниципалитеты (агрегированные данные)."
)
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
# The cohort links of dashboard/analytics/cohorts.py: a later procedure of the same pupils.
PROC_COHORT_OGE = "ВПР {grade} класс → ОГЭ через год"
PROC_COHORT_DIAGNOSTIC = "ВПР и региональная диагностика, {grade} класс"
PROC_PRIMARY_SCORE = "Первичный балл"
PROC_PUPILS = "Участников"
PROC_SHARE_PUPILS = "Доля участников, %"
PROC_TASK = "Задание"
PROC_SKILL = "Умение"
PROC_DIAGONAL = "Диагональ (одинаковый результат)"
PROC_TYPICAL = "Типичный сдвиг ± {t} ст. откл. (для школы среднего размера)"
PROC_FAR = "Далеко от диагонали (|ст. остаток| > {t})"
PROC_UP, PROC_DOWN = "рост", "снижение"
PROC_TABLE = "Таблица данных"
# The chart tabs (dashboard.ids.Procedures.TABBED): a tab's chart is drawn when it is opened.
PROC_TABS = {
    "marks": "Отметки",
    "means": "Средний процент",
    "slope": "Изменение по годам",
    "heatmap": "Задания и умения",
    "pair": "Та же когорта",
}
PROC_CSV, PROC_XLSX = "CSV", "XLSX"
PROC_CI_NOTE = (
    "95 % интервал — по баллам участников (t-распределение); для процедур без "
    "результатов участников интервал не строится."
)
PROC_FAR_NOTE_SHORT = (
    "Названы точки, у которых разность (ось Y − ось X) отличается от типичной "
    "больше чем на {t} ст. откл. с учётом числа участников: у маленькой школы "
    "случайный разброс больше, и ей нужно отклониться сильнее. Это повод посмотреть, "
    "а не вывод о необъективности."
)
PROC_ANONYMOUS_NOTE = "Школы вне вашей области доступа показаны без названий («школа N»)."
PROC_ANONYMOUS_LABEL = "школа {n}"  # a school outside the caller's scope, numbered
PROC_COLUMNS = {
    "label": "ОО",
    "municipality": "Муниципалитет",
    "year": "Год",
    "participants": "Участников",
    "mean_percent": "Средний %",
    "ci_low": "95 % ДИ, от",
    "ci_high": "95 % ДИ, до",
    "marks_2": "«2»",
    "marks_3": "«3»",
    "marks_4": "«4»",
    "marks_5": "«5»",
    "share_2": "Доля «2», %",
    "share_3": "Доля «3», %",
    "share_4": "Доля «4», %",
    "share_5": "Доля «5», %",
    "primary_score": "Первичный балл",
    "pupils": "Участников с баллом",
    "task_number": "Задание",
    "skill_code": "Код умения",
    "skill_name": "Умение",
    "percent": "Выполнение, %",
    "min": "Мин.",
    "q1": "Q1",
    "median": "Медиана",
    "q3": "Q3",
    "max": "Макс.",
    "mean": "Средний балл",
    "change": "Изменение, п. п.",
    "x": "{a}, %",
    "y": "{b}, %",
    "difference": "Разность, п. п.",
    "se": "Ст. ошибка разности, п. п.",
    "residual": "Стандартизованный остаток",
    "far": "Далеко от диагонали",
    "suppressed": "Скрыто",
}

# ------------------------------------------------------------------ readable charts (issue 16)
PROC_SHOW_ALL = "Показать все на графиках"
PROC_LEFT_OUT = (
    "На графике {shown} из {total}: {half} с самым высоким и {half} с самым низким "
    "значением{own}. Не показано: {hidden} — они есть в таблице данных; все сразу — "
    "переключатель «Показать все на графиках»."
)
PROC_LEFT_OUT_SLOPE = (
    "На графике {shown} из {total}: {half} с самым большим ростом и {half} с самым большим "
    "снижением{own}. Не показано: {hidden} — они есть в таблице данных; все сразу — "
    "переключатель «Показать все на графиках»."
)
PROC_LEFT_OUT_OWN = ", а также ваши"
PROC_OWN_NOTE = "★ — ваши школы."
PROC_OWN_MUNICIPALITY_NOTE = "★ — ваш муниципалитет."
PROC_REGION = "Весь регион"
PROC_REGION_MEAN = "Пунктир — средний процент по региону: {value}."
PROC_REGION_SHARE = "Линия — распределение по всему региону."
PROC_CLICK_SCHOOL = "Щелчок по школе, показанной с названием, открывает её профиль."
PROC_CLICK_MUNICIPALITY = "Щелчок по муниципалитету показывает его школы."
PROC_COMPARISON = "Сравнение — с регионом в целом."
PROC_TASK_HOVER = "Задание {task}: {skill} ({code})"
PROC_OWN_LEGEND = "ваши"

# A director's first screen names its school, drawn as a star in every chart.
PROC_YOUR_SCHOOL = "Ваша школа: {name} — отмечена ★ на графиках."
