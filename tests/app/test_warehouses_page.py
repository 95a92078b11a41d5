"""The warehouses page run headless (AppTest) on tests/app/planstore.py's small store."""

from __future__ import annotations

import re
from datetime import timedelta

import pandas as pd
from sqlalchemy import Engine
from sqlmodel import Session
from streamlit.testing.v1 import AppTest

from core.common.timeutil import utc_now
from core.store.models import Lane, StockCount, Warehouse
from tests.app.planstore import (
    chart_specs,
    metrics,
    open_page,
    values,
)

PAGE = "views/warehouses.py"


def table_with(app: AppTest, column: str) -> pd.DataFrame:
    """The first table on the page that has `column`."""
    return next(frame.value for frame in app.dataframe if column in frame.value.columns)


def test_stock_and_movers_show_by_warehouse_and_kind(store: Engine) -> None:
    app = open_page(PAGE, lang="en")

    shown = metrics(app)
    assert shown["Units available"] == "2,430"  # 30 + 2,000 + 400
    assert shown["Fast movers (< 30 days)"] == "1"  # LAMP
    assert shown["Slow movers (> 90 days)"] == "2"  # CASE, MUG
    stock = chart_specs(app)[0]
    bars = {trace["name"]: dict(zip(trace["x"], values(trace["y"]), strict=True))
            for trace in stock["data"]}
    assert bars["Fast"]["US-3PL · 3PL"] == 30
    assert bars["Slow"]["US-FBA · Platform"] == 2000
    assert bars["Slow"]["DE-OWN · Own"] == 400
    summary = table_with(app, "Storage / unit-day")
    assert list(summary["Kind"]) == ["Own", "3PL", "Platform"]


def test_aged_stock_splits_what_landed_recently_from_what_was_counted_long_ago(
        store: Engine) -> None:
    app = open_page(PAGE, lang="en")

    aged = next(spec for spec in chart_specs(app)
                if any(t["name"] == "0-30 days" for t in spec["data"]))
    bands = {t["name"]: dict(zip(t["x"], values(t["y"]), strict=True)) for t in aged["data"]}
    # CASE: 300 landed 20 days ago; the other 1,700 were there at the first count.
    assert bands["0-30 days"]["US-FBA"] == 300
    assert bands["31-90 days"]["US-FBA"] == 1700


def test_cost_per_unit_sold_is_drawn_per_currency_with_air_dearer_than_sea(
        store: Engine) -> None:
    app = open_page(PAGE, lang="en")

    costs = table_with(app, "Cost / unit sold")
    lamp = costs[costs["Warehouse"] == "US-3PL · 3PL"].set_index("Freight")["Cost / unit sold"]
    assert float(lamp["Air"].lstrip("$")) > float(lamp["Sea"].lstrip("$"))
    figure = next(spec for spec in chart_specs(app)
                  if spec["layout"].get("annotations"))
    assert {a["text"] for a in figure["layout"]["annotations"]} == {"EUR", "USD"}


def test_each_product_gets_a_home_and_a_reason(store: Engine) -> None:
    app = open_page(PAGE, lang="en")

    homes = table_with(app, "Belongs in").set_index("Product")
    assert homes.loc["MUG · Photo Mug", "Belongs in"] == "Own"
    assert homes.loc["MUG · Photo Mug", "Why"] == "custom product"
    assert homes.loc["LAMP · Desk Lamp", "Belongs in"] == "Platform"
    assert homes.loc["LAMP · Desk Lamp", "Move?"] == "⚠️ move"  # it sits in a 3PL


def test_picking_a_market_shows_only_its_warehouses(store: Engine) -> None:
    app = open_page(PAGE, lang="en")

    app.sidebar.selectbox(key="wh.market").set_value("DE").run()

    assert metrics(app)["Units available"] == "400"
    assert list(table_with(app, "Storage / unit-day")["Warehouse"]) == [
        "DE-OWN · DE-OWN warehouse"]


def test_an_empty_store_says_what_to_load(empty: Engine) -> None:
    app = open_page(PAGE, lang="zh")

    assert "livestock load" in app.info[0].value
    assert not app.get("plotly_chart")


def test_warehouses_without_stock_or_sales_say_what_is_missing(empty: Engine) -> None:
    with Session(empty) as db:
        db.add(Warehouse(warehouse_id="US-3PL", name="LA", country="US", mode="3pl",
                         currency="USD", storage_fee_unit_day=0.02, inbound_fee_unit=0.3,
                         outbound_fee_order=3.0, return_fee_unit=3.0))
        db.commit()
    app = open_page(PAGE, lang="en")

    assert "No stock counts or sales yet" in app.info[0].value
    assert metrics(app)["Units available"] == "0"
    assert list(table_with(app, "Storage / unit-day")["Warehouse"]) == ["US-3PL · LA"]


def test_lanes_show_transfers_and_the_plans_shared_shipments_in_each_currency(
        store: Engine) -> None:
    with Session(store) as db:
        db.add(Lane(warehouse_id="US-FBA", from_warehouse_id="US-3PL", mode="truck",
                    transit_days=3, transit_days_sd=1, cost_unit=0.35, cost_shipment=120))
        db.commit()
    app = open_page(PAGE, lang="en")

    lanes = table_with(app, "Per shipment")
    truck = lanes[lanes["Freight"] == "Truck"].iloc[0]
    assert (truck["Warehouse"], truck["From"], truck["Per shipment"]) == ("US-FBA", "US-3PL",
                                                                          "$120")
    de_sea = lanes[(lanes["Warehouse"] == "DE-OWN") & (lanes["Freight"] == "Sea")].iloc[0]
    assert de_sea["From"] == "Supplier" and de_sea["Per shipment"] == "€400"
    lamp_sea = lanes[(lanes["Warehouse"] == "US-3PL") & (lanes["Freight"] == "Sea")].iloc[0]
    assert lamp_sea["Units in this plan"] != "–"  # LAMP runs short: the plan ships some
    summary = table_with(app, "Moved in")
    assert list(summary.columns)[:4] == ["Warehouse", "Bought", "Moved in", "Moved out"]


def test_a_product_with_no_stock_and_no_sales_is_neither_a_fast_nor_a_slow_mover(
        store: Engine) -> None:
    with Session(store) as session:  # LAMP counted at FBA: none there, none sold from there
        session.add(StockCount(sku="LAMP", warehouse_id="US-FBA", on_hand=0, reserved=0,
                               counted_at=utc_now() - timedelta(days=1)))
        session.commit()

    app = open_page(PAGE, lang="en")

    movers = [frame.value for frame in app.dataframe if "SKU" in frame.value.columns]
    pairs = {(sku, wh) for frame in movers
             for sku, wh in zip(frame["SKU"], frame["Warehouse"], strict=True)}
    assert ("LAMP", "US-FBA") not in pairs
    assert ("LAMP", "US-3PL") in pairs and ("CASE", "US-FBA") in pairs
    assert metrics(app)["Slow movers (> 90 days)"] == "2"  # CASE, MUG as before
    for frame in movers:  # turnover right after the product, in whole days or ∞
        assert list(frame.columns[:2]) == ["Product", "Turnover, days"]
        assert all(re.fullmatch(r"[\d,]+|∞|0 \(out of stock\)", v)
                   for v in frame["Turnover, days"])
