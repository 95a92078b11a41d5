"""Forecasts and planning results kept beside the store (`core.store.results_cache`): fitted
once, given back only while the data known at their moment is unchanged. Each test counts
the fits and compares the kept answer with one computed without any cache."""

from __future__ import annotations

from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import Engine, select, update
from sqlmodel import Session

from core.forecast import service as forecast_service
from core.forecast.service import forecast_moment, keep_board_forecast, session_forecast
from core.planning import service as planning_service
from core.planning.service import replenishment_plan
from core.store.db import make_engine
from core.store.models import (
    LineupItem,
    OrderLine,
    StockCount,
    ViewerSample,
    WebhookReceipt,
    table_of,
)
from core.store.results_cache import RESULTS_ENV, results_folder
from core.store.schema import create_schema
from tests.forecast_builders import make_history, write_store

TARGET = "S015"
PAST = "S010"


@pytest.fixture
def fits(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The sessions whose forecast was fitted (not read back), in order."""
    fitted: list[str] = []
    fit = forecast_service._fit_forecast

    def counted(engine: Engine, *, session_id: str, at: datetime) -> Any:
        fitted.append(session_id)
        return fit(engine, session_id=session_id, at=at)

    monkeypatch.setattr(forecast_service, "_fit_forecast", counted)
    return fitted


def start_of(engine: Engine, session_id: str) -> datetime:
    with engine.connect() as conn:
        start = forecast_service.h.session_start(conn=conn, session_id=session_id)
    assert start is not None
    return start


def fresh(engine: Engine, monkeypatch: pytest.MonkeyPatch, session_id: str,
          at: datetime) -> Any:
    """The forecast computed with no cache at all."""
    with monkeypatch.context() as off:
        off.setenv(RESULTS_ENV, "off")
        return session_forecast(engine, session_id=session_id, at=at).forecast


def add_order(engine: Engine, *, order_id: str, session_id: str, ts: datetime) -> None:
    """A big order of the session's first lineup product."""
    lineup = table_of(LineupItem)
    with engine.connect() as conn:
        sku = conn.execute(select(lineup.c.sku).where(lineup.c.session_id == session_id)
                           .order_by(lineup.c.sku).limit(1)).scalar_one()
    with Session(engine) as db:
        db.add(OrderLine(order_id=order_id, sku=sku, ts=ts, qty=40, unit_price=20.0,
                         currency="USD", session_id=session_id, warehouse_id=None,
                         status="paid"))
        db.commit()


def test_a_forecast_at_its_moment_is_fitted_once_and_read_back_the_same(
        store: Engine, fits: list[str], monkeypatch: pytest.MonkeyPatch) -> None:
    start = start_of(store, TARGET)

    first = session_forecast(store, session_id=TARGET, at=start)
    again = session_forecast(store, session_id=TARGET, at=start)

    assert fits == [TARGET]
    assert again.forecast == first.forecast == fresh(store, monkeypatch, TARGET, start)
    assert again.as_of == first.as_of and again.sold_units == first.sold_units


def test_an_order_of_a_past_session_loaded_late_refits_the_forecast(
        store: Engine, fits: list[str], monkeypatch: pytest.MonkeyPatch) -> None:
    start = start_of(store, TARGET)
    before = session_forecast(store, session_id=TARGET, at=start).forecast

    add_order(store, order_id="LATE-1", session_id=PAST,
              ts=start_of(store, PAST) + timedelta(minutes=30))
    after = session_forecast(store, session_id=TARGET, at=start).forecast

    assert fits == [TARGET, TARGET]
    assert after == fresh(store, monkeypatch, TARGET, start)
    assert after != before


def test_orders_stamped_after_the_forecast_moment_keep_the_forecast(
        store: Engine, fits: list[str]) -> None:
    start = start_of(store, TARGET)
    before = session_forecast(store, session_id=TARGET, at=start).forecast

    add_order(store, order_id="LIVE-1", session_id=TARGET, ts=start + timedelta(minutes=5))
    after = session_forecast(store, session_id=TARGET, at=start).forecast

    assert fits == [TARGET]
    assert after == before


@pytest.mark.parametrize("change", ["viewers", "cancellation", "stock count"])
def test_a_changed_past_row_refits_the_forecast(
        store: Engine, fits: list[str], monkeypatch: pytest.MonkeyPatch, change: str) -> None:
    start = start_of(store, TARGET)
    session_forecast(store, session_id=TARGET, at=start)
    past_start = start_of(store, PAST)

    with store.begin() as conn:
        if change == "viewers":  # a re-import corrects a past session's viewer samples
            samples = table_of(ViewerSample)
            conn.execute(update(samples).where(samples.c.session_id == PAST)
                         .values(viewers=samples.c.viewers * 2))
        elif change == "cancellation":  # a webhook cancels a past order, in place
            orders = table_of(OrderLine)
            first = conn.execute(orders.select().where(orders.c.session_id == PAST)
                                 .limit(1)).first()
            assert first is not None
            conn.execute(update(orders).where(orders.c.order_id == first.order_id)
                         .values(status="cancelled"))
            conn.execute(table_of(WebhookReceipt).insert().values(
                platform="shopify", delivery_id="D-1", received_at=past_start,
                topic="orders/cancelled", outcome="status", order_id=first.order_id))
        else:  # a recount before the moment
            conn.execute(table_of(StockCount).insert().values(
                sku="SKU-A", warehouse_id="WH-US", counted_at=past_start, on_hand=0,
                reserved=0))
    after = session_forecast(store, session_id=TARGET, at=start).forecast

    assert fits == [TARGET, TARGET]
    assert after == fresh(store, monkeypatch, TARGET, start)


def test_a_forecast_asked_between_moments_is_fitted_every_time(
        store: Engine, fits: list[str]) -> None:
    at = start_of(store, TARGET) - timedelta(minutes=7, seconds=3)  # not on the 15-min grid

    session_forecast(store, session_id=TARGET, at=at)
    session_forecast(store, session_id=TARGET, at=at)

    assert fits == [TARGET, TARGET]


@pytest.fixture
def replays(monkeypatch: pytest.MonkeyPatch) -> list[datetime]:
    """The moments the forecast's track record was replayed at (fitted, not read back)."""
    seen: list[datetime] = []
    replay = planning_service.kept_replay.__globals__["replay"]

    def counted(history: Any, *, until: Any, **kwargs: Any) -> Any:
        seen.append(until)
        return replay(history, until=until, **kwargs)

    monkeypatch.setattr(forecast_service, "replay", counted)
    return seen


def test_the_plan_reads_its_replay_back_until_an_order_comes_in(
        store: Engine, replays: list[datetime], monkeypatch: pytest.MonkeyPatch) -> None:
    at = start_of(store, TARGET) + timedelta(days=1)

    first = replenishment_plan(store, at=at)
    again = replenishment_plan(store, at=at)
    add_order(store, order_id="OFF-1", session_id=PAST, ts=at - timedelta(hours=1))
    after = replenishment_plan(store, at=at)
    with monkeypatch.context() as off:
        off.setenv(RESULTS_ENV, "off")
        uncached = replenishment_plan(store, at=at)

    assert len(replays) == 3  # first, after the order, and with no cache: never `again`
    assert again == first
    assert after == uncached


def test_an_in_memory_store_keeps_nothing_and_a_folder_it_cannot_write_only_costs_time(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    memory = make_engine("sqlite://")
    assert results_folder(memory) is None
    monkeypatch.setenv(RESULTS_ENV, str(tmp_path / "results"))
    assert results_folder(memory) is None

    blocked = tmp_path / "blocked"
    blocked.write_text("a file where the folder would go")
    monkeypatch.setenv(RESULTS_ENV, str(blocked))
    engine = make_engine(f"sqlite:///{tmp_path / 'shop.db'}")
    create_schema(engine)
    write_store(engine, make_history(sessions=16).history)
    start = start_of(engine, TARGET)

    assert session_forecast(engine, session_id=TARGET, at=start).forecast.products
    engine.dispose()


def test_the_plan_asked_again_later_over_the_same_data_reads_its_replay_back(
        store: Engine, replays: list[datetime], monkeypatch: pytest.MonkeyPatch) -> None:
    at = start_of(store, TARGET) + timedelta(days=1)

    first = replenishment_plan(store, at=at)
    later = replenishment_plan(store, at=at + timedelta(minutes=1))  # nothing new came in
    with monkeypatch.context() as off:
        off.setenv(RESULTS_ENV, "off")
        uncached = replenishment_plan(store, at=at + timedelta(minutes=1))

    assert len(replays) == 2  # first, and with no cache: never `later`
    assert later == uncached
    assert [line.sku for line in later] == [line.sku for line in first]


def test_a_cancellation_that_comes_in_between_two_plans_refits_the_second(
        store: Engine, replays: list[datetime], monkeypatch: pytest.MonkeyPatch) -> None:
    at = start_of(store, TARGET) + timedelta(days=1)
    orders = table_of(OrderLine)
    with store.begin() as conn:  # cancelled by a webhook that comes in half an hour after `at`
        first = conn.execute(orders.select().where(orders.c.session_id == PAST)
                             .order_by(orders.c.order_id).limit(1)).first()
        assert first is not None
        conn.execute(update(orders).where(orders.c.order_id == first.order_id)
                     .values(status="cancelled"))
        conn.execute(table_of(WebhookReceipt).insert().values(
            platform="shopify", delivery_id="D-late", received_at=at + timedelta(minutes=30),
            topic="orders/cancelled", outcome="status", order_id=first.order_id))

    replenishment_plan(store, at=at)
    after = replenishment_plan(store, at=at + timedelta(hours=1))
    with monkeypatch.context() as off:
        off.setenv(RESULTS_ENV, "off")
        uncached = replenishment_plan(store, at=at + timedelta(hours=1))

    assert len(replays) == 3  # the cancellation known at the second: fitted again
    assert after == uncached


def test_a_forecast_kept_ahead_is_what_the_board_reads_at_and_after_the_start(
        store: Engine, fits: list[str]) -> None:
    start = start_of(store, TARGET)

    assert keep_board_forecast(store, session_id=TARGET, at=start)
    assert fits == [TARGET]  # fitted once, ahead of any console
    for minutes in (0, 1, 47):  # the console's refreshes during the stream
        at = start + timedelta(minutes=minutes)
        session_forecast(store, session_id=TARGET,
                         at=forecast_moment(store, session_id=TARGET, at=at))

    assert fits == [TARGET]  # every refresh read it back


def add_viewers(engine: Engine, *, session_id: str, ts: datetime) -> None:
    with Session(engine) as db:
        db.add(ViewerSample(session_id=session_id, ts=ts, viewers=900, interactions=40,
                            source="simulate"))
        db.commit()


def test_the_streams_first_live_sample_at_its_start_keeps_the_forecast_kept_then(
        store: Engine, fits: list[str], monkeypatch: pytest.MonkeyPatch) -> None:
    # `livestock demo` keeps tonight's forecast at the start, then its simulator writes the
    # stream's first viewer sample stamped at the start: the board read it back, not refit.
    start = start_of(store, TARGET)
    samples = table_of(ViewerSample)
    with store.begin() as conn:  # the stream is about to start: no live sample yet
        conn.execute(samples.delete().where(samples.c.session_id == TARGET,
                                            samples.c.ts >= start))
    before = session_forecast(store, session_id=TARGET, at=start).forecast

    add_viewers(store, session_id=TARGET, ts=start)
    after = session_forecast(store, session_id=TARGET, at=start).forecast

    assert fits == [TARGET]
    assert after == before == fresh(store, monkeypatch, TARGET, start)


def test_a_warm_up_sample_before_the_start_refits_the_forecast(
        store: Engine, fits: list[str], monkeypatch: pytest.MonkeyPatch) -> None:
    start = start_of(store, TARGET)
    session_forecast(store, session_id=TARGET, at=start)

    add_viewers(store, session_id=TARGET, ts=start - timedelta(minutes=7, seconds=13))
    after = session_forecast(store, session_id=TARGET, at=start).forecast

    assert fits == [TARGET, TARGET]
    assert after == fresh(store, monkeypatch, TARGET, start)
