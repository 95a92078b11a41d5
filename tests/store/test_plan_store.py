"""`livestock plan` over a real store: contract fields, --at, stock-outs, sea and air."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import Engine, insert
from sqlmodel import Session
from typer.testing import CliRunner

from cli import app
from core.planning.service import load_planning_data, replenishment_plan
from core.store.db import make_engine
from core.store.models import (
    Lane,
    LineupItem,
    LiveSession,
    OrderLine,
    Product,
    StockCount,
    Warehouse,
)
from core.store.schema import create_schema

DAY0 = datetime(2026, 9, 1, 12, tzinfo=UTC)
AT = DAY0 + timedelta(days=60, hours=6)
FIELDS = ["sku", "warehouse_id", "tier", "safety_stock", "reorder_point", "stock_position",
          "order_qty", "mode", "arrive_by", "cost", "currency", "from_warehouse_id", "need_qty",
          "shipment_share", "shipment_units", "landed_cost_unit", "margin_unit", "flags"]


def build(engine: Engine, *, last_count_a: int = 20) -> None:
    """A sells 5 a day off-stream from WH-US for 60 days except days 40-49 (out of stock);
    B sells 1 a day and has plenty. WH-US has sea (35 days) and air (8 days) lanes."""
    with Session(engine) as db:
        db.add(Warehouse(warehouse_id="WH-US", name="FBA", country="US", mode="platform",
                         currency="USD", storage_fee_unit_day=0.03, inbound_fee_unit=0.3,
                         outbound_fee_order=4.6, return_fee_unit=2.9))
        db.add(Product(sku="A", name="A", category="tops", unit_cost=5, price=20,
                       currency="USD", presale_allowed=True, supplier_lead_days=5))
        db.add(Product(sku="B", name="B", category="tops", unit_cost=5, price=20,
                       currency="USD", presale_allowed=True, supplier_lead_days=5))
        db.flush()
        db.add(Lane(warehouse_id="WH-US", mode="sea", transit_days=35, transit_days_sd=4,
                    cost_unit=0.6, cost_shipment=300))
        db.add(Lane(warehouse_id="WH-US", mode="air", transit_days=8, transit_days_sd=1,
                    cost_unit=4.5, cost_shipment=150))
        counts = [("A", DAY0, 250), ("A", DAY0 + timedelta(days=40, hours=1), 0),
                  ("A", DAY0 + timedelta(days=50), 150),
                  ("A", DAY0 + timedelta(days=60), last_count_a), ("B", DAY0, 5000)]
        for sku, at, on_hand in counts:
            db.add(StockCount(sku=sku, warehouse_id="WH-US", counted_at=at, on_hand=on_hand,
                              reserved=0))
        db.commit()
    orders = []
    for day in range(60):
        skus = ["B"] if 40 <= day < 50 else ["A", "B"]
        for sku in skus:
            for n in range(5 if sku == "A" else 1):
                orders.append({"order_id": f"{sku}-{day}-{n}", "sku": sku,
                               "ts": DAY0 + timedelta(days=day, minutes=n), "qty": 1,
                               "unit_price": 20.0, "currency": "USD", "session_id": None,
                               "warehouse_id": "WH-US", "customer_id": None,
                               "status": "paid", "source": None})
    with engine.begin() as conn:
        conn.execute(insert(OrderLine), orders)


@pytest.fixture
def store_url(tmp_path: Path) -> str:
    url = f"sqlite:///{tmp_path / 'plan.db'}"
    engine = make_engine(url)
    create_schema(engine)
    build(engine)
    engine.dispose()
    return url


def plan_json(url: str, *args: str) -> list[dict[str, object]]:
    result = CliRunner().invoke(app, ["plan", "--json", "--db", url, *args])
    assert result.exit_code == 0, result.output
    return json.loads(result.output)


def test_plan_json_lines_carry_exactly_the_contract_fields(store_url: str) -> None:
    lines = plan_json(store_url, "--at", AT.isoformat())

    assert lines and all(list(line) == FIELDS for line in lines)
    assert {(x["sku"], x["warehouse_id"]) for x in lines} == {("A", "WH-US"), ("B", "WH-US")}
    assert all(x["tier"] == "daily" for x in lines)


def test_days_without_stock_do_not_dilute_the_daily_demand(engine: Engine) -> None:
    build(engine)
    data = load_planning_data(engine, at=AT)
    demand = data.demand[("A", "WH-US")]

    # Days 40-50 started without stock (day 50 was restocked at noon): 11 days left out.
    assert demand.days_without_stock == 11
    assert demand.mean_per_day == pytest.approx(5.0, rel=0.05)
    assert demand.avg_daily_sales == pytest.approx(5.0, rel=0.05)


def test_air_flies_only_the_gap_before_sea_lands(engine: Engine) -> None:
    build(engine, last_count_a=20)
    lines = {(x.sku, x.mode): x for x in replenishment_plan(engine, at=AT)}

    air, sea = lines[("A", "air")], lines[("A", "sea")]
    # 20 on hand last 4 days; air lands on day 13, sea on day 40: 27 days x 5 a day.
    assert air.order_qty == pytest.approx(135, abs=5)
    assert air.arrive_by == (AT + timedelta(days=13)).date()
    assert sea.arrive_by == (AT + timedelta(days=40)).date()
    assert sea.order_qty > 0 and air.cost > 0
    assert ("B", "air") not in lines  # plenty of B: sea only, nothing to fly


def test_plan_at_a_moment_ignores_what_was_counted_later(store_url: str) -> None:
    first = plan_json(store_url, "--at", AT.isoformat())
    engine = make_engine(store_url)
    with Session(engine) as db:
        db.add(StockCount(sku="A", warehouse_id="WH-US", counted_at=AT + timedelta(hours=1),
                          on_hand=9_999, reserved=0))
        db.commit()
    engine.dispose()

    again = plan_json(store_url, "--at", AT.isoformat())
    later = plan_json(store_url, "--at", (AT + timedelta(hours=2)).isoformat())

    assert again == first
    a_later = [x for x in later if x["sku"] == "A"]
    assert [x["mode"] for x in a_later] == ["sea"] and a_later[0]["order_qty"] == 0


def add_session(engine: Engine, session_id: str, *, start: datetime, sku: str = "A") -> None:
    with Session(engine) as db:
        db.add(LiveSession(session_id=session_id, title="t", platform="tiktok", market="US",
                           warmup_start=start - timedelta(hours=3), start=start,
                           end=start + timedelta(hours=2), traffic="paid"))
        db.flush()
        db.add(LineupItem(session_id=session_id, sku=sku, slot=1, price=18.0))
        db.commit()


def test_a_session_within_the_lead_time_holds_its_products_live_before_its_warm_up(
        engine: Engine) -> None:
    # Changed with issue 11: the plan used the session's own tier (daily before the warm-up,
    # warm-up during it), so its safety stock rose only once ordering was already too late.
    build(engine)
    add_session(engine, "S1", start=AT + timedelta(hours=2))

    before_warmup = {x.sku: x for x in replenishment_plan(engine, at=AT - timedelta(hours=2))}
    in_warmup = {x.sku: x for x in replenishment_plan(engine, at=AT)}

    assert (before_warmup["A"].tier, in_warmup["A"].tier) == ("live", "live")
    assert before_warmup["A"].safety_stock == pytest.approx(in_warmup["A"].safety_stock,
                                                            rel=0.05)
    assert in_warmup["B"].tier == "daily"


def test_a_session_beyond_the_lead_time_leaves_the_tier_alone(engine: Engine) -> None:
    build(engine)
    add_session(engine, "LATER", start=AT + timedelta(days=60))  # lead time: 5 + 35 days

    assert {x.sku: x.tier for x in replenishment_plan(engine, at=AT)} == {"A": "daily",
                                                                          "B": "daily"}


def test_batches_round_every_order_up(store_url: str) -> None:
    lines = plan_json(store_url, "--at", AT.isoformat(), "--batch", "50")
    assert all(int(str(x["order_qty"])) % 50 == 0 for x in lines)
    assert any(int(str(x["order_qty"])) > 0 for x in lines)


def test_the_text_plan_is_a_table_with_a_summary(store_url: str) -> None:
    result = CliRunner().invoke(app, ["plan", "--db", store_url, "--at", AT.isoformat()])
    assert result.exit_code == 0, result.output
    assert "arrive by" in result.output and "lines to order" in result.output
    assert date.fromisoformat(plan_json(store_url, "--at", AT.isoformat())[0]["arrive_by"]
                              ) > AT.date()  # type: ignore[arg-type]
