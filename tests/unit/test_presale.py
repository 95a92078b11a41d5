"""Presale as a promise: the ledger of lots, the market's date, and when not to presell."""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

import pytest

from core.common.errors import LiveStockError
from core.common.settings import Settings
from core.stock.pools import StockWarehouse
from core.stock.presale import (
    InboundLot,
    NoPresale,
    PresaleTerms,
    local_date,
    presale_ship_date,
    presale_terms,
)

TODAY = date(2026, 11, 26)
FBA = StockWarehouse("US-FBA", "US", frozenset({"amazon"}), receiving_days=5, mode="platform")
FBT = StockWarehouse("US-FBT", "US", frozenset({"tiktok"}), receiving_days=3, mode="platform")
LA = StockWarehouse("US-3PL-LA", "US", receiving_days=2)


def terms(**overrides: Any) -> PresaleTerms:
    """A sold-out product on a TikTok stream (pool: TikTok's warehouse and a LA 3PL),
    30-day limit, 7 days' supplier lead time, air into LA in 8 days."""
    values: dict[str, Any] = dict(
        presale_allowed=True, owed_units=0, shortfall_units=150, lots=(),
        stocked_in={"US-3PL-LA"}, pool=(FBT, LA), transit_days={"US-3PL-LA": 8.0},
        supplier_lead_days=7, today=TODAY, limit_days=30.0, no_backorder_platforms=("amazon",))
    values.update(overrides)
    return presale_terms(**values)


def test_oversold_units_take_the_earliest_lot_so_the_next_presale_ships_with_the_next() -> None:
    lots = (InboundLot("US-3PL-LA", 800, date(2026, 12, 1)),
            InboundLot("US-3PL-LA", 1000, date(2026, 12, 9)))

    fresh = terms(lots=lots)
    oversold = terms(lots=lots, owed_units=800)

    assert fresh.ship_date == date(2026, 12, 3)      # Dec 1 + 2 receiving days
    assert oversold.ship_date == date(2026, 12, 11)  # the Dec 1 lot is already promised
    assert oversold.possible


def test_a_lot_ships_after_its_warehouse_s_receiving_days() -> None:
    lot = InboundLot("US-FBT", 500, date(2026, 12, 2))

    assert terms(lots=(lot,), stocked_in={"US-FBT"}).ship_date == date(2026, 12, 5)


def test_a_late_lot_not_yet_received_is_still_on_the_way_from_today() -> None:
    late = InboundLot("US-3PL-LA", 500, date(2026, 11, 20))

    assert late.ready(today=TODAY, receiving_days=2) == date(2026, 11, 28)
    assert terms(lots=(late,)).ship_date == date(2026, 11, 28)


def test_a_lot_received_but_not_yet_counted_ships_today() -> None:
    early = InboundLot("US-3PL-LA", 500, date(2026, 12, 4), received=True)

    assert terms(lots=(early,)).ship_date == TODAY


def test_without_inbound_a_presale_ships_after_lead_time_transit_and_receiving() -> None:
    # Nov 26 + 7 lead + 8 air + 2 receiving.
    assert terms().ship_date == date(2026, 12, 13)


def test_units_no_lot_covers_ship_from_a_new_buy() -> None:
    small = InboundLot("US-3PL-LA", 50, date(2026, 11, 30))

    assert terms(lots=(small,), shortfall_units=200).ship_date == date(2026, 12, 13)
    assert presale_ship_date(lots=[(date(2026, 11, 30), 50)], owed_units=0,
                             shortfall_units=200, new_buy_ready=None) is None


def test_a_presale_beyond_the_platform_s_limit_is_not_offered() -> None:
    slow = terms(supplier_lead_days=30)  # Nov 26 + 30 + 8 + 2 = Jan 5: 40 days

    assert slow.blocked is NoPresale.BEYOND_LIMIT
    assert slow.ship_date == date(2027, 1, 5)
    assert not slow.possible
    assert terms(supplier_lead_days=30, limit_days=45).possible


def test_amazon_fba_stock_is_never_presold() -> None:
    in_fba = terms(pool=(FBA, LA), stocked_in={"US-FBA"},
                   lots=(InboundLot("US-FBA", 800, date(2026, 12, 1)),))

    assert in_fba.blocked is NoPresale.BACKORDERS
    assert in_fba.ship_date is None


def test_fba_lots_never_back_a_presale_from_the_3pl() -> None:
    both = terms(pool=(FBA, LA), stocked_in={"US-FBA", "US-3PL-LA"},
                 lots=(InboundLot("US-FBA", 800, date(2026, 11, 28)),
                       InboundLot("US-3PL-LA", 300, date(2026, 12, 6))))

    assert both.ship_date == date(2026, 12, 8)  # the 3PL's lot, not FBA's earlier one


def test_a_product_that_may_not_be_presold_never_is() -> None:
    assert terms(presale_allowed=False).blocked is NoPresale.NOT_ALLOWED


def test_without_lots_or_lanes_there_is_no_date_to_promise() -> None:
    assert terms(transit_days={}).blocked is NoPresale.NO_DATE


def test_the_ship_date_is_new_york_s_date_at_20_00_est() -> None:
    # 20:00 in New York on Nov 26 is 01:00 UTC on Nov 27: the promise must not move.
    evening = datetime(2026, 11, 27, 1, 0, tzinfo=UTC)
    zone = Settings().time_zone("US")

    assert local_date(evening, zone) == date(2026, 11, 26)
    assert terms(today=local_date(evening, zone)).ship_date == date(2026, 12, 13)


def test_the_presale_settings_have_the_documented_defaults_and_refuse_nonsense() -> None:
    settings = Settings()

    assert str(settings.time_zone("JP")) == "Asia/Tokyo"
    assert str(settings.time_zone("FR")) == "UTC"
    assert settings.presale_limit("tiktok") == settings.presale_limit("temu") == 30
    assert settings.no_backorder_platforms == ("amazon",)
    with pytest.raises(LiveStockError, match="not a time zone"):
        Settings(market_time_zones=(("US", "America/Nowhere"),))
    with pytest.raises(LiveStockError, match="presale_limit_days"):
        Settings(presale_limit_days=(("tiktok", -1),))
    with pytest.raises(LiveStockError, match="not a platform id"):
        Settings(no_backorder_platforms=("Big Co",))


def test_settings_read_back_from_json_lists_are_the_same_value() -> None:
    stored = Settings(market_time_zones=[["us", "America/Chicago"]],  # type: ignore[arg-type]
                      presale_limit_days={"TikTok Shop": 45},  # type: ignore[arg-type]
                      no_backorder_platforms=["amazon"])  # type: ignore[arg-type]

    assert stored.market_time_zones == (("US", "America/Chicago"),)
    assert stored.presale_limit("tiktok") == 45
    assert hash(stored) == hash(Settings(market_time_zones=(("US", "America/Chicago"),),
                                         presale_limit_days=(("tiktok", 45.0),)))
