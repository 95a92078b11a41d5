"""What counts as available on the live board, and when a presale ships."""

from __future__ import annotations

from datetime import timedelta

from core.board.model import Light
from core.store.models import (
    Lane,
)
from tests.store.live_builders import START, StoreBuilder, minutes


def test_available_is_the_latest_count_less_reserved_less_the_orders_since(
        store: StoreBuilder) -> None:
    store.count("SKU-1", 40, reserved=4, at=minutes(-30))  # the later count wins: 36
    store.order("SKU-1", 9, at=minutes(-45))                # before that count: in it
    store.order("SKU-1", 5, at=minutes(5))
    store.order("SKU-1", 2, at=minutes(6), status="returned")  # a return still left
    store.order("SKU-1", 3, at=minutes(7), status="cancelled")

    assert store.row(minutes(10)).available == 36 - 5 - 2


def test_every_sale_without_a_warehouse_after_the_count_takes_stock_in_its_market(
        store: StoreBuilder) -> None:
    store.session("S0", start=START - timedelta(days=2))
    store.order("SKU-1", 4, at=minutes(3), warehouse_id=None)                  # counts
    store.order("SKU-1", 6, at=minutes(-70), warehouse_id=None)                # before count
    store.order("SKU-1", 7, at=minutes(4), warehouse_id=None, session_id="S0")  # other one
    store.order("SKU-1", 5, at=minutes(4), warehouse_id=None, session_id=None,
                market="US", platform="shopify")                               # off-stream
    store.order("SKU-1", 8, at=minutes(4), warehouse_id=None, session_id=None)  # no market
    store.order("SKU-1", 9, at=minutes(4), warehouse_id=None, session_id=None, market="DE")

    assert store.row(minutes(10)).available == 30 - 4 - 7 - 5


def test_stock_in_another_markets_warehouse_is_not_available(store: StoreBuilder) -> None:
    store.count("SKU-1", 900, at=minutes(-10), warehouse_id="DE-FBA")
    store.order("SKU-1", 3, at=minutes(2), warehouse_id="DE-FBA")

    assert store.row(minutes(10)).available == 30


def test_availability_never_goes_below_zero(store: StoreBuilder) -> None:
    store.order("SKU-1", 45, at=minutes(5))

    sold_out = store.row(minutes(10))

    assert sold_out.available == 0
    assert sold_out.light is Light.SWAP  # no lane, no lot: no date to promise
    assert sold_out.reason == ("sold out · no presale: no ship date to promise · "
                               "swap to Product SKU-2 (500 left)")


def test_inbound_is_not_available_until_a_count_takes_it_in(store: StoreBuilder) -> None:
    store.add(Lane(warehouse_id="US-3PL", mode="air", transit_days=8, transit_days_sd=1,
                   cost_unit=1, cost_shipment=50))
    store.order("SKU-1", 30, at=minutes(5))  # 3/min: 330 more expected
    store.inbound("SKU-1", 400, shipped=START - timedelta(days=20),
                  eta=START + timedelta(days=5))
    store.inbound("SKU-1", 50, shipped=START - timedelta(days=30),
                  eta=START - timedelta(days=2))  # arrived and counted (the -60 min count)
    store.inbound("SKU-1", 999, shipped=minutes(20), eta=START + timedelta(days=2))  # later

    presale = store.row(minutes(10))

    assert presale.available == 0
    assert presale.inbound_qty == 400
    assert presale.presale_ship_date == (START + timedelta(days=5)).date()


def test_without_inbound_the_presale_date_is_lead_time_plus_the_fastest_lane(
        store: StoreBuilder) -> None:
    store.add(Lane(warehouse_id="US-3PL", mode="sea", transit_days=35, transit_days_sd=3,
                   cost_unit=0.4, cost_shipment=300),
              Lane(warehouse_id="US-3PL", mode="air", transit_days=7.5, transit_days_sd=1,
                   cost_unit=3, cost_shipment=80),
              Lane(warehouse_id="DE-FBA", mode="express", transit_days=2, transit_days_sd=1,
                   cost_unit=9, cost_shipment=20))
    store.order("SKU-1", 30, at=minutes(5))

    # 7 days of supplier lead time + 8 (7.5 rounded up); the German express lane is no use.
    assert store.row(minutes(10)).presale_ship_date == (START + timedelta(days=15)).date()
