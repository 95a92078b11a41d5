"""How long stock has sat on the shelf, first in first out (core.planning.stock_age)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pandas as pd

from core.planning.stock_age import age_band, aged_by_warehouse, stock_ages

AT = datetime(2026, 11, 26, 12, tzinfo=UTC)


def ts(days_ago: float) -> pd.Timestamp:
    return pd.Timestamp(AT - timedelta(days=days_ago))


def counts(*days_ago: float, sku: str = "A", warehouse_id: str = "W") -> pd.DataFrame:
    return pd.DataFrame({"sku": sku, "warehouse_id": warehouse_id,
                         "counted_at": [ts(d) for d in days_ago]})


def arrivals(*rows: tuple[int, float]) -> pd.DataFrame:
    """(qty, days ago) per shipment of A into W."""
    return pd.DataFrame({"sku": "A", "warehouse_id": "W", "qty": [q for q, _ in rows],
                         "eta": [ts(d) for _, d in rows]})


def available(units: float) -> pd.DataFrame:
    return pd.DataFrame({"sku": ["A"], "warehouse_id": ["W"], "units": [units]})


def test_the_units_on_hand_are_the_newest_arrivals() -> None:
    ages = stock_ages(available=available(250), counts=counts(100, 1),
                      inbound=arrivals((200, 10), (300, 50)), at=AT)

    assert ages[["units", "age_days", "at_least"]].values.tolist() == [
        [200, 10, False], [50, 50, False]]


def test_units_older_than_every_arrival_count_from_the_first_count_at_least() -> None:
    ages = stock_ages(available=available(500), counts=counts(100, 1),
                      inbound=arrivals((200, 10)), at=AT)

    assert ages[["units", "age_days", "at_least"]].values.tolist() == [
        [200, 10, False], [300, 100, True]]


def test_a_shipment_not_yet_counted_in_is_not_on_the_shelf() -> None:
    ages = stock_ages(available=available(100), counts=counts(100, 5),
                      inbound=arrivals((400, 2)), at=AT)  # landed after the latest count

    assert ages[["units", "age_days", "at_least"]].values.tolist() == [[100, 100, True]]


def test_nothing_on_the_shelf_or_never_counted_has_no_age() -> None:
    assert stock_ages(available=available(0), counts=counts(10), inbound=arrivals(),
                      at=AT).empty
    assert stock_ages(available=available(5), counts=counts(10, sku="B"),
                      inbound=arrivals(), at=AT).empty


def test_bands_follow_the_fba_aged_inventory_steps() -> None:
    assert [age_band(d) for d in (0, 30, 31, 90, 91, 180, 181, 400)] == [
        "0-30", "0-30", "31-90", "31-90", "91-180", "91-180", "180+", "180+"]


def test_units_add_up_per_warehouse_and_band_in_age_order() -> None:
    ages = pd.DataFrame({"sku": ["A", "B", "C", "A"], "warehouse_id": ["W", "W", "W", "V"],
                         "units": [5.0, 7.0, 1.0, 2.0], "age_days": [200, 10, 20, 45],
                         "at_least": False})

    summary = aged_by_warehouse(ages)

    assert summary.values.tolist() == [["V", "31-90", 2.0], ["W", "0-30", 8.0],
                                       ["W", "180+", 5.0]]
