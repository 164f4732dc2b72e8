"""`/stories`: the open story's slides — pick one to move it up or down, edit its title and
note, delete it, or open the page it shows. Only the owner's changes are accepted
(data_access.story_changes refuses and audits the rest)."""

from __future__ import annotations

from dash import Input, Output, State, ctx, no_update
from dash.exceptions import PreventUpdate

from callbacks import inputs
from callbacks.registry import callback
from callbacks.stories import refused, saved, story_of
from dashboard import strings
from dashboard.auth import current_scope
from dashboard.ids import Stories as ids
from data_access import stories, story_changes
from data_access.scope import OutOfScope
from data_access.story_changes import StoryRefused


def _picked(search: object, slide_id: object) -> stories.SlideInfo | None:
    """The picked slide among the open story's (as the caller may read them), or None."""
    story_id = story_of(search)
    number = inputs.integer(slide_id, 1, 2**31 - 1)
    if story_id is None or number is None:
        return None
    return next((s for s in stories.slides(current_scope(), story_id) if s.id == number), None)


@callback(
    Output(ids.SLIDE_BOX, "hidden"),
    Output(ids.SLIDE_TITLE, "value"),
    Output(ids.SLIDE_NOTE, "value"),
    Output(ids.SLIDE_OPEN, "href"),
    Output(ids.SLIDE_OPEN, "hidden"),
    Input(ids.SLIDES, "value"),
    Input(ids.EDIT_BOX, "hidden"),
    State(ids.LOCATION, "search"),
)
def pick_slide(slide_id, not_owner, search):
    """The picked slide's form (for the owner) and a link to its page (for every reader)."""
    try:
        slide = _picked(search, slide_id)
    except OutOfScope:
        slide = None  # the story itself is refused in its header
    if slide is None:
        return True, "", "", "/stories", True
    return not_owner is not False, slide.title, slide.note, slide.path + slide.query, False


@callback(
    Output(ids.SLIDE_FEEDBACK, "children"),
    Output(ids.CHANGED, "data", allow_duplicate=True),
    Input(ids.UP, "n_clicks"),
    Input(ids.DOWN, "n_clicks"),
    Input(ids.SLIDE_SAVE, "n_clicks"),
    Input(ids.SLIDE_DELETE, "n_clicks"),
    State(ids.SLIDES, "value"),
    State(ids.SLIDE_TITLE, "value"),
    State(ids.SLIDE_NOTE, "value"),
    State(ids.CHANGED, "data"),
    prevent_initial_call=True,
)
def change_slide(up, down, save, delete, slide_id, title, note, changed):
    """Move the picked slide one place, save its title and note, or delete it."""
    pressed = {ids.UP: up, ids.DOWN: down, ids.SLIDE_SAVE: save, ids.SLIDE_DELETE: delete}
    button = ctx.triggered_id
    if button not in pressed or not inputs.clicked(pressed[button]):
        raise PreventUpdate
    number = inputs.integer(slide_id, 1, 2**31 - 1)
    if number is None:
        return strings.STORY_PICK_SLIDE, no_update
    scope = current_scope()
    try:
        if button in (ids.UP, ids.DOWN):
            story_changes.move_slide(scope, number, -1 if button == ids.UP else 1)
            return None, inputs.bump(changed)
        if button == ids.SLIDE_SAVE:
            story_changes.update_slide(
                scope, number, inputs.typed(title, 200), inputs.typed(note, 4000)
            )
            return saved(strings.STORY_SAVED), inputs.bump(changed)
        story_changes.delete_slide(scope, number)
        return None, inputs.bump(changed)
    except (OutOfScope, StoryRefused) as error:
        return refused(error), no_update
