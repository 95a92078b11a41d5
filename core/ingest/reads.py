"""What the loader reads from the store: the keys data files may refer to, and row counts.

Tables are named in core/ingest/datafiles.py; here the names become the store's tables.
"""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy import Connection, func, select

from core.ingest.datafiles import REFERENCE_SOURCES
from core.ingest.references import KnownKeys
from core.store.models import table_named


def read_known_keys(conn: Connection, kinds: Iterable[str]) -> KnownKeys:
    """The keys of each kind ("sku", "warehouse", "session") the store holds now."""
    keys: dict[str, set[str]] = {}
    for kind in sorted(kinds):
        table_name, key, _file = REFERENCE_SOURCES[kind]
        table = table_named(table_name)
        keys[kind] = set(conn.execute(select(table.c[key])).scalars())
    return KnownKeys(keys)


def count_rows(conn: Connection, table_name: str) -> int:
    table = table_named(table_name)
    return int(conn.execute(select(func.count()).select_from(table)).scalar_one())
