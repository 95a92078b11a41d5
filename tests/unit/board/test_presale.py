"""Presale on the board: the ship date it promises (inbound lots, else a new buy), and the
terms that turn it into SWAP (not allowed, Amazon's warehouse, past the platform's limit)."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime

from core.board.model import Light
from core.stock.pools import StockWarehouse
from core.stock.presale import InboundLot
from tests.unit.board.builders import THREE_PL, a_product, a_session, board_of, row


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
