"""Карточка мероприятия (`/roadmaps/item/<item_id>`, `?occurrence=N` for one occurrence of an
item due several times): what it should produce, its occurrences, what it moves, confirming
materials, status history, and (for editors) the status and evidence forms.

Layout only: callbacks/roadmaps_item.py fills the blocks and hides the forms from readers.
"""

import dash
import dash_bootstrap_components as dbc
from dash import dcc, html

from dashboard import evidence_store, rules, strings
from dashboard.ids import Roadmaps as ids
from dashboard.web.components import date_picker, dropdown, labelled

dash.register_page(
    __name__, path_template="/roadmaps/item/<item_id>", name=strings.ROADMAPS_TITLE, order=6
)


def _card(title: str, *children, class_name: str = "") -> dbc.Card:
    return dbc.Card(
        dbc.CardBody([html.H2(title, className="h5"), *children]),
        className=f"mb-3 {class_name}".strip(),
    )


def _status_form() -> dbc.Card:
    statuses = [
        {"label": strings.ROADMAP_STATUS_NAMES[s], "value": s}
        for s in ("planned", "in_progress", "done", "cancelled")
    ]
    return _card(
        strings.ITEM_CHANGE,
        # which occurrence of an item due several times the change is for (hidden otherwise)
        html.Div(
            labelled(
                strings.ITEM_OCCURRENCE_PICK,
                dropdown(id=ids.OCCURRENCE, clearable=False, searchable=False),
            ),
            id=ids.OCCURRENCE_BLOCK,
            hidden=True,
            className="mb-2",
        ),
        dbc.Row(
            [
                dbc.Col(
                    labelled(
                        strings.ITEM_NEW_STATUS,
                        dropdown(id=ids.NEW_STATUS, options=statuses, clearable=False),
                    ),
                    md=4,
                ),
                dbc.Col(
                    labelled(
                        strings.ITEM_PROGRESS,
                        dbc.Input(id=ids.PROGRESS_INPUT, type="number", min=0, max=100, step=5),
                    ),
                    md=3,
                ),
                dbc.Col(
                    labelled(
                        strings.ITEM_COMPLETED_ON,
                        date_picker(ids.COMPLETED_ON),
                    ),
                    md=5,
                ),
            ],
            className="g-2 mb-2",
        ),
        labelled(
            strings.ITEM_COMMENT, dbc.Textarea(id=ids.COMMENT, maxLength=rules.ROADMAP_COMMENT_MAX)
        ),
        dbc.Button(strings.ITEM_SAVE, id=ids.SAVE, color="primary", className="mt-2"),
        html.Div(id=ids.SAVE_FEEDBACK, className="mt-2"),
    )


def _evidence_form() -> html.Div:
    types = evidence_store.TYPES_TEXT
    return html.Div(
        [
            dbc.Row(
                [
                    dbc.Col(
                        labelled(
                            strings.ITEM_EVIDENCE_TITLE,
                            dbc.Input(id=ids.EVIDENCE_TITLE, maxLength=400),
                        ),
                        md=5,
                    ),
                    dbc.Col(
                        labelled(
                            strings.ITEM_EVIDENCE_URL,
                            dbc.Input(id=ids.EVIDENCE_URL, maxLength=1000, type="url"),
                        ),
                        md=5,
                    ),
                    dbc.Col(
                        dbc.Button(
                            strings.ITEM_ADD_LINK, id=ids.ADD_LINK, color="secondary", outline=True
                        ),
                        md=2,
                        className="d-flex align-items-end",
                    ),
                ],
                className="g-2 mb-2",
            ),
            dcc.Upload(
                id=ids.UPLOAD,
                children=html.Div(
                    strings.ITEM_UPLOAD.format(types=types, mb=rules.EVIDENCE_MAX_BYTES // 2**20)
                ),
                max_size=rules.EVIDENCE_MAX_BYTES,
                className="border border-secondary border-dashed rounded p-3 text-center small",
            ),
            html.Div(id=ids.EVIDENCE_FEEDBACK, className="mt-2"),
        ],
        className="mt-3",
    )


def layout(item_id=None, occurrence=None, **_query):
    body = html.Div(
        [
            dcc.Loading(html.Div(id=ids.ITEM_HEADER)),
            _card(strings.ITEM_LINKS, dcc.Loading(html.Div(id=ids.ITEM_LINKS))),
            _card(
                strings.ITEM_EVIDENCE,
                dcc.Loading(html.Div(id=ids.ITEM_EVIDENCE)),
                dbc.Row(
                    [
                        dbc.Col(
                            labelled(strings.ITEM_DOWNLOAD_PICK, dropdown(id=ids.DOWNLOAD_PICK)),
                            md=8,
                        ),
                        dbc.Col(
                            dbc.Button(
                                strings.ITEM_DOWNLOAD,
                                id=ids.DOWNLOAD_BUTTON,
                                color="secondary",
                                outline=True,
                            ),
                            md=4,
                            className="d-flex align-items-end",
                        ),
                    ],
                    className="g-2 mt-2",
                ),
                dcc.Download(id=ids.DOWNLOAD_FILE),
                html.Div(_evidence_form(), id=ids.ITEM_EDIT_EVIDENCE, hidden=True),
            ),
            _card(strings.ITEM_HISTORY, dcc.Loading(html.Div(id=ids.ITEM_HISTORY))),
            html.Div(_status_form(), id=ids.ITEM_EDIT, hidden=True),
        ],
        id=ids.ITEM_BODY,
        hidden=True,
    )
    return html.Div(
        [
            dcc.Link(strings.ITEM_BACK, href="/roadmaps", className="small no-print"),
            dcc.Store(id=ids.ITEM, data=item_id),
            dcc.Store(id=ids.ASKED_OCCURRENCE, data=occurrence),
            dcc.Store(id=ids.CHANGED, data=0),
            dcc.Store(id=ids.EVIDENCE_ADDED, data=0),
            html.Div(id=ids.ITEM_DENIED),
            body,
        ],
        className="mt-2",
    )
