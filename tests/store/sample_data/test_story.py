"""The store a seller recognises: its products, warehouses, lanes and streams, and buyers who
convert, click, come back and cancel as real ones do."""

from __future__ import annotations

import statistics
from collections import defaultdict
from datetime import timedelta

from tests.store.sample_data.sample import TONIGHT, instant, rows, sessions


def test_about_forty_products_sit_in_about_ten_substitute_groups_with_one_currency_each() -> None:
    products = rows("products.csv")
    groups = {p["substitute_group"] for p in products if p["substitute_group"]}
    without_group = [p["sku"] for p in products if not p["substitute_group"]]

    assert 35 <= len(products) <= 50
    assert 8 <= len(groups) <= 12
    assert 1 <= len(without_group) <= 5
    assert {p["currency"] for p in products} == {"USD", "GBP", "EUR", "JPY"}
    assert {p["presale_allowed"] for p in products} == {"true", "false"}
    assert all(5 <= int(p["supplier_lead_days"]) <= 20 for p in products)
    assert all(0 < float(p["unit_cost"]) < float(p["price"]) for p in products)
    assert any("补光灯" in p["name"] and "Ring Light" in p["name"] for p in products)


def test_warehouses_span_us_uk_germany_and_japan_in_all_three_modes() -> None:
    warehouses = rows("warehouses.csv")
    by_country: dict[str, int] = defaultdict(int)
    for w in warehouses:
        by_country[w["country"]] += 1

    assert len(warehouses) >= 6
    assert dict(by_country) == {"US": 4, "GB": 1, "DE": 1, "JP": 1}
    assert {w["mode"] for w in warehouses} == {"self", "3pl", "platform"}
    assert {w["currency"] for w in warehouses if w["country"] == "JP"} == {"JPY"}
    fba = next(w for w in warehouses if "FBA" in w["name"])
    assert 3.25 <= float(fba["outbound_fee_order"]) <= 4.60
    assert 0.001 < float(fba["storage_fee_unit_day"]) < 0.02


def test_lanes_carry_the_domain_transit_days_by_sea_and_air() -> None:
    lanes = {(lane["warehouse_id"], lane["mode"]): lane for lane in rows("lanes.csv")}
    countries = {w["warehouse_id"]: w["country"] for w in rows("warehouses.csv")}

    for wh, country in countries.items():
        sea = float(lanes[(wh, "sea")]["transit_days"])
        air = float(lanes[(wh, "air")]["transit_days"])
        assert air < sea, wh
        expected_sea = {"US": (30, 42), "GB": (45, 45), "DE": (45, 45), "JP": (20, 20)}[country]
        assert expected_sea[0] <= sea <= expected_sea[1], wh
    assert 12 <= float(lanes[("DE-SELF-FRA", "rail")]["transit_days"]) <= 20


def test_thirty_past_streams_across_platforms_and_tonight_with_a_warm_up_and_no_orders() -> None:
    streams = sessions()
    past = [s for s in streams.values() if s["session_id"] != TONIGHT]
    tonight = streams[TONIGHT]
    warmup_samples = [v for v in rows("viewers.csv") if v["session_id"] == TONIGHT]

    assert len(past) >= 30
    assert {(s["platform"], s["market"]) for s in past} >= {
        ("TikTok Shop", "US"), ("Amazon Live", "US"), ("TikTok Shop", "GB"),
        ("Shopify", "DE"), ("TikTok Shop", "JP")}
    assert tonight["title"] == "Black Friday Early Deals · 黑五抢先购"
    assert tonight["start"].startswith("2026-11-26T18:00")
    assert instant(tonight["end"]) - instant(tonight["start"]) == timedelta(hours=3)
    assert 10 <= sum(1 for e in rows("lineup.csv") if e["session_id"] == TONIGHT) <= 14
    assert not [o for o in rows("orders.csv") if o["session_id"] == TONIGHT]
    assert warmup_samples
    assert all(instant(tonight["warmup_start"]) <= instant(v["ts"]) < instant(tonight["start"])
               for v in warmup_samples)
    assert max(instant(o["ts"]) for o in rows("orders.csv")) < instant(tonight["start"])


def test_every_session_order_falls_inside_its_stream() -> None:
    streams = sessions()
    session_orders = [o for o in rows("orders.csv") if o["session_id"]]

    assert len(session_orders) > 5000
    for order in session_orders:
        stream = streams[order["session_id"]]
        assert instant(stream["start"]) <= instant(order["ts"]) <= instant(stream["end"]), order


def test_streams_convert_5_to_20_orders_per_1000_unique_viewers() -> None:
    viewer_minutes: dict[str, int] = defaultdict(int)
    for sample in rows("viewers.csv"):
        start = sessions()[sample["session_id"]]["start"]
        if instant(sample["ts"]) >= instant(start):
            viewer_minutes[sample["session_id"]] += int(sample["viewers"])
    orders: dict[str, set[str]] = defaultdict(set)
    for order in rows("orders.csv"):
        if order["session_id"]:
            orders[order["session_id"]].add(order["order_id"])
    # Unique viewers ~ viewer-minutes / 4 minutes watched on average (README.md).
    per_1000 = [1000 * len(orders[s]) / (viewer_minutes[s] / 4) for s in orders]

    assert 5 <= statistics.median(per_1000) <= 20
    assert all(2 <= rate <= 25 for rate in per_1000)


def test_product_cards_are_clicked_5_to_15_percent_of_the_time() -> None:
    impressions = sum(int(f["impressions"]) for f in rows("funnel.csv"))
    clicks = sum(int(f["clicks"]) for f in rows("funnel.csv"))

    assert 0.05 <= clicks / impressions <= 0.15
    assert all(int(f["clicks"]) <= int(f["impressions"]) for f in rows("funnel.csv"))


def test_the_viewer_curve_rises_peaks_and_fades() -> None:
    stream = sessions()["S261003-TT-US"]
    curve = [int(v["viewers"]) for v in rows("viewers.csv")
             if v["session_id"] == stream["session_id"]
             and instant(v["ts"]) >= instant(stream["start"])]
    peak_minute = curve.index(max(curve))

    assert 10 < peak_minute < len(curve) - 10
    assert curve[0] < 0.6 * max(curve)
    assert curve[-1] < 0.9 * max(curve)


def test_off_stream_orders_are_intermittent_for_most_products_and_steady_for_hot_sellers() -> None:
    days_with_orders: dict[str, set[str]] = defaultdict(set)
    for order in rows("orders.csv"):
        if not order["session_id"]:
            days_with_orders[order["sku"]].add(order["ts"][:10])
    zero_day_share = {sku: 1 - len(days) / 90 for sku, days in days_with_orders.items()}

    assert sum(share >= 0.3 for share in zero_day_share.values()) >= len(zero_day_share) // 2
    assert sum(share <= 0.1 for share in zero_day_share.values()) >= 3


def test_buyers_come_back_and_some_orders_are_cancelled_or_returned() -> None:
    orders = rows("orders.csv")
    orders_by_customer: dict[str, set[str]] = defaultdict(set)
    for order in orders:
        if order["customer_id"]:
            orders_by_customer[order["customer_id"]].add(order["order_id"])
    repeat_share = sum(len(o) > 1 for o in orders_by_customer.values()) / len(orders_by_customer)
    statuses: dict[str, int] = defaultdict(int)
    for order in orders:
        statuses[order["status"]] += 1

    assert 0.1 <= repeat_share <= 0.4
    assert statuses["paid"] > 0.85 * len(orders)
    assert statuses["cancelled"] > 0 and statuses["returned"] > 0


def test_lineups_hold_a_b_tests_of_substitutes_and_of_one_product_at_two_prices() -> None:
    lineup = rows("lineup.csv")
    groups = {p["sku"]: p["substitute_group"] for p in rows("products.csv")}
    variants_by_session_group: dict[tuple[str, str], set[str]] = defaultdict(set)
    for entry in lineup:
        if entry["variant"]:
            variants_by_session_group[(entry["session_id"], groups[entry["sku"]])].add(
                entry["variant"])
    prices_by_variant = defaultdict(set)
    for entry in lineup:
        if entry["sku"] == "KG-CHOP-US" and entry["variant"]:
            prices_by_variant[entry["variant"]].add(entry["price"])

    assert sum(v == {"A", "B"} for v in variants_by_session_group.values()) >= 5
    assert prices_by_variant == {"A": {"24.99"}, "B": {"19.99"}}
