"""Russian UI text: slides_results (issue 21): slides of `/`, `/schools`, `/schools/<code>` and
`/procedures` (titles, filters in words, sources, one-sentence summaries)."""

#: A slide's title: the page's name and its main selection.
SLIDE_RESULTS_TITLE = "{page}: {selection}"
#: The numbers come from a procedure of some years, computed by OKO.
SLIDE_RESULTS_SOURCE = "{procedure}, {years} г.; расчёт ОКО"
SLIDE_RESULTS_NO_DATA = "Нет результатов для этого выбора: на странице были бы пустые графики."

# ------------------------------------------------------------------ /
SLIDE_OVERVIEW_FILTERS = "{procedure} · {year}"
SLIDE_OVERVIEW_SUMMARY = (
    "Средний процент выполнения по муниципалитетам ({n} на графике) — от {low} до {high}; "
    "по региону — {region}."
)

# ------------------------------------------------------------------ /schools
SLIDE_SCHOOLS_ALL = "все школы"
SLIDE_SCHOOLS_MUNICIPALITIES = "муниципалитеты: {names}"
SLIDE_SCHOOLS_KINDS = "тип: {names}"
SLIDE_SCHOOLS_LOCALITIES = "местность: {names}"
SLIDE_SCHOOLS_COLOUR = "цвет точек: {colour}"
SLIDE_SCHOOLS_SOURCE = "реестр ОО, контекстные данные, ВПР и ОГЭ последнего года; расчёт ОКО"
SLIDE_SCHOOLS_SUMMARY = "На карте школ: {n}; {colour} — от {low} до {high}."
SLIDE_SCHOOLS_SUMMARY_PLAIN = "На карте школ: {n}."

# ------------------------------------------------------------------ /schools/<code>
SLIDE_PROFILE_FILTERS = "{procedure} · годы {years}"
SLIDE_PROFILE_SUMMARY = (
    "Средний процент выполнения ({procedure}, {year} г.): школа — {school}, "
    "муниципалитет — {municipality}, регион — {region}."
)

# ------------------------------------------------------------------ /procedures
SLIDE_PROC_FILTERS = "{procedure} · {years} · {unit} · {place} · {chart}"
SLIDE_PROC_REGION = "весь регион"
#: «школ — 38», «муниципалитетов — 12»: what the open chart's rows are.
SLIDE_PROC_COUNTS = {"schools": "школ — {n}", "municipalities": "муниципалитетов — {n}"}
SLIDE_PROC_SUMMARY = "{chart}: {count}; средний процент — от {low} до {high}."
SLIDE_PROC_SUMMARY_PLAIN = "{chart}: {count}."
