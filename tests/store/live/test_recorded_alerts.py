"""Alerts are written once per change, in both languages, however many consoles refresh."""

from __future__ import annotations

import threading
from datetime import timedelta
from pathlib import Path

from sqlalchemy import Engine, func, select
from sqlmodel import Session

from core.board.service import (
    board_at,
    recent_alerts,
)
from core.common.settings import Settings
from core.store.db import make_engine
from core.store.models import (
    Alert,
    Lane,
    LightRecord,
)
from core.store.schema import create_schema
from core.store.settings_store import save_settings
from tests.store.live_builders import START, StoreBuilder, minutes

# --- recorded alerts --------------------------------------------------------------------------


def alerts(engine: Engine, kind: str | None = None) -> list[Alert]:
    with Session(engine) as session:
        stmt = select(Alert).order_by(Alert.ts, Alert.id)  # type: ignore[arg-type]
        if kind is not None:
            stmt = stmt.where(Alert.kind == kind)  # type: ignore[arg-type]
        return list(session.execute(stmt).scalars())


def test_recording_writes_one_alert_per_light_change_not_one_per_refresh(
        store: StoreBuilder) -> None:
    store.add(Lane(warehouse_id="US-3PL", mode="air", transit_days=8, transit_days_sd=1,
                   cost_unit=1, cost_shipment=50))  # a date to promise: presale may show
    for second in (0, 2, 4):
        store.board(minutes(1) + timedelta(seconds=second), record=True)  # PUSH
    store.order("SKU-1", 18, at=minutes(8))
    for second in (0, 2, 4):
        store.board(minutes(10) + timedelta(seconds=second), record=True)  # SWAP
    store.order("SKU-1", 12, at=minutes(11))
    store.board(minutes(12), record=True)  # PRESALE
    store.board(minutes(12), record=True)

    light_changes = [(a.sku, a.old_value, a.new_value) for a in alerts(store.engine, "light")]
    with Session(store.engine) as session:
        records = session.execute(select(func.count()).select_from(LightRecord)).scalar()
    assert light_changes == [("SKU-1", "push", "swap"), ("SKU-1", "swap", "presale")]
    assert records == 3


def test_the_tier_alert_is_written_once_when_the_session_goes_live(store: StoreBuilder) -> None:
    store.board(minutes(-200), record=True)  # scheduled: daily, nothing to say
    store.board(minutes(-60), record=True)
    store.board(minutes(-59), record=True)
    store.board(minutes(1), record=True)
    store.board(minutes(2), record=True)

    tiers = [(a.old_value, a.new_value) for a in alerts(store.engine, "tier")]
    assert tiers == [("daily", "warmup"), ("warmup", "live")]


def test_a_warehouse_below_safety_stock_is_alerted_once(store: StoreBuilder) -> None:
    save_settings(store.engine, Settings(tier_live_days=15))
    store.session("S0", start=START - timedelta(days=10))
    store.order("SKU-1", 56, at=START - timedelta(days=10), session_id="S0")

    store.board(minutes(1), record=True)  # 30 left, safety 15 x 56 / 30 = 28
    store.order("SKU-1", 4, at=minutes(3))
    store.board(minutes(4), record=True)  # 26 left, safety 15 x 60 / 30 = 30
    store.board(minutes(5), record=True)

    safety = alerts(store.engine, "safety")
    assert [(a.ts, a.sku, a.warehouse_id, a.old_value, a.new_value) for a in safety] == [
        (minutes(4), "SKU-1", "US-3PL", "30", "26")]
    assert safety[0].message == "SKU-1 at US-3PL: 26 left, below safety stock 30"


def test_safety_stock_is_judged_at_the_pace_of_the_days_the_warehouse_had_stock(
        store: StoreBuilder) -> None:
    # Demand, not sales: US-3PL had 60 counted 29 days ago, sold them in 10 days and sat
    # empty until the hour-old count of 30. 60 units in ~10 days in stock is 6 a day: the
    # live tier's 15 days is ~90, so 30 left is an alert. Over all 30 days (2 a day) the
    # safety stock would be 30 and no alert would come.
    save_settings(store.engine, Settings(tier_live_days=15))
    store.session("S0", start=START - timedelta(days=25))
    store.count("SKU-1", 60, at=START - timedelta(days=29))
    for day in range(10):
        store.order("SKU-1", 6, at=START - timedelta(days=29 - day, hours=-1), session_id="S0")

    store.board(minutes(1), record=True)

    safety = alerts(store.engine, "safety")
    assert [(a.sku, a.warehouse_id, a.new_value) for a in safety] == [("SKU-1", "US-3PL", "30")]
    assert float(safety[0].old_value) > 80


def test_recent_alerts_come_newest_first_in_both_languages(store: StoreBuilder) -> None:
    store.board(minutes(-60), record=True)
    store.board(minutes(1), record=True)
    store.order("SKU-1", 18, at=minutes(8))
    store.board(minutes(10), record=True)

    latest = recent_alerts(store.engine, session_id="S1")
    until_start = recent_alerts(store.engine, session_id="S1", until=minutes(0))
    one = recent_alerts(store.engine, session_id="S1", limit=1)

    assert [a.kind for a in latest] == ["swap_to", "light", "tier", "tier"]
    assert latest[0].message == "Product SKU-1: swap to Product SKU-2"
    assert latest[0].message_zh == "Product SKU-1：换成 Product SKU-2"
    assert latest[1].message == "SKU-1: PUSH → SWAP"
    assert latest[1].message_zh == "SKU-1：主推 → 换品"
    assert latest[2].message_zh == "备货档位升级：预热 → 直播"
    assert [a.kind for a in until_start] == ["tier"]
    assert one == latest[:1]


def test_two_consoles_recording_at_once_write_each_change_once(tmp_path: Path) -> None:
    engine = make_engine(f"sqlite:///{tmp_path / 'store.db'}")
    create_schema(engine)
    s = StoreBuilder(engine).warehouse().product("SKU-1").session().lineup("SKU-1", 1)
    s.count("SKU-1", 30, at=minutes(-60)).order("SKU-1", 18, at=minutes(8))
    consoles = [make_engine(f"sqlite:///{tmp_path / 'store.db'}") for _ in range(2)]
    errors: list[BaseException] = []

    def refresh(console: Engine, start: threading.Barrier) -> None:
        try:
            for at in (minutes(-60), minutes(1), minutes(10), minutes(10)):
                start.wait(timeout=30)
                board_at(console, session_id="S1", at=at, record=True)
        except BaseException as error:  # reported below, with the other console's
            errors.append(error)
            start.abort()  # release the other console rather than leave it waiting

    barrier = threading.Barrier(2)
    threads = [threading.Thread(target=refresh, args=(c, barrier)) for c in consoles]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert errors == []
    kinds = [(a.kind, a.old_value, a.new_value) for a in alerts(engine)]
    assert kinds == [("tier", "daily", "warmup"), ("tier", "warmup", "live"),
                     ("light", "push", "swap")]  # SKU-1 has no substitute to swap to
    for console in [*consoles, engine]:
        console.dispose()
