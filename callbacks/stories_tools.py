"""The shell's story menu: add the current view (the shell's `url` path and query) to one of
the caller's stories or to a new one, and download the current view as a one-slide PPTX or
PDF. The page and query are checked by data_access (a page a story may hold; the player's and
presentation mode's parameters dropped)."""

from __future__ import annotations

import dash_bootstrap_components as dbc
from dash import Input, Output, State, ctx, dcc, no_update
from dash.exceptions import PreventUpdate

from callbacks import inputs
from callbacks.registry import callback
from callbacks.stories import refused, story_href
from dashboard import strings
from dashboard.auth import current_scope
from dashboard.ids import StoryTools as ids
from dashboard.slides import slide_page
from dashboard.web.components import refusal_alert
from data_access import stories, story_changes
from data_access.scope import OutOfScope
from data_access.story_changes import StoryRefused

FORMATS = {ids.PPTX: "pptx", ids.PDF: "pdf"}


def _view(pathname: object, search: object) -> tuple[str, str] | None:
    """The current view's (path, query) when its page may be a slide, else None."""
    path = inputs.text(pathname)
    if path is None or slide_page(path) is None:
        return None
    return path, inputs.text(search, 2000) or ""


@callback(
    Output(ids.MODAL, "is_open"),
    Output(ids.STORY, "options"),
    Output(ids.STORY, "value"),
    Output(ids.SLIDE_TITLE, "value"),
    Output(ids.NOTE, "value"),
    Output(ids.FEEDBACK, "children"),
    Output(ids.SAVE, "disabled"),
    Input(ids.ADD, "n_clicks"),
    State("url", "pathname"),
    State("url", "search"),
    prevent_initial_call=True,
)
def open_dialog(n_clicks, pathname, search):
    """The dialog for the current view: the caller's own stories (the newest first chosen),
    the page's own slide title as the default."""
    if not inputs.clicked(n_clicks):
        raise PreventUpdate
    from callbacks.slides import render

    scope = current_scope()
    own = [s for s in stories.list_stories(scope) if s.editable and s.frozen_at is None]
    options = [{"label": s.title, "value": s.id} for s in own]
    view = _view(pathname, search)
    if view is None:
        return True, options, None, "", "", refusal_alert(strings.STORY_ADD_NOT_A_VIEW), True
    title = render(scope, *view).title
    return True, options, own[0].id if own else None, title, "", None, False


@callback(
    Output(ids.FEEDBACK, "children", allow_duplicate=True),
    Input(ids.SAVE, "n_clicks"),
    State(ids.STORY, "value"),
    State(ids.NEW_TITLE, "value"),
    State(ids.SLIDE_TITLE, "value"),
    State(ids.NOTE, "value"),
    State("url", "pathname"),
    State("url", "search"),
    prevent_initial_call=True,
)
def add_view(n_clicks, story_id, new_title, slide_title, note, pathname, search):
    """Add the current view to the chosen story, or to a new story named in the dialog."""
    if not inputs.clicked(n_clicks):
        raise PreventUpdate
    view = _view(pathname, search)
    if view is None:
        return refusal_alert(strings.STORY_ADD_NOT_A_VIEW)
    scope = current_scope()
    name = inputs.typed(new_title, 200)
    chosen = inputs.integer(story_id, 1, 2**31 - 1)
    if not name and chosen is None:
        return refusal_alert(strings.STORY_ADD_PICK)
    title = inputs.typed(slide_title, 200) or strings.STORIES_TITLE
    try:
        target = story_changes.create_story(scope, name) if name else chosen
        story_changes.add_slide(scope, target, *view, title, inputs.typed(note, 4000))
        info = stories.story(scope, target)
    except (OutOfScope, StoryRefused) as error:
        return refused(error)
    return dbc.Alert(
        [
            strings.STORY_ADDED.format(title=info.title),
            " ",
            dcc.Link(strings.STORY_ADD_OPEN, href=story_href(info.id), className="alert-link"),
        ],
        color="success",
        className="small mb-0 story-tools-added",
    )


@callback(
    Output(ids.DOWNLOAD, "data"),
    Input(ids.PPTX, "n_clicks"),
    Input(ids.PDF, "n_clicks"),
    State("url", "pathname"),
    State("url", "search"),
    prevent_initial_call=True,
)
def download_view(pptx, pdf, pathname, search):
    """The current view as a one-slide file, rendered for the caller."""
    from callbacks.story_export import export_view

    button = ctx.triggered_id
    if button not in FORMATS or not inputs.clicked({ids.PPTX: pptx, ids.PDF: pdf}[button]):
        raise PreventUpdate
    view = _view(pathname, search)
    if view is None:
        return no_update
    name, data = export_view(current_scope(), *view, FORMATS[button])
    return dcc.send_bytes(data, name)
