"""The review page over a store whose forecasts are kept beside it (`core.store.results_cache`):
a console opened later (a new server: Streamlit's caches empty) shows the forecast of the
data as it is now, never one kept from before a late order came in."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
import streamlit as st
from sqlalchemy import Engine, select
from sqlmodel import Session
from streamlit.testing.v1 import AppTest

from core.common.i18n import t
from core.forecast.service import session_forecast
from core.store.db import make_engine
from core.store.models import LineupItem, LiveSession, OrderLine, table_of
from core.store.results_cache import RESULTS_ENV, results_folder
from core.store.schema import create_schema
from tests.forecast_builders import make_history, write_store

APP = str(Path(__file__).resolve().parents[2] / "dashboard" / "app.py")
TARGET = "S015"
PAST = "S010"


@pytest.fixture
def store(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Engine]:
    """16 past streams in a temp file the app reads through LIVESTOCK_DB."""
    url = f"sqlite:///{tmp_path / 'kept.db'}"
    monkeypatch.setenv("LIVESTOCK_DB", url)
    monkeypatch.delenv(RESULTS_ENV, raising=False)
    new_server()
    engine = make_engine(url)
    create_schema(engine)
    write_store(engine, make_history(sessions=16).history)
    yield engine
    engine.dispose()
    new_server()


def new_server() -> None:
    """What a new `streamlit run` starts with: nothing cached in memory."""
    st.cache_data.clear()
    st.cache_resource.clear()


def forecast_dots(session_id: str) -> dict[str, float]:
    """The review's forecast dots, per SKU, as the page draws them."""
    app = AppTest.from_file(APP, default_timeout=120)
    app.query_params["lang"] = "en"
    app.query_params["session"] = session_id
    app.switch_page("views/review.py")
    app.run()
    assert not app.exception, [e.message for e in app.exception]
    for chart in app.get("plotly_chart"):
        for trace in json.loads(chart.proto.spec)["data"]:
            if trace.get("name") == t("review.chart.forecast", "en"):
                return dict(zip(trace["x"], trace["y"], strict=True))
    raise AssertionError("no forecast on the review page")


def fresh_forecast(engine: Engine, monkeypatch: pytest.MonkeyPatch) -> dict[str, Any]:
    with Session(engine) as db:
        target = db.get(LiveSession, TARGET)
        assert target is not None
        start = target.start
    with monkeypatch.context() as off:
        off.setenv(RESULTS_ENV, "off")
        forecast = session_forecast(engine, session_id=TARGET, at=start).forecast
    return {p.sku: pytest.approx(p.expected) for p in forecast.products}


def test_a_console_opened_after_a_late_order_shows_the_refitted_forecast(
        store: Engine, monkeypatch: pytest.MonkeyPatch) -> None:
    first = forecast_dots(TARGET)
    folder = results_folder(store)
    assert folder is not None and any(folder.glob("forecast-*.json"))  # kept for later
    lineup = table_of(LineupItem)
    with store.connect() as conn:
        sku = conn.execute(select(lineup.c.sku).where(lineup.c.session_id == PAST)
                           .order_by(lineup.c.sku).limit(1)).scalar_one()
    with Session(store) as db:
        past = db.get(LiveSession, PAST)
        assert past is not None
        db.add(OrderLine(order_id="LATE-1", sku=sku, ts=past.start + timedelta(minutes=30),
                         qty=40, unit_price=20.0, currency="USD", session_id=PAST,
                         status="paid"))
        db.commit()

    new_server()
    later = forecast_dots(TARGET)

    assert later == fresh_forecast(store, monkeypatch)
    assert later != first


def test_a_second_console_reads_the_kept_forecast_and_shows_the_same(
        store: Engine, monkeypatch: pytest.MonkeyPatch) -> None:
    first = forecast_dots(TARGET)
    new_server()

    assert forecast_dots(TARGET) == first == fresh_forecast(store, monkeypatch)
