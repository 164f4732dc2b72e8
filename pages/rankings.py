"""Рейтинги с учётом контекста (`/rankings`): registered, not built yet."""

import dash

from dashboard import strings
from dashboard.components import placeholder

dash.register_page(__name__, path="/rankings", name=strings.NAV["/rankings"], order=3)


def layout(**_query):
    return placeholder("Рейтинги с учётом контекста", "Рейтинги с учётом контекста")
