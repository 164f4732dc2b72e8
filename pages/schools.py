"""Школы: профили, поиск и карта (`/schools`): registered, not built yet."""

import dash

from dashboard import strings
from dashboard.components import placeholder

dash.register_page(__name__, path="/schools", name=strings.NAV["/schools"], order=1)


def layout(**_query):
    return placeholder("Школы: профили, поиск и карта", "Профили школ")
