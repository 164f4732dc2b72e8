"""Russian UI text: present (issue 21)."""

PRESENT_BUTTON = "Показ"
PRESENT_BUTTON_TITLE = (
    "Режим показа: крупный текст без меню и фильтров (стрелки — дальше и назад, Esc — выход)"
)
# `oko screenshots --present`: the demo story whose first slide the player shows.
PRESENT_DEMO_STORY = "Показ: итоги процедур"
PRESENT_DEMO_NOTE = "Муниципалитеты сравниваются по среднему проценту выполнения."
