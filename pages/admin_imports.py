"""Импорт данных (`/admin/imports`): registered, not built yet."""

import dash

from dashboard import strings
from dashboard.components import placeholder

dash.register_page(__name__, path="/admin/imports", name=strings.NAV["/admin/imports"], order=9)


def layout(**_query):
    return placeholder("Импорт данных", "Импорт файлов")
