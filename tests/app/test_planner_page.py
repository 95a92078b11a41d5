"""The planner page run headless (AppTest) on tests/app/planstore.py's small store."""

from __future__ import annotations

from datetime import timedelta

import pytest
import streamlit as st
from sqlalchemy import Engine
from sqlmodel import Session
from streamlit.testing.v1 import AppTest

from core.board.tiers import Tier
from core.common.settings import Settings
from core.store.models import LiveSession, Product
from core.store.settings_store import save_settings
from tests.app.planstore import (
    UPCOMING,
    chart_specs,
    metrics,
    money,
    open_page,
    values,
)
from tests.app.shown import shown

PAGE = "views/planner.py"
LAMP = "LAMP@US-3PL"


def open_lamp(**query: str) -> AppTest:
    app = open_page(PAGE, lang="en", **query)
    app.selectbox(key="plan.sku").set_value("LAMP").run()
    assert not app.exception, [e.message for e in app.exception]
    return app


def deltas(app: AppTest) -> dict[str, str]:
    return {m.label: m.proto.delta for m in app.metric}


def test_raising_expected_viewers_raises_lost_sales_and_todays_order(store: Engine) -> None:
    app = open_lamp()
    before = metrics(app)
    viewers = app.slider(key=f"viewers:{LAMP}")
    assert viewers.value == pytest.approx(3000, rel=0.05)  # the past streams' viewers

    viewers.set_value(viewers.value * 3).run()
    after = metrics(app)

    assert money(after["Lost sales"]) > money(before["Lost sales"]) > 0
    assert money(after["Order today"]) > money(before["Order today"])


def test_switching_to_air_changes_the_freight_cost_and_the_lead_time(store: Engine) -> None:
    app = open_lamp()
    before = metrics(app)
    assert app.slider(key=f"lead:{LAMP}:sea").value == 40  # supplier 5 + sea 35

    app.radio(key=f"mode:{LAMP}").set_value("air").run()
    after = metrics(app)

    assert app.slider(key=f"lead:{LAMP}:air").value == 13  # supplier 5 + air 8
    assert money(after["Freight cost"]) != money(before["Freight cost"])
    assert "by Air" in deltas(app)["Order today"]
    assert money(after["Lost sales"]) < money(before["Lost sales"])  # air lands sooner


def test_the_chart_shades_stock_out_days_and_marks_the_inbound_ship(store: Engine) -> None:
    app = open_lamp()

    spec = chart_specs(app)[0]
    traces = {trace["name"]: trace for trace in spec["data"]}
    stockout = traces["Out of stock"]
    assert stockout["type"] == "bar" and len(stockout["x"]) > 0
    assert stockout["marker"]["pattern"]["shape"] == "x"  # not told by colour alone
    on_hand = traces["On hand"]
    assert min(values(stockout["y"])) >= max(values(on_hand["y"]))  # the chart's height
    assert "+200" in traces["Shipment arriving"]["text"]  # SEA-LAMP lands in 10 days
    assert "Overstock" in traces


def test_a_higher_safety_tier_orders_more_today(store: Engine) -> None:
    app = open_lamp()
    # The stream in three days is within LAMP's 40-day lead time: it starts at the live tier.
    assert app.select_slider(key=f"tier:{LAMP}").value == Tier.LIVE
    live = money(metrics(app)["Order today"])

    app.select_slider(key=f"tier:{LAMP}").set_value(Tier.DAILY).run()

    assert money(metrics(app)["Order today"]) < live


def test_the_service_level_mode_offers_a_service_level_instead_of_tiers(store: Engine) -> None:
    save_settings(store, Settings(safety_mode="service_level", service_level=0.9))
    app = open_lamp()

    assert app.slider(key=f"service:{LAMP}").value == 90
    assert not [s for s in app.select_slider if s.key == f"tier:{LAMP}"]


def test_a_sessions_lineup_shows_one_row_per_product_and_its_orders(store: Engine) -> None:
    app = open_page(PAGE, lang="en")
    app.radio(key="plan.scope").set_value("session").run()
    assert app.selectbox(key="plan.session").value == UPCOMING
    before = metrics(app)

    spec = chart_specs(app)[0]
    rows = {y for trace in spec["data"] if trace["type"] == "bar" for y in trace["y"]}
    assert rows == {"LAMP · Desk Lamp @ US-3PL", "CASE · Phone Case @ US-FBA"}
    orders = app.dataframe[0].value
    assert set(orders["Warehouse"]) == {"US-3PL", "US-FBA"}

    viewers = app.slider(key=f"viewers:session:{UPCOMING}")
    viewers.set_value(viewers.value * 3).run()
    assert money(metrics(app)["Lost sales"]) > money(before["Lost sales"])


def test_the_plan_lists_what_to_order_and_everything_when_asked(store: Engine) -> None:
    app = open_page(PAGE, lang="en")

    ordering = app.dataframe[-1].value
    assert "LAMP · Desk Lamp" in set(ordering["Product"])
    assert (ordering["Order"] > 0).all()
    download = app.get("download_button")[0]
    assert download.proto.label == "Download the plan (CSV)"
    app.toggle(key="plan.only_orders").set_value(False).run()
    everything = app.dataframe[-1].value
    assert {"CASE · Phone Case", "MUG · Photo Mug"} <= set(everything["Product"])


def test_the_plan_shows_origin_shipment_share_currency_and_what_to_check(store: Engine
                                                                        ) -> None:
    app = open_page(PAGE, lang="en")
    app.toggle(key="plan.only_orders").set_value(False).run()

    plan = app.dataframe[-1].value.set_index("Product")
    lamp = plan.loc[["LAMP · Desk Lamp"]]
    assert set(lamp["From"]) == {"Supplier"} and lamp["Cost"].str.startswith("$").all()
    assert any(" of " in share for share in lamp["Shipment share"])
    assert plan.loc[["MUG · Photo Mug"]]["Cost"].str.startswith("€").all()
    assert any("lines to check" in caption.value for caption in app.caption)

    with Session(store) as db:
        product = db.get(Product, "LAMP")
        assert product is not None
        product.moq = 100_000  # years of lamps: buying the MOQ would overstock
        db.commit()
    st.cache_data.clear()
    st.cache_resource.clear()  # the page keeps the planning data for five minutes
    app = open_page(PAGE, lang="en")
    app.toggle(key="plan.only_orders").set_value(False).run()

    held = app.dataframe[-1].value.set_index("Product").loc[["LAMP · Desk Lamp"]]
    assert (held["Order"] == 0).all()
    assert "⚠️ not bought: the MOQ would overstock" in set(held["Check"])


def test_an_empty_store_says_what_to_load(empty: Engine) -> None:
    app = open_page(PAGE, lang="en")

    assert "livestock load" in app.info[0].value
    assert not app.get("plotly_chart")


def test_a_product_without_history_says_so_and_loses_nothing_unstreamed(store: Engine) -> None:
    with Session(store) as db:
        db.add(Product(sku="NEW", name="New Gadget", category="gadgets", unit_cost=2,
                       price=10, currency="USD", presale_allowed=False,
                       supplier_lead_days=5))
        db.commit()
    app = open_page(PAGE, lang="en")
    app.selectbox(key="plan.sku").set_value("NEW").run()

    assert any("No sales history" in info.value for info in app.info)
    assert metrics(app)["Lost sales"] == "$0"


def test_a_bad_at_in_the_url_is_refused_with_a_message(store: Engine) -> None:
    app = open_page(PAGE, lang="en", at="yesterday")

    assert "?at=yesterday" in shown(app.error[0].value)


def test_without_an_upcoming_session_the_lineup_says_how_to_add_one(store: Engine) -> None:
    with Session(store) as db:
        upcoming = db.get(LiveSession, UPCOMING)
        assert upcoming is not None
        upcoming.warmup_start = None
        upcoming.start, upcoming.end = (upcoming.start - timedelta(days=30),
                                        upcoming.end - timedelta(days=30))
        db.commit()
    app = open_page(PAGE, lang="en")

    app.radio(key="plan.scope").set_value("session").run()

    assert "No session is scheduled" in app.info[0].value
