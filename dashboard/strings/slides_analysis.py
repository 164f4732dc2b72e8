"""Russian UI text: slides_analysis (issue 21): slides of /rankings, /objectivity, /experts and
/roadmaps (titles, filters in words, sources, one-sentence summaries)."""

SLIDE_NO_DATA = "Нет данных для этого вида: выберите другие параметры на странице."

SLIDE_RANK_TITLE = "Рейтинг с учётом контекста: {outcome}, {year}"
SLIDE_RANK_FILTERS = "{outcome} · {year} · {level} · учтено: {covariates} · {chart}"
SLIDE_RANK_NO_COVARIATES = "ничего"
SLIDE_RANK_SOURCE = "{procedure} {year}; многоуровневая модель ОКО"
SLIDE_RANK_SUMMARY = (
    "На графике {n} школ: результат выше ожидаемого с учётом контекста у {above}, "
    "ниже ожидаемого — у {below}."
)
SLIDE_RANK_MUNICIPALITIES = "Рейтинг по муниципалитетам"
SLIDE_RANK_OWN_SCHOOLS = "школы муниципалитета"

SLIDE_OBJ_TITLE = "Объективность ВПР {year}"
SLIDE_OBJ_SCHOOL_TITLE = "Объективность ВПР {year}: {school}"
SLIDE_OBJ_FILTERS_YEAR = "{year} год"
SLIDE_OBJ_FILTERS_SCHOOL = "школа {school}"
SLIDE_OBJ_FILTERS_MUNICIPALITY = "муниципалитет {municipality}"
SLIDE_OBJ_SOURCE = "ВПР {year} и отметки школьного журнала; расчёт ОКО"
SLIDE_OBJ_SUMMARY = "В {year} году признаки необъективности найдены у {flagged} из {tested} школ."
SLIDE_OBJ_SUMMARY_SCHOOL = "Совпадение отметок ВПР и журнала у школы {school}: {agreement}"

SLIDE_EXPERTS_TITLE = "Экспертное сообщество: {place}, {year}"
SLIDE_EXPERTS_FILTERS = "{year} · {place} · показатель {code} · на {day}"
SLIDE_EXPERTS_SOURCE = "реестр экспертов и мероприятия ОКО на {day}"
SLIDE_EXPERTS_SUMMARY = "Индикатор {code} за {year} год: {value} {unit}; цель: {target}."
SLIDE_EXPERTS_NO_TARGET = "не задана"

SLIDE_ROADMAP_TITLE = "Дорожная карта: {title}"
SLIDE_ROADMAP_FILTERS = "{kind} {years} · статусы на {day}"
SLIDE_ROADMAP_SOURCE = "{source}; статусы мероприятий ОКО"
SLIDE_ROADMAP_SUMMARY = (
    "Выполнено {done} % из {items} сроков мероприятий, просрочено {overdue} % (на {day})."
)
SLIDE_ROADMAP_NONE = "Нет дорожных карт, доступных вам."
