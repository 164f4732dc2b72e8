"""Истории (`/stories`): the user's stories and those shared with them; one story's editor
(title, description, slides in order, sharing, freezing, playing, exporting).

Layout only: callbacks/stories*.py fill every block and hide the forms from readers who may
not edit (data_access refuses their writes anyway); the open story lives in the address
(`?story=<id>`).
"""

import dash
import dash_bootstrap_components as dbc
from dash import dcc, html

from dashboard import strings
from dashboard.ids import Stories as ids
from dashboard.web.components import dropdown, labelled, page_header

dash.register_page(__name__, path="/stories", name=strings.NAV["/stories"], order=9)

TITLE_MAX = 200
TEXT_MAX = 2000


def _card(title: str, *children, class_name: str = "") -> dbc.Card:
    return dbc.Card(
        dbc.CardBody([html.H2(title, className="h5"), *children]),
        className=f"mb-3 {class_name}".strip(),
    )


def _button(text: str, component_id: str, color: str = "primary", **props) -> dbc.Button:
    return dbc.Button(text, id=component_id, color=color, className="mt-2 me-2", **props)


def _list_card() -> dbc.Card:
    create = html.Div(
        [
            labelled(strings.STORIES_NEW_TITLE, dbc.Input(id=ids.NEW_TITLE, maxLength=TITLE_MAX)),
            _button(strings.STORIES_CREATE, ids.CREATE),
            html.Div(id=ids.CREATE_FEEDBACK, className="mt-2"),
        ],
        id=ids.CREATE_BOX,
        hidden=True,
        className="mt-3",
    )
    return _card(
        strings.STORIES_LIST_TITLE,
        html.P(id=ids.VIEWER_NOTE, className="small text-muted"),
        dcc.Loading(html.Div(id=ids.LIST)),
        create,
        class_name="stories-list-card",
    )


def _edit_form() -> html.Div:
    return html.Div(
        [
            labelled(strings.STORY_TITLE, dbc.Input(id=ids.TITLE, maxLength=TITLE_MAX)),
            labelled(
                strings.STORY_DESCRIPTION,
                dbc.Textarea(id=ids.DESCRIPTION, maxLength=TEXT_MAX, className="mb-1"),
            ),
            _button(strings.STORY_SAVE, ids.SAVE),
            _button(strings.STORY_DELETE, ids.DELETE, color="danger", outline=True),
            dcc.ConfirmDialog(id=ids.DELETE_CONFIRM, message=strings.STORY_DELETE_CONFIRM),
        ],
        id=ids.EDIT_BOX,
        hidden=True,
        className="mb-3",
    )


def _slides_card() -> dbc.Card:
    slide_form = html.Div(
        [
            html.Div(
                [
                    _button(
                        strings.STORY_SLIDE_UP,
                        ids.UP,
                        color="secondary",
                        outline=True,
                        title=strings.STORY_SLIDE_UP_LABEL,
                    ),
                    _button(
                        strings.STORY_SLIDE_DOWN,
                        ids.DOWN,
                        color="secondary",
                        outline=True,
                        title=strings.STORY_SLIDE_DOWN_LABEL,
                    ),
                ]
            ),
            labelled(strings.STORY_SLIDE_TITLE, dbc.Input(id=ids.SLIDE_TITLE, maxLength=TITLE_MAX)),
            labelled(strings.STORY_SLIDE_NOTE, dbc.Textarea(id=ids.SLIDE_NOTE, maxLength=TEXT_MAX)),
            _button(strings.STORY_SLIDE_SAVE, ids.SLIDE_SAVE),
            _button(strings.STORY_SLIDE_DELETE, ids.SLIDE_DELETE, color="danger", outline=True),
        ],
        id=ids.SLIDE_BOX,
        hidden=True,
        className="mt-2",
    )
    return _card(
        strings.STORY_SLIDES,
        html.P(strings.STORY_NO_SLIDES, id=ids.SLIDES_EMPTY, hidden=True, className="small"),
        dbc.RadioItems(id=ids.SLIDES, options=[], value=None, className="stories-slides"),
        dcc.Link(strings.STORY_SLIDE_OPEN, id=ids.SLIDE_OPEN, href="/", className="small"),
        slide_form,
        html.Div(id=ids.SLIDE_FEEDBACK, className="mt-2"),
        class_name="stories-slides-card",
    )


def _share_card() -> html.Div:
    return html.Div(
        _card(
            strings.STORY_SHARE_TITLE,
            html.P(strings.STORY_SHARE_NOTE, className="small text-muted"),
            labelled(strings.STORY_SHARE_ROLES, dbc.Checklist(id=ids.SHARE_ROLES, options=[])),
            labelled(
                strings.STORY_SHARE_LOGINS, dropdown(id=ids.SHARE_LOGINS, options=[], multi=True)
            ),
            _button(strings.STORY_SHARE_SAVE, ids.SHARE_SAVE),
            html.Div(id=ids.SHARE_FEEDBACK, className="mt-2"),
        ),
        id=ids.SHARE_BOX,
        hidden=True,
    )


def _freeze_card() -> html.Div:
    changes = dbc.Modal(
        [
            dbc.ModalHeader(dbc.ModalTitle(strings.STORY_CHANGES_TITLE)),
            dbc.ModalBody(dcc.Loading(html.Div(id=ids.CHANGES))),
            dbc.ModalFooter(
                [
                    dbc.Button(strings.STORY_UNFREEZE_CONFIRM, id=ids.UNFREEZE_CONFIRM),
                    dbc.Button(strings.STORY_CANCEL, id=ids.UNFREEZE_CANCEL, color="secondary"),
                ]
            ),
        ],
        id=ids.CHANGES_MODAL,
        is_open=False,
        size="lg",
    )
    return html.Div(
        _card(
            strings.STORY_FREEZE_TITLE,
            _button(strings.STORY_FREEZE, ids.FREEZE, outline=True),
            _button(strings.STORY_UNFREEZE, ids.UNFREEZE, color="secondary", outline=True),
            dcc.Loading(html.Div(id=ids.FREEZE_FEEDBACK, className="mt-2")),
            changes,
        ),
        id=ids.FREEZE_BOX,
        hidden=True,
    )


def _play_export() -> html.Div:
    return html.Div(
        [
            dcc.Link(strings.STORY_PLAY, id=ids.PLAY, href="/stories", className="btn btn-primary"),
            html.Button(
                strings.STORY_EXPORT_PPTX,
                id=ids.PPTX,
                className="btn btn-outline-primary ms-2",
            ),
            html.Button(
                strings.STORY_EXPORT_PDF, id=ids.PDF, className="btn btn-outline-secondary ms-2"
            ),
            html.Div(
                dbc.Progress(id=ids.PROGRESS, value=0, striped=True, animated=True),
                id=ids.PROGRESS_BOX,
                hidden=True,
                className="mt-2",
            ),
            html.Div(id=ids.EXPORT_STATUS, className="mt-1"),
            dcc.Loading(html.Div(id=ids.EXPORT_REPORT, className="mt-2")),
            dcc.Download(id=ids.DOWNLOAD),
        ],
        className="mb-3 no-print",
    )


def layout(**_query):
    editor = html.Div(
        [
            html.Div(id=ids.HEADER),
            html.Div(id=ids.FEEDBACK),
            _play_export(),
            _edit_form(),
            _slides_card(),
            _share_card(),
            _freeze_card(),
        ],
        id=ids.EDITOR,
        hidden=True,
    )
    return html.Div(
        [
            dcc.Location(id=ids.LOCATION, refresh=False),
            dcc.Store(id=ids.CHANGED, data=0),
            page_header(strings.STORIES_TITLE, strings.STORIES_SUBTITLE),
            dbc.Row(
                [dbc.Col(_list_card(), lg=4), dbc.Col(dcc.Loading(editor), lg=8)],
                className="g-3",
            ),
        ]
    )
