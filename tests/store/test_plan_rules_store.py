"""The plan service on real stores: events bought a lead time ahead, stock planned where it
can ship, transfers over the seller's own lanes, MOQs and cartons, lots on the way."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import Engine, insert, update
from sqlmodel import Session
from typer.testing import CliRunner

from cli import app
from core.planning.replenish import PlanLine
from core.planning.service import load_planning_data, replenishment_plan
from core.store.db import make_engine
from core.store.models import (
    Inbound,
    Lane,
    LineupItem,
    LiveSession,
    OrderLine,
    Product,
    StockCount,
    Warehouse,
    table_of,
)
from core.store.schema import create_schema
from tests.app.planstore import UPCOMING, build_plan_store

NOW = datetime(2026, 11, 20, 12, tzinfo=UTC)
DAY0 = datetime(2026, 9, 1, 12, tzinfo=UTC)
AT = DAY0 + timedelta(days=60, hours=6)


def totals(lines: list[PlanLine], sku: str) -> int:
    return sum(x.order_qty for x in lines if x.sku == sku)


# --------------------------------------------------------------------------- events


def event_store(engine: Engine, expected_viewers: float | None) -> datetime:
    """The planners' store (tests/app/planstore.py) with the upcoming stream's estimate;
    returns the stream's start."""
    build_plan_store(engine, now=NOW)
    with engine.begin() as conn:
        conn.execute(update(table_of(LiveSession))
                     .where(table_of(LiveSession).c.session_id == UPCOMING)
                     .values(expected_viewers=expected_viewers))
    return NOW + timedelta(days=3)


def test_the_plan_before_and_during_an_events_warm_up_buys_the_same(engine: Engine) -> None:
    start = event_store(engine, expected_viewers=9000)

    morning = replenishment_plan(engine, at=start - timedelta(hours=6))  # before the warm-up
    warmup = replenishment_plan(engine, at=start - timedelta(hours=1))

    assert {x.tier for x in morning if x.sku == "LAMP"} == {"live"}
    assert {x.tier for x in warmup if x.sku == "LAMP"} == {"live"}
    assert totals(morning, "LAMP") == pytest.approx(totals(warmup, "LAMP"), rel=0.02)


def test_an_events_expected_viewers_raise_what_the_plan_buys(engine: Engine) -> None:
    start = event_store(engine, expected_viewers=None)
    usual = totals(replenishment_plan(engine, at=start - timedelta(hours=6)), "LAMP")
    with engine.begin() as conn:
        conn.execute(update(table_of(LiveSession))
                     .where(table_of(LiveSession).c.session_id == UPCOMING)
                     .values(expected_viewers=9000))  # three times the usual 3,000
    event = totals(replenishment_plan(engine, at=start - timedelta(hours=6)), "LAMP")

    # LAMP sells about 60 in a 3,000-viewer stream: 9,000 viewers bring about 120 more.
    assert event - usual == pytest.approx(120, abs=45)


def test_the_plans_sessions_carry_the_teams_estimate_once_as_the_forecast_reads_it(
        engine: Engine) -> None:
    start = event_store(engine, expected_viewers=9000)

    sessions = load_planning_data(engine, at=start - timedelta(hours=6)).sessions
    estimate = sessions.loc[sessions["session_id"] == UPCOMING, "expected_viewers"]

    assert [c for c in sessions.columns if c.startswith("expected_viewers")] == [
        "expected_viewers"]
    assert estimate.tolist() == [9000.0]


# --------------------------------------------------------------------------- where it ships


def ship_store(engine: Engine, *, serves_fba: str | None = "amazon",
               moq: int = 1, case_pack: int = 1) -> None:
    """US-FBA (serves_fba) and US-FBT (tiktok) sell A off-stream, 5 a day each, with 20 on
    hand; US-3PL (every platform) holds 2,000 of A and sells 1 a day. A truck lane runs
    US-3PL -> US-FBA (3 days); sea 35 and air 8 days from the supplier everywhere; A
    costs 5 and sells at 20 (USD); JP-OSA (JPY) sells J."""
    warehouses = {"US-FBA": ("US", "platform", "USD", serves_fba),
                  "US-FBT": ("US", "platform", "USD", "tiktok"),
                  "US-3PL": ("US", "3pl", "USD", None), "JP-OSA": ("JP", "3pl", "JPY", None)}
    with Session(engine) as db:
        for wid, (country, mode, currency, serves) in warehouses.items():
            db.add(Warehouse(warehouse_id=wid, name=wid, country=country, mode=mode,
                             currency=currency, storage_fee_unit_day=0.02, inbound_fee_unit=0.3,
                             outbound_fee_order=3.0, return_fee_unit=3.0, serves=serves))
        db.add(Product(sku="A", name="A", category="tools", unit_cost=5, price=20,
                       currency="USD", presale_allowed=True, supplier_lead_days=5, moq=moq,
                       case_pack=case_pack))
        db.add(Product(sku="J", name="J", category="tools", unit_cost=500, price=2000,
                       currency="JPY", presale_allowed=True, supplier_lead_days=5))
        db.flush()
        for wid in warehouses:
            db.add(Lane(warehouse_id=wid, mode="sea", transit_days=35, transit_days_sd=4,
                        cost_unit=0.6, cost_shipment=300))
            db.add(Lane(warehouse_id=wid, mode="air", transit_days=8, transit_days_sd=1,
                        cost_unit=4.5, cost_shipment=150))
        db.add(Lane(warehouse_id="US-FBA", from_warehouse_id="US-3PL", mode="truck",
                    transit_days=3, transit_days_sd=1, cost_unit=0.35, cost_shipment=120))
        for sku, wid, on_hand in (("A", "US-FBA", 20), ("A", "US-FBT", 20),
                                  ("A", "US-3PL", 2000), ("J", "JP-OSA", 10)):
            db.add(StockCount(sku=sku, warehouse_id=wid, counted_at=DAY0, on_hand=on_hand + 400,
                              reserved=0))
            db.add(StockCount(sku=sku, warehouse_id=wid, counted_at=AT - timedelta(hours=1),
                              on_hand=on_hand, reserved=0))
        db.commit()
    orders = [{"order_id": f"{wid}-{day}-{n}", "sku": sku, "ts": DAY0 + timedelta(days=day,
                                                                              minutes=n),
               "qty": 1, "unit_price": price, "currency": currency, "session_id": None,
               "warehouse_id": wid, "customer_id": None, "status": "paid", "source": None}
              for sku, wid, per_day, price, currency in (
                  ("A", "US-FBA", 5, 20.0, "USD"), ("A", "US-FBT", 5, 20.0, "USD"),
                  ("A", "US-3PL", 1, 20.0, "USD"), ("J", "JP-OSA", 2, 2000.0, "JPY"))
              for day in range(60) for n in range(per_day)]
    with engine.begin() as conn:
        conn.execute(insert(OrderLine), orders)


def add_stream(engine: Engine, *, platform: str, start: datetime) -> None:
    with Session(engine) as db:
        db.add(LiveSession(session_id="S1", title="t", platform=platform, market="US",
                           warmup_start=start - timedelta(hours=2), start=start,
                           end=start + timedelta(hours=2), traffic="paid"))
        db.flush()
        db.add(LineupItem(session_id="S1", sku="A", slot=1, price=18.0))
        db.commit()


def test_a_tiktok_stream_is_planned_in_tiktoks_warehouse_not_in_fba(engine: Engine) -> None:
    ship_store(engine)
    add_stream(engine, platform="tiktok", start=AT + timedelta(days=2))

    tiers = {x.warehouse_id: x.tier for x in replenishment_plan(engine, at=AT)
             if x.sku == "A"}

    assert tiers == {"US-FBA": "daily", "US-FBT": "live", "US-3PL": "daily"}


def test_fba_serving_every_platform_shares_a_tiktok_stream_with_the_others(
        engine: Engine) -> None:
    ship_store(engine, serves_fba="amazon;tiktok;shopify")
    add_stream(engine, platform="tiktok", start=AT + timedelta(days=2))

    tiers = {x.warehouse_id: x.tier for x in replenishment_plan(engine, at=AT)
             if x.sku == "A"}

    assert tiers["US-FBT"] == "live" and tiers["US-FBA"] == "daily"  # FBT is more specific


def test_the_3pls_spare_stock_is_trucked_to_fba_instead_of_buying(engine: Engine) -> None:
    ship_store(engine)

    lines = [x for x in replenishment_plan(engine, at=AT) if x.warehouse_id == "US-FBA"]
    moved = [x for x in lines if x.from_warehouse_id == "US-3PL"]

    assert len(moved) == 1 and moved[0].mode == "truck" and moved[0].order_qty > 0
    assert all(x.order_qty == 0 for x in lines if x.from_warehouse_id is None)


def test_plan_json_carries_currency_and_origin_on_every_line(engine: Engine,
                                                            tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'ship.db'}"
    store = make_engine(url)
    create_schema(store)
    ship_store(store, moq=100, case_pack=24)
    store.dispose()

    result = CliRunner().invoke(app, ["plan", "--json", "--db", url, "--at", AT.isoformat()])
    assert result.exit_code == 0, result.output
    lines = json.loads(result.output)

    assert {(x["warehouse_id"], x["currency"]) for x in lines} == {
        ("US-FBA", "USD"), ("US-FBT", "USD"), ("US-3PL", "USD"), ("JP-OSA", "JPY")}
    assert {x["from_warehouse_id"] for x in lines} == {None, "US-3PL"}
    bought = [x for x in lines if x["order_qty"] > 0 and x["from_warehouse_id"] is None]
    assert bought and all(x["order_qty"] % 24 == 0 for x in bought if x["sku"] == "A")
    assert sum(x["order_qty"] for x in bought if x["sku"] == "A") >= 100


def test_a_late_lot_not_yet_received_is_not_ordered_again(engine: Engine) -> None:
    ship_store(engine)
    before = totals(replenishment_plan(engine, at=AT), "J")
    with Session(engine) as db:  # 300 J were due a week ago and are still on the way
        db.add(Inbound(shipment_id="LATE", sku="J", warehouse_id="JP-OSA", qty=300,
                       mode="sea", shipped_at=AT - timedelta(days=40),
                       eta=AT - timedelta(days=7), received_at=None, received_known=True))
        db.commit()

    lines = [x for x in replenishment_plan(engine, at=AT) if x.sku == "J"]

    assert lines[0].stock_position == pytest.approx(10 + 300)
    assert totals(lines, "J") < before
