"""The shell's «Истории» menu: «В историю…» (add the current view — the shell's address, path
and query — to a story, in a dialog), «Скачать слайд: PPTX / PDF» of the current view, and the
link to /stories (one menu rather than a link and a menu: the navbar stays one line at 1200 px).
callbacks/stories_tools.py answers them; a viewer, who owns no stories, gets the downloads."""

from __future__ import annotations

import dash_bootstrap_components as dbc
from dash import dcc, html
from dash.development.base_component import Component

from dashboard import strings
from dashboard.auth import current_scope
from dashboard.ids import StoryTools as ids
from dashboard.web.components import dropdown, labelled

WRITE_ROLES = frozenset({"admin", "region", "municipality", "school"})


def _dialog() -> dbc.Modal:
    return dbc.Modal(
        [
            dbc.ModalHeader(dbc.ModalTitle(strings.STORY_ADD_TITLE)),
            dbc.ModalBody(
                [
                    labelled(strings.STORY_ADD_STORY, dropdown(id=ids.STORY, options=[])),
                    labelled(
                        strings.STORY_ADD_NEW,
                        dbc.Input(
                            id=ids.NEW_TITLE,
                            maxLength=200,
                            placeholder=strings.STORY_ADD_NEW_PLACEHOLDER,
                        ),
                    ),
                    labelled(
                        strings.STORY_ADD_SLIDE_TITLE, dbc.Input(id=ids.SLIDE_TITLE, maxLength=200)
                    ),
                    labelled(strings.STORY_ADD_NOTE, dbc.Textarea(id=ids.NOTE, maxLength=4000)),
                    dcc.Loading(html.Div(id=ids.FEEDBACK, className="mt-2")),
                ]
            ),
            dbc.ModalFooter(dbc.Button(strings.STORY_ADD_SAVE, id=ids.SAVE, color="primary")),
        ],
        id=ids.MODAL,
        is_open=False,
    )


def story_controls() -> list[Component]:
    """The navbar's «История» menu (and its dialog and download, which render nothing until
    used)."""
    writer = current_scope().role in WRITE_ROLES
    items = []
    if writer:
        items.append(dbc.DropdownMenuItem(strings.STORY_MENU_ADD, id=ids.ADD, n_clicks=0))
    items += [
        dbc.DropdownMenuItem(strings.STORY_MENU_PPTX, id=ids.PPTX, n_clicks=0),
        dbc.DropdownMenuItem(strings.STORY_MENU_PDF, id=ids.PDF, n_clicks=0),
        dbc.DropdownMenuItem(divider=True),
        dbc.DropdownMenuItem(strings.STORY_MENU_LIST, href="/stories"),
    ]
    menu = dbc.DropdownMenu(
        items,
        label=strings.NAV_SHORT["/stories"],
        id=ids.BUTTON,
        nav=True,
        in_navbar=True,
        align_end=True,
        toggle_class_name="oko-nav-story",
    )
    extras = [dcc.Download(id=ids.DOWNLOAD)]
    if writer:
        extras.append(_dialog())
    return [menu, html.Div(extras, className="d-none-print")]
