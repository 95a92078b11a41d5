"""Stock pools: a stream sells only from its market's warehouses that serve its platform,
and an order without a warehouse is charged to the one that would ship it."""

from __future__ import annotations

from core.stock.available import NOTHING_COUNTED, StockPosition
from core.stock.pools import StockWarehouse, candidates_for, charge, pool_of, shipping_order

FBA = StockWarehouse("US-FBA", "US", frozenset({"amazon"}), receiving_days=5, mode="platform")
FBA_MCF = StockWarehouse("US-FBA-MCF", "US", frozenset({"amazon", "tiktok", "shopify"}),
                         receiving_days=5, mode="platform")
FBT = StockWarehouse("US-FBT", "US", frozenset({"tiktok"}), receiving_days=3, mode="platform")
LA = StockWarehouse("US-3PL-LA", "US", receiving_days=2)
NJ = StockWarehouse("US-3PL-NJ", "US", receiving_days=2)
MAN = StockWarehouse("UK-3PL", "GB")
US = (FBA, FBT, LA, NJ, MAN)


def ids(warehouses: tuple[StockWarehouse, ...]) -> list[str]:
    return [w.warehouse_id for w in warehouses]


def test_fba_stock_is_not_offered_to_a_tiktok_stream() -> None:
    assert ids(pool_of(US, market="US", platform="tiktok")) == ["US-FBT", "US-3PL-LA",
                                                                 "US-3PL-NJ"]


def test_tiktok_s_warehouse_is_not_offered_to_an_amazon_stream() -> None:
    assert ids(pool_of(US, market="US", platform="amazon")) == ["US-FBA", "US-3PL-LA",
                                                                 "US-3PL-NJ"]


def test_fba_with_multi_channel_fulfillment_serves_every_platform_it_lists() -> None:
    warehouses = (FBA_MCF, FBT, LA)

    for platform in ("amazon", "tiktok", "shopify"):
        assert "US-FBA-MCF" in ids(pool_of(warehouses, market="US", platform=platform))
    assert "US-FBA-MCF" not in ids(pool_of(warehouses, market="US", platform="temu"))


def test_an_order_of_unknown_platform_only_ships_from_warehouses_serving_every_one() -> None:
    assert ids(candidates_for(US, market="US", platform=None)) == ["US-3PL-LA", "US-3PL-NJ"]
    assert candidates_for(US, market=None, platform="tiktok") == ()


def test_the_platform_s_own_warehouse_ships_first_then_the_fewest_platforms_then_the_fullest(
) -> None:
    units = {"US-FBA-MCF": 900, "US-FBT": 4, "US-3PL-LA": 50, "US-3PL-NJ": 80}

    order = shipping_order((FBA_MCF, FBT, LA, NJ), units)

    assert order == ["US-FBT", "US-FBA-MCF", "US-3PL-NJ", "US-3PL-LA"]


def test_a_warehouse_that_is_out_ships_after_those_with_stock() -> None:
    units = {"US-FBT": 0, "US-3PL-LA": 50}

    assert shipping_order((FBT, LA), units) == ["US-3PL-LA", "US-FBT"]


def test_an_order_bigger_than_the_first_warehouse_takes_the_rest_from_the_next() -> None:
    left = charge({"US-FBT": 5, "US-3PL-LA": 40, "US-FBA": 466}, (FBT, LA), 8)

    assert left == {"US-FBT": 0, "US-3PL-LA": 37, "US-FBA": 466}


def test_what_no_warehouse_holds_oversells_the_platform_s_own_warehouse() -> None:
    left = charge({"US-FBT": 0, "US-3PL-LA": 2}, (FBT, LA), 10)

    # An Amazon stream sees LA only: TikTok's presale orders never take its stock.
    assert left == {"US-FBT": -8, "US-3PL-LA": 0}


def test_an_off_stream_400_unit_order_without_a_warehouse_leaves_the_pool() -> None:
    tiktok_pool = {"US-FBT", "US-3PL-LA", "US-3PL-NJ"}
    position = StockPosition({"US-FBA": 466, "US-FBT": 300, "US-3PL-LA": 150})
    candidates = candidates_for(US, market="US", platform="tiktok")

    after = position.after_unshipped_order(units=400, candidates=candidates)

    assert position.available_in(tiktok_pool) == 450
    assert after.available_in(tiktok_pool) == 50
    assert after.units_by_warehouse["US-FBA"] == 466  # Amazon's stock untouched


def test_an_amazon_order_without_a_warehouse_takes_the_3pl_when_fba_is_out() -> None:
    position = StockPosition({"US-FBA": 0, "US-FBT": 30, "US-3PL-LA": 20})

    after = position.after_unshipped_order(
        units=6, candidates=candidates_for(US, market="US", platform="amazon"))

    assert after.units_by_warehouse == {"US-FBA": 0, "US-FBT": 30, "US-3PL-LA": 14}


def test_overlapping_streams_of_one_platform_draw_on_one_pool() -> None:
    tiktok = candidates_for(US, market="US", platform="tiktok")
    position = NOTHING_COUNTED.after_count(warehouse_id="US-FBT", units=100)

    after = (position.after_unshipped_order(units=30, candidates=tiktok)   # stream A
             .after_unshipped_order(units=50, candidates=tiktok))          # stream B

    assert after.available_in({"US-FBT"}) == 20


def test_amazon_s_own_warehouses_take_no_back_orders_a_3pl_or_tiktok_s_do() -> None:
    amazon = ("amazon",)

    assert FBA.forbids_backorders(amazon) and FBA_MCF.forbids_backorders(amazon)
    assert not FBT.forbids_backorders(amazon)
    assert not LA.forbids_backorders(amazon)
    assert not FBA.forbids_backorders(())
