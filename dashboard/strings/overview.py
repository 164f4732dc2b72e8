"""Russian text of the overview page `/` (own municipality or school first)."""

OVERVIEW_TITLE = "Обзор региона"
#: The title before the callback knows whose overview it is (no region named too early).
OVERVIEW_TITLE_SHORT = "Обзор"
#: A municipality user's or a director's overview: «Обзор: Карабашский городской округ».
OVERVIEW_TITLE_HOME = "Обзор: {name}"
OVERVIEW_SUBTITLE_MUNICIPALITY = "Ваш муниципалитет в сравнении с регионом в целом."
OVERVIEW_SUBTITLE_SCHOOL = "Ваша школа в сравнении с муниципалитетом и регионом в целом."
OVERVIEW_SUBTITLE_VIEWER = "Только агрегированные данные: по муниципалитетам и региону в целом."
OVERVIEW_COUNTS = {
    "municipalities": "Муниципалитетов",
    "schools": "Образовательных организаций",
    "procedures": "Оценочных процедур",
    "participants": "Результатов участников",
    "years": "Учебных лет",
}
#: Above a municipality's counts (a director's too): whose counts they are.
OVERVIEW_COUNTS_HOME = "{name} (под каждым числом — то же по региону в целом)"
#: Under a municipality's count: the same count for the whole region.
OVERVIEW_REGION_COUNT = "регион: {n}"
OVERVIEW_LATEST = "Последние оценочные процедуры"
OVERVIEW_BY_MUNICIPALITY = "Результаты по муниципалитетам"
OVERVIEW_MARKS = "Распределение отметок по муниципалитетам"
OVERVIEW_UNIT = "Муниципалитет"  # the row header of the overview charts' data tables
#: The region's mean drawn as a line across the municipality bars.
OVERVIEW_REGION_LINE = "Регион: {value}"
OVERVIEW_HOME_PERCENT = "{name}, %"
OVERVIEW_REGION_PERCENT = "Регион, %"
#: «показать все» switch of a chart cut to its top and bottom.
OVERVIEW_SHOW_ALL = "Показать все муниципалитеты (скрыто: {n})"
OVERVIEW_CUT_NOTE = (
    "Показаны лучшие и худшие по среднему проценту и ваш муниципалитет; скрыто: {n}."
)
OVERVIEW_CLICK_HINT = (
    "Щелчок по столбцу открывает результаты муниципалитета на странице «Процедуры»."
)
OVERVIEW_CLICK_HINT_VIEWER = (
    "Щелчок по столбцу открывает сравнение муниципалитетов по этой процедуре на странице "
    "«Процедуры»."
)
OVERVIEW_CLICK_HINT_SCHOOL = (
    "Щелчок по столбцу муниципалитета открывает его результаты, по столбцу вашей школы — "
    "её профиль."
)
# The director's own school first: its latest results against municipality and region.
OVERVIEW_SCHOOL_CARD = "Ваша школа: {name}"
OVERVIEW_SCHOOL_LATEST = "Последние результаты ({year} г.)"
OVERVIEW_SCHOOL_PROFILE = "Открыть профиль школы"
OVERVIEW_SCHOOL_NO_RESULTS = "Результатов оценочных процедур пока нет."
OVERVIEW_SCHOOL_COLUMNS = {
    "procedure": "Процедура",
    "participants": "Участников",
    "mean_percent": "Школа, %",
    "municipality_mean": "Муниципалитет, %",
    "region_mean": "Регион, %",
}
OVERVIEW_SHOW_ALL_ON = "Показать все муниципалитеты"
