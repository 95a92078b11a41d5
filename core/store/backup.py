"""Backup and restore of the SQLite store, with SQLite's online backup API.

The backup API copies the database page by page inside read transactions, so a copy taken
while the simulator or a webhook receiver writes is a consistent snapshot of one moment
(WAL lets the writers go on meanwhile). PostgreSQL stores use `pg_dump` instead.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

from sqlalchemy import Engine

from core.common.errors import LiveStockError

# Copy this many pages per step, so a large store doesn't hold its lock in one long step.
PAGES_PER_STEP = 4096
REQUIRED_TABLES = {"product", "warehouse", "order_line", "live_session"}


def _sqlite_path(engine: Engine) -> str:
    if engine.dialect.name != "sqlite":
        raise LiveStockError("backup and restore are for the SQLite store; for PostgreSQL "
                             "use pg_dump / pg_restore")
    database = engine.url.database
    if not database or database == ":memory:":
        raise LiveStockError("an in-memory store has nothing to back up: give --db sqlite:///FILE")
    return database


def backup_store(engine: Engine, destination: Path) -> int:
    """Write a consistent copy of the store to `destination`; returns its size in bytes."""
    source_path = _sqlite_path(engine)
    if not Path(source_path).exists():
        raise LiveStockError(f"no store at {source_path}")
    if destination.exists():
        raise LiveStockError(f"{destination} exists already: choose a new file name")
    destination.parent.mkdir(parents=True, exist_ok=True)
    source = sqlite3.connect(source_path, timeout=10)
    target = sqlite3.connect(destination)
    try:
        source.backup(target, pages=PAGES_PER_STEP)
    finally:
        target.close()
        source.close()
    return destination.stat().st_size


def restore_store(engine: Engine, backup: Path) -> None:
    """Replace the store's content with the backup's, after checking it is a LiveStock store."""
    target_path = _sqlite_path(engine)
    if not backup.exists():
        raise LiveStockError(f"no backup file at {backup}")
    source = sqlite3.connect(f"file:{backup}?mode=ro", uri=True)
    try:
        try:
            tables = {row[0] for row in source.execute(
                "SELECT name FROM sqlite_master WHERE type = 'table'")}
            verdict = source.execute("PRAGMA quick_check").fetchone()[0]
        except sqlite3.DatabaseError as error:
            raise LiveStockError(f"{backup} is not a SQLite database ({error})") from None
        missing = REQUIRED_TABLES - tables
        if missing:
            raise LiveStockError(f"{backup} is not a LiveStock store "
                                 f"(missing tables: {', '.join(sorted(missing))})")
        if verdict != "ok":
            raise LiveStockError(f"{backup} is damaged: {verdict}")
        engine.dispose()  # no pooled connection may hold the old pages
        target = sqlite3.connect(target_path, timeout=10)
        try:
            source.backup(target, pages=PAGES_PER_STEP)
        finally:
            target.close()
    finally:
        source.close()
