"""The write lock: a transaction that reads and then writes takes it before it reads.

SQLite lets one writer in at a time. A transaction that starts by reading and writes later
fails at once with SQLITE_BUSY when another writer committed in between, without waiting
for the busy timeout; whether the driver opened the transaction at the read depends on its
transaction mode, so nothing relies on it. `BEGIN IMMEDIATE` takes the write
lock up front, waiting up to the busy timeout (core.store.db) for it, so what the
transaction reads stays true until it commits.
"""

from __future__ import annotations

from sqlalchemy import Connection


def take_write_lock(conn: Connection) -> None:
    """Begin the transaction on `conn` holding SQLite's write lock (BEGIN IMMEDIATE).

    Call it first, before anything else runs on `conn` in the transaction. Elsewhere it does
    nothing: a PostgreSQL transaction begins with its first statement as usual, and a
    caller that needs more (a row FOR UPDATE, an advisory lock) takes that itself.
    """
    if conn.dialect.name == "sqlite":
        conn.exec_driver_sql("BEGIN IMMEDIATE")
