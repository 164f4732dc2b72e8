"""A story played as slides (`/stories/<story_id>/play?slide=N&present=1`, N counted from 0):
title, the view's charts and table, the presenter's note and the footer (data date, filters,
source), «Слайд N из M», and links back, forward and out that the keyboard handler
(assets/present.js) follows on → ← Esc.

Layout only: callbacks/story_play.py renders the slide the address names.
"""

import dash
from dash import dcc, html

from dashboard import strings
from dashboard.ids import Player as ids

dash.register_page(
    __name__, path_template="/stories/<story_id>/play", name=strings.STORIES_TITLE, order=10
)


def layout(story_id=None, **_query):
    nav = html.Nav(
        [
            dcc.Link(
                strings.PLAYER_PREV, id=ids.PREV, href="", className="btn btn-outline-primary"
            ),
            html.Span(id=ids.COUNTER, className="mx-3 player-counter", **{"aria-live": "polite"}),
            dcc.Link(
                strings.PLAYER_NEXT, id=ids.NEXT, href="", className="btn btn-outline-primary"
            ),
            dcc.Link(
                strings.PLAYER_EXIT, id=ids.EXIT, href="/stories", className="btn btn-link ms-3"
            ),
        ],
        className="player-nav d-flex align-items-center",
        **{"aria-label": strings.PLAYER_KEYS},
    )
    return html.Div(
        [
            dcc.Location(id=ids.LOCATION, refresh=False),
            html.H1(id=ids.TITLE, className="player-title h2"),
            dcc.Loading(html.Div(id=ids.BODY, className="player-body")),
            # kept at the bottom of the screen: the footer must show on every slide
            html.Div(
                [
                    html.P(id=ids.FOOTER, className="player-footer mb-1"),
                    nav,
                    html.P(strings.PLAYER_KEYS, className="small text-muted player-keys mb-0"),
                ],
                className="player-bar",
            ),
        ],
        className="oko-player",
    )
