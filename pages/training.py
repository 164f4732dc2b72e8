"""План-заказ на повышение квалификации (`/training`): registered, not built yet."""

import dash

from dashboard import strings
from dashboard.web.components import placeholder

dash.register_page(__name__, path="/training", name=strings.NAV["/training"], order=8)


def layout(**_query):
    return placeholder(strings.TRAINING_TITLE, strings.TRAINING_ISSUE)
