"""The one place that makes an engine (core.store.schema creates and checks the schema).

SQLite is the embedded default: every new connection gets `busy_timeout` first (a
connection that asks for WAL before it has a timeout fails at once while another process
holds a lock), then WAL so the board reads while the simulator or a webhook writes, then
foreign keys. `synchronous=NORMAL`: in WAL this survives an application crash and may lose
the last commits on a power loss, which a live board can afford. PostgreSQL URLs
(`postgresql+psycopg://...`) go through the same code with nothing extra.
"""

from __future__ import annotations

import os
import re
import sqlite3
import time
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, event
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError, NoSuchModuleError
from sqlalchemy.pool import StaticPool
from sqlmodel import create_engine

from core.common.errors import LiveStockError

DEFAULT_URL = "sqlite:///livestock.db"
BUSY_TIMEOUT_MS = 10_000


def database_url(url: str | None = None) -> str:
    """The URL given, else `LIVESTOCK_DB`, else the SQLite file in the working folder.

    A plain file path (what a seller types: `shop.db`, `~/stores/eu.db`) means that SQLite
    file.

    >>> database_url("shop.db")
    'sqlite:///shop.db'
    >>> database_url("/data/eu.db")
    'sqlite:////data/eu.db'
    """
    chosen = url or os.environ.get("LIVESTOCK_DB") or DEFAULT_URL
    if "://" not in chosen:
        return "sqlite:///" + str(Path(chosen).expanduser())
    try:
        backend = make_url(chosen).get_backend_name()
    except (ArgumentError, ValueError) as error:
        raise _not_a_store(chosen) from error
    if backend not in ("sqlite", "postgresql"):
        raise _not_a_store(chosen)
    return chosen


def _not_a_store(url: str) -> LiveStockError:
    shown = re.sub(r"(//[^:/@]*):[^@/]*@", r"\1:***@", url)  # never echo a password
    return LiveStockError(f"the store {shown!r} is not a store address: give a file (shop.db), "
                      "sqlite:///file.db or postgresql+psycopg://user@host/db")


def make_engine(url: str | None = None, *, echo: bool = False) -> Engine:
    """An engine for the store at `url` (see `database_url`), pragmas set on SQLite."""
    resolved = database_url(url)
    kwargs: dict[str, Any] = {"echo": echo}
    if resolved.startswith("sqlite"):
        kwargs["connect_args"] = {"timeout": BUSY_TIMEOUT_MS / 1000, "check_same_thread": False}
        if resolved in ("sqlite://", "sqlite:///:memory:"):
            kwargs["poolclass"] = StaticPool
    else:
        kwargs["pool_pre_ping"] = True
    try:
        engine = create_engine(resolved, **kwargs)
    except (ArgumentError, NoSuchModuleError, ImportError) as error:
        raise _not_a_store(resolved) from error
    if engine.dialect.name == "sqlite":
        event.listen(engine, "connect", _sqlite_pragmas)
    return engine


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
    _switch_to_wal(cursor)
    cursor.execute("PRAGMA synchronous = NORMAL")
    cursor.execute("PRAGMA foreign_keys = ON")
    cursor.close()


def _switch_to_wal(cursor: Any) -> None:
    """`PRAGMA journal_mode = WAL`, retried while the file is locked.

    Switching a new (rollback-journal) file to WAL needs an exclusive lock; when several
    processes open a new store at once, SQLite answers one of them "database is locked" at
    once, without waiting for the busy timeout (measured: 4 of 40 runs of four consoles
    starting together). Once the file is in WAL the pragma is a no-op read.
    """
    wait_seconds = 0.01
    deadline = time.monotonic() + BUSY_TIMEOUT_MS / 1000
    while True:
        try:
            cursor.execute("PRAGMA journal_mode = WAL")
            return
        except sqlite3.OperationalError as error:
            if "locked" not in str(error) or time.monotonic() > deadline:
                raise
            time.sleep(wait_seconds)
            wait_seconds = min(wait_seconds * 2, 0.5)



def store_location(url: str) -> str:
    """How a person recognises a store: a SQLite file's absolute path, else the URL without
    its password."""
    parsed = make_url(url)
    if parsed.drivername.startswith("sqlite"):
        if not parsed.database or parsed.database == ":memory:":
            return "the in-memory store"
        return str(Path(parsed.database.removeprefix("file:").split("?")[0]).resolve())
    return parsed.render_as_string(hide_password=True)


def missing_sqlite_file(url: str) -> str | None:
    """The absolute path of a SQLite store file that does not exist (opening it would make
    an empty one), else None."""
    parsed = make_url(url)
    if not parsed.drivername.startswith("sqlite") or not parsed.database \
            or parsed.database == ":memory:":
        return None
    location = store_location(url)
    return None if Path(location).exists() else location


def without_creating(url: str) -> str:
    """`url`, for a SQLite file, opened so that a missing file is an error instead of a new
    empty store (SQLite's `mode=rw` URI); other URLs unchanged."""
    if missing_sqlite_file(url) is None:
        return url
    return f"sqlite:///file:{store_location(url)}?mode=rw&uri=true"
