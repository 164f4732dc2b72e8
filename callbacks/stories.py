"""`/stories` callbacks: the list of the caller's stories and those shared with them, creating
a story, and the open story (`?story=<id>`): its header, its own form (title, description,
delete) and the blocks only its owner may use.

Slides: callbacks/stories_slides.py; sharing and freezing: stories_share.py; export:
stories_export.py. data_access decides who may read or change what; here the forms a reader
cannot use are hidden, and every refusal is shown as one.
"""

from __future__ import annotations

import dash_bootstrap_components as dbc
from dash import Input, Output, State, ctx, dcc, html, no_update
from dash.exceptions import PreventUpdate

from callbacks import inputs
from callbacks.query import from_query, rewrite, to_query
from callbacks.registry import callback
from dashboard import strings
from dashboard.auth import current_scope
from dashboard.formatting import format_date
from dashboard.ids import Stories as ids
from dashboard.web.components import refusal_alert
from data_access import stories, story_changes
from data_access.scope import OutOfScope
from data_access.story_changes import StoryRefused

ID_MAX = 2**31 - 1


def story_of(search: object) -> int | None:
    """The story the address opens (`?story=<id>`), or None."""
    return inputs.integer(from_query(search).get("story"), 1, ID_MAX)


def story_href(story_id: int) -> str:
    return "/stories" + to_query({"story": story_id})


def saved(message: str) -> dbc.Alert:
    return dbc.Alert(message, color="success", className="mb-0 small", duration=6000)


def refused(error: Exception) -> dbc.Alert:
    """A refused change in the user's words (data_access has audited it)."""
    if isinstance(error, StoryRefused):
        return refusal_alert(error.message)
    return refusal_alert(strings.STORIES_NOT_FOUND)


def _item(info: stories.StoryInfo, login: str, open_id: int | None) -> html.Li:
    notes = [strings.STORIES_ITEM.format(n=info.slide_count, owner=info.owner_login)]
    if info.frozen_at is not None:
        notes.append(strings.STORIES_ITEM_FROZEN.format(date=format_date(info.frozen_at)))
    if info.owner_login != login:
        notes.append(strings.STORIES_ITEM_SHARED)
    current = info.id == open_id
    return html.Li(
        [
            dcc.Link(info.title, href=story_href(info.id), className="stories-item-link"),
            html.Div("; ".join(notes), className="small text-muted"),
        ],
        className="list-group-item" + (" stories-item-open" if current else ""),
        **({"aria-current": "true"} if current else {}),
    )


@callback(
    Output(ids.LIST, "children"),
    Output(ids.VIEWER_NOTE, "children"),
    Output(ids.CREATE_BOX, "hidden"),
    Input(ids.LOCATION, "pathname"),
    Input(ids.LOCATION, "search"),
    Input(ids.CHANGED, "data"),
)
def story_list(pathname, search, _changed):
    """The stories the caller may read, newest first; the create form for those who may
    own stories (a viewer reads only what is shared with it)."""
    if inputs.text(pathname) is None:
        raise PreventUpdate
    scope = current_scope()
    found = stories.list_stories(scope)
    writer = scope.role in stories.WRITE_ROLES
    note = "" if writer else strings.STORIES_VIEWER_NOTE
    if not found:
        return html.P(strings.STORIES_EMPTY, className="small"), note, not writer
    items = [_item(info, scope.login, story_of(search)) for info in found]
    return html.Ul(items, className="list-group stories-list"), note, not writer


def _header(info: stories.StoryInfo) -> html.Div:
    status = (
        strings.STORY_FROZEN_NOTE.format(
            date=format_date(info.frozen_at), who=info.frozen_by or info.owner_login
        )
        if info.frozen_at is not None
        else strings.STORY_LIVE_NOTE
    )
    parts = [
        html.H2(info.title, className="h4 mb-1 stories-open-title"),
        html.P(
            strings.STORY_OWNER.format(owner=info.owner_login, date=format_date(info.updated_at)),
            className="small text-muted mb-1",
        ),
        html.P(status, className="small stories-frozen-status"),
    ]
    if info.description:
        parts.append(html.P(info.description, className="stories-description"))
    if not info.editable:
        parts.append(html.P(strings.STORY_READ_ONLY, className="small text-muted"))
    return html.Div(parts, className="mb-2")


def _slide_options(slides: list[stories.SlideInfo]) -> list[dict]:
    from dash import page_registry

    names = {p["path"]: p["name"] for p in page_registry.values()}
    return [
        {
            "label": strings.STORY_SLIDE_ITEM.format(
                n=i + 1, title=s.title, page=names.get(s.path, s.path)
            ),
            "value": s.id,
        }
        for i, s in enumerate(slides)
    ]


@callback(
    Output(ids.EDITOR, "hidden"),
    Output(ids.HEADER, "children"),
    Output(ids.EDIT_BOX, "hidden"),
    Output(ids.TITLE, "value"),
    Output(ids.DESCRIPTION, "value"),
    Output(ids.SLIDES, "options"),
    Output(ids.SLIDES_EMPTY, "hidden"),
    Output(ids.SHARE_BOX, "hidden"),
    Output(ids.SHARE_ROLES, "options"),
    Output(ids.SHARE_ROLES, "value"),
    Output(ids.SHARE_LOGINS, "options"),
    Output(ids.SHARE_LOGINS, "value"),
    Output(ids.FREEZE_BOX, "hidden"),
    Output(ids.FREEZE, "disabled"),
    Output(ids.UNFREEZE, "disabled"),
    Output(ids.PLAY, "href"),
    Input(ids.LOCATION, "search"),
    Input(ids.CHANGED, "data"),
    State(ids.LOCATION, "pathname"),
)
def open_story(search, _changed, pathname):
    """The story the address names, as the caller may see it; the owner's forms for its owner.
    A story the caller may not read shows the same refusal as an unknown one."""
    if inputs.text(pathname) is None:
        raise PreventUpdate
    story_id = story_of(search)
    if story_id is None:
        return (True, *[no_update] * 15)
    scope = current_scope()
    try:
        info = stories.story(scope, story_id)
        slides = stories.slides(scope, story_id)
    except OutOfScope as refusal:
        from callbacks.refusals import audit_refusal

        audit_refusal(refusal, "open_story")
        hidden = (True, "", "", [], True, True, [], [], [], [], True, True, True, "/stories")
        return (False, refusal_alert(strings.STORIES_NOT_FOUND), *hidden)
    owner = info.editable
    roles, logins = stories.share_choices(scope) if owner else ([], [])
    frozen = info.frozen_at is not None
    from callbacks.story_play import player_href

    return (
        False,
        _header(info),
        not owner,
        info.title,
        info.description,
        _slide_options(slides),
        bool(slides),
        not owner,
        [{"label": strings.ROLE_NAMES.get(r, r), "value": r} for r in roles],
        [r for r in info.shared_roles if r in roles],
        [{"label": login, "value": login} for login in sorted({*logins, *info.shared_logins})],
        list(info.shared_logins),
        not owner,
        frozen or not slides,
        not frozen,
        player_href(story_id, 0),
    )


@callback(
    Output(ids.DELETE_CONFIRM, "displayed"),
    Input(ids.DELETE, "n_clicks"),
    prevent_initial_call=True,
)
def ask_delete(n_clicks):
    if not inputs.clicked(n_clicks):
        raise PreventUpdate
    return True


@callback(
    Output(ids.CREATE_FEEDBACK, "children"),
    Output(ids.FEEDBACK, "children"),
    Output(ids.CHANGED, "data"),
    Output(ids.LOCATION, "search"),
    Input(ids.CREATE, "n_clicks"),
    Input(ids.SAVE, "n_clicks"),
    Input(ids.DELETE_CONFIRM, "submit_n_clicks"),
    State(ids.NEW_TITLE, "value"),
    State(ids.TITLE, "value"),
    State(ids.DESCRIPTION, "value"),
    State(ids.LOCATION, "search"),
    State(ids.CHANGED, "data"),
    prevent_initial_call=True,
)
def change_story(create, save, delete, new_title, title, description, search, changed):
    """Create a story (and open it), save the open one's title and description, or delete it
    (after the confirmation dialog)."""
    pressed = {ids.CREATE: create, ids.SAVE: save, ids.DELETE_CONFIRM: delete}
    button = ctx.triggered_id
    if button not in pressed or not inputs.clicked(pressed[button]):
        raise PreventUpdate
    scope = current_scope()
    story_id = story_of(search)
    try:
        if button == ids.CREATE:
            name = inputs.typed(new_title, 200)
            if not name:
                return refusal_alert(strings.STORIES_NEED_TITLE), no_update, no_update, no_update
            new_id = story_changes.create_story(scope, name)
            message = saved(strings.STORIES_CREATED.format(title=name))
            return message, None, inputs.bump(changed), rewrite(to_query({"story": new_id}), search)
        if story_id is None:
            raise PreventUpdate
        if button == ids.SAVE:
            story_changes.update_story(
                scope, story_id, inputs.typed(title, 200), inputs.typed(description, 4000)
            )
            return no_update, saved(strings.STORY_SAVED), inputs.bump(changed), no_update
        story_changes.delete_story(scope, story_id)
        return saved(strings.STORY_DELETED), None, inputs.bump(changed), ""
    except (OutOfScope, StoryRefused) as error:
        where = ids.CREATE if button == ids.CREATE else ids.FEEDBACK
        alert = refused(error)
        if where == ids.CREATE:
            return alert, no_update, no_update, no_update
        return no_update, alert, no_update, no_update
