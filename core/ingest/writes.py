"""Checked rows written by key: INSERT ... ON CONFLICT (key) DO UPDATE, only where changed.

Unchanged rows are not even rewritten, so the count of rows written tells new and updated
rows from unchanged ones.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import numpy as np
import pandas as pd
from sqlalchemy import Connection, or_
from sqlalchemy.dialects import postgresql, sqlite

from core.ingest.datafiles import Column, FileSpec
from core.store.models import table_named


def record_batches(spec: FileSpec, values: dict[str, pd.Series], rows: int, *,
                   batch_rows: int) -> Iterator[tuple[int, list[dict[str, Any]]]]:
    """The rows as dicts of plain Python values, `batch_rows` at a time (one executemany
    each, so the driver's copies of a batch stay small while the chunk is large), each
    batch with the position of its first row in the chunk."""
    columns: dict[str, list[Any]] = {}
    for column in spec.columns:
        series = values.get(column.name)
        if series is None:
            columns[column.name] = [_default_value(column)] * rows
        else:
            columns[column.name] = _python_values(column, series)
    if spec.table == "order_line":
        columns["source"] = [spec.source or f"load:{spec.name}"] * rows
    if spec.table == "inbound":
        # A file with a received_at column says which lots arrived (an empty cell: not yet);
        # a file without it leaves the arrival to be inferred from the stock counts.
        columns["received_known"] = ["received_at" in values] * rows
    names = list(columns)
    for start in range(0, rows, batch_rows):
        batch = (values[start:start + batch_rows] for values in columns.values())
        yield start, [dict(zip(names, row, strict=True)) for row in zip(*batch, strict=True)]


def _default_value(column: Column) -> Any:
    """A missing optional column's value on insert: its default, typed like the column."""
    if column.default is None or column.default == "":
        return column.default
    if column.kind in ("whole", "positive"):
        return int(column.default)
    if column.kind == "decimal":
        return float(column.default)
    return column.default


def _python_values(column: Column, series: pd.Series) -> list[Any]:
    if column.kind == "instant":
        plain = list(series.dt.to_pydatetime())
        return [None if pd.isna(v) else v for v in plain] if column.empty_ok else plain
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


def upsert_statement(conn: Connection, spec: FileSpec, header: list[str]) -> Any:
    """INSERT ... ON CONFLICT (key) DO UPDATE the file's columns, only where one differs.

    Columns the file does not carry (an optional one left out) keep what the store has.
    """
    dialect = postgresql if conn.dialect.name == "postgresql" else sqlite
    table = table_named(spec.table)
    statement = dialect.insert(table)
    updated = [name for name in header if name not in spec.key]
    if spec.table == "order_line":
        updated.append("source")
    if spec.table == "inbound" and "received_at" in header:
        updated.append("received_known")
    excluded = statement.excluded
    return statement.on_conflict_do_update(
        index_elements=list(spec.key),
        set_={name: excluded[name] for name in updated},
        where=or_(*(table.c[name].is_distinct_from(excluded[name]) for name in updated)),
    ).execution_options(preserve_rowcount=True)  # SQLAlchemy drops an INSERT's rowcount
