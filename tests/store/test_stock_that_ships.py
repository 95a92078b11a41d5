"""Stock that can really ship, against a real store: pools per platform, every sale taking
stock, lots that stay inbound until received, presale dates and when not to presell.

The US store: Amazon's FBA (ships Amazon's orders), TikTok's own warehouse (TikTok's), a
LA 3PL (every platform's); a TikTok stream S1 and an Amazon Live stream AL at the same time.
"""

from __future__ import annotations

import json
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import Engine, text

from core.board.model import Light
from core.common.settings import Settings
from core.forecast.reads import forecast_history
from core.planning.service import load_planning_data
from core.platforms import service as intake
from core.platforms.imports.tiktok import import_tiktok_orders
from core.platforms.webhooks import Delivery, parse_shopify
from core.review.service import review_session
from core.store.models import Lane
from core.store.settings_store import save_settings
from tests.store.live_builders import START, StoreBuilder, minutes

SHOPIFY_ORDER = Path(__file__).parents[1] / "fixtures" / "platforms" / "shopify_orders_create.json"


@pytest.fixture
def store(engine: Engine) -> StoreBuilder:
    s = StoreBuilder(engine)
    s.warehouse("US-FBA", serves="amazon", mode="platform", receiving_days=5)
    s.warehouse("US-FBT", serves="tiktok", mode="platform", receiving_days=3)
    s.warehouse("US-3PL", receiving_days=2)
    s.product("KG-CHOP", group="kitchen", name="Vegetable Chopper")
    s.product("KG-SCALE", group="kitchen", name="Kitchen Scale")
    s.session("S1").session("AL", platform="amazon")
    s.lineup("KG-CHOP", 1).lineup("KG-CHOP", 1, session_id="AL")
    s.add(*(Lane(warehouse_id=wh, mode="air", transit_days=8, transit_days_sd=1, cost_unit=1,
                 cost_shipment=50) for wh in ("US-FBA", "US-FBT", "US-3PL")))
    return s


def counted(store: StoreBuilder, sku: str, **units: int) -> None:
    """Counts an hour before the streams: counted(store, "KG-CHOP", FBA=466, FBT=12)."""
    for short, on_hand in units.items():
        store.count(sku, on_hand, at=minutes(-60), warehouse_id=f"US-{short.replace('_', '')}")


def available(store: StoreBuilder, session_id: str, at: datetime | None = None,
              sku: str = "KG-CHOP") -> int:
    """The product's available on the session's board (ten minutes in by default)."""
    board = store.board(at or minutes(10), session_id=session_id)
    return next(r for r in board.products if r.sku == sku).available


# --- pools -----------------------------------------------------------------------------------


def test_fba_stock_is_not_offered_to_a_tiktok_stream(store: StoreBuilder) -> None:
    counted(store, "KG-CHOP", FBA=466, FBT=12, _3PL=9)

    tiktok = store.board(minutes(10))

    assert tiktok.products[0].available == 21
    assert tiktok.pool == ("US-3PL", "US-FBT")
    assert available(store, "AL") == 466 + 9


def test_tiktok_s_warehouse_is_not_offered_to_an_amazon_stream(store: StoreBuilder) -> None:
    counted(store, "KG-CHOP", FBT=294)

    amazon = store.board(minutes(10), session_id="AL").products[0]

    assert amazon.available == 0
    assert amazon.light is not Light.PUSH
    assert available(store, "S1") == 294


def test_fba_with_multi_channel_fulfillment_counts_for_every_platform_it_serves(
        store: StoreBuilder) -> None:
    store.warehouse("US-FBA-MCF", serves="amazon;tiktok;shopify", mode="platform")
    store.count("KG-CHOP", 300, at=minutes(-60), warehouse_id="US-FBA-MCF")

    assert available(store, "S1") == 300
    assert available(store, "AL") == 300


def test_an_off_stream_400_unit_order_without_a_warehouse_leaves_the_pool(
        store: StoreBuilder) -> None:
    counted(store, "KG-CHOP", FBA=466, FBT=300, _3PL=150)
    store.order("KG-CHOP", 400, at=minutes(5), session_id=None, warehouse_id=None,
                platform="tiktok", market="US")

    assert available(store, "S1") == 50        # 300 from TikTok's, 100 from the 3PL
    assert available(store, "AL") == 466 + 50  # the 3PL's 100 are gone for Amazon too


def test_overlapping_streams_share_one_pool(store: StoreBuilder) -> None:
    counted(store, "KG-CHOP", FBT=100)
    store.session("S2", start=minutes(-30)).lineup("KG-CHOP", 1, session_id="S2")
    store.order("KG-CHOP", 30, at=minutes(2), warehouse_id=None)
    store.order("KG-CHOP", 50, at=minutes(3), warehouse_id=None, session_id="S2")

    assert available(store, "S1") == 20
    assert available(store, "S2", sku="KG-CHOP") == 20


def test_an_amazon_order_without_a_warehouse_never_takes_tiktok_s_stock(
        store: StoreBuilder) -> None:
    counted(store, "KG-CHOP", FBA=10, FBT=100)
    store.order("KG-CHOP", 25, at=minutes(2), warehouse_id=None, session_id="AL")

    assert available(store, "S1") == 100
    assert available(store, "AL") == 0  # 15 sold beyond FBA's stock: presale orders


# --- orders the platforms send: their platform and shipping country -----------------------


def tiktok_export(folder: Path, *, sku: str, qty: int, created: str) -> Path:
    """A TikTok Shop order export of one US order line (times in UTC)."""
    path = folder / "tiktok_orders.csv"
    path.write_text("Order ID,Order Status,Seller SKU,Quantity,SKU Subtotal After Discount,"
                    f"Created Time,Country\n576400000000000001,To ship,{sku},{qty},"
                    f"{20 * qty}.00,{created},United States\n", encoding="utf-8")
    return path


def shopify_delivery(*, sku: str, qty: int, created_at: str, webhook_id: str
                     ) -> Delivery:
    """A Shopify orders/create webhook of one line shipping to Austin, US."""
    body = json.loads(SHOPIFY_ORDER.read_text(encoding="utf-8"))
    body.update(id=5801234599999, created_at=created_at, updated_at=created_at,
                line_items=[{**body["line_items"][0], "sku": sku, "quantity": qty,
                             "price": "20.00"}])
    return parse_shopify(body=json.dumps(body).encode(), topic="orders/create",
                         webhook_id=webhook_id)


def platform_and_market(engine: Engine) -> set[tuple[str, str | None, str | None]]:
    with engine.connect() as conn:
        return {tuple(row) for row in conn.execute(text(
            "SELECT order_id, platform, market FROM order_line"))}


def test_imported_and_webhook_off_stream_orders_take_their_own_platform_s_stock(
        store: StoreBuilder, tmp_path: Path) -> None:
    counted(store, "KG-CHOP", FBA=100, FBT=10, _3PL=50)  # TikTok's pool 60, Amazon's 150
    import_tiktok_orders(store.engine, tiktok_export(
        tmp_path, sku="KG-CHOP", qty=4, created="11/27/2026 11:30:00 AM"), timezone="UTC")
    intake.take_delivery(store.engine, delivery=shopify_delivery(
        sku="KG-CHOP", qty=3, created_at="2026-11-27T06:40:00-05:00", webhook_id="w-1"),
        received_at=minutes(-19))

    # Both before the streams (off-stream) and without a warehouse: TikTok's 4 come from
    # TikTok's own warehouse; Shopify's 3 from the 3PL, the only one that ships Shopify's.
    assert platform_and_market(store.engine) == {
        ("tiktok:576400000000000001", "tiktok", "US"),
        ("shopify:5801234599999", "shopify", "US")}
    assert available(store, "S1") == 60 - 4 - 3
    assert available(store, "AL") == 150 - 3


def test_a_webhook_line_that_waited_for_its_product_keeps_its_platform_and_market(
        store: StoreBuilder) -> None:
    intake.take_delivery(store.engine, delivery=shopify_delivery(
        sku="KG-NEW", qty=2, created_at="2026-11-27T06:40:00-05:00", webhook_id="w-2"),
        received_at=minutes(-19))
    store.product("KG-NEW")

    assert intake.apply_pending(store.engine) == 1
    assert platform_and_market(store.engine) == {("shopify:5801234599999", "shopify", "US")}


# --- inbound: received when received -------------------------------------------------------------


def test_a_lot_received_early_is_taken_in_by_the_next_count(store: StoreBuilder) -> None:
    store.inbound("KG-CHOP", 200, shipped=START - timedelta(days=20),
                  eta=START + timedelta(days=3), received_at=START - timedelta(hours=5))
    store.count("KG-CHOP", 230, at=minutes(-60), warehouse_id="US-3PL")  # 30 + the lot

    row = store.row(minutes(10), sku="KG-CHOP")

    assert row.available == 230
    assert row.inbound_qty == 0


def test_a_late_lot_stays_inbound_however_late(store: StoreBuilder) -> None:
    store.inbound("KG-CHOP", 200, shipped=START - timedelta(days=30),
                  eta=START - timedelta(days=4), received_known=True)  # not received yet
    store.count("KG-CHOP", 0, at=minutes(-60), warehouse_id="US-3PL")
    store.order("KG-CHOP", 10, at=minutes(5), warehouse_id=None)  # 1/min

    row = store.row(minutes(10), sku="KG-CHOP")

    assert row.inbound_qty == 200
    assert row.light is Light.PRESALE
    # Still on the way: today (Nov 27 in New York) + the 3PL's 2 receiving days.
    assert row.presale_ship_date == date(2026, 11, 29)


def test_for_files_without_received_at_a_count_after_the_eta_takes_the_lot_in(
        store: StoreBuilder) -> None:
    store.inbound("KG-CHOP", 200, shipped=START - timedelta(days=30),
                  eta=START - timedelta(days=4))  # inferred: received at the next count
    store.count("KG-CHOP", 200, at=minutes(-60), warehouse_id="US-3PL")

    row = store.row(minutes(10), sku="KG-CHOP")

    assert (row.available, row.inbound_qty) == (200, 0)


# --- presale --------------------------------------------------------------------------------


def test_units_sold_beyond_stock_take_the_earliest_lot_and_move_the_promise(
        store: StoreBuilder) -> None:
    counted(store, "KG-CHOP", FBT=0)
    for eta_day, qty in ((1, 800), (9, 1000)):
        store.inbound("KG-CHOP", qty, shipped=START - timedelta(days=10),
                      eta=datetime(2026, 12, eta_day, 15, 0, tzinfo=UTC),
                      warehouse_id="US-FBT")
    before = store.row(minutes(0), sku="KG-CHOP")
    store.order("KG-CHOP", 800, at=minutes(1), warehouse_id=None)  # all of Dec 1's lot

    after = store.row(minutes(20), sku="KG-CHOP")  # no sale in the last 10 minutes

    assert before.presale_ship_date == date(2026, 12, 4)  # Dec 1 + 3 receiving days
    assert after.light is Light.PRESALE
    assert after.presale_ship_date == date(2026, 12, 12)  # Dec 9 + 3


def test_the_ship_date_is_new_york_s_date_at_20_00_est(store: StoreBuilder) -> None:
    evening = datetime(2026, 11, 27, 1, 0, tzinfo=UTC)  # Nov 26, 20:00 in New York
    store.session("EVE", start=evening - timedelta(hours=1))
    store.lineup("KG-CHOP", 1, session_id="EVE")
    store.count("KG-CHOP", 0, at=evening - timedelta(hours=2), warehouse_id="US-3PL")

    row = next(r for r in store.board(evening, session_id="EVE").products)

    assert row.light is Light.PRESALE
    # Nov 26 + 7 lead + 8 air + 2 receiving; UTC's date (Nov 27) would promise Dec 14.
    assert row.presale_ship_date == date(2026, 12, 13)


def test_amazon_fba_stock_is_never_presale(store: StoreBuilder) -> None:
    counted(store, "KG-CHOP", FBA=0)
    store.inbound("KG-CHOP", 800, shipped=START - timedelta(days=10),
                  eta=START + timedelta(days=4), warehouse_id="US-FBA")

    row = store.row(minutes(10), sku="KG-CHOP", session_id="AL")

    assert row.light is Light.SWAP
    assert row.presale_ship_date is None
    assert "no presale: Amazon's warehouse takes no back-orders" in row.reason


def test_a_presale_beyond_the_platform_s_limit_is_swap(store: StoreBuilder) -> None:
    save_settings(store.engine, Settings(presale_limit_days=(("tiktok", 10.0),)))
    counted(store, "KG-CHOP", _3PL=0)  # Nov 27 + 7 + 8 + 2 = Dec 14: 17 days

    row = store.row(minutes(10), sku="KG-CHOP")

    assert row.light is Light.SWAP
    assert row.reason.startswith("out of stock · presale would ship Dec 14, past TikTok "
                                 "Shop's 10-day limit")


def test_a_catalogue_substitute_is_the_swap_target_and_is_named(store: StoreBuilder) -> None:
    counted(store, "KG-CHOP", FBT=10)
    counted(store, "KG-SCALE", FBT=900)
    store.order("KG-CHOP", 20, at=minutes(8), warehouse_id=None)  # 2/min: out in 5 min

    row = store.row(minutes(10), sku="KG-CHOP")

    assert row.swap_to == "KG-SCALE"
    assert row.swap_to_name == "Kitchen Scale"
    assert "swap to Kitchen Scale (900 left)" in row.reason


def test_the_forecast_learns_a_tiktok_stream_s_demand_only_while_tiktok_s_pool_had_stock(
        store: StoreBuilder) -> None:
    counted(store, "KG-CHOP", FBA=500, FBT=10)
    store.order("KG-CHOP", 10, at=minutes(30), warehouse_id="US-FBT")  # TikTok's pool: 0

    with store.engine.connect() as conn:
        exposure = forecast_history(conn=conn, until=minutes(180)).exposure
    in_stock = dict(zip(exposure["session_id"], exposure["in_stock"], strict=True))

    # Both 2-hour streams, no viewer samples: the share of their minutes with stock. FBA's
    # 500 never shipped a TikTok order: out from minute 30 to 120 of S1, 1 - 90/120.
    assert in_stock["S1"] == pytest.approx(0.25)
    assert in_stock["AL"] == pytest.approx(1.0)


# --- the same pools in the review and the plan ----------------------------------------------


def test_the_review_traces_the_stream_s_own_pool(store: StoreBuilder) -> None:
    counted(store, "KG-CHOP", FBA=466, FBT=12)
    store.order("KG-CHOP", 12, at=minutes(30), warehouse_id=None)

    review = review_session(store.engine, session_id="S1", at=minutes(130),
                            with_forecast=False)

    product = next(p for p in review.products if p.sku == "KG-CHOP")
    assert product.ran_out_at == minutes(30)  # FBA's 466 were never TikTok's to sell


def test_the_forecast_learns_nothing_from_a_stream_that_could_not_ship_the_product(
        store: StoreBuilder) -> None:
    counted(store, "KG-CHOP", FBA=466)  # the Amazon stream can sell it, the TikTok one can't
    for n in range(4):
        store.order("KG-CHOP", 1, at=minutes(10 + 20 * n), session_id="AL",
                    warehouse_id="US-FBA")

    with store.engine.connect() as conn:
        history = forecast_history(conn=conn, until=minutes(130))

    exposure = history.exposure.set_index(["session_id", "sku"])["in_stock"]
    assert exposure[("S1", "KG-CHOP")] == 0.0  # its 0 sales there are no demand of 0
    assert exposure[("AL", "KG-CHOP")] == 1.0


def test_the_plan_counts_an_order_without_a_warehouse_where_it_ships(
        store: StoreBuilder) -> None:
    counted(store, "KG-CHOP", FBA=466, FBT=300, _3PL=150)
    store.order("KG-CHOP", 400, at=minutes(5), session_id=None, warehouse_id=None,
                platform="tiktok", market="US")

    states = load_planning_data(store.engine, at=minutes(10)).states

    assert [states[("KG-CHOP", wh)].available_units for wh in ("US-FBA", "US-FBT", "US-3PL")
            ] == [466, 0, 50]


def test_the_board_s_30_day_pace_counts_orders_without_a_warehouse_of_its_own_pool(
        engine: Engine) -> None:
    """Amazon orders nobody shipped yet leave FBA's shelf, not TikTok's: a TikTok stream's
    turnover counts only the unshipped orders its own warehouses could ship."""
    s = StoreBuilder(engine)
    s.warehouse("US-FBA", serves="amazon", mode="platform")
    s.warehouse("US-FBT", serves="tiktok", mode="platform")
    s.product("KG-CHOP", group="kitchen", name="Vegetable Chopper")
    s.session("S1").lineup("KG-CHOP", 1)
    s.count("KG-CHOP", 300, at=minutes(-60 * 24 * 20), warehouse_id="US-FBT")
    s.count("KG-CHOP", 300, at=minutes(-60 * 24 * 20), warehouse_id="US-FBA")
    s.order("KG-CHOP", 100, at=minutes(-60 * 24 * 10), session_id=None, warehouse_id=None,
            platform="amazon", market="US")
    s.order("KG-CHOP", 10, at=minutes(-60 * 24 * 10), session_id=None, warehouse_id=None,
            platform="tiktok", market="US")

    row = s.board(minutes(10)).products[0]

    assert row.available == 290
    # 10 units in the 20 days TikTok's shelf was stocked (not 110 and not over 30 days):
    # 290 / (10 / 20) = 580 days
    assert row.turnover_days == pytest.approx(580, rel=0.01)
