"""The live board against a real store: what counts as available, replays, recorded alerts,
the default session and its clock (SQLite, and PostgreSQL when LIVESTOCK_TEST_PG is set)."""

from __future__ import annotations

import threading
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import Engine, func, select
from sqlmodel import Session

from core.board.model import Light, SessionStatus, pace_remaining_demand
from core.board.service import (
    board_at,
    boards_at,
    current_session,
    recent_alerts,
    session_clock,
)
from core.common.errors import LiveStockError, NotFound
from core.common.settings import Settings
from core.store.db import make_engine
from core.store.models import (
    Alert,
    Lane,
    LightRecord,
    SimClock,
)
from core.store.schema import create_schema
from core.store.settings_store import save_settings
from tests.store.live_builders import START, StoreBuilder, minutes


@pytest.fixture
def store(engine: Engine) -> StoreBuilder:
    """A 2-hour US stream S1 from START selling SKU-1 (30 counted an hour before) beside
    its substitute SKU-2 (500 in stock, not in the lineup); a German warehouse too."""
    s = StoreBuilder(engine).warehouse().warehouse("DE-FBA", country="DE")
    s.product("SKU-1", group="lamps").product("SKU-2", group="lamps").session()
    s.lineup("SKU-1", 1).count("SKU-1", 30, at=minutes(-60)).count("SKU-2", 500, at=minutes(-60))
    return s


# --- what is available ------------------------------------------------------------------


def test_available_is_the_latest_count_less_reserved_less_the_orders_since(
        store: StoreBuilder) -> None:
    store.count("SKU-1", 40, reserved=4, at=minutes(-30))  # the later count wins: 36
    store.order("SKU-1", 9, at=minutes(-45))                # before that count: in it
    store.order("SKU-1", 5, at=minutes(5))
    store.order("SKU-1", 2, at=minutes(6), status="returned")  # a return still left
    store.order("SKU-1", 3, at=minutes(7), status="cancelled")

    assert store.row(minutes(10)).available == 36 - 5 - 2


def test_every_sale_without_a_warehouse_after_the_count_takes_stock_in_its_market(
        store: StoreBuilder) -> None:
    store.session("S0", start=START - timedelta(days=2))
    store.order("SKU-1", 4, at=minutes(3), warehouse_id=None)                  # counts
    store.order("SKU-1", 6, at=minutes(-70), warehouse_id=None)                # before count
    store.order("SKU-1", 7, at=minutes(4), warehouse_id=None, session_id="S0")  # other one
    store.order("SKU-1", 5, at=minutes(4), warehouse_id=None, session_id=None,
                market="US", platform="shopify")                               # off-stream
    store.order("SKU-1", 8, at=minutes(4), warehouse_id=None, session_id=None)  # no market
    store.order("SKU-1", 9, at=minutes(4), warehouse_id=None, session_id=None, market="DE")

    assert store.row(minutes(10)).available == 30 - 4 - 7 - 5


def test_stock_in_another_markets_warehouse_is_not_available(store: StoreBuilder) -> None:
    store.count("SKU-1", 900, at=minutes(-10), warehouse_id="DE-FBA")
    store.order("SKU-1", 3, at=minutes(2), warehouse_id="DE-FBA")

    assert store.row(minutes(10)).available == 30


def test_availability_never_goes_below_zero(store: StoreBuilder) -> None:
    store.order("SKU-1", 45, at=minutes(5))

    sold_out = store.row(minutes(10))

    assert sold_out.available == 0
    assert sold_out.light is Light.SWAP  # no lane, no lot: no date to promise
    assert sold_out.reason == ("sold out · no presale: no ship date to promise · "
                               "swap to Product SKU-2 (500 left)")


def test_inbound_is_not_available_until_a_count_takes_it_in(store: StoreBuilder) -> None:
    store.add(Lane(warehouse_id="US-3PL", mode="air", transit_days=8, transit_days_sd=1,
                   cost_unit=1, cost_shipment=50))
    store.order("SKU-1", 30, at=minutes(5))  # 3/min: 330 more expected
    store.inbound("SKU-1", 400, shipped=START - timedelta(days=20),
                  eta=START + timedelta(days=5))
    store.inbound("SKU-1", 50, shipped=START - timedelta(days=30),
                  eta=START - timedelta(days=2))  # arrived and counted (the -60 min count)
    store.inbound("SKU-1", 999, shipped=minutes(20), eta=START + timedelta(days=2))  # later

    presale = store.row(minutes(10))

    assert presale.available == 0
    assert presale.inbound_qty == 400
    assert presale.presale_ship_date == (START + timedelta(days=5)).date()


def test_without_inbound_the_presale_date_is_lead_time_plus_the_fastest_lane(
        store: StoreBuilder) -> None:
    store.add(Lane(warehouse_id="US-3PL", mode="sea", transit_days=35, transit_days_sd=3,
                   cost_unit=0.4, cost_shipment=300),
              Lane(warehouse_id="US-3PL", mode="air", transit_days=7.5, transit_days_sd=1,
                   cost_unit=3, cost_shipment=80),
              Lane(warehouse_id="DE-FBA", mode="express", transit_days=2, transit_days_sd=1,
                   cost_unit=9, cost_shipment=20))
    store.order("SKU-1", 30, at=minutes(5))

    # 7 days of supplier lead time + 8 (7.5 rounded up); the German express lane is no use.
    assert store.row(minutes(10)).presale_ship_date == (START + timedelta(days=15)).date()


# --- pace, swaps, KPIs --------------------------------------------------------------------


def test_pace_counts_the_last_window_of_this_session_only(store: StoreBuilder) -> None:
    store.lineup("SKU-2", 2)
    store.order("SKU-1", 10, at=minutes(2))    # outside the 10-minute window at minute 20
    store.order("SKU-1", 6, at=minutes(12))
    store.order("SKU-1", 4, at=minutes(19))
    store.order("SKU-2", 5, at=minutes(15), session_id=None)  # off-stream

    board = store.board(minutes(20))

    assert next(r for r in board.products if r.sku == "SKU-1").units_per_min == 1.0
    assert board.units_per_min == 1.0
    assert board.units_sold == 20
    assert board.revenue == pytest.approx(400)
    assert board.minutes_live == 20
    assert board.status is SessionStatus.LIVE


def test_a_product_running_short_swaps_to_its_in_stock_substitute(store: StoreBuilder) -> None:
    store.order("SKU-1", 18, at=minutes(8))  # 1.8/min, 12 left, 100 minutes to go

    swap = store.row(minutes(10))

    assert swap.light is Light.SWAP
    assert swap.swap_to == "SKU-2"
    assert swap.reason == "12 left · 1.8/min · out in 7 min · swap to Product SKU-2 (500 left)"


def test_before_the_stream_demand_comes_from_past_sessions(store: StoreBuilder) -> None:
    store.session("S0", start=START - timedelta(days=3), length_min=60)
    store.lineup("SKU-1", 1, session_id="S0")
    store.order("SKU-1", 30, at=START - timedelta(days=3) + timedelta(minutes=30),
                session_id="S0")  # 0.5 per stream minute

    warmup = store.row(minutes(-30))

    assert warmup.available == 30  # S0's order came before the count
    assert warmup.remaining_demand == pytest.approx(60)  # 0.5 x 120 minutes
    assert warmup.light is Light.SWAP


# --- replays ------------------------------------------------------------------------------


def test_a_replay_gives_the_same_board_every_time_whatever_is_written_later(
        store: StoreBuilder) -> None:
    store.order("SKU-1", 8, at=minutes(5))
    store.viewers(900, at=minutes(5))
    before = store.board(minutes(10)).to_json()

    store.order("SKU-1", 20, at=minutes(12))
    store.count("SKU-1", 3, at=minutes(11))
    store.viewers(5000, at=minutes(11))
    store.inbound("SKU-1", 500, shipped=minutes(11), eta=START + timedelta(days=3))

    assert store.board(minutes(10)).to_json() == before
    assert store.board(minutes(10)).to_json() == before
    assert store.board(minutes(13)).to_json() != before


def test_an_unknown_session_is_not_found(store: StoreBuilder) -> None:
    with pytest.raises(NotFound, match="no session 'NOPE'"):
        board_at(store.engine, session_id="NOPE", at=minutes(0))


def test_a_moment_without_a_time_zone_is_refused(store: StoreBuilder) -> None:
    with pytest.raises(LiveStockError, match="needs a time zone offset"):
        board_at(store.engine, session_id="S1", at=datetime(2026, 11, 27, 12, 10))


def test_a_session_without_a_lineup_has_an_empty_board(store: StoreBuilder) -> None:
    store.session("EMPTY", start=START + timedelta(days=1))

    board = board_at(store.engine, session_id="EMPTY", at=START)

    assert board.products == ()
    assert (board.status, board.units_sold, board.viewers) == (SessionStatus.SCHEDULED, 0, None)


# --- tiers and expected viewers -------------------------------------------------------------


def test_a_warmup_surge_above_past_sessions_lifts_the_tier_to_live(store: StoreBuilder) -> None:
    for days, audience in ((7, 800), (14, 1200)):
        sid = f"P{days}"
        store.session(sid, start=START - timedelta(days=days))
        store.viewers(audience, at=START - timedelta(days=days, minutes=32), session_id=sid)
    store.viewers(1400, at=minutes(-31))

    calm = store.board(minutes(-30))
    store.viewers(1600, at=minutes(-20))
    surging = store.board(minutes(-20))

    assert calm.expected_viewers == pytest.approx(1000)  # past sessions 30 minutes before
    assert (calm.status, calm.viewers, calm.tier) == (SessionStatus.WARMUP, 1400, "warmup")
    assert (surging.viewers, surging.tier) == (1600, "live")  # 1,600 > 1,000 x 1.5


# --- recorded alerts --------------------------------------------------------------------------


def alerts(engine: Engine, kind: str | None = None) -> list[Alert]:
    with Session(engine) as session:
        stmt = select(Alert).order_by(Alert.ts, Alert.id)  # type: ignore[arg-type]
        if kind is not None:
            stmt = stmt.where(Alert.kind == kind)  # type: ignore[arg-type]
        return list(session.execute(stmt).scalars())


def test_recording_writes_one_alert_per_light_change_not_one_per_refresh(
        store: StoreBuilder) -> None:
    store.add(Lane(warehouse_id="US-3PL", mode="air", transit_days=8, transit_days_sd=1,
                   cost_unit=1, cost_shipment=50))  # a date to promise: presale may show
    for second in (0, 2, 4):
        store.board(minutes(1) + timedelta(seconds=second), record=True)  # PUSH
    store.order("SKU-1", 18, at=minutes(8))
    for second in (0, 2, 4):
        store.board(minutes(10) + timedelta(seconds=second), record=True)  # SWAP
    store.order("SKU-1", 12, at=minutes(11))
    store.board(minutes(12), record=True)  # PRESALE
    store.board(minutes(12), record=True)

    light_changes = [(a.sku, a.old_value, a.new_value) for a in alerts(store.engine, "light")]
    with Session(store.engine) as session:
        records = session.execute(select(func.count()).select_from(LightRecord)).scalar()
    assert light_changes == [("SKU-1", "push", "swap"), ("SKU-1", "swap", "presale")]
    assert records == 3


def test_the_tier_alert_is_written_once_when_the_session_goes_live(store: StoreBuilder) -> None:
    store.board(minutes(-200), record=True)  # scheduled: daily, nothing to say
    store.board(minutes(-60), record=True)
    store.board(minutes(-59), record=True)
    store.board(minutes(1), record=True)
    store.board(minutes(2), record=True)

    tiers = [(a.old_value, a.new_value) for a in alerts(store.engine, "tier")]
    assert tiers == [("daily", "warmup"), ("warmup", "live")]


def test_a_warehouse_below_safety_stock_is_alerted_once(store: StoreBuilder) -> None:
    save_settings(store.engine, Settings(tier_live_days=15))
    store.session("S0", start=START - timedelta(days=10))
    store.order("SKU-1", 56, at=START - timedelta(days=10), session_id="S0")

    store.board(minutes(1), record=True)  # 30 left, safety 15 x 56 / 30 = 28
    store.order("SKU-1", 4, at=minutes(3))
    store.board(minutes(4), record=True)  # 26 left, safety 15 x 60 / 30 = 30
    store.board(minutes(5), record=True)

    safety = alerts(store.engine, "safety")
    assert [(a.ts, a.sku, a.warehouse_id, a.old_value, a.new_value) for a in safety] == [
        (minutes(4), "SKU-1", "US-3PL", "30", "26")]
    assert safety[0].message == "SKU-1 at US-3PL: 26 left, below safety stock 30"


def test_recent_alerts_come_newest_first_in_both_languages(store: StoreBuilder) -> None:
    store.board(minutes(-60), record=True)
    store.board(minutes(1), record=True)
    store.order("SKU-1", 18, at=minutes(8))
    store.board(minutes(10), record=True)

    latest = recent_alerts(store.engine, session_id="S1")
    until_start = recent_alerts(store.engine, session_id="S1", until=minutes(0))
    one = recent_alerts(store.engine, session_id="S1", limit=1)

    assert [a.kind for a in latest] == ["swap_to", "light", "tier", "tier"]
    assert latest[0].message == "Product SKU-1: swap to Product SKU-2"
    assert latest[0].message_zh == "Product SKU-1：换成 Product SKU-2"
    assert latest[1].message == "SKU-1: PUSH → SWAP"
    assert latest[1].message_zh == "SKU-1：主推 → 换品"
    assert latest[2].message_zh == "备货档位升级：预热 → 直播"
    assert [a.kind for a in until_start] == ["tier"]
    assert one == latest[:1]


# --- the default session and its clock ----------------------------------------------------------


def test_the_default_session_is_the_live_one_else_the_next_else_the_latest(
        store: StoreBuilder) -> None:
    store.session("OLD", start=START - timedelta(days=7))
    store.session("NEXT", start=START + timedelta(days=1))

    assert current_session(store.engine, at=minutes(30)) == "S1"
    assert current_session(store.engine, at=minutes(-30)) == "S1"
    assert current_session(store.engine, at=minutes(150)) == "NEXT"
    assert current_session(store.engine, at=START + timedelta(days=2)) == "NEXT"
    assert current_session(store.engine, at=START - timedelta(days=8)) == "OLD"


def test_a_running_simulation_is_the_default_session_and_sets_its_clock(
        store: StoreBuilder) -> None:
    store.session("SIM", start=START + timedelta(days=30))
    sim_now = START + timedelta(days=30, minutes=15)
    store.add(SimClock(session_id="SIM", sim_now=sim_now, wall_now=datetime.now(UTC),
                       speed=10))

    assert current_session(store.engine) == "SIM"
    assert session_clock(store.engine, session_id="SIM") == sim_now
    assert board_at(store.engine, session_id="SIM").at == sim_now


def test_a_finished_simulation_of_a_past_stream_leaves_the_board_on_the_wall_clock(
        store: StoreBuilder) -> None:
    past_start = datetime.now(UTC) - timedelta(days=3)
    store.session("PAST", start=past_start)
    store.add(SimClock(session_id="PAST", sim_now=past_start + timedelta(minutes=120),
                       wall_now=datetime.now(UTC), speed=10, finished=True))
    before = datetime.now(UTC)

    assert session_clock(store.engine, session_id="PAST") >= before
    with pytest.raises(NotFound):
        session_clock(store.engine, session_id="NOPE")


def test_a_finished_simulation_played_ahead_of_time_keeps_the_board_on_its_last_moment(
        store: StoreBuilder) -> None:
    ahead = datetime.now(UTC) + timedelta(days=2)
    store.session("AHEAD", start=ahead)
    store.add(SimClock(session_id="AHEAD", sim_now=ahead + timedelta(minutes=180),
                       wall_now=datetime.now(UTC), speed=36, finished=True))

    assert session_clock(store.engine, session_id="AHEAD") == ahead + timedelta(minutes=180)


def test_two_consoles_recording_at_once_write_each_change_once(tmp_path: Path) -> None:
    engine = make_engine(f"sqlite:///{tmp_path / 'store.db'}")
    create_schema(engine)
    s = StoreBuilder(engine).warehouse().product("SKU-1").session().lineup("SKU-1", 1)
    s.count("SKU-1", 30, at=minutes(-60)).order("SKU-1", 18, at=minutes(8))
    consoles = [make_engine(f"sqlite:///{tmp_path / 'store.db'}") for _ in range(2)]
    errors: list[BaseException] = []

    def refresh(console: Engine, start: threading.Barrier) -> None:
        try:
            for at in (minutes(-60), minutes(1), minutes(10), minutes(10)):
                start.wait(timeout=30)
                board_at(console, session_id="S1", at=at, record=True)
        except BaseException as error:  # reported below, with the other console's
            errors.append(error)
            start.abort()  # release the other console rather than leave it waiting

    barrier = threading.Barrier(2)
    threads = [threading.Thread(target=refresh, args=(c, barrier)) for c in consoles]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert errors == []
    kinds = [(a.kind, a.old_value, a.new_value) for a in alerts(engine)]
    assert kinds == [("tier", "daily", "warmup"), ("tier", "warmup", "live"),
                     ("light", "push", "swap")]  # SKU-1 has no substitute to swap to
    for console in [*consoles, engine]:
        console.dispose()


def test_a_light_that_flickers_holds_and_the_same_moment_replays_the_same(
        store: StoreBuilder) -> None:
    # 20 of 30 sold at minute 8: the rules say PRESALE at 8 and 9 (4 and 4.5 minutes of
    # stock at the pace then), SWAP at 10 (5 minutes); the board holds PRESALE (an air
    # lane gives presale a date to promise).
    store.add(Lane(warehouse_id="US-3PL", mode="air", transit_days=8, transit_days_sd=1,
                   cost_unit=1, cost_shipment=50))
    store.order("SKU-1", 20, at=minutes(8))

    calm = store.row(minutes(10))
    again = store.row(minutes(10))
    jumpy = store.row(minutes(10), settings=Settings(light_hold_minutes=0))

    assert calm.light is Light.PRESALE and again == calm
    assert jumpy.light is Light.SWAP


def test_a_timeline_of_boards_from_one_replay_shows_each_moment_as_the_console_did(
        store: StoreBuilder) -> None:
    store.order("SKU-1", 20, at=minutes(8)).order("SKU-1", 5, at=minutes(31))
    moments = [minutes(m) for m in (0, 5, 10, 15, 30, 45)]

    series = boards_at(store.engine, session_id="S1", moments=moments,
                       demand_for=lambda _: pace_remaining_demand)

    assert [[row.to_json() for row in b.products] for b in series] == [
        [row.to_json() for row in store.board(m).products] for m in moments]
