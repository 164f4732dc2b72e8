"""Stories (data_access.stories, story_changes): who reads, who edits, sharing, slide order,
freezing and the snapshot each reader gets — on a private database (SQLite and PostgreSQL)."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from dashboard.models import AuditEvent, StorySnapshot
from dashboard.slides import SlideTable, ViewSnapshot
from data_access import database, stories, story_changes
from data_access.scope import OutOfScope, Scope
from data_access.story_changes import StoryRefused
from tests.data_access.stories_fixtures import private_db

stories_db = private_db("stories")


@pytest.fixture
def who(stories_db) -> dict[str, Scope]:
    engine, place = stories_db
    with database.bind(engine):
        yield place.scopes


def audit_rows(action: str, login: str) -> list[tuple]:
    with database.read() as conn:
        return [
            tuple(r)
            for r in conn.execute(
                select(AuditEvent.outcome, AuditEvent.scope_asked)
                .where(AuditEvent.action == action, AuditEvent.user_login == login)
                .order_by(AuditEvent.id)
            )
        ]


def _view(label: str, value: float) -> ViewSnapshot:
    table = SlideTable("Школы", ["Школа", "Балл"], [[label, value]], 1)
    return ViewSnapshot(path="/", query="", title=label, tables=[table], data_date="2024-05-12")


def _story_with_slides(owner: Scope, n: int = 3) -> tuple[int, list[int]]:
    story_id = story_changes.create_story(owner, "Семинар", "для директоров")
    ids = [
        story_changes.add_slide(owner, story_id, "/rankings", f"?year={2020 + i}", f"Слайд {i}")
        for i in range(n)
    ]
    return story_id, ids


# ------------------------------------------------------------------ create, read, edit


def test_the_owner_creates_edits_and_lists_a_story_and_every_step_is_audited(who):
    owner = who["municipality"]
    story_id = story_changes.create_story(owner, "  Итоги ВПР ", "")
    story_changes.update_story(owner, story_id, "Итоги ВПР 2024", "для совещания")
    info = stories.story(owner, story_id)
    assert (info.title, info.description, info.owner_login) == (
        "Итоги ВПР 2024",
        "для совещания",
        owner.login,
    )
    assert info.editable and info.slide_count == 0 and info.frozen_at is None
    assert info.updated_at.tzinfo is not None
    assert story_id in [s.id for s in stories.list_stories(owner)]
    assert audit_rows("story.create", owner.login)[-1] == ("success", f"story={story_id}")
    assert audit_rows("story.update", owner.login)[-1] == ("success", f"story={story_id}")
    with pytest.raises(StoryRefused) as refused:
        story_changes.update_story(owner, story_id, "   ", "")
    assert refused.value.key == "bad_title" and refused.value.message
    assert audit_rows("story.update", owner.login)[-1] == ("failure", f"story={story_id}")


def test_a_viewer_cannot_create_and_others_cannot_edit_and_refusals_are_audited(who):
    with pytest.raises(OutOfScope):
        story_changes.create_story(who["viewer"], "Моя")
    assert audit_rows("story.create", who["viewer"].login)[-1] == ("denied", "story=new")
    story_id, slide_ids = _story_with_slides(who["region"], 1)
    for intruder in ("admin", "municipality", "school"):
        with pytest.raises(OutOfScope):
            story_changes.update_story(who[intruder], story_id, "Чужая", "")
        with pytest.raises(OutOfScope):
            story_changes.delete_slide(who[intruder], slide_ids[0])
        assert audit_rows("story.update", who[intruder].login)[-1] == (
            "denied",
            f"story={story_id}",
        )
    with pytest.raises(OutOfScope):  # junk and unknown ids get the same answer
        story_changes.delete_story(who["region"], "1; drop table story")
    with pytest.raises(OutOfScope):
        story_changes.delete_story(who["region"], 2**30)
    assert stories.story(who["region"], story_id).title == "Семинар"


def test_only_pages_a_story_may_hold_are_added_and_the_player_parameters_are_dropped(who):
    owner = who["region"]
    story_id = story_changes.create_story(owner, "Проверка")
    for bad in ("/admin/users", "https://evil.example/", "/schools/a/b", 5, "/" + "x" * 300):
        with pytest.raises(StoryRefused):
            story_changes.add_slide(owner, story_id, bad, "", "Слайд")
    with pytest.raises(StoryRefused):
        story_changes.add_slide(owner, story_id, "/", "?" + "a" * 2001, "Слайд")
    slide_id = story_changes.add_slide(
        owner, story_id, "/schools/A1", "?present=1&year=2024&slide=3&subject=x", "Профиль"
    )
    [slide] = stories.slides(owner, story_id)
    assert (slide.id, slide.position, slide.path, slide.query) == (
        slide_id,
        0,
        "/schools/A1",
        "?year=2024&subject=x",
    )
    assert audit_rows("story.slide_add", owner.login)[-1] == ("success", f"story={story_id}")


def test_slides_move_up_and_down_and_positions_stay_dense_after_a_delete(who):
    owner = who["school"]
    story_id, ids = _story_with_slides(owner, 4)
    story_changes.move_slide(owner, ids[2], -1)
    assert [s.id for s in stories.slides(owner, story_id)] == [ids[0], ids[2], ids[1], ids[3]]
    story_changes.move_slide(owner, ids[0], -1)  # already first: stays
    story_changes.move_slide(owner, ids[3], 1)  # already last: stays
    story_changes.move_slide(owner, ids[0], 1)
    assert [s.id for s in stories.slides(owner, story_id)] == [ids[2], ids[0], ids[1], ids[3]]
    with pytest.raises(StoryRefused):
        story_changes.move_slide(owner, ids[0], 2)
    story_changes.delete_slide(owner, ids[0])
    after = stories.slides(owner, story_id)
    assert [(s.id, s.position) for s in after] == [(ids[2], 0), (ids[1], 1), (ids[3], 2)]
    story_changes.update_slide(owner, ids[1], "Новый заголовок", "заметка")
    changed = stories.slides(owner, story_id)[1]
    assert (changed.title, changed.note) == ("Новый заголовок", "заметка")
    assert stories.story(owner, story_id).slide_count == 3
    assert [outcome for outcome, _ in audit_rows("story.slide_move", owner.login)][-5:] == [
        "success",
        "success",
        "success",
        "success",
        "failure",
    ]


# ------------------------------------------------------------------ sharing and reading


def test_sharing_by_role_and_login_within_the_owners_region(who):
    owner = who["municipality"]
    story_id, _ = _story_with_slides(owner, 1)
    for reader in ("region", "school", "school_b", "viewer", "elsewhere", "municipality_b"):
        with pytest.raises(OutOfScope):
            stories.story(who[reader], story_id)
        assert story_id not in [s.id for s in stories.list_stories(who[reader])]
    assert stories.story(who["admin"], story_id).editable is False  # admin reads all
    story_changes.share_story(owner, story_id, ["viewer", "region"], [who["school_b"].login])
    info = stories.story(owner, story_id)
    assert info.shared_roles == ("region", "viewer")
    assert info.shared_logins == (who["school_b"].login,)
    for reader in ("region", "school_b", "viewer"):
        assert story_id in [s.id for s in stories.list_stories(who[reader])]
        read = stories.story(who[reader], story_id)
        assert not read.editable and len(stories.slides(who[reader], story_id)) == 1
    for reader in ("school", "municipality_b"):  # role not shared, login not named
        with pytest.raises(OutOfScope):
            stories.slides(who[reader], story_id)
    with pytest.raises(OutOfScope):  # role shared, but another region
        stories.story(who["elsewhere"], story_id)
    with pytest.raises(StoryRefused):
        story_changes.share_story(owner, story_id, ["admin"], [])
    with pytest.raises(StoryRefused):
        story_changes.share_story(owner, story_id, [], ["s-gone"])  # inactive
    with pytest.raises(StoryRefused):
        story_changes.share_story(owner, story_id, [], [who["elsewhere"].login])
    with pytest.raises(StoryRefused):
        story_changes.share_story(owner, story_id, "viewer", [])
    story_changes.share_story(owner, story_id, [], [])  # replaces: nobody any more
    with pytest.raises(OutOfScope):
        stories.story(who["viewer"], story_id)


def test_share_choices_are_roles_and_active_users_of_the_region(who):
    roles, logins = stories.share_choices(who["municipality"])
    assert roles == ["region", "municipality", "school", "viewer"]
    assert who["municipality"].login not in logins
    assert "s-gone" not in logins and who["elsewhere"].login not in logins
    assert who["admin"].login not in logins
    assert {who["school"].login, who["viewer"].login, who["region"].login} <= set(logins)
    assert stories.share_choices(who["viewer"]) == ([], [])


# ------------------------------------------------------------------ freezing


def test_covers_follows_the_scope_hierarchy(who):
    assert stories.covers(who["admin"], who["school"])
    assert stories.covers(who["region"], who["school"])
    assert stories.covers(who["municipality"], who["school"])
    assert not stories.covers(who["municipality_b"], who["school"])
    assert not stories.covers(who["school_b"], who["school"])
    assert not stories.covers(who["viewer"], who["municipality"])
    assert not stories.covers(who["region"], who["admin"])
    assert not stories.covers(who["elsewhere"], who["school"])
    assert stories.covers(who["school"], who["viewer"])
    aggregates = stories.aggregates_scope(who["municipality"])
    assert (aggregates.role, aggregates.region_id) == ("viewer", who["municipality"].region_id)
    assert stories.aggregates_scope(who["admin"]).region_id is not None


def test_freeze_stores_both_renderings_and_each_reader_gets_the_one_it_may_see(who):
    owner = who["municipality"]
    story_id, ids = _story_with_slides(owner, 2)
    story_changes.share_story(owner, story_id, ["region", "viewer", "school"], [])
    assert stories.frozen_view(owner, ids[0]) is None  # not frozen yet
    with pytest.raises(StoryRefused):  # a slide without its snapshot
        story_changes.freeze_story(owner, story_id, {ids[0]: {"owner": _view("a", 1)}})
    snapshots = {
        slide: {"owner": _view(f"школа {n}", 512.0), "aggregates": _view(f"район {n}", 7.5)}
        for n, slide in enumerate(ids)
    }
    with pytest.raises(OutOfScope):
        story_changes.freeze_story(who["region"], story_id, snapshots)
    story_changes.freeze_story(owner, story_id, snapshots)
    info = stories.story(owner, story_id)
    assert info.frozen_by == owner.login and info.frozen_at is not None
    view, at = stories.frozen_view(owner, ids[1])
    assert view == snapshots[ids[1]]["owner"] and at == info.frozen_at
    assert stories.frozen_view(who["region"], ids[1])[0] == snapshots[ids[1]]["owner"]
    for reader in ("viewer", "school"):  # would see more than their own pages show
        assert stories.frozen_view(who[reader], ids[1])[0] == snapshots[ids[1]]["aggregates"]
    assert stories.frozen_audience(who["viewer"], story_id) == "aggregates"
    with pytest.raises(OutOfScope):  # role not shared
        stories.frozen_view(who["municipality_b"], ids[0])
    with pytest.raises(StoryRefused):  # no new slide in a frozen story
        story_changes.add_slide(owner, story_id, "/", "", "Ещё")
    story_changes.unfreeze_story(owner, story_id)
    assert stories.story(owner, story_id).frozen_at is None
    assert stories.frozen_view(owner, ids[0]) is None
    with database.read() as conn:
        left = conn.execute(select(StorySnapshot.id).where(StorySnapshot.slide_id.in_(ids))).all()
    assert left == []
    assert audit_rows("story.freeze", owner.login)[-1] == ("success", f"story={story_id}")
    assert audit_rows("story.unfreeze", owner.login)[-1] == ("success", f"story={story_id}")


def test_deleting_a_story_removes_its_slides_shares_and_snapshots(who):
    owner = who["region"]
    story_id, ids = _story_with_slides(owner, 2)
    story_changes.share_story(owner, story_id, ["viewer"], [])
    snapshots = {s: {"owner": _view("a", 1.0), "aggregates": _view("b", 2.0)} for s in ids}
    story_changes.freeze_story(owner, story_id, snapshots)
    story_changes.delete_story(owner, story_id)
    with pytest.raises(OutOfScope):
        stories.story(owner, story_id)
    with pytest.raises(OutOfScope):
        stories.frozen_view(owner, ids[0])
    assert story_id not in [s.id for s in stories.list_stories(who["viewer"])]
    assert audit_rows("story.delete", owner.login)[-1] == ("success", f"story={story_id}")
