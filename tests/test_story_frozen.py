"""Issue 21 acceptance: a frozen story is unchanged after an import changes its numbers.

On a private demo (SQLite, and PostgreSQL when configured) a district head's story holds two
overview slides of two 2023 ВПР; the story is frozen; then the real import brings new results
for the first procedure. The frozen deck is byte-for-byte what it was — for the owner and for
a viewer it is shared with — while the live rendering of that slide changed; unfreezing first
lists the change, on the first slide only, and afterwards the deck is live again."""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import asdict

import pytest
from sqlalchemy import insert, select

from callbacks import slides as renderers
from callbacks import story_deck
from dashboard.demo.scales import Scale
from dashboard.ingest import parse
from dashboard.models import Municipality, Procedure, School, SchoolResult, User
from data_access import imports, stories, story_changes
from data_access.scope import Scope
from tests.private_db import private_demo

SCALE = Scale("frozen", regions=1, municipalities=2, schools=30, experts=10, years=(2022, 2023))
GAIN = 9.0  # percentage points the import adds at every school of the first procedure


@pytest.fixture(params=["sqlite", "postgresql"])
def engine(request, tmp_path):
    with private_demo(request.param, tmp_path, "frozen", SCALE, seed=11) as engine:
        yield engine


def _people(engine) -> dict[str, Scope]:
    """A district head (the owner), a viewer it shares with, and an admin who imports."""
    with engine.connect() as conn:
        region_id, muni = conn.execute(
            select(Municipality.region_id, Municipality.id).order_by(Municipality.id)
        ).first()
    people = {
        "owner": Scope("f-district", "municipality", region_id, muni),
        "viewer": Scope("f-viewer", "viewer", region_id),
        "admin": Scope("f-admin", "admin"),
    }
    with engine.begin() as conn:
        for scope in people.values():
            conn.execute(
                insert(User).values(
                    login=scope.login,
                    password_hash="x",
                    role=scope.role,
                    region_id=scope.region_id,
                    municipality_id=scope.municipality_id,
                    is_active=True,
                    created_at=dt.datetime.now(dt.UTC),
                )
            )
    return people


def _procedures(engine) -> list:
    with engine.connect() as conn:
        return conn.execute(
            select(Procedure.code, Procedure.subject, Procedure.grade, Procedure.max_score)
            .where(Procedure.kind == "vpr", Procedure.year == 2023)
            .order_by(Procedure.subject, Procedure.grade)
        ).all()[:2]


def _query(procedure) -> str:
    return f"?kind=vpr&subject={procedure.subject}&grade={procedure.grade}&year=2023"


def _new_results(engine, procedure) -> bytes:
    """The procedure's results again, GAIN points higher everywhere (capped at 100 %)."""
    with engine.connect() as conn:
        rows = conn.execute(
            select(School.school_code, SchoolResult.participants, SchoolResult.mean_percent)
            .join(School, School.id == SchoolResult.school_id)
            .join(Procedure, Procedure.id == SchoolResult.procedure_id)
            .where(Procedure.code == procedure.code, SchoolResult.mean_percent.is_not(None))
        ).all()
    lines = ["procedure_code;school_code;participants;mean_score"]
    for school, participants, percent in rows:
        score = min(percent + GAIN, 100.0) * procedure.max_score / 100
        lines.append(f"{procedure.code};{school};{participants};{score:.6f}")
    return "\n".join(lines).encode()


def _bytes(deck) -> bytes:
    return json.dumps([asdict(s) for s in deck], ensure_ascii=False, sort_keys=True).encode()


def test_a_frozen_story_keeps_its_numbers_after_an_import_and_unfreezing_lists_the_change(
    engine,
):
    people = _people(engine)
    owner, viewer = people["owner"], people["viewer"]
    first, second = _procedures(engine)
    story_id = story_changes.create_story(owner, "Итоги ВПР 2023")
    for procedure in (first, second):
        story_changes.add_slide(owner, story_id, "/", _query(procedure), procedure.subject)
    story_changes.share_story(owner, story_id, ["viewer"], [])
    live_before = story_deck.deck(owner, story_id)
    assert all(s.view.figures and s.view.tables and not s.view.message for s in live_before)

    percents: list[int] = []
    story_deck.freeze(owner, story_id, progress=lambda p, _m: percents.append(p))
    assert percents == [50, 100]
    frozen_before = story_deck.deck(owner, story_id)
    seen_by_viewer = story_deck.deck(viewer, story_id)
    assert all(s.frozen_at for s in frozen_before + seen_by_viewer)
    assert [s.view.to_json() for s in frozen_before] == [s.view.to_json() for s in live_before]
    assert not any(c.changed for c in story_deck.changes(owner, story_id))

    # new results for the first procedure arrive through the real import
    result = imports.run_import(
        people["admin"], parse("results", _new_results(engine, first), "vpr2023-fix.csv")
    )
    assert result.ok

    live_after = [renderers.render(owner, "/", _query(p)) for p in (first, second)]
    assert live_after[0].tables != live_before[0].view.tables  # the numbers did change
    assert live_after[1].tables == live_before[1].view.tables
    assert _bytes(story_deck.deck(owner, story_id)) == _bytes(frozen_before)
    assert _bytes(story_deck.deck(viewer, story_id)) == _bytes(seen_by_viewer)

    changes = story_deck.changes(owner, story_id)
    assert [(c.position, c.changed) for c in changes] == [(0, True), (1, False)]
    assert changes[0].details and "→" in changes[0].details[0]
    assert changes[1].details == []

    story_changes.unfreeze_story(owner, story_id)
    assert stories.story(owner, story_id).frozen_at is None
    unfrozen = story_deck.deck(owner, story_id)
    assert [s.frozen_at for s in unfrozen] == [None, None]
    assert [s.view.to_json() for s in unfrozen] == [v.to_json() for v in live_after]
