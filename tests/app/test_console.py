"""The director's console as a new user works it (issue #14): every session pick counts,
looking never writes, user text never turns into markup. AppTest on a temp-file store."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
import streamlit as st
from sqlalchemy import Engine, func, select
from sqlmodel import Session
from streamlit.testing.v1 import AppTest

from core.common.timeutil import utc_now
from core.store.models import Alert, Lane, LightRecord, LiveSession, OrderLine, SimClock
from dashboard.render import format_when
from tests.app.livestore import SESSION_ID, add_orders, build_live_store
from tests.app.planstore import app_store
from tests.app.shown import shown
from tests.app.test_live_board import add_session, html, words
from tests.review_store import SESSION_ID as REVIEWED
from tests.review_store import build_review_store, minute

APP = str(Path(__file__).resolve().parents[2] / "dashboard" / "app.py")


@pytest.fixture
def store(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Engine]:
    with app_store(tmp_path, monkeypatch, name="console.db") as engine:
        build_live_store(engine, now=utc_now())
        add_session(engine, "PAST-1", "Singles Day replay", start_hours_ago=170, hours=2)
        yield engine


def open_page(page: str | None = None, **query: str) -> AppTest:
    app = AppTest.from_file(APP, default_timeout=60)
    for key, value in query.items():
        app.query_params[key] = value
    app.run()
    if page is not None:
        app.switch_page(page)
        app.run()
    assert not app.exception, [e.message for e in app.exception]
    return app


def history_rows(engine: Engine) -> tuple[int, int]:
    with Session(engine) as session:
        alerts = session.execute(select(func.count()).select_from(Alert)).scalar_one()
        lights = session.execute(select(func.count()).select_from(LightRecord)).scalar_one()
    return alerts, lights


def test_every_pick_on_the_live_board_is_honoured_not_every_second_one(store: Engine) -> None:
    app = open_page(lang="en")
    assert "Black Friday lights" in words(app)

    app.sidebar.selectbox[0].select("PAST-1").run()
    assert "Singles Day replay" in words(app) and "ENDED" in words(app)

    app.sidebar.selectbox[0].select(SESSION_ID).run()
    assert "Black Friday lights" in words(app) and "LIVE" in words(app)
    assert app.query_params["session"] == SESSION_ID

    app.sidebar.selectbox[0].select("PAST-1").run()
    assert "Singles Day replay" in words(app)


def test_every_pick_on_the_review_is_honoured_not_every_second_one(store: Engine) -> None:
    app = open_page("views/review.py", lang="en")
    assert app.title[0].value == "Review · Singles Day replay"  # the last ended stream

    app.sidebar.selectbox[0].select(SESSION_ID).run()
    assert app.title[0].value == "Review · Black Friday lights"

    app.sidebar.selectbox[0].select("PAST-1").run()
    assert app.title[0].value == "Review · Singles Day replay"
    assert app.query_params["session"] == "PAST-1"


def test_looking_at_a_past_sessions_board_prompter_or_review_records_nothing(
        store: Engine) -> None:
    before = history_rows(store)

    open_page(lang="en", session="PAST-1")
    open_page(lang="en", session="PAST-1", view="prompter")
    open_page("views/review.py", lang="en", session="PAST-1")

    assert history_rows(store) == before


def test_the_live_session_is_still_recorded_by_the_console_watching_it(store: Engine) -> None:
    before = history_rows(store)

    open_page(lang="en")

    assert history_rows(store)[1] > before[1]  # its lights, recorded once


def test_a_session_title_from_the_store_never_becomes_a_link_or_an_image(store: Engine) -> None:
    with Session(store) as session:
        past = session.get(LiveSession, "PAST-1")
        assert past is not None
        past.title = ("[Session expired, sign in again](http://evil.example/login) "
                      "![x](http://evil.example/ping.png) <b>bold</b>")
        past.platform = "[tiktok](http://evil.example)"
        session.add(past)
        session.commit()

    for app in (open_page(lang="en", session="PAST-1"),
                open_page("views/review.py", lang="en", session="PAST-1")):
        shown = [e.value for e in (*app.sidebar.caption, *app.caption, *app.markdown)]
        shown += [e.value for e in app.title]
        for text in shown:
            assert "](http" not in text, text
        assert "<b>bold</b>" not in html(app)


def test_a_session_in_the_url_is_named_without_becoming_markup(store: Engine) -> None:
    app = open_page(lang="en", session="[sign in](http://evil.example)")

    warning = app.sidebar.warning[0].value
    assert "](http" not in warning and "sign in" in warning


@pytest.mark.parametrize("content", [None, b"not a database at all\n"])
def test_a_missing_or_foreign_store_is_one_line_naming_it_and_the_command_that_makes_one(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, content: bytes | None) -> None:
    path = tmp_path / "livestock.db"
    if content is not None:
        path.write_bytes(content)
    monkeypatch.setenv("LIVESTOCK_DB", f"sqlite:///{path}")
    st.cache_data.clear()
    st.cache_resource.clear()

    for page in (None, "views/review.py", "views/planner.py", "views/warehouses.py"):
        app = open_page(page, lang="en")
        errors = [shown(e.value) for e in app.error]
        assert len(errors) == 1, (page, errors)
        assert str(path) in errors[0] and "livestock load DIR" in errors[0], (page, errors)
    assert path.exists() == (content is not None)  # looking never made an empty store


@pytest.fixture
def simulated(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[datetime]:
    """The live store's stream playing in a simulation held ten days ago (the demo's case:
    the store's clock is not the wall clock); yields the simulated now."""
    with app_store(tmp_path, monkeypatch, name="sim.db") as engine:
        held = (utc_now() - timedelta(days=10)).replace(microsecond=0)
        build_live_store(engine, now=held)
        with Session(engine) as session:
            session.add(SimClock(session_id=SESSION_ID, sim_now=held, wall_now=utc_now(),
                                 speed=1.0, finished=False))
            session.commit()
        yield held


@pytest.mark.parametrize("page", ["views/planner.py", "views/warehouses.py"])
def test_the_planner_and_warehouses_run_on_the_stores_clock_like_the_board(
        simulated: datetime, page: str) -> None:
    app = open_page(page, lang="en")

    as_of = shown(app.caption[0].value)
    assert format_when(simulated, UTC, "en") in as_of, as_of  # not today's date
    assert format_when(utc_now(), UTC, "en")[:6] not in as_of


def test_the_review_of_a_stream_still_live_stops_its_light_bands_at_now(
        simulated: datetime) -> None:
    app = open_page("views/review.py", lang="en", session=SESSION_ID)

    assert any("Still live" in info.value for info in app.info)
    timeline = json.loads(app.get("plotly_chart")[0].proto.spec)
    bands = [trace for trace in timeline["data"] if trace.get("orientation") == "h"]
    assert bands
    local_now = simulated.astimezone(UTC).replace(tzinfo=None)
    for trace in bands:
        for base, millis in zip(trace["base"], trace["x"], strict=True):
            end = datetime.fromisoformat(base) + timedelta(milliseconds=millis)
            assert end <= local_now + timedelta(seconds=1), (end, local_now)


def test_the_review_opens_on_the_stream_that_ended_last_by_the_stores_clock(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # The simulation holds the store ten days back: a stream that ended 12 days ago is the
    # last ended; one that ends 5 days ago by the wall clock hasn't happened yet.
    with app_store(tmp_path, monkeypatch, name="sim-review.db") as engine:
        held = (utc_now() - timedelta(days=10)).replace(microsecond=0)
        build_live_store(engine, now=held)
        add_session(engine, "ENDED-EARLIER", "Ended before the held moment",
                    start_hours_ago=12 * 24, hours=2)
        add_session(engine, "LATER-BY-WALL", "Ahead of the held moment",
                    start_hours_ago=5 * 24, hours=2)
        with Session(engine) as session:
            session.add(SimClock(session_id=SESSION_ID, sim_now=held, wall_now=utc_now(),
                                 speed=1.0, finished=False))
            session.commit()

        app = open_page("views/review.py", lang="en")

        assert app.sidebar.selectbox[0].value == "ENDED-EARLIER"


@pytest.fixture
def reviewed(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Engine]:
    """tests/review_store.py's ended stream, plus one order paid in yen and a sea lane."""
    with app_store(tmp_path, monkeypatch, name="review.db") as engine:
        build_review_store(engine)
        with Session(engine) as session:
            session.add(OrderLine(order_id="JP-1", sku="LED5", ts=minute(20), qty=1,
                                  unit_price=600.0, currency="JPY", session_id=REVIEWED,
                                  warehouse_id="US-3PL"))
            session.add(Lane(warehouse_id="US-3PL", mode="sea", transit_days=35,
                             transit_days_sd=4, cost_unit=0.8, cost_shipment=400))
            session.commit()
        yield engine


def test_money_in_several_currencies_is_summed_and_shown_per_currency(reviewed: Engine
                                                                      ) -> None:
    app = open_page("views/review.py", lang="en")

    gmv = {m.label: m.value for m in app.metric}["GMV"]
    # 30 x 15 + 10 x 39 + 40 x 19 + 60 x 29 = 3,340 dollars, and 600 yen on its own
    assert gmv == "$3,340 + ¥600", gmv


def test_the_board_shows_gmv_per_currency_too(store: Engine) -> None:
    add_orders(store, sku="RING", qty=1, at=utc_now() - timedelta(seconds=5),
               unit_price=600.0, currency="JPY")

    metrics = {m.label: m.value for m in open_page(lang="en").metric}

    assert metrics["GMV"] == "$960 + ¥600"  # never "600.00 JPY", the largest raw sum


def test_ab_headings_name_the_products_not_the_group_key(reviewed: Engine) -> None:
    app = open_page("views/review.py", lang="en")

    headings = [shown(m.value) for m in app.markdown if m.value.startswith("**")]
    assert headings == ["**LED5 product vs LED10 product**"], headings


def test_the_chinese_review_and_planner_translate_freight_modes_and_dates(
        reviewed: Engine) -> None:
    app = open_page("views/review.py", lang="zh")

    plans = [f.value for f in app.dataframe if "运输方式" in f.value.columns]
    modes = {mode for frame in plans for mode in frame["运输方式"]}
    assert modes and modes <= {"海运", "空运", "快递", "铁路", "卡车"}, modes

    app.switch_page("views/planner.py")
    app.run()
    chart = json.loads(app.get("plotly_chart")[0].proto.spec)
    assert chart["layout"]["xaxis"]["tickformat"] == "%-m月%-d日"


def test_the_timelines_second_axis_ticks_at_its_own_round_numbers(reviewed: Engine) -> None:
    app = open_page("views/review.py", lang="en")

    timeline = json.loads(app.get("plotly_chart")[0].proto.spec)
    per_minute = timeline["layout"]["yaxis2"]
    assert per_minute["overlaying"] == "y"
    assert per_minute["tickmode"] == "auto"  # not synced to the viewers' grid (15.1, 30.1)
