"""Дорожные карты (`/roadmaps`): registered, not built yet."""

import dash

from dashboard import strings
from dashboard.components import placeholder

dash.register_page(__name__, path="/roadmaps", name=strings.NAV["/roadmaps"], order=6)


def layout(**_query):
    return placeholder("Дорожные карты", "Дорожные карты")
