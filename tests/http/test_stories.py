"""Stories through HTTP: the /stories, player and shell-menu callbacks forged as each role.
A director cannot read or edit another user's story, a viewer cannot create one, a shared
story opens for its audience, and no story callback ever crashes on junk input. Every story a
test writes is deleted after it."""

from __future__ import annotations

import json

import pytest
from sqlalchemy import delete, func, select

from callbacks.registry import ERROR_HEADER
from dashboard import strings
from dashboard.models import AuditEvent, Story, StorySlide
from data_access import database, story_changes
from tests.conftest import CHROMIUM
from tests.http.forge import post as call
from tests.http.forge import scope_of, text_of

STORY_MODULES = ("callbacks.stories", "callbacks.story_play", "callbacks.stories_")


@pytest.fixture
def fresh(engine):
    """Delete the stories a test adds to the shared demo database."""
    with engine.connect() as conn:
        last = conn.execute(select(func.max(Story.id))).scalar() or 0
    yield last
    with engine.begin() as conn:
        conn.execute(delete(StorySlide).where(StorySlide.story_id > last))
        conn.execute(delete(Story).where(Story.id > last))


def _story(engine, login: str, title: str, path: str = "/procedures") -> int:
    """A story of `login` with one slide, written through data_access."""
    scope = scope_of(engine, login)
    with database.bind(engine):
        story_id = story_changes.create_story(scope, title)
        story_changes.add_slide(scope, story_id, path, "", "Слайд первый", "заметка")
    return story_id


def _title(engine, story_id: int) -> str | None:
    with engine.connect() as conn:
        return conn.execute(select(Story.title).where(Story.id == story_id)).scalar()


def _denied(engine, login: str) -> int:
    with engine.connect() as conn:
        return conn.execute(
            select(func.count())
            .select_from(AuditEvent)
            .where(AuditEvent.outcome == "denied", AuditEvent.user_login == login)
        ).scalar_one()


def test_region_creates_a_story_and_sees_it_listed(client_for, callbacks, engine, fresh):
    client = client_for("region")
    created = call(
        client, callbacks["change_story"], 1, None, None, "Семинар директоров", None, None, "", 0
    )
    assert created.status_code == 200 and ERROR_HEADER not in created.headers
    with engine.connect() as conn:
        row = conn.execute(select(Story.id, Story.owner_login).where(Story.id > fresh)).one()
    assert row.owner_login == "region"
    assert f"?story={row.id}" in text_of(created)  # the new story opens
    listed = text_of(call(client, callbacks["story_list"], "/stories", "", 1))
    assert "Семинар директоров" in listed
    opened = text_of(call(client, callbacks["open_story"], f"?story={row.id}", 1, "/stories"))
    assert "Семинар директоров" in opened and strings.STORY_LIVE_NOTE in opened


def test_viewer_cannot_create_a_story(client_for, callbacks, engine, fresh):
    client = client_for("viewer")
    answer = call(client, callbacks["change_story"], 1, None, None, "Чужая", None, None, "", 0)
    assert answer.status_code in {200, 204} and ERROR_HEADER not in answer.headers
    with engine.connect() as conn:
        assert conn.execute(select(func.count()).where(Story.id > fresh)).scalar_one() == 0
    listed = text_of(call(client, callbacks["story_list"], "/stories", "", 0))
    assert strings.STORIES_VIEWER_NOTE in listed


def test_director_cannot_read_or_edit_the_regions_story(client_for, callbacks, engine, fresh):
    story_id = _story(engine, "region", "Секретная история")
    client = client_for("director")
    before = _denied(engine, "director")
    opened = text_of(call(client, callbacks["open_story"], f"?story={story_id}", 0, "/stories"))
    assert strings.STORIES_NOT_FOUND in opened and "Секретная история" not in opened
    assert "Секретная история" not in text_of(
        call(client, callbacks["story_list"], "/stories", "", 0)
    )
    saved = call(
        client,
        callbacks["change_story"],
        None,
        1,
        None,
        None,
        "Взлом",
        "",
        f"?story={story_id}",
        0,
        changed=1,
    )
    assert ERROR_HEADER not in saved.headers and "Взлом" not in text_of(saved)
    assert _title(engine, story_id) == "Секретная история"
    played = call(client, callbacks["play"], f"/stories/{story_id}/play", "?slide=0")
    assert strings.STORIES_NOT_FOUND in text_of(played)
    assert "Слайд первый" not in text_of(played)
    assert _denied(engine, "director") >= before + 3


def test_director_cannot_add_a_view_to_anothers_story(client_for, callbacks, engine, fresh):
    story_id = _story(engine, "region", "История региона")
    client = client_for("director")
    answer = call(
        client, callbacks["add_view"], 1, story_id, None, "Мой слайд", "", "/procedures", ""
    )
    assert ERROR_HEADER not in answer.headers
    with engine.connect() as conn:
        titles = conn.execute(
            select(StorySlide.title).where(StorySlide.story_id == story_id)
        ).scalars()
        assert "Мой слайд" not in list(titles)


def test_a_shared_story_opens_and_plays_for_its_audience(client_for, callbacks, engine, fresh):
    story_id = _story(engine, "region", "Для муниципалитетов")
    owner = client_for("region")
    shared = call(owner, callbacks["share"], 1, ["municipality"], [], f"?story={story_id}", 0)
    assert strings.STORY_SHARED in text_of(shared)
    district = client_for("district")
    opened = text_of(call(district, callbacks["open_story"], f"?story={story_id}", 0, "/stories"))
    assert "Для муниципалитетов" in opened and strings.STORY_READ_ONLY in opened
    played = text_of(call(district, callbacks["play"], f"/stories/{story_id}/play", "?slide=0"))
    assert "Слайд первый" in played
    assert strings.PLAYER_COUNTER.format(n=1, total=1) in played
    # the reader may not change it
    renamed = call(
        district,
        callbacks["change_story"],
        None,
        1,
        None,
        None,
        "Переименовано",
        "",
        f"?story={story_id}",
        0,
        changed=1,
    )
    assert ERROR_HEADER not in renamed.headers
    assert _title(engine, story_id) == "Для муниципалитетов"


def test_the_shell_adds_the_current_view_to_a_new_story(client_for, callbacks, engine, fresh):
    client = client_for("region")
    answer = call(
        client,
        callbacks["add_view"],
        1,
        None,
        "Из меню",
        "Процедуры",
        "смотрим",
        "/procedures",
        "?kind=vpr&present=1",
    )
    assert strings.STORY_ADDED.format(title="Из меню") in text_of(answer)
    with engine.connect() as conn:
        path, query = conn.execute(
            select(StorySlide.path, StorySlide.query).where(StorySlide.story_id > fresh)
        ).one()
    assert path == "/procedures" and query == "?kind=vpr"  # presentation mode is not the view
    refused = text_of(
        call(client, callbacks["add_view"], 1, None, "Админка", "", "", "/admin/users", "")
    )
    assert strings.STORY_ADD_NOT_A_VIEW in refused


def test_slides_move_and_the_player_follows(client_for, callbacks, engine, fresh):
    story_id = _story(engine, "region", "Порядок")
    scope = scope_of(engine, "region")
    with database.bind(engine):
        second = story_changes.add_slide(scope, story_id, "/schools", "", "Второй", "")
    client = client_for("region")
    moved = call(client, callbacks["change_slide"], 1, None, None, None, second, "", "", 0)
    assert moved.status_code == 200 and ERROR_HEADER not in moved.headers
    played = text_of(call(client, callbacks["play"], f"/stories/{story_id}/play", "?slide=0"))
    assert "Второй" in played and f"/stories/{story_id}/play?slide=1" in played


STORY_CALLBACKS = [
    "story_list",
    "open_story",
    "ask_delete",
    "change_story",
    "pick_slide",
    "change_slide",
    "share",
    "freezing",
    "export",
    "open_dialog",
    "add_view",
    "download_view",
    "play",
]
JUNK = [None, "", "1", 1, -5, 2**40, ["x"], {"a": 1}, "?story=999999", "/stories/1/play"]


@pytest.mark.parametrize("role", ["region", "director", "viewer"])
def test_story_callbacks_never_crash_on_junk(client_for, callbacks, role, fresh):
    client = client_for(role)
    for name in STORY_CALLBACKS:
        callback = callbacks[name]
        slots = len(callback.inputs) + len(callback.state)
        for value in JUNK:
            response = call(client, callback, *([value] * slots))
            assert response.status_code in {200, 204}, (name, value, response.status_code)
            assert ERROR_HEADER not in response.headers, f"{name} crashed on {value!r}"


def _export_body(callback, search: str) -> dict:
    """The body the PDF button posts (inputs: PPTX, PDF clicks; state: the address)."""
    from tests.http.forge import body_for

    body = body_for(callback, None)
    body["inputs"][1]["value"] = 1
    body["state"][0]["value"] = search
    body["changedPropIds"] = [f"{body['inputs'][1]['id']}.{body['inputs'][1]['property']}"]
    return body


@pytest.mark.skipif(CHROMIUM is None, reason="kaleido needs Debian's chromium")
def test_a_director_cannot_export_or_read_anothers_story(client_for, callbacks, engine, fresh):
    """The export is a background job under the caller's session: a foreign story is refused
    in the job, and the region's finished file is not the director's to read."""
    from tests.jobs.polling import follow, poll_once, start

    story_id = _story(engine, "region", "Не для директора")
    body = _export_body(callbacks["export"], f"?story={story_id}")
    director, region = client_for("director"), client_for("region")
    ended = follow(director, body, *start(director, body), timeout=60)
    text = json.dumps(ended.answer, ensure_ascii=False)
    assert strings.STORIES_NOT_FOUND in text and "Не для директора" not in text
    key, job = start(region, body)
    for _ in range(3):
        peek = poll_once(director, body, key, job)
        assert peek.status_code in {200, 204} and "base64" not in peek.get_data(as_text=True)
    own = follow(region, body, key, job, timeout=120)
    answer = own.answer["response"]
    assert strings.STORY_EXPORT_READY.format(name="") in json.dumps(answer, ensure_ascii=False)
    assert answer["stories-download"]["data"]["filename"].endswith(".pdf")
    assert any("stories-progress.value" in p for p in own.progress)


def test_the_navbar_menu_links_to_stories_and_hides_adding_from_viewers(client_for):
    from dashboard.ids import StoryTools

    region = client_for("region").get("/_dash-layout").get_data(as_text=True)
    viewer = client_for("viewer").get("/_dash-layout").get_data(as_text=True)
    for body in (region, viewer):
        assert '"/stories"' in body.replace("\\u002f", "/")
        assert StoryTools.PPTX in body and StoryTools.PDF in body
    assert StoryTools.ADD in region and StoryTools.ADD not in viewer
