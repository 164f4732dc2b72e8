"""Bulk loading of DataFrames, and emptying the data tables before a rebuild.

SQLite gets one DBAPI ``executemany`` of the compiled Core ``insert(table)`` per frame;
PostgreSQL gets ``COPY … FROM STDIN`` through psycopg 3, the statement composed with
``psycopg.sql`` identifiers.  No ORM objects, no SQL text written by hand.
"""

from __future__ import annotations

import math
from collections.abc import Iterable

import numpy as np
import pandas as pd
from sqlalchemy import (
    Boolean,
    Connection,
    Date,
    DateTime,
    Float,
    Integer,
    MetaData,
    Table,
    delete,
    func,
    insert,
    select,
)

# Tables a demo reset must never empty: schema version, accounts and the audit trail.
KEPT_TABLES = frozenset({"alembic_version", "app_user", "audit_log"})


def _is_missing(value) -> bool:
    """None, NaT, NaN and pandas' NA (nullable Int64 columns) all load as NULL."""
    return (
        value is None
        or value is pd.NaT
        or value is pd.NA
        or (isinstance(value, float) and math.isnan(value))
    )


def _column_values(series: pd.Series, column) -> list:
    """Plain Python values for one column (numpy scalars and NaN become int/float/None)."""
    kind = column.type
    has_null = bool(series.isna().any())
    if isinstance(kind, Integer):
        if not has_null:
            return series.to_numpy(dtype=np.int64).tolist()
        return [None if _is_missing(v) else int(v) for v in series.tolist()]
    if isinstance(kind, Float):
        values = series.to_numpy(dtype=float)
        out = values.tolist()
        if has_null:
            out = [None if math.isnan(v) else v for v in out]
        return out
    if isinstance(kind, Boolean):
        return [None if _is_missing(v) else bool(v) for v in series.tolist()]
    if isinstance(kind, DateTime):
        return [
            None if _is_missing(v) else pd.Timestamp(v).to_pydatetime()
            for v in series.astype(object).tolist()
        ]
    if isinstance(kind, Date):  # pandas may have turned dates into Timestamps
        return [
            None if _is_missing(v) else (v.date() if isinstance(v, pd.Timestamp) else v)
            for v in series.astype(object).tolist()
        ]
    return [None if _is_missing(v) else v for v in series.astype(object).tolist()]


def _columns(table: Table, frame: pd.DataFrame) -> dict[str, list]:
    """Value lists for every column the frame has (or that has a scalar default)."""
    out: dict[str, list] = {}
    for column in table.columns:
        if column.name in frame.columns:
            out[column.name] = _column_values(frame[column.name], column)
        elif column.default is not None and getattr(column.default, "is_scalar", False):
            out[column.name] = [column.default.arg] * len(frame)
        elif not column.nullable and not (column.primary_key and column.autoincrement is True):
            raise ValueError(f"frame for {table.name} lacks required column {column.name}")
    unknown = [c for c in frame.columns if c not in table.columns and not c.startswith("_")]
    if unknown:
        raise ValueError(f"frame for {table.name} has columns not in the table: {unknown}")
    return out


def _insert_sqlite(conn: Connection, table: Table, values: dict[str, list]) -> None:
    compiled = insert(table).compile(dialect=conn.dialect, column_keys=list(values))
    names = compiled.positiontup
    lists = []
    for name in names:
        processor = table.c[name].type.bind_processor(conn.dialect)
        column = values[name]
        lists.append([processor(v) for v in column] if processor else column)
    cursor = conn.connection.dbapi_connection.cursor()
    try:
        cursor.executemany(str(compiled), zip(*lists, strict=True))
    finally:
        cursor.close()


def _copy_postgres(conn: Connection, table: Table, values: dict[str, list]) -> None:
    from psycopg import sql

    statement = sql.SQL("COPY {} ({}) FROM STDIN").format(
        sql.Identifier(table.name), sql.SQL(", ").join(sql.Identifier(c) for c in values)
    )
    raw = conn.connection.dbapi_connection
    with raw.cursor() as cursor, cursor.copy(statement) as copy:
        for row in zip(*values.values(), strict=True):
            copy.write_row(row)


def load_frame(conn: Connection, table: Table, frame: pd.DataFrame | None) -> int:
    """Insert every row of ``frame`` into ``table``; returns the number of rows."""
    if frame is None or frame.empty:
        return 0
    values = _columns(table, frame)
    if conn.dialect.name == "postgresql":
        _copy_postgres(conn, table, values)
    else:
        _insert_sqlite(conn, table, values)
    return len(frame)


def reset_sequences(conn: Connection, tables: Iterable[Table]) -> None:
    """After explicit ids on PostgreSQL, move each serial sequence past the largest id."""
    if conn.dialect.name != "postgresql":
        return
    for table in tables:
        pk = list(table.primary_key.columns)
        if len(pk) != 1 or pk[0].name != "id" or not isinstance(pk[0].type, Integer):
            continue
        next_id = select(func.coalesce(func.max(table.c.id), 0) + 1).scalar_subquery()
        # setval(NULL, …) is NULL, so a table without a serial id is simply left alone.
        conn.execute(
            select(func.setval(func.pg_get_serial_sequence(table.name, "id"), next_id, False))
        )


def data_tables(conn: Connection) -> list[Table]:
    """Every table in the database except the kept ones, parents before children."""
    metadata = MetaData()
    metadata.reflect(conn)
    return [t for t in metadata.sorted_tables if t.name not in KEPT_TABLES]


def empty_data_tables(conn: Connection) -> None:
    """Delete all rows of the data tables, children first (FK-safe on every backend)."""
    tables = data_tables(conn)
    if conn.dialect.name == "postgresql":
        _truncate_postgres(conn, tables)
        return
    for table in reversed(tables):
        conn.execute(delete(table))


def _truncate_postgres(conn: Connection, tables: list[Table]) -> None:
    """TRUNCATE what no kept table refers to, in one statement; DELETE the rest after."""
    from psycopg import sql

    kept = [t for t in KEPT_TABLES if t != "alembic_version" and conn.dialect.has_table(conn, t)]
    metadata = MetaData()
    metadata.reflect(conn, only=kept)
    referenced = {
        fk.column.table.name for name in kept for fk in metadata.tables[name].foreign_keys
    }
    quick = [t for t in tables if t.name not in referenced]
    if quick:
        statement = sql.SQL("TRUNCATE {}").format(
            sql.SQL(", ").join(sql.Identifier(t.name) for t in quick)
        )
        with conn.connection.dbapi_connection.cursor() as cursor:
            cursor.execute(statement)
    for table in reversed([t for t in tables if t.name in referenced]):
        conn.execute(delete(table))
