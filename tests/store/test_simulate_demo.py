"""The demo's orchestration against a real store: which session, which store, which speed."""

from __future__ import annotations

import socket
import threading
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import Engine, func, select
from sqlmodel import Session

from cli.demo import (
    DemoError,
    DemoSession,
    demo_speed,
    fresh_store,
    pick_session,
    resolved_store_url,
    run_demo,
)
from core.store.models import LineupItem, LiveSession, OrderLine, Product

DAY = datetime(2026, 11, 26, tzinfo=UTC)


def add_session(engine: Engine, session_id: str, *, start: datetime, lineup: bool = True,
                orders: int = 0) -> None:
    with Session(engine) as db:
        if db.get(Product, "SKU-A") is None:
            db.add(Product(sku="SKU-A", name="A", category="c", unit_cost=1, price=9.99,
                           currency="USD", presale_allowed=True, supplier_lead_days=5))
        db.add(LiveSession(session_id=session_id, title=f"{session_id} live", platform="tiktok",
                           market="US", start=start, end=start + timedelta(hours=3),
                           traffic="paid"))
        db.commit()
        if lineup:
            db.add(LineupItem(session_id=session_id, sku="SKU-A", slot=1, price=9.99))
        db.add_all([OrderLine(order_id=f"{session_id}-{n}", sku="SKU-A", ts=start, qty=1,
                              unit_price=9.99, currency="USD", session_id=session_id)
                    for n in range(orders)])
        db.commit()


def test_the_demo_plays_the_first_session_that_has_no_orders_yet(engine: Engine) -> None:
    add_session(engine, "S-LAST-WEEK", start=DAY - timedelta(days=7), orders=40)
    add_session(engine, "S-NEXT-WEEK", start=DAY + timedelta(days=7))
    add_session(engine, "S-TODAY", start=DAY + timedelta(hours=20))
    add_session(engine, "S-NO-LINEUP", start=DAY + timedelta(hours=1), lineup=False)

    assert pick_session(engine).session_id == "S-TODAY"


def test_when_every_session_has_orders_the_demo_replays_the_latest(engine: Engine) -> None:
    add_session(engine, "S-OLD", start=DAY - timedelta(days=7), orders=3)
    add_session(engine, "S-NEW", start=DAY - timedelta(days=1), orders=3)
    assert pick_session(engine).session_id == "S-NEW"


def test_a_store_without_sessions_cannot_make_a_demo(engine: Engine) -> None:
    with pytest.raises(DemoError, match="no session with a lineup"):
        pick_session(engine)


def test_a_three_hour_stream_plays_in_five_minutes() -> None:
    stream = DemoSession("S", "t", DAY, DAY + timedelta(hours=3))
    assert demo_speed(stream) == 36.0
    assert demo_speed(DemoSession("S", "t", DAY, DAY + timedelta(minutes=2))) == 1.0


def test_the_demo_store_is_built_afresh_each_time(tmp_path: Path) -> None:
    url = resolved_store_url(f"sqlite:///{tmp_path / 'demo.db'}")
    engine = fresh_store(url)
    add_session(engine, "S-OLD", start=DAY, orders=2)
    engine.dispose()

    engine = fresh_store(url)
    with engine.connect() as conn:
        assert conn.execute(select(func.count()).select_from(OrderLine)).scalar_one() == 0
    engine.dispose()


def test_a_relative_store_path_is_made_absolute_for_the_dashboard_process(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    assert resolved_store_url("sqlite:///demo.db") == f"sqlite:///{tmp_path / 'demo.db'}"
    assert resolved_store_url("postgresql+psycopg://u:p@h/db") == "postgresql+psycopg://u:p@h/db"
    with pytest.raises(DemoError, match="a file"):
        resolved_store_url("sqlite://")


def test_the_demo_refuses_a_busy_port_before_touching_the_store(tmp_path: Path) -> None:
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        with pytest.raises(DemoError, match=f"port {port} is already in use"):
            run_demo(url=f"sqlite:///{tmp_path / 'demo.db'}", data_dir=tmp_path, port=port,
                     speed=None, seed=1, stop=threading.Event(), say=lambda _: None)
    assert not (tmp_path / "demo.db").exists()


def test_the_demo_names_a_missing_data_folder(tmp_path: Path) -> None:
    with pytest.raises(DemoError, match=r"no sample data at .*nowhere"):
        run_demo(url=f"sqlite:///{tmp_path / 'demo.db'}", data_dir=tmp_path / "nowhere",
                 port=1, speed=None, seed=1, stop=threading.Event(), say=lambda _: None)


def test_the_demo_dashboard_listens_on_loopback_only_since_it_has_no_login() -> None:
    from cli.demo import streamlit_command

    command = streamlit_command(port=8501)

    assert command[command.index("--server.address") + 1] == "127.0.0.1"
    assert command[command.index("--server.port") + 1] == "8501"
