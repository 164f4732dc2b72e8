"""The school list and school profiles."""

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
SCHOOLS_SUBTITLE = (
    "Образовательные организации в вашей области доступа; щелчок по коду или по точке на "
    "карте открывает профиль"
)
#: The subtitle by role: what the list holds, and what a click does where it can do it.
SCHOOLS_SUBTITLES = {
    "region": "Образовательные организации региона; щелчок по коду или по точке на карте "
    "открывает профиль школы.",
    "municipality": "Школы вашего муниципалитета; щелчок по коду или по точке на карте "
    "открывает профиль школы.",
    "school": "Ваша школа; щелчок по коду или по точке на карте открывает её профиль.",
}
SCHOOLS_AGGREGATES_ONLY = (
    "В режиме просмотра доступны только агрегированные данные: "
    "список и профили школ не показываются."
)
SCHOOLS_AGGREGATES_SEE = "Сравнение муниципалитетов — на страницах "
SCHOOLS_AGGREGATES_AND = " и "
#: A director's jump to its own school (the list holds only it).
SCHOOLS_FIND_MINE = "Найти мою школу"
SCHOOLS_OWN_COLUMN = "Своя ОО"  # hidden grid column behind the oko-own-row highlight
SCHOOLS_OWN_LEGEND = "Ваша школа"
SCHOOLS_MAP_CLICK = "Щелчок — профиль школы"
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
    "flags": "Флаги",
}
SCHOOLS_MAP_TITLE = "Школы на карте"
#: Tabs of /schools: the list, and the map (drawn when its tab is opened).
SCHOOLS_TAB_LIST = "Список"
SCHOOLS_TAB_MAP = "Карта"
SCHOOLS_MAP_LABEL = "Цвет точек"
SCHOOLS_MAP_COLOURS = {
    "pupils": "Обучающихся",
    "vpr_mean": "ВПР, средний %",
    "oge_maths": "ОГЭ математика, средний %",
}
SCHOOLS_MAP_NOTE = (
    "Автономная схема: широта и долгота без картографической подложки "
    "(подложка требует доступа в интернет). Серые точки — нет данных."
)
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
PROFILE_DATA_DATE = "Данные на {date}; последний учебный год в данных: {year}."
PROFILE_FILTERS = "Фильтры: год {year}; процедура: {procedure}"
PROFILE_FIELDS = {
    "municipality": "Муниципалитет",
    "kind": "Тип",
    "locality": "Местность",
    "pupils": "Обучающихся",
    "address": "Адрес",
    "code": "Код ОО",
}
PROFILE_FLAGS = "Флаги"
PROFILE_NO_FLAGS = "Флагов нет."
PROFILE_LOW_REASON = (
    "нижние {share} % региона по отклонению среднего процента ВПР "
    "от регионального "
    "в {n} года подряд: {years}"
)
PROFILE_LOW_NOT = "Низкие результаты: нет (в нижних {share} % по ВПР в годы: {years})."
PROFILE_LOW_NONE = "Низкие результаты: нет."
PROFILE_LOW_NO_VPR = "Низкие результаты: нет данных ВПР."
PROFILE_ADVERSE_REASON = (
    "социальный индекс {index} — нижние {share} % региона (порог — нижние {limit} %)"
)
PROFILE_ADVERSE_NOT = "Социальный индекс {index}: не входит в нижние {limit} % региона."
PROFILE_ADVERSE_NONE = "Социальный индекс: нет данных."
PROFILE_SEE = "оценивается по всему региону на странице"
ISSUE_RANKINGS = "Рейтинги с учётом контекста"
ISSUE_OBJECTIVITY = "Объективность результатов"
PROFILE_CONTEXT = "Контекст: социальные условия, условия и размер"
PROFILE_CONTEXT_AXIS = (
    "Лучше (+) / хуже (−) медианы муниципалитета, в стандартных отклонениях региона"
)
PROFILE_CONTEXT_NOTE = (
    "Источник: контекстные данные ОО, {year} г. "
    "Сравнение с медианой муниципалитета "
    "с учётом направления показателя; медианы менее чем по {n} ОО скрыты."
)
PROFILE_INDICATOR = "Показатель для динамики"
PROFILE_TREND_SCHOOL = "ОО"
PROFILE_TREND_MUNICIPALITY = "Медиана муниципалитета"
PROFILE_TREND_REGION = "Медиана региона"
PROFILE_BETTER = "лучше"
PROFILE_WORSE = "хуже"
PROFILE_CONDITIONS = "Условия и дефициты"
PROFILE_CONDITIONS_COLUMNS = {
    "name": "Показатель",
    "value": "Значение ОО",
    "reference": "Ориентир",
    "unit": "Ед. изм.",
    "reference_kind": "Вид ориентира",
    "shortfall": "Отставание от ориентира",
    "deficit": "Дефицит",
    "below_median": "Без норматива",
}
# A deficit is measured against a norm only; without a norm the school is compared with the
# regional median, and being on its worse side is not a deficit (half the schools always are).
PROFILE_DEFICIT = {"higher_worse": "дефицит (выше норматива)", "": "дефицит (ниже норматива)"}
PROFILE_BELOW_MEDIAN = {
    "higher_worse": "выше медианы региона",
    "": "ниже медианы региона",
}
PROFILE_CONTEXT_COLUMNS = {
    "name": "Показатель",
    "value": "Значение ОО",
    "unit": "Ед. изм.",
    "municipality_median": "Медиана муниципалитета",
    "region_median": "Медиана региона",
    "position": "Лучше (+) / хуже (−), ст. откл.",
}
PROFILE_CONTEXT_SOURCE = "контекстные данные ОО"
PROFILE_PUPILS = "{n} ({year} г.)"
PROFILE_RESULTS_COLUMNS = {
    "year": "Год",
    "participants": "Участников",
    "mean_percent": "ОО, %",
    "municipality_mean": "Муниципалитет, %",
    "region_mean": "Регион, %",
}
PROFILE_REFERENCE_KINDS = {
    "region_norm": "норматив региона",
    "norm": "норматив",
    "median": "медиана региона",
}
# The conditions block's method note: where each indicator's reference comes from. A region's
# own norm (with its document) replaces the catalogue's norm.
PROFILE_NORMS_NOTE = (
    "Ориентиры: {parts}. Норматив региона заменяет норматив каталога; "
    "отставание от медианы региона — не дефицит."
)
PROFILE_NORM_SOURCES = {
    "region_norm": "норматив региона — {items}",
    "norm": "норматив каталога — {items}",
    "median": "медиана региона (норматива нет) — {items}",
}
PROFILE_NORM_DOCUMENT = "{name} ({source})"
PROFILE_DEFICITS = "Дефициты — хуже норматива ({year} г.): {n}."
PROFILE_NO_DEFICITS = "Дефицитов — показателей хуже норматива — нет ({year} г.)."
PROFILE_BELOW_MEDIANS = (
    "Ниже медианы региона по показателям без норматива: {n}. Это не дефицит: "
    "ниже медианы всегда половина школ."
)
PROFILE_PDF_CONDITIONS = (
    "Условия ({year} г.): дефициты по нормативу — {deficits}; "
    "ниже медианы региона (норматива нет) — {below}"
)
PROFILE_RESULTS = "Результаты оценочных процедур"
PROFILE_RESULTS_TREND = "Средний процент выполнения по годам"
PROFILE_RESULTS_MARKS = "Распределение отметок по годам"
PROFILE_MUNICIPALITY = "Муниципалитет"
PROFILE_REGION = "Регион"
PROFILE_SKILLS = "Слабые умения (дальше всего ниже муниципалитета)"
PROFILE_SKILLS_COLUMNS = {
    "procedure": "Процедура",
    "skill": "Умение",
    "school_percent": "ОО, %",
    "municipality_percent": "Муниципалитет, %",
    "gap": "Разница, п. п.",
}
PROFILE_SKILLS_NOTE = (
    "Источник: результаты по заданиям, {year} г.; показано до {n} умений по каждому предмету."
)
