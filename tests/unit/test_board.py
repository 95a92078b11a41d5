"""The board's rules, on plain facts: lights, swaps, presale dates, reasons, order, tiers."""

from __future__ import annotations

import math
from dataclasses import replace
from datetime import UTC, date, datetime, timedelta
from typing import Any

import pytest

from core.board.lights import build_board
from core.board.model import (
    Board,
    Light,
    ProductFacts,
    SessionFacts,
    SessionStatus,
    WarehouseStock,
    pace_remaining_demand,
)
from core.board.safety_breaches import safety_breaches, safety_candidates
from core.common.settings import Settings
from core.stock.pools import StockWarehouse
from core.stock.presale import InboundLot

START = datetime(2026, 11, 27, 12, 0, tzinfo=UTC)
SETTINGS = Settings()  # push_margin 0.2, presale_minutes 5, slow_mover_days 90
THREE_PL = StockWarehouse("US-3PL", "US")  # ships every platform's orders, 0 receiving days


def a_session(*, minutes_in: float = 20, **overrides: Any) -> SessionFacts:
    """A 2-hour US stream, `minutes_in` minutes after its start."""
    values: dict[str, Any] = dict(
        session_id="S1", title="Black Friday", market="US",
        warmup_start=START - timedelta(hours=3), start=START,
        end=START + timedelta(hours=2), at=START + timedelta(minutes=minutes_in),
        platform="tiktok", pool=(THREE_PL,), transit_days={"US-3PL": 8.0},
        zone=SETTINGS.time_zone("US"))
    values.update(overrides)
    return SessionFacts(**values)


def a_product(sku: str = "SKU-101", *, available: int = 100, slot: int | None = 1,
              units_per_min: float = 0.0, units_sold: int | None = None,
              units_30d: int = 3000, group: str | None = "lamps",
              **overrides: Any) -> ProductFacts:
    """A lineup product; units_sold defaults to 'has sold' when it has a pace."""
    if units_sold is None:
        units_sold = 10 if units_per_min > 0 else 0
    return ProductFacts(sku=sku, name=f"Product {sku}", slot=slot, substitute_group=group,
                        presale_allowed=True, supplier_lead_days=7, available=available,
                        units_per_min=units_per_min, units_sold=units_sold,
                        units_30d=units_30d, **overrides)


def board_of(*products: ProductFacts, demand: dict[str, float] | None = None,
             session: SessionFacts | None = None, settings: Settings = SETTINGS) -> Board:
    session = session or a_session()
    estimate = demand if demand is not None else pace_remaining_demand(session, products)
    return build_board(session, products, estimate, settings)


def row(board: Board, sku: str) -> Any:
    return next(r for r in board.products if r.sku == sku)


# --- lights ---------------------------------------------------------------------------


def test_a_product_that_covers_the_rest_of_the_stream_with_the_margin_is_push() -> None:
    board = board_of(a_product(available=1240, units_per_min=3))  # 100 min x 3 = 300

    assert row(board, "SKU-101").light is Light.PUSH
    assert row(board, "SKU-101").reason == "1,240 left · 3/min · covers the stream"


def test_a_product_that_stopped_selling_covers_the_stream_without_a_pace() -> None:
    quiet = a_product(available=40, units_sold=25, units_per_min=0.0)

    assert row(board_of(quiet), "SKU-101").reason == "40 left · covers the stream"


def test_stock_that_covers_the_demand_but_not_the_margin_is_swap() -> None:
    board = board_of(a_product(available=110), demand={"SKU-101": 100.0})

    assert row(board, "SKU-101").light is Light.SWAP  # 110 < 100 x 1.2


def test_running_out_before_the_end_swaps_to_the_substitute_with_the_most_spare_units(
) -> None:
    short = a_product("SKU-101", available=18, units_per_min=3)  # out in 6 min
    big = a_product("SKU-204", available=1240, slot=2, units_per_min=1)  # 1,240 - 100 spare
    bigger_but_busy = a_product("SKU-205", available=1300, slot=3, units_per_min=10)  # 300

    board = board_of(short, big, bigger_but_busy)

    swap = row(board, "SKU-101")
    assert swap.light is Light.SWAP
    assert swap.swap_to == "SKU-204"
    assert swap.minutes_to_stockout == pytest.approx(6.0)
    assert swap.reason == ("18 left · 3/min · out in 6 min · swap to Product SKU-204 "
                           "(1,240 left)")
    assert swap.reason_zh == ("剩 18 件 · 每分钟 3 件 · 约 6 分钟卖完 · 换 Product SKU-204"
                              "（剩 1,240 件）")


def test_a_substitute_that_is_itself_short_is_never_offered() -> None:
    short = a_product("SKU-101", available=18, units_per_min=3)
    also_short = a_product("SKU-204", available=40, slot=2, units_per_min=2)  # SWAP itself

    board = board_of(short, also_short)

    assert row(board, "SKU-204").light is Light.SWAP
    assert row(board, "SKU-101").swap_to is None
    assert row(board, "SKU-101").reason.endswith("· no substitute can take it")


def test_a_product_without_a_substitute_group_has_no_swap() -> None:
    board = board_of(a_product(available=18, units_per_min=3, group=None),
                     a_product("SKU-204", available=900, slot=2, group=None))

    assert row(board, "SKU-101").light is Light.SWAP
    assert row(board, "SKU-101").swap_to is None


def test_a_catalogue_product_can_be_the_swap_but_is_not_on_the_board() -> None:
    short = a_product("SKU-101", available=18, units_per_min=3)
    shelf = a_product("SKU-900", available=500, slot=None, units_30d=None)  # not in lineup

    board = board_of(short, shelf)

    assert [r.sku for r in board.products] == ["SKU-101"]
    assert row(board, "SKU-101").swap_to == "SKU-900"
    assert row(board, "SKU-101").swap_to_name == "Product SKU-900"
    assert row(board, "SKU-101").reason.endswith("· swap to Product SKU-900 (500 left)")


def test_only_minutes_of_stock_left_is_presale() -> None:
    board = board_of(a_product(available=8, units_per_min=2))  # 4 min < 5

    presale = row(board, "SKU-101")
    assert presale.light is Light.PRESALE
    assert presale.reason.startswith("8 left · 2/min · out in 4 min · presale, ships ")


def test_nothing_sellable_is_presale_even_when_nothing_is_expected_to_sell() -> None:
    board = board_of(a_product(available=0, units_30d=0), demand={"SKU-101": 0.0})

    assert row(board, "SKU-101").light is Light.PRESALE
    assert row(board, "SKU-101").reason.startswith("out of stock · presale, ships")


def test_a_sold_out_product_ships_presale_on_the_eta_of_the_inbound_that_covers_it() -> None:
    lots = (InboundLot("US-3PL", 100, date(2026, 12, 2)),
            InboundLot("US-3PL", 500, date(2026, 12, 9)))
    sold_out = a_product(available=0, units_per_min=1, inbound=lots)  # 100 more expected

    presale = row(board_of(sold_out), "SKU-101")

    assert presale.light is Light.PRESALE
    assert presale.presale_ship_date == date(2026, 12, 2)
    assert presale.inbound_qty == 600
    assert presale.reason == "sold out · presale, ships Dec 2"
    assert presale.reason_zh == "已卖完 · 预售，12月2日发货"


def test_when_no_shipment_covers_the_shortfall_the_rest_ships_from_a_new_buy() -> None:
    lots = (InboundLot("US-3PL", 10, date(2026, 12, 2)),
            InboundLot("US-3PL", 20, date(2026, 12, 9)))
    sold_out = a_product(available=0, units_per_min=3, inbound=lots)  # 300 more expected

    # Nov 27 + 7 days of supplier lead time + 8 days by the fastest lane.
    assert row(board_of(sold_out), "SKU-101").presale_ship_date == date(2026, 12, 12)


def test_without_inbound_presale_ships_after_the_lead_time_and_the_fastest_lane() -> None:
    sold_out = a_product(available=0, units_per_min=1)  # lead 7 days, lane 8 days

    assert row(board_of(sold_out), "SKU-101").presale_ship_date == date(2026, 12, 12)


def test_without_inbound_or_lanes_there_is_no_date_to_promise_so_it_is_swap() -> None:
    session = a_session(transit_days={})

    row_ = row(board_of(a_product(available=0), session=session), "SKU-101")

    assert row_.light is Light.SWAP
    assert row_.presale_ship_date is None
    assert row_.reason == ("out of stock · no presale: no ship date to promise · "
                           "no substitute can take it")


def test_presale_not_allowed_is_swap_and_says_so() -> None:
    no_presale = replace(a_product(available=0, units_per_min=1), presale_allowed=False)

    swap = row(board_of(no_presale), "SKU-101")

    assert swap.light is Light.SWAP
    assert swap.presale_ship_date is None
    assert swap.reason == "sold out · no presale for this product · no substitute can take it"


def test_presale_also_names_an_in_stock_substitute() -> None:
    board = board_of(a_product(available=0, units_per_min=1),
                     a_product("SKU-204", available=700, slot=2))

    assert row(board, "SKU-101").swap_to == "SKU-204"
    assert row(board, "SKU-101").reason.endswith("· swap to Product SKU-204 (700 left)")


def test_a_product_with_no_sales_yet_is_push_when_its_stock_covers_the_forecast() -> None:
    board = board_of(a_product(available=820), demand={"SKU-101": 300.0})

    assert row(board, "SKU-101").light is Light.PUSH
    assert row(board, "SKU-101").minutes_to_stockout is None
    assert row(board, "SKU-101").reason == "no sales yet · 820 left"


def test_a_slow_mover_is_pushed_to_clear_it_while_it_lasts_the_stream() -> None:
    # 140 units, 30 sold in 30 days -> 140 days of stock; 130 expected: no 20% margin.
    slow = a_product(available=140, units_30d=30)

    pushed = row(board_of(slow, demand={"SKU-101": 130.0}), "SKU-101")

    assert pushed.light is Light.PUSH
    assert pushed.slow_mover
    assert pushed.turnover_days == pytest.approx(140)
    assert pushed.reason == "slow mover: 140 days of stock · 140 left · push it"


def test_a_slow_mover_that_runs_out_before_the_end_is_still_swap() -> None:
    slow = a_product(available=140, units_30d=30)

    assert row(board_of(slow, demand={"SKU-101": 400.0}), "SKU-101").light is Light.SWAP


def test_a_product_that_sold_nothing_in_30_days_is_a_slow_mover() -> None:
    idle = row(board_of(a_product(available=50, units_30d=0), demand={"SKU-101": 45.0}),
               "SKU-101")

    assert idle.light is Light.PUSH
    assert math.isinf(idle.turnover_days or 0)
    assert idle.reason == "no sales in 30 days · 50 left · push it"


def test_a_swap_without_a_pace_says_how_many_are_expected() -> None:
    board = board_of(a_product(available=40), demand={"SKU-101": 60.0})

    assert row(board, "SKU-101").reason == "40 left · 60 expected · no substitute can take it"


# --- advice that holds up: presale terms and swap targets that can take the demand --------

FBA = StockWarehouse("US-FBA", "US", frozenset({"amazon"}), receiving_days=5, mode="platform")


def test_amazon_fba_stock_is_never_presale_on_an_amazon_stream() -> None:
    session = a_session(platform="amazon", pool=(FBA, THREE_PL),
                        transit_days={"US-FBA": 8.0, "US-3PL": 8.0})
    in_fba = a_product(available=0, units_per_min=1, stocked_in=frozenset({"US-FBA"}),
                       inbound=(InboundLot("US-FBA", 800, date(2026, 12, 1)),))

    fba_row = row(board_of(in_fba, session=session), "SKU-101")

    assert fba_row.light is Light.SWAP
    assert fba_row.presale_ship_date is None
    assert fba_row.reason == ("sold out · no presale: Amazon's warehouse takes no back-orders"
                              " · no substitute can take it")
    assert fba_row.reason_zh.startswith("已卖完 · 不能预售：亚马逊仓不接受缺货预订")


def test_a_presale_beyond_the_platform_s_limit_is_swap_and_says_when_it_would_ship() -> None:
    slow = replace(a_product(available=0, units_per_min=1), supplier_lead_days=30)

    beyond = row(board_of(slow), "SKU-101")  # Nov 27 + 30 + 8 = Jan 4

    assert beyond.light is Light.SWAP
    assert beyond.presale_ship_date is None
    assert beyond.reason == ("sold out · presale would ship Jan 4, past TikTok Shop's 30-day "
                             "limit · no substitute can take it")


def test_the_ship_date_is_the_market_s_date_at_20_00_in_new_york() -> None:
    # 20:00 EST on Nov 26 is Nov 27 in UTC; New York's date stays Nov 26.
    evening = a_session(minutes_in=0, start=datetime(2026, 11, 26, 23, 0, tzinfo=UTC),
                        at=datetime(2026, 11, 27, 1, 0, tzinfo=UTC),
                        end=datetime(2026, 11, 27, 2, 0, tzinfo=UTC))

    presale = row(board_of(a_product(available=0, units_per_min=1), session=evening),
                  "SKU-101")

    assert presale.light is Light.PRESALE
    assert presale.presale_ship_date == date(2026, 12, 11)  # Nov 26 + 7 + 8


def test_units_sold_beyond_stock_move_the_presale_to_the_next_lot() -> None:
    lots = (InboundLot("US-3PL", 800, date(2026, 12, 1)),
            InboundLot("US-3PL", 1000, date(2026, 12, 9)))
    oversold = a_product(available=0, units_per_min=1, owed_units=800, inbound=lots)

    assert row(board_of(oversold), "SKU-101").presale_ship_date == date(2026, 12, 9)


def test_a_swap_target_must_have_spare_for_the_demand_it_receives() -> None:
    # RL-12 sells 13/min with 100 minutes left and 120 in stock: 1,180 short. RL-18 has 83.
    fast = a_product("RL-12", available=120, units_per_min=13)
    small = a_product("RL-18", available=83, slot=2)

    swap = row(board_of(fast, small), "RL-12")

    assert swap.light is Light.SWAP
    assert swap.swap_to is None
    assert swap.reason.endswith("· no substitute can take it")


def test_a_target_takes_only_the_sum_of_shortfalls_it_can_cover_biggest_first() -> None:
    big_gap = a_product("A", available=10, slot=1)      # short 90
    small_gap = a_product("B", available=40, slot=2)    # short 60
    target = a_product("T", available=200, slot=3)      # spare 200 - 0 = 200

    board = board_of(big_gap, small_gap, target,
                     demand={"A": 100.0, "B": 100.0, "T": 0.0})

    assert row(board, "A").swap_to == "T"
    assert row(board, "B").swap_to == "T"  # 90 + 60 = 150 <= 200
    tight = board_of(big_gap, small_gap, replace(target, available=120),
                     demand={"A": 100.0, "B": 100.0, "T": 0.0})
    assert (row(tight, "A").swap_to, row(tight, "B").swap_to) == ("T", None)


# --- order ----------------------------------------------------------------------------


def test_the_board_lists_push_then_swap_then_presale_slow_movers_and_most_cover_first(
) -> None:
    products = [
        a_product("P-SLOT1", slot=1, available=300),     # cover 3.0
        a_product("SOLDOUT", slot=2, available=0),
        a_product("SWAP-A", slot=3, available=50),
        a_product("P-SLOT4", slot=4, available=600),     # cover 6.0
        a_product("SLOW", slot=5, available=900, units_30d=100),  # 270 days
        a_product("SWAP-B", slot=0, available=60),
    ]
    demand = {p.sku: 100.0 for p in products}

    board = board_of(*products, demand=demand)

    assert [r.sku for r in board.products] == [
        "SLOW", "P-SLOT4", "P-SLOT1", "SWAP-B", "SWAP-A", "SOLDOUT"]


def test_push_rows_with_the_same_cover_keep_their_lineup_slots() -> None:
    products = [a_product(f"SKU-{slot}", slot=slot, available=500) for slot in (3, 1, 2)]

    board = board_of(*products, demand={p.sku: 0.0 for p in products})

    assert [r.slot for r in board.products] == [1, 2, 3]


# --- demand and tiers -------------------------------------------------------------------


def test_the_pace_estimate_uses_the_pace_once_selling_and_history_before() -> None:
    session = a_session(minutes_in=80)  # 40 minutes left
    selling = a_product("A", units_per_min=3)
    waiting = a_product("B", history_units_per_min=0.5)
    shelf = a_product("C", slot=None, history_units_per_min=2)

    demand = pace_remaining_demand(session, [selling, waiting, shelf])

    assert demand == {"A": pytest.approx(120), "B": pytest.approx(20), "C": 0.0}


def test_before_the_stream_the_whole_stream_is_still_to_come() -> None:
    session = a_session(minutes_in=-60)
    demand = pace_remaining_demand(session, [a_product(history_units_per_min=0.5)])

    assert session.status is SessionStatus.WARMUP
    assert demand["SKU-101"] == pytest.approx(60)  # 0.5 x 120 minutes


def test_after_the_stream_nothing_remains_to_sell() -> None:
    session = a_session(minutes_in=150)

    assert pace_remaining_demand(session, [a_product(units_per_min=4)]) == {"SKU-101": 0.0}
    assert session.minutes_live == pytest.approx(120)


@pytest.mark.parametrize(
    ("minutes_in", "viewers", "expected", "tier"),
    [
        (-300, None, None, "daily"),       # scheduled
        (-60, 1000, 1000, "warmup"),       # warming up, as expected
        (-60, 1500, 1000, "warmup"),       # exactly +50%: not yet a surge
        (-60, 1501, 1000, "live"),         # a surge lifts the tier at once
        (30, 200, 1000, "live"),           # live, whatever the audience
        (150, 5000, 1000, "daily"),        # ended
    ],
)
def test_the_tier_follows_the_session_and_jumps_on_a_50_percent_surge(
        minutes_in: float, viewers: int | None, expected: float | None, tier: str) -> None:
    session = a_session(minutes_in=minutes_in, viewers=viewers, expected_viewers=expected)

    assert board_of(a_product(), session=session).tier == tier


# --- safety stock and the JSON ----------------------------------------------------------


def test_a_warehouse_below_the_tiers_safety_stock_is_reported() -> None:
    stocks = (WarehouseStock("US-FBA", available=12),   # live: 15 days x 2 a day = 30
              WarehouseStock("US-3PL", available=80),
              WarehouseStock("US-OWN", available=0))    # never sells there: no safety
    product = a_product(units_30d=120, warehouses=stocks)
    board = board_of(product)
    sold = {("SKU-101", "US-FBA"): 60, ("SKU-101", "US-3PL"): 60}

    breaches = safety_breaches(board, [product], sold, SETTINGS)

    assert [(b.warehouse_id, b.available, b.safety_stock) for b in breaches] == [
        ("US-FBA", 12, pytest.approx(30))]


def test_only_products_with_a_warehouse_under_the_market_bound_are_safety_candidates(
) -> None:
    # live tier: 15 days; market sales 60 in 30 days -> no warehouse may need more than 30.
    low = a_product("LOW", units_30d=60, warehouses=(WarehouseStock("US-FBA", 29),))
    fine = a_product("FINE", units_30d=60, warehouses=(WarehouseStock("US-FBA", 30),))
    shelf = a_product("SHELF", slot=None, units_30d=60,
                      warehouses=(WarehouseStock("US-FBA", 0),))

    assert safety_candidates(board_of(low, fine, shelf), [low, fine, shelf],
                             SETTINGS) == ["LOW"]


def test_the_board_json_has_exactly_the_contract_fields() -> None:
    board = board_of(a_product(available=0, units_per_min=1))

    data = board.to_json()

    assert list(data) == ["session_id", "at", "tier", "viewers", "products"]
    assert list(data["products"][0]) == [
        "sku", "light", "available", "units_per_min", "remaining_demand",
        "minutes_to_stockout", "swap_to", "presale_ship_date", "reason"]
    assert data["products"][0]["light"] == "presale"
    assert data["products"][0]["presale_ship_date"] == "2026-12-12"


def test_a_product_with_a_handful_left_is_never_push() -> None:
    # 40 left covers the 30 units the stream still wants, but not 15 minutes at 3/min.
    handful = a_product(available=40, units_per_min=3.0)

    board = board_of(handful, demand={"SKU-101": 30.0})

    assert row(board, "SKU-101").light is Light.SWAP


def test_push_tiles_keep_their_slot_order_while_cover_drifts_inside_a_band() -> None:
    first, second = a_product("A", slot=1, available=300), a_product("B", slot=2, available=330)

    board = board_of(first, second, demand={"A": 100.0, "B": 100.0})  # 3.0x and 3.3x

    assert [r.sku for r in board.products] == ["A", "B"]
