"""Объективность результатов (`/objectivity`): registered, not built yet."""

import dash

from dashboard import strings
from dashboard.components import placeholder

dash.register_page(__name__, path="/objectivity", name=strings.NAV["/objectivity"], order=4)


def layout(**_query):
    return placeholder("Объективность результатов", "Сравнение процедур и объективность")
