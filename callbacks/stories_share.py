"""`/stories`: sharing the open story with roles and users, and freezing its data. Unfreezing
first shows what changed since the freeze (frozen snapshot against the live view, per slide),
then asks for confirmation."""

from __future__ import annotations

from dash import Input, Output, State, ctx, html, no_update
from dash.exceptions import PreventUpdate

from callbacks import inputs
from callbacks.registry import callback
from callbacks.stories import refused, saved, story_of
from dashboard import strings
from dashboard.auth import current_scope
from dashboard.ids import Stories as ids
from data_access import story_changes
from data_access.scope import OutOfScope
from data_access.story_changes import StoryRefused

MAX_CHOSEN = 200


def _names(value: object) -> list[str]:
    """Chosen roles or logins from a checklist or multi-select: short strings only."""
    if not isinstance(value, list):
        return []
    return [v for v in value[:MAX_CHOSEN] if inputs.text(v, 80)]


@callback(
    Output(ids.SHARE_FEEDBACK, "children"),
    Output(ids.CHANGED, "data", allow_duplicate=True),
    Input(ids.SHARE_SAVE, "n_clicks"),
    State(ids.SHARE_ROLES, "value"),
    State(ids.SHARE_LOGINS, "value"),
    State(ids.LOCATION, "search"),
    State(ids.CHANGED, "data"),
    prevent_initial_call=True,
)
def share(n_clicks, roles, logins, search, changed):
    """Replace the open story's shares with the chosen roles and users."""
    story_id = story_of(search)
    if not inputs.clicked(n_clicks) or story_id is None:
        raise PreventUpdate
    try:
        story_changes.share_story(current_scope(), story_id, _names(roles), _names(logins))
    except (OutOfScope, StoryRefused) as error:
        return refused(error), no_update
    return saved(strings.STORY_SHARED), inputs.bump(changed)


def changes_list(found: list) -> html.Div:
    """The slides' changes since the freeze (SlideChange: position, title, changed, details)."""
    if not any(c.changed for c in found):
        return html.P(strings.STORY_CHANGES_NONE, className="stories-no-changes")
    items = []
    for change in found:
        head = strings.STORY_CHANGES_SLIDE.format(n=change.position + 1, title=change.title)
        if not change.changed:
            items.append(html.Li(f"{head}: {strings.STORY_CHANGES_SAME}"))
            continue
        items.append(html.Li([head, html.Ul([html.Li(d) for d in change.details])]))
    return html.Ul(items, className="stories-changes-list")


@callback(
    Output(ids.CHANGES_MODAL, "is_open"),
    Output(ids.CHANGES, "children"),
    Output(ids.FREEZE_FEEDBACK, "children"),
    Output(ids.CHANGED, "data", allow_duplicate=True),
    Input(ids.FREEZE, "n_clicks"),
    Input(ids.UNFREEZE, "n_clicks"),
    Input(ids.UNFREEZE_CONFIRM, "n_clicks"),
    Input(ids.UNFREEZE_CANCEL, "n_clicks"),
    State(ids.LOCATION, "search"),
    State(ids.CHANGED, "data"),
    prevent_initial_call=True,
)
def freezing(freeze, unfreeze, confirm, cancel, search, changed):
    """Freeze the open story (its slides rendered and stored now); «Снять фиксацию…» opens
    the list of changes, and only its confirmation unfreezes."""
    from callbacks import story_deck

    pressed = {
        ids.FREEZE: freeze,
        ids.UNFREEZE: unfreeze,
        ids.UNFREEZE_CONFIRM: confirm,
        ids.UNFREEZE_CANCEL: cancel,
    }
    button = ctx.triggered_id
    story_id = story_of(search)
    if button not in pressed or not inputs.clicked(pressed[button]) or story_id is None:
        raise PreventUpdate
    if button == ids.UNFREEZE_CANCEL:
        return False, no_update, no_update, no_update
    scope = current_scope()
    try:
        if button == ids.FREEZE:
            story_deck.freeze(scope, story_id)
            return False, no_update, saved(strings.STORY_FROZEN), inputs.bump(changed)
        if button == ids.UNFREEZE:
            return True, changes_list(story_deck.changes(scope, story_id)), None, no_update
        story_changes.unfreeze_story(scope, story_id)
        return False, no_update, saved(strings.STORY_UNFROZEN), inputs.bump(changed)
    except (OutOfScope, StoryRefused) as error:
        return False, no_update, refused(error), no_update
