"""The stock ledger adds up: counts agree with the orders and arrivals between them, products
ran out and shipments are on the way, and the Singles' Day live sold out mid-stream."""

from __future__ import annotations

from collections import defaultdict
from datetime import datetime, timedelta

from tests.store.sample_data.sample import (
    MEGA,
    TONIGHT,
    available_at,
    drawn_orders,
    instant,
    rows,
    sessions,
)


def test_stock_counts_agree_with_the_orders_and_arrivals_between_them() -> None:
    counts: dict[tuple[str, str], list[dict[str, str]]] = defaultdict(list)
    for count in rows("stock.csv"):
        counts[(count["sku"], count["warehouse_id"])].append(count)
    moves: dict[tuple[str, str], list[tuple[datetime, int]]] = defaultdict(list)
    for order in drawn_orders():
        moves[(order["sku"], order["warehouse_id"])].append(
            (instant(order["ts"]), -int(order["qty"])))
    for shipment in rows("inbound.csv"):
        if shipment["received_at"]:  # taken in (arrival + the warehouse's receiving days)
            moves[(shipment["sku"], shipment["warehouse_id"])].append(
                (instant(shipment["received_at"]), int(shipment["qty"])))

    for key, series in counts.items():
        series.sort(key=lambda c: instant(c["counted_at"]))
        times = [instant(c["counted_at"]) for c in series]
        assert all(t > times[0] for t, _ in moves[key]), f"{key} moved before its first count"
        for before, after, t0, t1 in zip(series, series[1:], times, times[1:], strict=False):
            sold = -sum(q for t, q in moves[key] if t0 < t <= t1 and q < 0)
            arrived = sum(q for t, q in moves[key] if t0 < t <= t1 and q > 0)
            assert int(after["on_hand"]) == int(before["on_hand"]) - sold + arrived, (key, t1)
            assert sold <= int(before["on_hand"]) - int(before["reserved"]), (key, t1)
        assert all(0 <= int(c["reserved"]) <= int(c["on_hand"]) for c in series), key
        sold_since_last = -sum(q for t, q in moves[key] if t > times[-1] and q < 0)
        assert sold_since_last <= int(series[-1]["on_hand"]) - int(series[-1]["reserved"]), key


def test_every_warehouse_is_counted_weekly_and_on_the_anchor_morning() -> None:
    by_key: dict[tuple[str, str], list[str]] = defaultdict(list)
    for count in rows("stock.csv"):
        by_key[(count["sku"], count["warehouse_id"])].append(count["counted_at"])

    for key, stamps in by_key.items():
        assert any(s.startswith("2026-11-26T07:00") for s in stamps), key
        mondays = {instant(s).date() for s in stamps if instant(s).weekday() == 0}
        assert len(mondays) >= 12, key


def test_some_products_ran_out_for_days_and_the_counts_show_it() -> None:
    pooled: dict[tuple[str, str], int] = defaultdict(int)
    for count in rows("stock.csv"):
        if count["counted_at"][11:16] == "07:00":
            pooled[(count["sku"], count["counted_at"][:10])] += int(count["on_hand"])
    out_of_stock = {sku for (sku, _), units in pooled.items() if units == 0}

    assert 4 <= len(out_of_stock) <= 0.5 * len(rows("products.csv"))


def test_shipments_are_at_sea_and_in_the_air_some_arrived_some_still_on_the_way() -> None:
    tonight_start = instant(sessions()[TONIGHT]["start"])
    shipments = rows("inbound.csv")
    on_the_way = [s for s in shipments if instant(s["eta"]) > tonight_start]

    assert {s["mode"] for s in shipments} >= {"sea", "air"}
    assert len(on_the_way) >= 10
    assert len(shipments) - len(on_the_way) >= 50
    assert all(instant(s["shipped_at"]) <= tonight_start for s in shipments)
    assert all(instant(s["eta"]) >= instant(s["shipped_at"]) for s in shipments)


def test_the_singles_day_mega_live_sold_out_several_products_mid_stream() -> None:
    stream = sessions()[MEGA]
    start, end = instant(stream["start"]), instant(stream["end"])
    last_sale: dict[str, datetime] = {}
    for order in rows("orders.csv"):
        if order["session_id"] == MEGA:
            last_sale[order["sku"]] = max(last_sale.get(order["sku"], start), instant(order["ts"]))
    sold_out = [sku for sku, at in last_sale.items()
                if at < end - timedelta(minutes=60) and available_at(sku, end, "US") <= 0]

    assert stream["title"].startswith("11.11 Singles' Day mega live")
    assert start.date().isoformat() == "2026-11-11"
    assert 3 <= len(sold_out) <= 8
    assert all(last_sale[sku] - start > timedelta(minutes=20) for sku in sold_out)
