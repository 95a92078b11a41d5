"""Backup and restore of the SQLite store, including while a writer runs."""

from __future__ import annotations

import threading
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import Engine, func, insert, select

from core.common.errors import LiveStockError
from core.store.backup import backup_store, restore_store
from core.store.db import make_engine
from core.store.models import OrderLine, Product
from core.store.schema import create_schema


def file_store(path: Path) -> Engine:
    engine = make_engine(f"sqlite:///{path}")
    create_schema(engine)
    with engine.begin() as conn:
        conn.execute(insert(Product), [{
            "sku": "SKU-1", "name": "Ring Light 补光灯", "category": "lighting",
            "unit_cost": 6.5, "price": 24.99, "currency": "USD", "presale_allowed": True,
            "supplier_lead_days": 7}])
    return engine


def an_order(n: int) -> dict[str, object]:
    return {"order_id": f"O-{n}", "sku": "SKU-1", "qty": 1, "unit_price": 24.99,
            "currency": "USD", "status": "paid",
            "ts": datetime(2026, 11, 26, tzinfo=UTC) + timedelta(seconds=n)}


def count_orders(engine: Engine) -> int:
    with engine.connect() as conn:
        return int(conn.execute(select(func.count()).select_from(OrderLine)).scalar_one())


def test_a_backup_restores_the_store_as_it_was(tmp_path: Path) -> None:
    engine = file_store(tmp_path / "store.db")
    with engine.begin() as conn:
        conn.execute(insert(OrderLine), [an_order(n) for n in range(50)])
    backup_store(engine, tmp_path / "backup.db")
    with engine.begin() as conn:
        conn.execute(insert(OrderLine), [an_order(n) for n in range(50, 80)])
    assert count_orders(engine) == 80

    restore_store(engine, tmp_path / "backup.db")

    assert count_orders(engine) == 50
    engine.dispose()


def test_a_backup_taken_while_a_writer_runs_is_a_consistent_snapshot(tmp_path: Path) -> None:
    engine = file_store(tmp_path / "store.db")
    stop = threading.Event()
    errors: list[Exception] = []

    def writer() -> None:
        n = 0
        writer_engine = make_engine(f"sqlite:///{tmp_path / 'store.db'}")
        try:
            while not stop.is_set():
                with writer_engine.begin() as conn:  # batches of 10: all or nothing
                    conn.execute(insert(OrderLine), [an_order(n + i) for i in range(10)])
                n += 10
        except Exception as error:  # surfaced by the assertion below
            errors.append(error)
        finally:
            writer_engine.dispose()

    thread = threading.Thread(target=writer)
    thread.start()
    try:
        for attempt in range(3):
            backup_store(engine, tmp_path / f"backup-{attempt}.db")
    finally:
        stop.set()
        thread.join()

    assert errors == []
    for attempt in range(3):
        copy = make_engine(f"sqlite:///{tmp_path / f'backup-{attempt}.db'}")
        assert count_orders(copy) % 10 == 0  # never half a batch
        copy.dispose()
    engine.dispose()


def test_restore_refuses_a_file_that_is_not_a_livestock_store(tmp_path: Path) -> None:
    engine = file_store(tmp_path / "store.db")
    (tmp_path / "notes.txt").write_text("not a database", encoding="utf-8")
    with pytest.raises(LiveStockError, match="not a SQLite database"):
        restore_store(engine, tmp_path / "notes.txt")
    other = make_engine(f"sqlite:///{tmp_path / 'other.db'}")
    with other.begin() as conn:
        conn.exec_driver_sql("CREATE TABLE something (x INTEGER)")
    with pytest.raises(LiveStockError, match="not a LiveStock store"):
        restore_store(engine, tmp_path / "other.db")
    assert count_orders(engine) == 0
    engine.dispose()
    other.dispose()


def test_backup_refuses_to_overwrite_a_file_and_an_in_memory_store(tmp_path: Path) -> None:
    engine = file_store(tmp_path / "store.db")
    (tmp_path / "taken.db").write_bytes(b"")
    with pytest.raises(LiveStockError, match="exists already"):
        backup_store(engine, tmp_path / "taken.db")
    memory = make_engine("sqlite://")
    with pytest.raises(LiveStockError, match="in-memory"):
        backup_store(memory, tmp_path / "new.db")
    engine.dispose()
