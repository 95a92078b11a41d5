"""The review of a constructed stream (tests/review_store.py) on a real SQLite store."""

from __future__ import annotations

import json
from datetime import timedelta
from pathlib import Path

import pandas as pd
import pytest
from sqlalchemy import Engine
from sqlmodel import Session
from typer.testing import CliRunner

from cli import app
from core.board.service import board_at
from core.common.errors import NotFound
from core.forecast import reads as forecast_reads
from core.review.abtest import Verdict
from core.review.model import ProductReview
from core.review.service import light_timeline, review_session
from core.store.db import make_engine
from core.store.models import LineupItem, LiveSession
from core.store.schema import create_schema
from tests.review_store import END, SESSION_ID, build_review_store, minute


@pytest.fixture
def store(engine: Engine) -> Engine:
    build_review_store(engine)
    return engine


def by_sku(engine: Engine) -> dict[str, ProductReview]:
    review = review_session(engine, session_id=SESSION_ID, at=END + timedelta(days=1))
    return {p.sku: p for p in review.products}


def test_a_product_that_sold_its_last_unit_ran_out_then_and_lost_its_clicks_while_out(
        store: Engine) -> None:
    tripod = by_sku(store)["TRIPOD"]

    assert tripod.units == 30
    assert tripod.revenue == pytest.approx(30 * 15.0)
    assert tripod.ran_out_at == minute(30)
    assert tripod.minutes_out_of_stock == pytest.approx(30)
    # 44 clicks while out x 30 orders / 44 clicks in stock = 30.
    assert tripod.lost_units == pytest.approx(30.0)
    assert tripod.lost_method == "clicks"


def test_a_stock_count_mid_stream_ends_the_stock_out(store: Engine) -> None:
    ring = by_sku(store)["RING"]

    assert ring.ran_out_at == minute(10)
    assert ring.minutes_out_of_stock == pytest.approx(30)
    # 20 clicks while out (a third of 20:00-20:15, 20:15-20:30, two thirds of 20:30-20:45)
    # x 10 orders / 20 clicks in stock = 10.
    assert ring.lost_units == pytest.approx(10.0)
    assert ring.available_at_end == 20
    assert [(o.begin, o.end, o.restocked)
            for o in ring.stock_outs] == [(minute(10), minute(40), True)]


def test_a_product_that_never_ran_out_has_no_ran_out_at_and_lost_nothing(store: Engine
                                                                          ) -> None:
    led = by_sku(store)["LED10"]

    assert led.ran_out_at is None
    assert led.minutes_out_of_stock == 0
    assert led.lost_units == 0
    assert led.units == 60 and led.clicks == 400
    assert led.conversion == pytest.approx(60 / 400)
    assert led.ctr == pytest.approx(400 / 4000)


def test_the_variants_of_a_substitute_group_are_tested_and_the_better_one_wins(
        store: Engine) -> None:
    review = review_session(store, session_id=SESSION_ID, at=END + timedelta(days=1))

    (test,) = review.ab_tests
    assert test.group == "strip"
    assert [(a.sku, a.clicks, a.orders) for a in test.arms] == [("LED5", 400, 40),
                                                                  ("LED10", 400, 60)]
    assert test.p_value == pytest.approx(0.0325, abs=1e-4)
    assert test.verdict is Verdict.WINNER and test.winner == "LED10"


def test_the_json_has_exactly_the_fields_product_md_names(store: Engine) -> None:
    review = review_session(store, session_id=SESSION_ID, at=END + timedelta(days=1))

    body = json.loads(json.dumps(review.to_json()))

    assert list(body) == ["session_id", "products", "ab_tests"]
    assert list(body["products"][0]) == [
        "sku", "units", "revenue", "ran_out_at", "minutes_out_of_stock", "lost_units",
        "forecast_low", "forecast_expected", "forecast_high"]
    assert list(body["ab_tests"][0]) == ["group", "variants", "p_value", "winner"]
    assert list(body["ab_tests"][0]["variants"][0]) == [
        "sku", "price", "impressions", "clicks", "orders", "ctr", "conversion"]
    tripod = next(p for p in body["products"] if p["sku"] == "TRIPOD")
    assert tripod["ran_out_at"] == "2026-11-20T20:30:00+00:00"
    # No past session to learn from: no forecast, said so rather than invented.
    assert tripod["forecast_expected"] is None
    assert any(note.startswith("no forecast") for note in review.notes)


def test_a_review_as_of_mid_stream_counts_only_what_was_known_then(store: Engine) -> None:
    review = review_session(store, session_id=SESSION_ID, at=minute(20))
    products = {p.sku: p for p in review.products}

    assert products["TRIPOD"].units == 20
    assert products["TRIPOD"].ran_out_at is None
    assert products["RING"].ran_out_at == minute(10)
    assert products["RING"].minutes_out_of_stock == pytest.approx(10)
    assert review.horizon == minute(20)


def test_the_review_s_stock_equals_the_board_s_available_at_every_moment(store: Engine
                                                                          ) -> None:
    review = review_session(store, session_id=SESSION_ID, at=END, with_forecast=False)
    stock = review.availability

    for m in range(0, 61, 5):
        board = board_at(store, session_id=SESSION_ID, at=minute(m))
        for row in board.products:
            mine = stock[(stock["sku"] == row.sku) & (stock["ts"] <= minute(m))]
            assert int(mine["available"].iloc[-1]) == row.available, (m, row.sku)


def test_unrecorded_lights_are_the_board_replayed_every_five_minutes(store: Engine) -> None:
    bands = light_timeline(store, session_id=SESSION_ID, at=END)

    assert set(bands["source"]) == {"replayed"}
    for m in (0, 15, 35, 55):
        board = board_at(store, session_id=SESSION_ID, at=minute(m))
        for row in board.products:
            band = bands[(bands["sku"] == row.sku) & (bands["begin"] <= minute(m))
                         & (bands["end"] > minute(m))]
            assert band["light"].tolist() == [row.light.value], (m, row.sku)
    assert bands["end"].max() == END


def test_lights_the_board_recorded_live_are_what_the_review_shows(store: Engine) -> None:
    recorded = {}
    for m in range(0, 60, 2):  # a console open all stream, refreshing every 2 minutes
        board = board_at(store, session_id=SESSION_ID, at=minute(m), record=True)
        recorded[m] = {row.sku: row.light.value for row in board.products}

    bands = light_timeline(store, session_id=SESSION_ID, at=END)

    assert set(bands["source"]) == {"recorded"}
    for m, lights in recorded.items():
        for sku, light in lights.items():
            band = bands[(bands["sku"] == sku) & (bands["begin"] <= minute(m))
                         & (bands["end"] > minute(m))]
            assert band["light"].tolist() == [light], (m, sku)
    assert (bands["light"] == "presale").any()  # TRIPOD sold out on air


def test_an_unknown_session_is_a_clear_error(store: Engine) -> None:
    with pytest.raises(NotFound, match="NOPE"):
        review_session(store, session_id="NOPE")


@pytest.fixture
def file_store(tmp_path: Path) -> str:
    url = f"sqlite:///{tmp_path / 'review.db'}"
    engine = make_engine(url)
    create_schema(engine)
    build_review_store(engine)
    engine.dispose()
    return url


def test_the_review_command_prints_the_json(file_store: str) -> None:
    result = CliRunner().invoke(app, ["review", "--session", SESSION_ID, "--json",
                                      "--db", file_store])

    assert result.exit_code == 0, result.output
    body = json.loads(result.stdout)
    assert body["session_id"] == SESSION_ID
    assert {p["sku"]: p["lost_units"] for p in body["products"]} == {
        "TRIPOD": 30.0, "RING": 10.0, "LED5": 0.0, "LED10": 0.0}
    assert body["ab_tests"][0]["winner"] == "LED10"


def test_the_review_command_refuses_an_unknown_session_in_one_line(file_store: str) -> None:
    result = CliRunner().invoke(app, ["review", "--session", "NOPE", "--db", file_store])

    assert result.exit_code == 1
    assert result.stderr.strip().count("\n") == 0
    assert "no session 'NOPE'" in result.stderr


def test_the_review_command_writes_the_tables_and_the_report(file_store: str,
                                                             tmp_path: Path) -> None:
    out = tmp_path / "out"
    report = tmp_path / "review.html"

    result = CliRunner().invoke(app, ["review", "--session", SESSION_ID, "--csv", str(out),
                                      "--html", str(report), "--lang", "en",
                                      "--db", file_store])

    assert result.exit_code == 0, result.output
    products = pd.read_csv(out / "review_products.csv")
    assert products.set_index("sku").at["TRIPOD", "ran_out_at"] == "2026-11-20T20:30:00+00:00"
    assert set(pd.read_csv(out / "review_ab_tests.csv")["sku"]) == {"LED5", "LED10"}
    assert len(pd.read_csv(out / "review_lights.csv")) > 0
    page = report.read_text(encoding="utf-8")
    assert "Review · Review test stream" in page
    assert "LED10 wins" in page
    # Works offline: plotly.js inline, nothing fetched.
    assert "<script src=" not in page and "<link" not in page
    assert "Plotly.newPlot" in page
    assert page.count('class="plotly-graph-div"') >= 4


def test_a_review_is_fixed_history_later_sessions_never_change_it(store: Engine) -> None:
    # RING labelled here and, at another price, in a later stream: a price test across
    # sessions that pooled the later one would change this review.
    with Session(store) as db:
        ring = db.get(LineupItem, (SESSION_ID, "RING"))
        assert ring is not None
        ring.variant = "A"
        db.add(LiveSession(session_id="REV-2", title="later", platform="tiktok", market="US",
                           warmup_start=None, start=END + timedelta(days=2),
                           end=END + timedelta(days=2, hours=1), traffic="organic"))
        db.flush()
        db.add(LineupItem(session_id="REV-2", sku="RING", slot=1, price=29.0, variant="B"))
        db.commit()

    at_end = review_session(store, session_id=SESSION_ID, at=END, with_forecast=False)
    later = review_session(store, session_id=SESSION_ID, at=END + timedelta(days=5),
                           with_forecast=False)

    assert later.to_json() == at_end.to_json()


def test_the_forecast_learns_a_sold_out_product_from_its_demand_not_its_sales(
        store: Engine) -> None:
    with store.connect() as conn:
        exposure = forecast_reads.forecast_history(conn=conn,
                                                   until=END + timedelta(days=1)).exposure
    share = dict(zip(exposure["sku"], exposure["in_stock"], strict=True))

    # TRIPOD: 30 orders, 30 more wanted while out (its clicks): half its demand met stock.
    assert share["TRIPOD"] == pytest.approx(0.5)
    assert share["LED10"] == 1.0
