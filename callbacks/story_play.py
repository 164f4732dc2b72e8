"""The story player: the slide the address names (`?slide=N`, from 0), rendered for the reader
(a frozen story's snapshot, or the live view under the reader's own scope), with links to the
previous and next slides and out of the show (the keyboard handler follows them)."""

from __future__ import annotations

import dash_bootstrap_components as dbc
from dash import Input, Output, dcc, html
from dash.exceptions import PreventUpdate

from callbacks import inputs
from callbacks.query import from_query, to_query
from callbacks.refusals import audit_refusal
from callbacks.registry import callback
from dashboard import strings
from dashboard.auth import current_scope
from dashboard.figures.slides import projector_figure
from dashboard.figures.template import GRAPH_CONFIG
from dashboard.formatting import format_number
from dashboard.ids import Player as ids
from dashboard.slides import DeckSlide, SlideTable, footer
from dashboard.web.components import refusal_alert
from data_access.scope import OutOfScope

ID_MAX = 2**31 - 1
SLIDES_MAX = 500


def story_id_of(pathname: object) -> int | None:
    """The story id in `/stories/<id>/play`, or None for any other path."""
    parts = (inputs.text(pathname) or "").strip("/").split("/")
    if len(parts) != 3 or parts[0] != "stories" or parts[2] != "play":
        return None
    return inputs.integer(parts[1], 1, ID_MAX)


def player_href(story_id: int, index: int) -> str:
    """The address of slide `index` (from 0) of a story, in presentation mode."""
    return f"/stories/{story_id}/play" + to_query({"slide": index, "present": 1})


def _cell(value: object) -> str:
    if isinstance(value, bool) or value is None:
        return strings.NO_DATA if value is None else str(value)
    if isinstance(value, int | float):
        return format_number(value, 0 if float(value).is_integer() else 1)
    return str(value)


def slide_table(table: SlideTable) -> html.Div:
    """A slide's table as a plain, readable HTML table with its caption (no grid tools on a
    projector); a note says when the page's table had more rows."""
    head = html.Thead(html.Tr([html.Th(c, scope="col") for c in table.columns]))
    body = html.Tbody([html.Tr([html.Td(_cell(v)) for v in row]) for row in table.rows])
    parts = [
        dbc.Table(
            [html.Caption(table.caption, className="caption-top"), head, body],
            bordered=True,
            size="sm",
            className="player-table",
        )
    ]
    if table.total_rows > len(table.rows):
        parts.append(
            html.P(
                strings.PLAYER_TABLE_MORE.format(shown=len(table.rows), total=table.total_rows),
                className="small text-muted",
            )
        )
    return html.Div(parts)


def _graph(figure: dict, summary: str) -> dcc.Graph:
    shown = projector_figure(figure)
    if summary:  # the chart's text alternative (assets/chart-a11y.js reads it)
        shown.update_layout(meta={"summary": summary})
    # the height of the screen between the title and the bar at the bottom (assets/present.css)
    return dcc.Graph(
        figure=shown,
        config=GRAPH_CONFIG,
        className="player-graph",
        style={"height": "calc(100vh - 17rem)", "minHeight": "320px"},
    )


def slide_body(slide: DeckSlide) -> list:
    """The view's content: the presenter's note and the one-sentence summary, then its message,
    or its main chart filling the screen above the footer bar; a second chart and the tables
    follow below it, for the presenter to scroll to (two charts side by side are unreadable
    at 1280×720)."""
    view = slide.view
    parts: list = []
    if slide.note:
        parts.append(html.P(slide.note, className="player-note lead mb-1"))
    if view.message:
        parts.append(refusal_alert(view.message))
        return parts
    if view.summary:
        parts.append(html.P(view.summary, className="player-summary mb-1"))
    parts.extend(_graph(f, view.summary) for f in view.figures)
    parts.extend(slide_table(t) for t in view.tables)
    return parts


@callback(
    Output(ids.TITLE, "children"),
    Output(ids.BODY, "children"),
    Output(ids.FOOTER, "children"),
    Output(ids.COUNTER, "children"),
    Output(ids.PREV, "href"),
    Output(ids.NEXT, "href"),
    Output(ids.EXIT, "href"),
    Input(ids.LOCATION, "pathname"),
    Input(ids.LOCATION, "search"),
)
def play(pathname, search):
    """Slide N of the story (N clamped to the deck); a story the reader may not see is
    refused like any out-of-scope object (audited, nothing shown)."""
    from callbacks.story_deck import deck_slide

    story_id = story_id_of(pathname)
    if story_id is None:
        raise PreventUpdate
    exit_href, here = f"/stories?story={story_id}", player_href(story_id, 0)
    asked = inputs.integer(from_query(search).get("slide"), 0, ID_MAX) or 0
    try:
        slide, index, total = deck_slide(current_scope(), story_id, min(asked, SLIDES_MAX - 1))
    except OutOfScope as refused:
        audit_refusal(refused, "play")
        return (
            strings.STORIES_TITLE,
            refusal_alert(strings.STORIES_NOT_FOUND),
            "",
            "",
            here,
            here,
            "/stories",
        )
    if slide is None:
        return (
            strings.STORIES_TITLE,
            refusal_alert(strings.PLAYER_EMPTY),
            "",
            "",
            here,
            here,
            exit_href,
        )
    return (
        slide.title or slide.view.title,
        slide_body(slide),
        footer(slide),
        strings.PLAYER_COUNTER.format(n=index + 1, total=total),
        player_href(story_id, max(index - 1, 0)),
        player_href(story_id, min(index + 1, total - 1)),
        exit_href,
    )
