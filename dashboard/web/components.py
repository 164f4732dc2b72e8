"""Small layout pieces shared by pages (no data, no queries)."""

from __future__ import annotations

import dash_bootstrap_components as dbc
from dash import dcc, html

from dashboard import strings
from dashboard.figures.template import GRAPH_CONFIG


def page_header(title: str, subtitle: str = "") -> html.Div:
    return html.Div(
        [html.H1(title, className="h3 mb-1"), html.P(subtitle, className="text-muted")],
        className="mb-3",
    )


def graph(component_id: str, height: int = 420) -> dcc.Loading:
    return dcc.Loading(
        dcc.Graph(id=component_id, config=GRAPH_CONFIG, style={"height": f"{height}px"}),
        type="default",
    )


def labelled(label: str, control) -> html.Div:
    """A control under its visible label; the label names the control for assistive technology
    (`for` = the control's id) when the control is a form field with an id."""
    target = getattr(control, "id", None)
    named = {"html_for": target} if isinstance(target, str) else {}
    return html.Div([dbc.Label(label, className="small text-muted mb-1", **named), control])


def error_alert() -> dbc.Alert:
    """What a block shows when its callback crashed (the error itself is in the server log)."""
    return dbc.Alert(strings.CALLBACK_ERROR, color="danger", className="callback-error small mb-0")


def refusal_alert(message: str = strings.ACCESS_DENIED) -> dbc.Alert:
    """What a block shows when data_access refused the request (the refusal is audited)."""
    return dbc.Alert(message, color="warning", className="access-denied mb-0")


def definition_list(rows: list[tuple[str, object]], class_name: str = "row") -> html.Dl:
    """Label → value pairs (a card's facts) as a two-column definition list."""
    return html.Dl(
        [
            part
            for label, value in rows
            for part in (
                html.Dt(label, className="col-sm-3 small text-muted"),
                html.Dd(value, className="col-sm-9 mb-1"),
            )
        ],
        className=class_name,
    )


def picker(label: str, component_id: str, width: int | None = None, **props):
    """A labelled dropdown whose options and value come from a callback; in a column of
    `width` (of 12) when given."""
    control = labelled(label, dropdown(id=component_id, **props))
    return dbc.Col(control, md=width) if width else control


def dropdown(**props) -> dcc.Dropdown:
    """dcc.Dropdown with its interface text (placeholder, «выбрано: N», search) in Russian."""
    props.setdefault("placeholder", strings.DROPDOWN_PLACEHOLDER)
    props.setdefault("labels", strings.DROPDOWN_LABELS)
    return dcc.Dropdown(**props)


# Dates as Russians write them; the month dropdown of the calendar shows month names in Russian
# (assets/02-date-locale-ru.js gives the pickers a Russian date-fns locale).
DATE_FORMAT = "DD.MM.YYYY"
MONTH_FORMAT = "MMMM YYYY"
_DATE_DEFAULTS = {
    "display_format": DATE_FORMAT,
    "month_format": MONTH_FORMAT,
    "first_day_of_week": 1,
}


def date_picker(component_id: str, **props) -> dcc.DatePickerSingle:
    """dcc.DatePickerSingle with Russian text: dd.mm.yyyy, weeks from Monday, a Russian
    placeholder instead of «Select Date»."""
    props = {**_DATE_DEFAULTS, "placeholder": strings.DATE_PLACEHOLDER, **props}
    return dcc.DatePickerSingle(id=component_id, **props)


def date_range(component_id: str, **props) -> dcc.DatePickerRange:
    """dcc.DatePickerRange with Russian text: «с …» and «по …» instead of «Start Date →
    End Date», dd.mm.yyyy, weeks from Monday."""
    props = {
        **_DATE_DEFAULTS,
        "start_date_placeholder_text": strings.DATE_RANGE_START,
        "end_date_placeholder_text": strings.DATE_RANGE_END,
        **props,
    }
    return dcc.DatePickerRange(id=component_id, **props)
