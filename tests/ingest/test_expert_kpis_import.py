"""expert-activities files carry what seed 004's indicators 3.2, 3.3 and 3.4 need: a training's
direction, a material's topic and a publication's level (issue 17)."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import delete, select

from dashboard.ingest import parse
from dashboard.models import (
    Expert,
    ExpertDirection,
    ExpertTraining,
    Material,
    MaterialAuthor,
    Publication,
)
from data_access import imports

TITLE = "test-issue-17"
HEADER = "Код эксперта;Год;Вид деятельности;Название;Дата;Код направления;Тематика;Уровень издания"


@pytest.fixture
def expert(demo_engine):
    """An expert of the demo with a direction; the rows the test adds are removed after."""
    with demo_engine.connect() as conn:
        code, direction = conn.execute(
            select(Expert.expert_code, ExpertDirection.direction_code)
            .join(ExpertDirection, ExpertDirection.expert_id == Expert.id)
            .order_by(Expert.id)
            .limit(1)
        ).one()
    yield code, direction
    with demo_engine.begin() as conn:
        mine = select(Material.id).where(Material.title.like(TITLE + "%"))
        conn.execute(delete(MaterialAuthor).where(MaterialAuthor.material_id.in_(mine)))
        conn.execute(delete(Material).where(Material.title.like(TITLE + "%")))
        conn.execute(delete(ExpertTraining).where(ExpertTraining.title.like(TITLE + "%")))
        conn.execute(delete(Publication).where(Publication.title.like(TITLE + "%")))


def _file(*rows: str):
    return parse("expert-activities", "\n".join([HEADER, *rows]).encode(), "a.csv")


def test_russian_words_of_topic_and_level_are_read():
    parsed = _file(
        f"E1;2025;материал;{TITLE} m;01.02.2025;;экспертная деятельность;",
        f"E1;2025;публикация;{TITLE} p;01.02.2025;;;муниципальный",
        f"E1;2025;публикация;{TITLE} q;02.02.2025;;;уровень района",
    )
    assert [(e.line, e.column) for e in parsed.errors] == [(4, "level")]
    topic, level = parsed.fields.index("topic"), parsed.fields.index("level")
    assert parsed.rows[0][topic] == "expert_activity"
    assert parsed.rows[1][level] == "municipal"


def test_an_import_stores_direction_topic_and_level_and_a_second_one_changes_them(
    demo_engine, scopes, expert
):
    code, direction = expert
    first = _file(
        f"{code};2025;обучение;{TITLE} t;01.03.2025;{direction.lower()};;",
        f"{code};2025;материал;{TITLE} m;02.03.2025;;другое;",
        f"{code};2025;публикация;{TITLE} p;03.03.2025;;;региональный",
    )
    result = imports.run_import(scopes["admin"], first)
    assert result.ok, [str(e) for e in result.errors]
    assert (result.inserted, result.updated) == (3, 0)

    def stored():
        with demo_engine.connect() as conn:
            return (
                conn.execute(
                    select(ExpertTraining.direction_code).where(
                        ExpertTraining.title == TITLE + " t"
                    )
                ).scalar_one(),
                conn.execute(
                    select(Material.topic).where(Material.title == TITLE + " m")
                ).scalar_one(),
                conn.execute(
                    select(Publication.level, Publication.published_on).where(
                        Publication.title == TITLE + " p"
                    )
                ).one(),
            )

    assert stored() == (direction, "other", ("regional", dt.date(2025, 3, 3)))
    # The same rows again: the material's topic and the level change, an empty direction
    # keeps the stored one.
    second = _file(
        f"{code};2025;обучение;{TITLE} t;01.03.2025;;;",
        f"{code};2025;материал;{TITLE} m;02.03.2025;;экспертная деятельность;",
        f"{code};2025;публикация;{TITLE} p;03.03.2025;;;федеральный",
    )
    result = imports.run_import(scopes["admin"], second)
    assert (result.inserted, result.updated, result.unchanged) == (0, 2, 1)
    assert stored() == (direction, "expert_activity", ("federal", dt.date(2025, 3, 3)))


def test_an_unknown_direction_is_an_error_on_its_row(scopes, expert):
    code, _ = expert
    parsed = _file(f"{code};2025;обучение;{TITLE} x;01.03.2025;Z99;;")
    result = imports.run_import(scopes["admin"], parsed)
    assert not result.ok
    assert [(e.line, e.column) for e in result.errors] == [(2, "direction_code")]
