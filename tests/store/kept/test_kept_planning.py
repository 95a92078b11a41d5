"""What the planning pages read on their first open, kept beside the store
(`core.planning.service.keep_planning`, `kept_demand`): computed once, read back while its
data is unchanged, computed again when an order, a stock count or a shipment changes it.
Each test counts the computations and compares the answer with one made without any cache."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

import pytest
from sqlalchemy import Engine, select
from sqlmodel import Session, SQLModel

from core.forecast import service as forecast_service
from core.planning import service as planning_service
from core.planning.service import keep_planning, load_planning_data, replenishment_plan
from core.store.models import Inbound, OrderLine, StockCount, Warehouse
from core.store.results_cache import RESULTS_ENV
from tests.store.kept.stores import counting

TARGET = "S015"


@pytest.fixture
def computed(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """What was computed (not read back), in order: "demand" and "replay"."""
    return counting(monkeypatch, demand=(planning_service, "pair_demands"),
                    replay=(forecast_service, "replay"))


def moment(engine: Engine) -> datetime:
    """A day after the 15th session started: 15 sessions of history behind it."""
    with engine.connect() as conn:
        start = forecast_service.h.session_start(conn=conn, session_id=TARGET)
    assert start is not None
    return start + timedelta(days=1)


def uncached(engine: Engine, monkeypatch: pytest.MonkeyPatch, at: datetime) -> Any:
    with monkeypatch.context() as off:
        off.setenv(RESULTS_ENV, "off")
        return load_planning_data(engine, at=at)


def every_row(engine: Engine) -> dict[str, list[tuple[Any, ...]]]:
    with engine.connect() as conn:
        return {table.name: [tuple(row) for row in conn.execute(
                    select(table).order_by(*table.columns))]
                for table in SQLModel.metadata.sorted_tables}


def test_the_daily_demand_is_computed_once_and_read_back_the_same(
        store: Engine, computed: list[str], monkeypatch: pytest.MonkeyPatch) -> None:
    at = moment(store)

    first = load_planning_data(store, at=at)
    again = load_planning_data(store, at=at + timedelta(minutes=5))
    reference = uncached(store, monkeypatch, at + timedelta(minutes=5))

    assert computed.count("demand") == 2  # the first, and the one without a cache
    assert first.demand == again.demand == reference.demand
    assert any(d.session_units_per_day > 0 for d in again.demand.values())


def test_keep_planning_leaves_the_pages_nothing_to_compute(
        store: Engine, computed: list[str]) -> None:
    at = moment(store)
    told: list[str] = []

    keep_planning(store, at=at, progress=told.append)
    computed.clear()
    load_planning_data(store, at=at)

    assert computed == []
    assert len(told) == 3 and all(step.startswith("planning: ") for step in told)


def test_keeping_and_reading_back_never_write_to_the_store(store: Engine) -> None:
    at = moment(store)
    before = every_row(store)

    keep_planning(store, at=at)
    replenishment_plan(store, at=at)

    assert every_row(store) == before


def test_an_off_stream_order_of_yesterday_computes_the_demand_again(
        store: Engine, computed: list[str], monkeypatch: pytest.MonkeyPatch) -> None:
    at = moment(store)
    kept = load_planning_data(store, at=at)
    sku, warehouse_id = sorted(kept.demand)[0]
    with Session(store) as db:
        db.add(OrderLine(order_id="OFF-1", sku=sku, ts=at - timedelta(days=1), qty=50,
                         unit_price=10.0, currency="USD", session_id=None,
                         warehouse_id=warehouse_id, status="paid"))
        db.commit()

    after = load_planning_data(store, at=at)

    assert computed.count("demand") == 2
    assert after.demand == uncached(store, monkeypatch, at).demand
    assert after.demand[sku, warehouse_id] != kept.demand[sku, warehouse_id]


def test_a_stock_count_showing_an_empty_shelf_computes_the_demand_again(
        store: Engine, computed: list[str], monkeypatch: pytest.MonkeyPatch) -> None:
    at = moment(store)
    kept = load_planning_data(store, at=at)
    sku, warehouse_id = sorted(kept.demand)[0]
    with Session(store) as db:  # empty ten days ago: those days no longer count as demand
        db.add(StockCount(sku=sku, warehouse_id=warehouse_id,
                          counted_at=at - timedelta(days=10), on_hand=0, reserved=0))
        db.commit()

    after = load_planning_data(store, at=at)

    assert computed.count("demand") == 2
    assert after.demand == uncached(store, monkeypatch, at).demand
    assert after.demand[sku, warehouse_id].days_without_stock > \
        kept.demand[sku, warehouse_id].days_without_stock


def test_a_shipment_shows_in_the_plan_at_once_while_the_demand_is_read_back(
        store: Engine, computed: list[str], monkeypatch: pytest.MonkeyPatch) -> None:
    at = moment(store)
    kept = load_planning_data(store, at=at)
    sku, warehouse_id = sorted(kept.demand)[0]
    with Session(store) as db:
        db.add(Inbound(shipment_id="SEA-NEW", sku=sku, warehouse_id=warehouse_id, qty=777,
                       mode="sea", shipped_at=at - timedelta(days=2),
                       eta=at + timedelta(days=20)))
        db.commit()

    after = load_planning_data(store, at=at)
    reference = uncached(store, monkeypatch, at)

    assert computed.count("demand") == 2  # the first and the uncached: not `after`
    assert (20.0, 777.0) in [(round(days), units)
                             for days, units in after.states[sku, warehouse_id].inbound]
    assert replenishment_plan(store, data=after) == replenishment_plan(store, data=reference)


def test_a_shipment_to_a_warehouse_that_never_held_the_product_adds_its_demand(
        store: Engine, computed: list[str], monkeypatch: pytest.MonkeyPatch) -> None:
    at = moment(store)
    kept = load_planning_data(store, at=at)
    sku = sorted(kept.demand)[0][0]
    with Session(store) as db:
        db.add(Warehouse(warehouse_id="WH-NEW", name="WH-NEW", country="US", mode="self",
                         currency="USD", storage_fee_unit_day=0.02, inbound_fee_unit=0.3,
                         outbound_fee_order=3.0, return_fee_unit=3.0))
        db.commit()
        db.add(Inbound(shipment_id="SEA-NEW", sku=sku, warehouse_id="WH-NEW", qty=300,
                       mode="sea", shipped_at=at - timedelta(days=2),
                       eta=at + timedelta(days=20)))
        db.commit()

    after = load_planning_data(store, at=at)

    assert computed.count("demand") == 2
    assert (sku, "WH-NEW") in after.demand and (sku, "WH-NEW") not in kept.demand
    assert after.demand == uncached(store, monkeypatch, at).demand
