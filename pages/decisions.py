"""Управленческие решения (`/decisions`): registered, not built yet."""

import dash

from dashboard import strings
from dashboard.web.components import placeholder

dash.register_page(__name__, path="/decisions", name=strings.NAV["/decisions"], order=7)


def layout(**_query):
    return placeholder(strings.DECISIONS_TITLE, strings.DECISIONS_ISSUE)
