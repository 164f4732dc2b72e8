"""Bulk upsert on a natural key, for SQLite and PostgreSQL (the machinery behind the importers).

Internal: nothing here checks a scope; only the import writers (admin only) call it. Rows are
compared with what is stored, then only new or changed rows are written: in batches with the
dialect's INSERT … ON CONFLICT DO UPDATE, or, for large PostgreSQL loads, with COPY.

No schema change, ever: a load takes only row locks (RowExclusiveLock) on the tables pages
read, so the dashboard stays readable during the largest import. Foreign keys stay in place
and are checked row by row as rows arrive (COPY included); dropping and re-adding them was
faster but took AccessExclusive locks on the table and the tables it refers to, which stalled
every page for the whole load (tests/data_access/test_bulk_locks.py).
"""

from __future__ import annotations

import secrets

from sqlalchemy import Column, Connection, MetaData, Table, select
from sqlalchemy.dialects import postgresql, sqlite

CHUNK = 5000
IN_CHUNK = 900  # under SQLite's bound-parameter limit
COPY_FROM = 2000  # rows to write above which PostgreSQL uses COPY + INSERT … SELECT


def _dialect_insert(conn: Connection, table: Table):
    name = conn.dialect.name
    if name == "postgresql":
        return postgresql.insert(table)
    if name == "sqlite":
        return sqlite.insert(table)
    raise RuntimeError(f"imports support sqlite and postgresql, not {name}")


def _existing(
    conn: Connection, table: Table, key: tuple[str, ...], values: list[str], rows: list[dict]
) -> dict[tuple, tuple]:
    """Current values of the rows whose first key column matches one in the file."""
    first = table.c[key[0]]
    wanted = sorted({row[key[0]] for row in rows})
    columns = [table.c[c] for c in (*key, *values)]
    found: dict[tuple, tuple] = {}
    width = len(key)
    for start in range(0, len(wanted), IN_CHUNK):
        stmt = select(*columns).where(first.in_(wanted[start : start + IN_CHUNK]))
        for row in conn.execute(stmt):
            found[tuple(row[:width])] = tuple(row[width:])
    return found


def upsert(
    conn: Connection, table: Table, key: tuple[str, ...], rows: list[dict]
) -> tuple[list, list, int]:
    """Insert new rows and update changed ones on the natural key `key`.

    Returns (new keys, changed keys, unchanged count). Uses the dialect's
    INSERT … ON CONFLICT DO UPDATE, executed in batches (executemany).
    """
    if not rows:
        return [], [], 0
    values = [c for c in rows[0] if c not in key]
    existing = _existing(conn, table, key, values, rows)
    new, changed, write = [], [], []
    for row in rows:
        row_key = tuple(row[c] for c in key)
        before = existing.get(row_key)
        if before is None:
            new.append(row_key)
            write.append(row)
        elif before != tuple(row[c] for c in values):
            changed.append(row_key)
            write.append(row)
    if conn.dialect.name == "postgresql" and len(write) > COPY_FROM:
        if changed:
            _copy_upsert(conn, table, key, values, write)
        else:  # all new (checked above, inside this transaction): COPY straight into the table
            _copy_rows(conn, table, [*key, *values], write)
    elif write:
        stmt = _dialect_insert(conn, table)
        stmt = stmt.on_conflict_do_update(
            index_elements=list(key), set_={c: stmt.excluded[c] for c in values}
        )
        for start in range(0, len(write), CHUNK):
            conn.execute(stmt, write[start : start + CHUNK])
    return new, changed, len(rows) - len(new) - len(changed)


def _copy_rows(conn: Connection, table: Table, columns: list[str], rows: list[dict]) -> None:
    from psycopg import sql

    copy_sql = sql.SQL("COPY {} ({}) FROM STDIN").format(
        sql.Identifier(table.name), sql.SQL(", ").join(sql.Identifier(c) for c in columns)
    )
    with conn.connection.driver_connection.cursor() as cursor, cursor.copy(copy_sql) as copy:
        for row in rows:
            copy.write_row([row[c] for c in columns])


def _copy_upsert(
    conn: Connection, table: Table, key: tuple[str, ...], values: list[str], write: list[dict]
) -> None:
    """PostgreSQL bulk path: COPY into a temporary table, then one INSERT … SELECT … ON CONFLICT."""

    columns = [*key, *values]
    stage = Table(
        f"import_stage_{secrets.token_hex(6)}",
        MetaData(),
        *(Column(c, table.c[c].type) for c in columns),
        prefixes=["TEMPORARY"],
    )
    stage.create(conn)
    _copy_rows(conn, stage, columns, write)
    stmt = postgresql.insert(table).from_select(columns, select(*(stage.c[c] for c in columns)))
    stmt = stmt.on_conflict_do_update(
        index_elements=list(key), set_={c: stmt.excluded[c] for c in values}
    )
    conn.execute(stmt)
    stage.drop(conn)
