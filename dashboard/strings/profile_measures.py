"""Russian text of the school profile's «Проблемы, меры и решения» block."""

PROFILE_MEASURES = "Проблемы, меры и решения"
PROFILE_MEASURES_NOTE = (
    "Проблемы школы по данным {year} г. (как на странице «Управленческие решения»), меры "
    "действующей матрицы, которые на них отвечают, и решения по школе."
)
PROFILE_MEASURES_NO_FINDINGS = "По данным {year} г. проблем у школы не выявлено."
PROFILE_MEASURES_FOR = "Меры из матрицы"
PROFILE_MEASURES_NONE = "В матрице нет мер для этой проблемы."
PROFILE_MEASURES_TAKEN = "Решения по проблеме"
PROFILE_MEASURES_DECISION = "№ {id}"
PROFILE_DECISIONS = "Решения по школе"
PROFILE_DECISIONS_NONE = "Решений по школе пока нет."
PROFILE_DECISIONS_COLUMNS = {
    "id": "№",
    "finding": "Проблема",
    "measure": "Мера",
    "status": "Статус",
    "due_on": "Срок",
}
PROFILE_MEASURES_ADOPT = "Принять решение по проблемам школы — на странице «Управленческие решения»"
