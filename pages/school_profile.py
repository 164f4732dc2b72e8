"""School profile (`/schools/<school_code>`): registered, not built yet."""

import dash

from dashboard.components import placeholder

dash.register_page(__name__, path_template="/schools/<school_code>", name="Профиль школы", order=2)


def layout(school_code=None, **_query):
    return placeholder("Профиль школы", "Профили школ")
