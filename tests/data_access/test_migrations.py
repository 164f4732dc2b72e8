"""The Alembic migrations build exactly the schema the models describe, on every backend."""

from __future__ import annotations

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext

from dashboard.db import get_engine
from dashboard.models import Base


def test_migrated_schema_matches_models(database_url):
    engine = get_engine(database_url)
    with engine.connect() as conn:
        context = MigrationContext.configure(conn, opts={"compare_type": True})
        diff = compare_metadata(context, Base.metadata)
    # Alembic's own bookkeeping table is the only thing the models do not describe.
    assert diff == []


def test_occurrences_migration_goes_down_and_up_again(tmp_path):
    """0006 (roadmap occurrences) is reversible: down to 0005 its table and column are gone,
    the status history keeps its rows and index; up again the schema matches the models."""
    import datetime as dt

    from alembic import command
    from sqlalchemy import inspect, text

    from dashboard.db import alembic_config, upgrade

    url = f"sqlite:///{tmp_path / 'oko.sqlite3'}"
    upgrade(url)
    engine = get_engine(url)
    with engine.begin() as conn:
        conn.execute(
            text(
                "INSERT INTO roadmap (id, code, title, kind, year_start, year_end) "
                "VALUES (1, 'r', 'r', 'roadmap', 2022, 2024)"
            )
        )
        conn.execute(
            text(
                "INSERT INTO roadmap_item (id, roadmap_id, number, section, title, status, "
                "progress) VALUES (1, 1, '1', 's', 't', 'planned', 0)"
            )
        )
        conn.execute(
            text(
                "INSERT INTO roadmap_status_change (item_id, changed_at, changed_by, to_status, "
                "occurrence) VALUES (1, :at, 'region', 'done', 2)"
            ),
            {"at": dt.datetime(2023, 5, 1, tzinfo=dt.UTC)},
        )
    command.downgrade(alembic_config(url), "0005")
    engine.dispose()
    found = inspect(engine)
    assert "roadmap_item_occurrence" not in found.get_table_names()
    assert "occurrence" not in {c["name"] for c in found.get_columns("roadmap_status_change")}
    assert {i["name"] for i in found.get_indexes("roadmap_status_change")} == {
        "ix_roadmap_status_change_item_id"
    }
    with engine.connect() as conn:
        assert conn.execute(text("SELECT count(*) FROM roadmap_status_change")).scalar() == 1
    upgrade(url)
    engine.dispose()
    with engine.connect() as conn:
        context = MigrationContext.configure(conn, opts={"compare_type": True})
        assert compare_metadata(context, Base.metadata) == []
