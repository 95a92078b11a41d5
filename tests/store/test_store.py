"""The store itself: pragmas, UTC round trips, constraints."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path

import pytest
from sqlalchemy import Engine, exc, text
from sqlmodel import Session, select

from core.store.db import make_engine
from core.store.models import Product, StockCount, Warehouse
from core.store.schema import create_schema


def a_product(sku: str = "SKU-1") -> Product:
    return Product(sku=sku, name="Ring Light 补光灯", category="lighting", unit_cost=6.5,
                   price=24.99, currency="USD", presale_allowed=True, supplier_lead_days=7)


def a_warehouse(warehouse_id: str = "US-3PL") -> Warehouse:
    return Warehouse(warehouse_id=warehouse_id, name="LA 3PL", country="US", mode="3pl",
                     currency="USD", storage_fee_unit_day=0.02, inbound_fee_unit=0.3,
                     outbound_fee_order=2.5, return_fee_unit=4.0)


def test_a_file_store_runs_in_wal_with_foreign_keys_and_a_busy_timeout(tmp_path: Path) -> None:
    engine = make_engine(f"sqlite:///{tmp_path / 'store.db'}")
    with engine.connect() as conn:
        assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
        assert conn.exec_driver_sql("PRAGMA busy_timeout").scalar() == 10_000
    engine.dispose()


def test_timestamps_with_an_offset_come_back_as_the_same_instant_in_utc(engine: Engine) -> None:
    beijing_evening = datetime(2026, 11, 26, 20, 0, tzinfo=timezone(timedelta(hours=8)))
    with Session(engine) as session:
        session.add(a_product())
        session.add(a_warehouse())
        session.commit()
        session.add(StockCount(sku="SKU-1", warehouse_id="US-3PL", counted_at=beijing_evening,
                               on_hand=10, reserved=2))
        session.commit()
        stored = session.exec(select(StockCount)).one()
    assert stored.counted_at == beijing_evening
    assert stored.counted_at.tzinfo is not None
    assert stored.counted_at.utcoffset() == timedelta(0)
    if engine.dialect.name == "sqlite":
        # Other writers of the SQLite file must use this exact text form (SQLAlchemy's own).
        with engine.connect() as conn:
            raw = conn.execute(text("SELECT counted_at FROM stock_count")).scalar()
        assert raw == "2026-11-26 12:00:00.000000"


def test_a_naive_timestamp_is_refused(engine: Engine) -> None:
    with Session(engine) as session:
        session.add(a_product())
        session.add(a_warehouse())
        session.commit()
        session.add(StockCount(sku="SKU-1", warehouse_id="US-3PL",
                               counted_at=datetime(2026, 11, 26, 20, 0), on_hand=1, reserved=0))
        with pytest.raises(exc.StatementError, match="time zone offset"):
            session.commit()


def test_the_store_refuses_negative_stock_and_unknown_products(engine: Engine) -> None:
    now = datetime(2026, 11, 26, tzinfo=UTC)
    with Session(engine) as session:
        session.add(a_product())
        session.add(a_warehouse())
        session.commit()
        session.add(StockCount(sku="SKU-1", warehouse_id="US-3PL", counted_at=now,
                               on_hand=-1, reserved=0))
        with pytest.raises(exc.IntegrityError):
            session.commit()
        session.rollback()
        session.add(StockCount(sku="NOPE", warehouse_id="US-3PL", counted_at=now,
                               on_hand=1, reserved=0))
        with pytest.raises(exc.IntegrityError):
            session.commit()


def test_creating_the_schema_twice_keeps_the_data(tmp_path: Path) -> None:
    engine = make_engine(f"sqlite:///{tmp_path / 'store.db'}")
    create_schema(engine)
    with Session(engine) as session:
        session.add(a_product())
        session.commit()
    create_schema(engine)
    with Session(engine) as session:
        assert session.exec(select(Product.sku)).all() == ["SKU-1"]
    engine.dispose()
