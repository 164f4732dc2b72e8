"""What an import would change (data_access.import_changes), and the example files: they only
add to the demo, and the comparison agrees with what the writers then do."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from sqlalchemy import select

from dashboard.db import get_engine
from dashboard.figures import admin as views
from dashboard.ingest import KINDS, parse
from dashboard.models import School
from data_access import database, import_changes, imports
from data_access.scope import OutOfScope

EXAMPLES = Path(__file__).resolve().parents[2] / "docs" / "examples"
# The order of docs/data-formats.md: later files refer to codes the earlier ones add.
ORDER = (
    "schools",
    "procedures",
    "context",
    "results",
    "pupil-results",
    "skill-results",
    "experts",
    "expert-activities",
    "roadmap-items",
    "pd-programmes",
    "subject-teachers",
    "pd-completions",
    "indicator-norms",
)


def _example(kind: str):
    path = EXAMPLES / f"{kind}.csv"
    return parse(kind, path.read_bytes(), path.name)


def test_every_kind_has_an_example_in_the_documented_order():
    assert sorted(ORDER) == sorted(KINDS) == sorted(p.stem for p in EXAMPLES.glob("*.csv"))
    doc = (EXAMPLES.parent / "data-formats.md").read_text(encoding="utf-8")
    assert ", ".join(ORDER) in " ".join(doc.split())


def _private_copy(demo_url: str, folder: Path) -> tuple[str, object]:
    """A private database holding the demo the other tests read: a file copy on SQLite; on
    PostgreSQL a database of its own next to the test database, built with the same demo."""
    from sqlalchemy import create_engine
    from sqlalchemy.engine import make_url

    from dashboard.db import upgrade
    from dashboard.demo import build

    if demo_url.startswith("sqlite:///"):
        target = folder / "demo.sqlite3"
        shutil.copyfile(demo_url.removeprefix("sqlite:///"), target)
        return f"sqlite:///{target}", None
    url = make_url(demo_url)
    private = url.set(database=f"{url.database}_examples")
    admin = create_engine(url, isolation_level="AUTOCOMMIT")
    name = admin.dialect.identifier_preparer.quote(private.database)  # DDL takes no parameters
    with admin.connect() as conn:
        conn.exec_driver_sql("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)")
        conn.exec_driver_sql("CREATE DATABASE " + name)
    rendered = private.render_as_string(hide_password=False)
    upgrade(rendered)
    build(get_engine(rendered), scale="district", seed=7, reset=True)
    return rendered, admin


@pytest.fixture(scope="module")
def demo_copy(demo_url, tmp_path_factory, scopes_module):
    """A private copy of the demo with every example imported in order (each checked to add
    only new rows), so these tests change nothing the others read; on both backends."""
    url, admin = _private_copy(demo_url, tmp_path_factory.mktemp("examples"))
    engine = get_engine(url)
    added = {}
    with database.bind(engine):
        for kind in ORDER:
            parsed = _example(kind)
            before = import_changes.compare(scopes_module["admin"], parsed)
            result = imports.run_import(scopes_module["admin"], parsed)
            assert result.outcome == "success", (kind, [str(e) for e in result.errors])
            added[kind] = (before, result, len(parsed.rows))
    yield engine, added
    engine.dispose()
    if admin is not None:
        name = admin.dialect.identifier_preparer.quote(engine.url.database)
        with admin.connect() as conn:
            conn.exec_driver_sql("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)")
        admin.dispose()


@pytest.fixture(scope="module")
def scopes_module(demo_url):
    from data_access.scope import Scope

    return {"admin": Scope(login="admin", role="admin")}


@pytest.mark.parametrize("kind", ORDER)
def test_every_example_only_adds_to_the_demo(demo_copy, kind):
    _engine, added = demo_copy
    before, result, rows = added[kind]
    assert (result.inserted, result.updated, result.unchanged) == (rows, 0, 0) != (0, 0, 0)
    assert (before.inserted, before.updated, before.unchanged) == (rows, 0, 0)


@pytest.mark.parametrize("kind", ORDER)
def test_an_imported_example_compares_as_unchanged(demo_copy, scopes_module, kind):
    engine, _added = demo_copy
    parsed = _example(kind)
    with database.bind(engine):
        compared = import_changes.compare(scopes_module["admin"], parsed)
        again = imports.run_import(scopes_module["admin"], parsed, dry_run=True)
    assert (compared.inserted, compared.updated, compared.unchanged) == (0, 0, len(parsed.rows))
    assert (again.inserted, again.updated, again.unchanged) == (0, 0, len(parsed.rows))


# One changed value per kind: (column, new value) on the example's first row.
EDITS = {
    "schools": ("name", "МКОУ «Новая основная школа»"),
    "procedures": ("subject", "алгебра"),
    "context": ("value", 113.0),
    "results": ("participants", 13),
    "pupil-results": ("primary_score", 7.5),
    "skill-results": ("mean_percent", 80.25),
    "experts": ("directions", "M01"),
    "expert-activities": ("procedure_code", "riko-2025-R6"),
    "roadmap-items": ("title", "Анализ результатов ВПР и диагностик 2025 года"),
    "pd-programmes": ("hours", 72),
    "subject-teachers": ("teachers", 5),
    "pd-completions": ("teachers", 3),
    "indicator-norms": ("norm", 30.0),
}


@pytest.mark.parametrize("kind", ORDER)
def test_a_changed_value_is_shown_before_and_after_as_the_writer_counts_it(
    demo_copy, scopes_module, kind
):
    engine, _added = demo_copy
    parsed = _example(kind)
    column, value = EDITS[kind]
    position = parsed.fields.index(column)
    old = parsed.rows[0][position]
    parsed.rows[0] = (*parsed.rows[0][:position], value, *parsed.rows[0][position + 1 :])
    with database.bind(engine):
        compared = import_changes.compare(scopes_module["admin"], parsed)
        dry = imports.run_import(scopes_module["admin"], parsed, dry_run=True)
    assert dry.ok, [str(e) for e in dry.errors]
    counts = (0, 1, len(parsed.rows) - 1)
    assert (compared.inserted, compared.updated, compared.unchanged) == counts
    assert (dry.inserted, dry.updated, dry.unchanged) == counts
    (change,) = compared.changes
    assert change.line == parsed.lines[0] and change.columns == [(column, old, value)]


def test_a_renamed_demo_school_shows_old_and_new_name(demo_engine, scopes):
    with demo_engine.connect() as conn:
        code, name = conn.execute(
            select(School.school_code, School.name).order_by(School.school_code).limit(1)
        ).one()
    text = (EXAMPLES / "schools.csv").read_text(encoding="utf-8").splitlines()
    header, first = text[0], text[1].split(";")
    first[0], first[1] = code, "МБОУ «Школа будущего»"
    parsed = parse("schools", f"{header}\n{';'.join(first)}\n".encode(), "s.csv")
    assert parsed.ok
    compared = import_changes.compare(scopes["admin"], parsed)
    assert (compared.inserted, compared.updated, compared.unchanged) == (0, 1, 0)
    (change,) = compared.changes
    assert change.key == {"school_code": code}
    assert ("name", name, "МБОУ «Школа будущего»") in change.columns
    shown = views.changes_frame("schools", compared.changes)
    assert f"{name} → МБОУ «Школа будущего»" in shown.to_string()
    assert f"Код ОО: {code}" in shown.to_string()


@pytest.mark.parametrize("who", ["region", "municipality", "school", "viewer"])
def test_only_an_admin_may_compare(demo_engine, scopes, who):
    with pytest.raises(OutOfScope):
        import_changes.compare(scopes[who], _example("schools"))


def test_changes_past_the_shown_ones_are_counted(demo_engine, scopes):
    with demo_engine.connect() as conn:
        codes = conn.execute(select(School.school_code).order_by(School.school_code)).scalars()
        codes = list(codes)[:5]
    lines = ["school_code;name;municipality_code;municipality_name;kind;locality"]
    lines += [f"{c};Переименованная {i};7401;МО;school;urban" for i, c in enumerate(codes)]
    parsed = parse("schools", "\n".join(lines).encode(), "s.csv")
    compared = import_changes.compare(scopes["admin"], parsed, shown=2)
    assert compared.updated == 5 and len(compared.changes) == 2


def test_a_task_described_anew_counts_its_rows_as_changed(demo_copy, scopes_module):
    """A skill renamed on every row of its task changes what each row shows: the preview and
    the import count the same rows."""
    engine, _added = demo_copy
    parsed = _example("skill-results")
    position = parsed.fields.index("skill_name")
    parsed.rows = [
        (*r[:position], "Решение линейных уравнений", *r[position + 1 :]) for r in parsed.rows
    ]
    with database.bind(engine):
        compared = import_changes.compare(scopes_module["admin"], parsed)
        dry = imports.run_import(scopes_module["admin"], parsed, dry_run=True)
    rows = len(parsed.rows)
    assert (compared.inserted, compared.updated, compared.unchanged) == (0, rows, 0)
    assert (dry.inserted, dry.updated, dry.unchanged) == (0, rows, 0)
    assert compared.changes[0].columns == [
        ("skill_name", "Умение решать линейные уравнения", "Решение линейных уравнений")
    ]


def test_an_activitys_own_detail_changes_and_an_empty_cell_keeps_it(demo_copy, scopes_module):
    """A training's direction, a material's topic, a publication's level: a new value shows
    before → after as the writer counts it; an empty cell keeps the stored value."""
    engine, _added = demo_copy
    parsed = _example("expert-activities")
    activity, direction = parsed.fields.index("activity"), parsed.fields.index("direction_code")
    topic, level = parsed.fields.index("topic"), parsed.fields.index("level")
    rows = [list(r) for r in parsed.rows]
    training = next(i for i, r in enumerate(rows) if r[activity] == "training")
    old = rows[training][direction]
    rows[training][direction] = "r01" if old != "R01" else "m01"  # lower case, as people type
    for row in rows:
        if row[activity] in {"material", "publication"}:
            row[topic] = row[level] = None  # empty cells: nothing changes
    parsed.rows[:] = [tuple(r) for r in rows]
    with database.bind(engine):
        compared = import_changes.compare(scopes_module["admin"], parsed)
        dry = imports.run_import(scopes_module["admin"], parsed, dry_run=True)
    assert dry.ok, [str(e) for e in dry.errors]
    counts = (0, 1, len(parsed.rows) - 1)
    assert (compared.inserted, compared.updated, compared.unchanged) == counts
    assert (dry.inserted, dry.updated, dry.unchanged) == counts
    (change,) = compared.changes
    assert change.columns == [("direction_code", old, rows[training][direction].upper())]
