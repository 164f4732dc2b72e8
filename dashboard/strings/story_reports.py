"""Russian UI text: story_reports (issue 21): PPTX and PDF exports of stories and views."""

STORY_REPORT_ROWS_SHOWN = "Показаны строки {first}–{last} из {total}."
STORY_REPORT_COLUMNS_SHOWN = "Столбцов: {shown} из {total}; вся таблица — в выгрузке страницы."
STORY_REPORT_RENDERING = "Отрисовка слайда {n} из {total}"
STORY_REPORT_ASSEMBLING = "Сборка файла"
STORY_REPORT_VIEW_NAME = "слайд"  # file name of a single view without a title
