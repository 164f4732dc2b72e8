"""Slides of stories: what a slide says when it cannot show a view."""

SLIDE_NOT_A_VIEW = "Эту страницу нельзя показать как слайд."
SLIDE_REFUSED = "Эти данные вам недоступны."
SLIDE_DATA_DATE = "Данные на {date}"
SLIDE_FROZEN = "зафиксировано {date}"
SLIDE_FILTERS = "Фильтры: {filters}"
SLIDE_SOURCE = "Источник: {source}"
