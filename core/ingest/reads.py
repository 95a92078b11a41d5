"""References between data files: a sku, warehouse or session must be known.

Known means already in the store or in a file of the same batch loaded before.
"""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd
from sqlalchemy import Connection, select

from core.ingest.datafiles import REFERENCE_SOURCES, Column
from core.ingest.file_problems import Problems


class KnownKeys:
    """Keys other files may refer to: read from the store once, grown by this batch."""

    def __init__(self, conn: Connection) -> None:
        self._conn = conn
        self._keys: dict[str, set[str]] = {}

    def get(self, kind: str) -> set[str]:
        if kind not in self._keys:
            table, key, _file = REFERENCE_SOURCES[kind]
            self._keys[kind] = set(self._conn.execute(select(table.c[key])).scalars())
        return self._keys[kind]

    def add(self, kind: str, values: Sequence[str]) -> None:
        self.get(kind).update(values)


def check_reference(column: Column, values: pd.Series, known: KnownKeys,
                    problems: Problems) -> None:
    assert column.refers_to is not None
    keys = known.get(column.refers_to)
    distinct = pd.unique(values)
    missing = [v for v in distinct if v != "" and v not in keys]
    if missing:
        noun = column.refers_to
        source = REFERENCE_SOURCES[noun][2]
        problems.add(column.name, values.isin(missing), lambda p: (
            f"unknown {noun} '{values.iloc[p]}': not in {source} nor already in the store"))
