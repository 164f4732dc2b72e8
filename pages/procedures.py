"""Сравнение оценочных процедур (`/procedures`): registered, not built yet."""

import dash

from dashboard import strings
from dashboard.components import placeholder

dash.register_page(__name__, path="/procedures", name=strings.NAV["/procedures"], order=2)


def layout(**_query):
    return placeholder("Сравнение оценочных процедур", "Сравнение процедур и объективность")
