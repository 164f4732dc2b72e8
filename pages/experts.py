"""Экспертное сообщество (`/experts`): registered, not built yet."""

import dash

from dashboard import strings
from dashboard.components import placeholder

dash.register_page(__name__, path="/experts", name=strings.NAV["/experts"], order=5)


def layout(**_query):
    return placeholder("Экспертное сообщество", "Экспертное сообщество")
