"""Checked rows written by key: staged, then INSERT ... ON CONFLICT (key) DO UPDATE, only
where a value changed.

A chunk's rows go first into a temporary table with the store table's columns (one plain
executemany of tuples, converted column by column: no per-row work in SQLAlchemy), then into
the store in one INSERT ... SELECT ... ON CONFLICT statement. Upserting row by row costs
about twice as much on SQLite with foreign keys on; the statement does the same thing.
Unchanged rows are not even rewritten, so the count of rows written tells new and updated
rows from unchanged ones.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd
from sqlalchemy import Column, Connection, MetaData, Table, delete, insert, or_, select, true
from sqlalchemy.dialects import postgresql, sqlite

from core.ingest.datafiles import Column as FileColumn
from core.ingest.datafiles import FileSpec
from core.store.models import table_named


@dataclass(frozen=True)
class Staging:
    """The temporary table a file's chunks pass through, and the statements that use it."""

    table: Table
    insert_sql: str  # the driver's own INSERT into the staging table
    positional: tuple[str, ...] | None  # parameter order when the driver's style is positional
    merge: Any  # INSERT INTO the store table SELECT FROM the staging table ON CONFLICT ...


def open_staging(conn: Connection, spec: FileSpec, header: list[str]) -> Staging:
    """Create the staging table for `spec`'s file and the upsert from it.

    Every column of the file spec is written to new rows (a default where the file leaves an
    optional column out); on an existing key only the file's own columns are updated, so a
    column the file leaves out keeps what the store has.
    """
    table = table_named(spec.table)
    names = _written_columns(spec)
    staging = Table(f"livestock_staging_{spec.table}", MetaData(),
                    *(Column(name, table.c[name].type) for name in names),
                    prefixes=["TEMPORARY"])
    staging.create(conn)
    compiled = insert(staging).compile(dialect=conn.dialect)
    positional = tuple(compiled.positiontup or ()) if compiled.positional else None
    dialect = postgresql if conn.dialect.name == "postgresql" else sqlite
    statement = dialect.insert(table).from_select(
        names, select(*staging.c).where(true()))  # SQLite's upsert needs a WHERE here
    updated = [name for name in header if name not in spec.key]
    if spec.table == "order_line":
        updated.append("source")
    if spec.table == "inbound" and "received_at" in header:
        updated.append("received_known")
    excluded = statement.excluded
    merge = statement.on_conflict_do_update(
        index_elements=list(spec.key),
        set_={name: excluded[name] for name in updated},
        where=or_(*(table.c[name].is_distinct_from(excluded[name]) for name in updated)),
    ).execution_options(preserve_rowcount=True)  # SQLAlchemy drops an INSERT's rowcount
    return Staging(staging, str(compiled), positional, merge)


def close_staging(conn: Connection, staging: Staging) -> None:
    staging.table.drop(conn)


def write_chunk(conn: Connection, staging: Staging, spec: FileSpec,
                values: dict[str, pd.Series], rows: int) -> int:
    """Upsert one checked chunk through the staging table: the rows inserted or changed."""
    columns = driver_values(spec, values, rows, sqlite_text=conn.dialect.name == "sqlite")
    if staging.positional is not None:
        params: list[Any] = list(zip(*(columns[name] for name in staging.positional),
                                     strict=True))
    else:
        names = list(columns)
        params = [dict(zip(names, row, strict=True)) for row in zip(*columns.values(),
                                                                    strict=True)]
    conn.exec_driver_sql(staging.insert_sql, params)
    rowcount = conn.execute(staging.merge).rowcount
    conn.execute(delete(staging.table))
    # A driver that cannot count says -1: then every row counts.
    return rows if rowcount < 0 else int(rowcount)


def driver_values(spec: FileSpec, values: dict[str, pd.Series], rows: int, *,
                  sqlite_text: bool) -> dict[str, list[Any]]:
    """Each written column as a list of values the database driver takes as they are.

    Instants are UTC: on SQLite the text SQLAlchemy's DateTime stores
    ("2026-11-28 01:14:03.000000", so reads and comparisons see one format), elsewhere
    aware datetimes.
    """
    columns: dict[str, list[Any]] = {}
    for column in spec.columns:
        series = values.get(column.name)
        if series is None:
            columns[column.name] = [_default_value(column)] * rows
        else:
            columns[column.name] = _plain(column, series, sqlite_text=sqlite_text)
    if spec.table == "order_line":
        columns["source"] = [spec.source or f"load:{spec.name}"] * rows
    if spec.table == "inbound":
        # A file with a received_at column says which lots arrived (an empty cell: not yet);
        # a file without it leaves the arrival to be inferred from the stock counts.
        columns["received_known"] = ["received_at" in values] * rows
    return columns


def _written_columns(spec: FileSpec) -> list[str]:
    names = [column.name for column in spec.columns]
    if spec.table == "order_line":
        return [*names, "source"]
    return [*names, "received_known"] if spec.table == "inbound" else names


def _default_value(column: FileColumn) -> Any:
    """A missing optional column's value on insert: its default, typed like the column."""
    if column.default is None or column.default == "":
        return column.default
    if column.kind in ("whole", "positive"):
        return int(column.default)
    if column.kind == "decimal":
        return float(column.default)
    return column.default


def _plain(column: FileColumn, series: pd.Series, *, sqlite_text: bool) -> list[Any]:
    if column.kind == "instant":
        missing = series.isna().to_numpy()
        if sqlite_text:
            naive = series.dt.tz_convert(None).to_numpy(dtype="datetime64[us]")
            text = np.char.replace(np.datetime_as_string(naive, unit="us"), "T", " ")
            plain: list[Any] = text.tolist()
        else:
            plain = list(series.dt.to_pydatetime())
        if missing.any():
            return [None if gone else v for v, gone in zip(plain, missing, strict=True)]
        return plain
    if column.kind in ("whole", "positive"):
        if column.empty_ok and series.isna().any():
            return [None if pd.isna(v) else int(v) for v in series.to_numpy()]
        return series.to_numpy().astype(np.int64).tolist()
    if column.kind == "decimal":
        return series.to_numpy(dtype=np.float64).tolist()
    if column.kind == "flag":
        return series.to_numpy(dtype=bool).tolist()
    plain = series.tolist()
    return [v or None for v in plain] if column.empty_ok and column.default is None else plain
