"""A story as a deck (callbacks.story_deck): live slides under the reader's scope, frozen ones
from the snapshot each reader may see, freezing by the owner only, and the changes listed
before unfreezing. A test renderer stands in for a page, so the numbers are known."""

from __future__ import annotations

import pytest

from callbacks import slides as renderers
from callbacks import story_deck
from dashboard.slides import SlideTable, ViewSnapshot, footer
from data_access import database, stories, story_changes
from data_access.scope import OutOfScope, Scope
from tests.data_access.stories_fixtures import private_db

deck_db = private_db("deck")


class FakePage:
    """A page renderer whose numbers the test changes: a table row per school, the named
    row only for scopes that see schools by name (as the pages suppress them)."""

    def __init__(self) -> None:
        self.value = 512
        self.calls: list[tuple[str, str]] = []

    def __call__(self, scope: Scope, path: str, search: str) -> ViewSnapshot:
        self.calls.append((scope.role, search))
        if scope.role == "school" and "forbidden" in search:
            raise OutOfScope("school", search)
        rows = [["Регион", self.value]]
        if not scope.aggregates_only:
            rows.append(["Школа А1", self.value // 2])
        table = SlideTable("Участники", ["Кто", "Участники"], rows, len(rows))
        return ViewSnapshot(
            path=path,
            query=search,
            title=f"Обзор {scope.role}",
            filters="2024",
            source="ВПР 2024",
            data_date="2024-05-12",
            tables=[table],
        )


@pytest.fixture
def who(deck_db, monkeypatch) -> dict[str, Scope]:
    engine, place = deck_db
    renderers.renderer_for("/")  # the page renderers register themselves first
    monkeypatch.setitem(renderers._RENDERERS, "/", FakePage())
    with database.bind(engine):
        yield place.scopes


def _page() -> FakePage:
    return renderers._RENDERERS["/"]


def _story(owner: Scope, queries=("?year=2024", "?year=2023")) -> int:
    story_id = story_changes.create_story(owner, "Семинар")
    for n, query in enumerate(queries):
        story_changes.add_slide(owner, story_id, "/", query, f"Слайд {n}", f"заметка {n}")
    return story_id


def test_a_live_deck_is_rendered_under_the_readers_scope_with_progress(who):
    owner = who["municipality"]
    story_id = _story(owner)
    story_changes.share_story(owner, story_id, ["viewer"], [])
    percents: list[tuple[int, str]] = []
    mine = story_deck.deck(owner, story_id, progress=lambda p, m: percents.append((p, m)))
    assert percents == [(50, "Слайд 0"), (100, "Слайд 1")]
    assert [(s.title, s.note, s.frozen_at) for s in mine] == [
        ("Слайд 0", "заметка 0", None),
        ("Слайд 1", "заметка 1", None),
    ]
    assert mine[0].view.query == "?year=2024" and len(mine[0].view.tables[0].rows) == 2
    theirs = story_deck.deck(who["viewer"], story_id)
    assert [row[0] for row in theirs[0].view.tables[0].rows] == ["Регион"]  # no school names
    assert _page().calls[-2:] == [("viewer", "?year=2024"), ("viewer", "?year=2023")]
    with pytest.raises(OutOfScope):
        story_deck.deck(who["school_b"], story_id)


def test_the_player_renders_only_the_slide_it_shows(who):
    owner = who["municipality"]
    story_id = _story(owner, ("?year=2024", "?year=2023", "?year=2022"))
    before = len(_page().calls)
    slide, index, total = story_deck.deck_slide(owner, story_id, 1)
    assert (slide.title, index, total) == ("Слайд 1", 1, 3)
    assert _page().calls[before:] == [("municipality", "?year=2023")]
    last, index, _ = story_deck.deck_slide(owner, story_id, 99)
    assert (last.title, index) == ("Слайд 2", 2)
    assert slide == story_deck.deck(owner, story_id)[1]
    assert story_deck.deck_slide(owner, story_changes.create_story(owner, "Пусто"), 0) == (
        None,
        0,
        0,
    )
    with pytest.raises(OutOfScope):
        story_deck.deck_slide(who["school_b"], story_id, 0)


def test_a_refused_view_becomes_a_message_slide(who):
    owner = who["school"]
    story_id = _story(owner, ("?school=forbidden",))
    [slide] = story_deck.deck(owner, story_id)
    assert slide.view.message and not slide.view.tables and slide.title == "Слайд 0"


def test_view_deck_is_one_live_slide_titled_as_the_page_unless_told(who):
    [slide] = story_deck.view_deck(who["region"], "/", "?year=2024")
    assert (slide.title, slide.note, slide.frozen_at) == ("Обзор region", "", None)
    [titled] = story_deck.view_deck(who["region"], "/", "", title="Мой слайд")
    assert titled.title == "Мой слайд" and titled.view.query == ""
    [other] = story_deck.view_deck(who["region"], "/admin/users", "")
    assert other.view.message


def test_freezing_keeps_the_numbers_and_each_reader_sees_what_it_may(who):
    owner = who["municipality"]
    story_id = _story(owner)
    story_changes.share_story(owner, story_id, ["viewer", "region"], [])
    percents: list[int] = []
    story_deck.freeze(owner, story_id, progress=lambda p, _m: percents.append(p))
    assert percents == [50, 100]
    assert {role for role, _ in _page().calls} == {"municipality", "viewer"}  # owner, aggregates
    frozen = story_deck.deck(owner, story_id)
    assert all(s.frozen_at for s in frozen)
    assert "зафиксировано" in footer(frozen[0])
    _page().value = 498  # new data arrives
    again = story_deck.deck(owner, story_id)
    assert [s.view.to_json() for s in again] == [s.view.to_json() for s in frozen]
    assert again[0].view.tables[0].rows == [["Регион", 512], ["Школа А1", 256]]
    assert story_deck.deck(who["region"], story_id)[0].view.title == "Обзор municipality"
    seen = story_deck.deck(who["viewer"], story_id)[0].view
    assert seen.title == "Обзор viewer" and seen.tables[0].rows == [["Регион", 512]]

    changes = story_deck.changes(owner, story_id)
    assert [(c.position, c.title, c.changed) for c in changes] == [
        (0, "Слайд 0", True),
        (1, "Слайд 1", True),
    ]
    assert changes[0].details == [
        "Таблица «Участники»: строка «Регион», столбец «Участники»: 512 → 498",
        "Таблица «Участники»: строка «Школа А1», столбец «Участники»: 256 → 249",
    ]
    viewer_changes = story_deck.changes(who["viewer"], story_id)  # under the viewer's eyes
    assert viewer_changes[0].details == [
        "Таблица «Участники»: строка «Регион», столбец «Участники»: 512 → 498"
    ]
    story_changes.unfreeze_story(owner, story_id)
    assert story_deck.deck(owner, story_id)[0].view.tables[0].rows[0] == ["Регион", 498]
    assert all(not c.changed for c in story_deck.changes(owner, story_id))


def test_only_the_owner_freezes_and_nothing_is_rendered_for_anyone_else(who):
    owner = who["region"]
    story_id = _story(owner)
    story_changes.share_story(owner, story_id, ["municipality"], [])
    before = len(_page().calls)
    for intruder in ("municipality", "admin", "viewer"):
        with pytest.raises(OutOfScope):
            story_deck.freeze(who[intruder], story_id)
    assert len(_page().calls) == before
    assert stories.story(owner, story_id).frozen_at is None
