"""`livestock forecast` over a real store: contract fields, --at replays, backtest, errors."""

from __future__ import annotations

import json
from datetime import datetime, timedelta

import pytest
from sqlalchemy import Engine
from sqlmodel import Session, select
from typer.testing import CliRunner

from cli import app
from core.common.errors import LiveStockError, NotFound
from core.forecast.reads import forecast_history
from core.forecast.service import session_forecast
from core.planning.service import replenishment_plan
from core.store.db import make_engine
from core.store.models import LineupItem, LiveSession, OrderLine, WebhookReceipt
from core.store.schema import create_schema
from tests.forecast_builders import make_history, write_store

runner = CliRunner()


@pytest.fixture(scope="module")
def store_url(tmp_path_factory: pytest.TempPathFactory) -> str:
    """One file store for the module's read-only CLI tests."""
    url = f"sqlite:///{tmp_path_factory.mktemp('forecast') / 'store.db'}"
    engine = make_engine(url)
    create_schema(engine)
    write_store(engine, make_history(sessions=16).history)
    engine.dispose()
    return url


def run(*args: str) -> tuple[int, str]:
    result = runner.invoke(app, list(args))
    return result.exit_code, result.output


def test_forecast_json_gives_sku_low_expected_high_per_lineup_product(store_url: str) -> None:
    code, out = run("forecast", "--session", "S015", "--json", "--db", store_url)

    assert code == 0, out
    body = json.loads(out)
    assert body["session_id"] == "S015" and body["past_wape"] is not None
    assert body["products"] and all(list(p) == ["sku", "low", "expected", "high"]
                                    for p in body["products"])
    assert all(p["low"] <= p["expected"] <= p["high"] for p in body["products"])
    assert {p["sku"] for p in body["products"]} == {
        sku for sku in make_history(sessions=16).history.lineup.query(
            "session_id == 'S015'")["sku"]}


def test_the_text_forecast_says_how_good_past_forecasts_were(store_url: str) -> None:
    code, out = run("forecast", "--session", "S015", "--db", store_url)
    assert code == 0, out
    assert "WAPE" in out and "expected viewers" in out


def test_forecast_at_a_moment_is_the_same_however_much_comes_later(engine: Engine) -> None:
    write_store(engine, make_history(sessions=16).history)
    start = make_history(sessions=16).history.sessions.iloc[12]["start"].to_pydatetime()
    at = start - timedelta(hours=1)
    before = session_forecast(engine, session_id="S012", at=at).forecast
    with Session(engine) as db:  # a big order for a later session arrives afterwards
        db.add(OrderLine(order_id="late", sku="SKU-A", ts=start + timedelta(days=10), qty=900,
                         unit_price=1.0, currency="USD", session_id="S015"))
        db.commit()

    again = session_forecast(engine, session_id="S012", at=at).forecast

    assert [p.to_json() for p in again.products] == [p.to_json() for p in before.products]
    assert before.viewers_basis == "warm-up"


def test_before_the_warm_up_the_forecast_rests_on_past_sessions(engine: Engine) -> None:
    history = make_history(sessions=12).history
    write_store(engine, history)
    warmup = history.sessions.iloc[11]["warmup_start"].to_pydatetime()

    result = session_forecast(engine, session_id="S011", at=warmup - timedelta(minutes=5))

    assert result.forecast.viewers_basis == "past sessions"
    assert result.as_of == warmup - timedelta(minutes=5)


def test_an_unknown_session_is_named_in_the_error(store_url: str) -> None:
    code, out = run("forecast", "--session", "NOPE", "--db", store_url)
    assert code == 1 and "NOPE" in out


def test_a_store_without_past_sessions_says_there_is_nothing_to_learn_from(
        engine: Engine) -> None:
    write_store(engine, make_history(sessions=1).history)
    with pytest.raises(LiveStockError, match="no session ended before"):
        session_forecast(engine, session_id="S000")
    with pytest.raises(NotFound):
        session_forecast(engine, session_id="S999")


def test_forecast_needs_exactly_one_of_session_and_backtest(store_url: str) -> None:
    assert run("forecast", "--db", store_url)[0] == 1
    assert run("forecast", "--session", "S001", "--backtest", "--db", store_url)[0] == 1


def test_the_backtest_beats_both_naive_baselines(store_url: str) -> None:
    code, out = run("forecast", "--backtest", "--json", "--db", store_url)

    assert code == 0, out
    methods = {m["method"]: m for m in json.loads(out)["methods"]}
    ours = methods["livestock"]["wape"]
    assert ours < methods["last session"]["wape"]
    assert ours < methods["mean of past sessions"]["wape"]
    assert 0.5 <= methods["livestock"]["coverage"] <= 1.0


def test_the_backtest_text_reports_how_much_lower_our_error_is(store_url: str) -> None:
    code, out = run("forecast", "--backtest", "--db", store_url)
    assert code == 0, out
    assert "vs last session: WAPE" in out and "lower" in out


def test_the_board_seam_gives_the_forecast_before_the_stream(engine: Engine) -> None:
    from core.board.model import ProductFacts, SessionFacts
    from core.forecast.service import forecast_demand_for, forecast_moment

    history = make_history(sessions=12).history
    write_store(engine, history)
    row = history.sessions.iloc[11]
    at = row["start"].to_pydatetime() - timedelta(minutes=10)
    moment = forecast_moment(engine, session_id="S011", at=at)
    expected = {p.sku: p.expected
                for p in session_forecast(engine, session_id="S011", at=moment).forecast.products}

    demand = forecast_demand_for(engine, session_id="S011", at=at)
    facts = SessionFacts(session_id="S011", title="t", market=row["market"],
                         warmup_start=row["warmup_start"].to_pydatetime(),
                         start=row["start"].to_pydatetime(), end=row["end"].to_pydatetime(),
                         at=at)
    products = [ProductFacts(sku=sku, name=sku, slot=1, substitute_group=None,
                             presale_allowed=True, supplier_lead_days=5, available=10)
                for sku in expected]

    assert demand(facts, products) == pytest.approx(expected)


def test_the_boards_forecast_moves_every_quarter_hour_of_the_warm_up_and_never_once_live(
        engine: Engine) -> None:
    from core.forecast.service import forecast_moment

    history = make_history(sessions=12).history
    write_store(engine, history)
    start = history.sessions.iloc[11]["start"].to_pydatetime()
    warmup_moment = start - timedelta(minutes=22, seconds=31)

    floored = forecast_moment(engine, session_id="S011", at=warmup_moment)

    assert floored <= warmup_moment < floored + timedelta(minutes=15)
    assert floored.minute % 15 == 0 and floored.second == 0
    assert forecast_moment(engine, session_id="S011", at=warmup_moment
                           + timedelta(seconds=20)) == floored
    for minutes_live in (0, 1, 90):
        assert forecast_moment(engine, session_id="S011",
                               at=start + timedelta(minutes=minutes_live)) == start


def test_the_console_board_takes_its_demand_from_the_forecast_of_the_quarter_hour(
        engine: Engine) -> None:
    from core.board.model import DemandEstimate
    from core.board.service import board_at, board_with_forecast
    from core.forecast.service import forecast_demand_for

    history = make_history(sessions=12).history
    write_store(engine, history)
    start = history.sessions.iloc[11]["start"].to_pydatetime()
    at = start - timedelta(minutes=22, seconds=31)
    asked: list[datetime] = []

    def demand_for(moment: datetime) -> DemandEstimate:
        asked.append(moment)
        return forecast_demand_for(engine, session_id="S011", at=moment)

    board = board_with_forecast(engine, session_id="S011", at=at, demand_for=demand_for)

    assert len(asked) == 1 and asked[0].minute % 15 == 0 and asked[0] <= at
    by_hand = board_at(engine, session_id="S011", at=at,
                       demand=forecast_demand_for(engine, session_id="S011", at=at))
    assert board == by_hand
    assert board == board_with_forecast(engine, session_id="S011", at=at)


def test_an_order_cancelled_after_the_moment_still_counts_as_sold_then(engine: Engine) -> None:
    history = make_history(sessions=6).history
    write_store(engine, history)
    end = history.sessions.iloc[0]["end"].to_pydatetime()
    with Session(engine) as db:
        order = db.exec(select(OrderLine).where(OrderLine.session_id == "S000")).first()
        assert order is not None
        order.status = "cancelled"  # TikTok said so a week after the stream
        db.add(WebhookReceipt(platform="tiktok", delivery_id="d1",
                              received_at=end + timedelta(days=7), topic="order_status",
                              outcome="status", order_id=order.order_id, lines=1))
        db.commit()
        sku = order.sku

    def units_then(at: datetime) -> float:
        with engine.connect() as conn:
            sales = forecast_history(conn=conn, until=at).sales
        mine = sales[(sales["session_id"] == "S000") & (sales["sku"] == sku)]
        return float(mine["units"].sum())

    assert units_then(end + timedelta(days=1)) == units_then(end + timedelta(days=8)) + 1


def test_an_events_expected_viewers_drive_its_forecast_and_its_tier_in_the_plan(
        engine: Engine) -> None:
    history = make_history(sessions=12).history
    write_store(engine, history)
    last = history.sessions.iloc[-1]
    start = last["end"].to_pydatetime() + timedelta(days=20)
    with Session(engine) as db:
        db.add(LiveSession(session_id="EVENT", title="11.11", platform="tiktok", market="US",
                           warmup_start=start - timedelta(days=3), start=start,
                           end=start + timedelta(hours=2), traffic="paid",
                           expected_viewers=60_000))
        db.flush()
        db.add(LineupItem(session_id="EVENT", sku="SKU-A", slot=1, price=20.0))
        db.commit()
    at = start - timedelta(days=15)  # a lead time ahead, before the warm-up

    forecast = session_forecast(engine, session_id="EVENT", at=at).forecast
    tiers = {line.warehouse_id: line.tier
             for line in replenishment_plan(engine, at=at) if line.sku == "SKU-A"}

    assert forecast.viewers_basis == "team"
    assert forecast.expected_viewers == pytest.approx(60_000)
    # the US event is stocked from the US warehouse; the German one can't ship it
    assert tiers == {"WH-US": "live", "WH-DE": "daily"}
