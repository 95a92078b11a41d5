"""A finished stream's review, kept beside the store (`core.review.service`): computed once,
read back the same while its own data is unchanged, computed again when it changes (a late
cancellation, a recount inside its window), never changed by streams that ended after it,
and never kept while the stream is live. Each test counts the computations and compares
the kept answer with one computed without any cache."""

from __future__ import annotations

import os
import time
from dataclasses import replace
from datetime import datetime, timedelta
from pathlib import Path

import pandas as pd
import pytest
from sqlalchemy import Engine, select, update
from sqlmodel import Session

from cli.keep_ahead import keep_ahead, keep_behind, keep_reviews
from cli.processes import stop_process
from core.review import service as review_service
from core.review.model import SessionReview
from core.review.service import ended_sessions, keep_review, light_timeline, review_session
from core.store.models import FunnelSample, LineupItem, LiveSession, OrderLine, StockCount, table_of
from core.store.results_cache import RESULTS_ENV, results_folder
from tests.store.kept.stores import counting

REVIEWED = "S010"  # make_history: an even session, so it streams in the US
LATER = "S012"
LAST = "S015"


@pytest.fixture
def computed(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """What was computed (not read back), in order: "review" and "lights"."""
    return counting(monkeypatch, review=(review_service, "review_of"),
                    lights=(review_service, "_light_bands"))


def window(engine: Engine, session_id: str) -> tuple[datetime, datetime]:
    with Session(engine) as db:
        session = db.get(LiveSession, session_id)
        assert session is not None
        return session.start, session.end


def later(engine: Engine) -> datetime:
    """A moment after every stream of the store has ended."""
    return window(engine, LAST)[1] + timedelta(days=1)


def fresh(engine: Engine, monkeypatch: pytest.MonkeyPatch, session_id: str,
          at: datetime) -> tuple[SessionReview, pd.DataFrame]:
    """The review and its light bands computed with no cache at all."""
    with monkeypatch.context() as off:
        off.setenv(RESULTS_ENV, "off")
        return (review_session(engine, session_id=session_id, at=at),
                light_timeline(engine, session_id=session_id, at=at))


def assert_same(review: SessionReview, expected: SessionReview) -> None:
    """Everything the page and the JSON show, field by field."""
    assert review.to_json() == expected.to_json()
    assert review.products == expected.products
    assert review.ab_tests == expected.ab_tests
    assert review.forecast_track == expected.forecast_track
    assert (review.currency, review.notes, review.at) == (expected.currency, expected.notes,
                                                          expected.at)
    for frame, other in ((review.viewers, expected.viewers), (review.sales, expected.sales),
                         (review.availability, expected.availability)):
        pd.testing.assert_frame_equal(frame, other)


def first_order_of(engine: Engine, session_id: str) -> tuple[str, str]:
    orders = table_of(OrderLine)
    with engine.connect() as conn:
        row = conn.execute(select(orders.c.order_id, orders.c.sku)
                           .where(orders.c.session_id == session_id)
                           .order_by(orders.c.ts, orders.c.order_id).limit(1)).one()
    return str(row.order_id), str(row.sku)


def test_a_finished_streams_review_is_computed_once_and_read_back_the_same(
        store: Engine, computed: list[str], monkeypatch: pytest.MonkeyPatch) -> None:
    at = later(store)

    first = review_session(store, session_id=REVIEWED, at=at)
    bands = light_timeline(store, session_id=REVIEWED, at=at)
    again = review_session(store, session_id=REVIEWED, at=at + timedelta(hours=1))
    bands_again = light_timeline(store, session_id=REVIEWED, at=at + timedelta(hours=1))

    assert computed == ["review", "lights"]
    expected, expected_bands = fresh(store, monkeypatch, REVIEWED, at)
    assert_same(first, expected)
    assert_same(again, replace(expected, at=at + timedelta(hours=1)))
    pd.testing.assert_frame_equal(bands, expected_bands)
    pd.testing.assert_frame_equal(bands_again, expected_bands)


@pytest.mark.parametrize("change", ["late cancellation", "recount in its window",
                                    "clicks in its window"])
def test_a_change_to_its_own_data_recomputes_the_review(
        store: Engine, computed: list[str], monkeypatch: pytest.MonkeyPatch,
        change: str) -> None:
    at = later(store)
    before = review_session(store, session_id=REVIEWED, at=at)
    start, end = window(store, REVIEWED)
    order_id, sku = first_order_of(store, REVIEWED)

    with store.begin() as conn:
        if change == "late cancellation":  # a re-import says the order was cancelled
            orders = table_of(OrderLine)
            conn.execute(update(orders).where(orders.c.order_id == order_id)
                         .values(status="cancelled"))
        elif change == "recount in its window":  # the shelf was found empty mid-stream
            conn.execute(table_of(StockCount).insert().values(
                sku=sku, warehouse_id="WH-US",
                counted_at=start + (end - start) / 2, on_hand=0, reserved=0))
        else:
            conn.execute(table_of(FunnelSample).insert().values(
                session_id=REVIEWED, sku=sku, ts=start + timedelta(minutes=7),
                impressions=500, clicks=120))
    after = review_session(store, session_id=REVIEWED, at=at)

    assert computed == ["review", "review"]
    assert_same(after, fresh(store, monkeypatch, REVIEWED, at)[0])
    if change != "clicks in its window":
        assert after.to_json() != before.to_json()


def test_a_stream_that_ended_after_it_never_changes_the_kept_review(
        store: Engine, computed: list[str]) -> None:
    at = later(store)
    before = review_session(store, session_id=REVIEWED, at=at)
    _, end = window(store, REVIEWED)
    later_start, _ = window(store, LATER)
    lineup = table_of(LineupItem)
    with store.connect() as conn:
        sku = conn.execute(select(lineup.c.sku).where(lineup.c.session_id == LATER)
                           .order_by(lineup.c.sku).limit(1)).scalar_one()

    with Session(store) as db:  # a later stream's late orders and a recount after the end
        db.add(OrderLine(order_id="LATER-1", sku=sku, ts=later_start + timedelta(minutes=3),
                         qty=40, unit_price=20.0, currency="USD", session_id=LATER,
                         warehouse_id=None, status="paid"))
        db.add(StockCount(sku=sku, warehouse_id="WH-US", counted_at=end + timedelta(hours=1),
                          on_hand=0, reserved=0))
        db.commit()
    after = review_session(store, session_id=REVIEWED, at=at)

    assert computed == ["review"]
    assert after.to_json() == before.to_json()


def test_a_live_stream_is_never_kept(store: Engine, computed: list[str]) -> None:
    start, end = window(store, REVIEWED)
    during = start + (end - start) / 2

    review_session(store, session_id=REVIEWED, at=during)
    review_session(store, session_id=REVIEWED, at=during)
    light_timeline(store, session_id=REVIEWED, at=during)
    light_timeline(store, session_id=REVIEWED, at=during)

    assert computed == ["review", "review", "lights", "lights"]
    folder = results_folder(store)
    assert folder is not None
    assert not list(folder.glob("review*"))
    assert not keep_review(store, REVIEWED, at=during)


def test_a_review_kept_ahead_is_read_back_by_the_page_and_the_command(
        store: Engine, computed: list[str]) -> None:
    at = later(store)
    steps: list[str] = []

    assert keep_review(store, REVIEWED, at=at, progress=steps.append)
    review_session(store, session_id=REVIEWED, at=at)
    page_first = review_session(store, session_id=REVIEWED, at=at, with_ab_tests=False)
    light_timeline(store, session_id=REVIEWED, at=at)

    assert steps == ["review", "lights"]
    assert computed == ["review", "lights"]
    assert page_first.to_json()["ab_tests"] == review_session(
        store, session_id=REVIEWED, at=at).to_json()["ab_tests"]


def test_the_page_review_without_ab_tests_has_the_same_products(
        store: Engine, monkeypatch: pytest.MonkeyPatch) -> None:
    start, end = window(store, REVIEWED)
    during = start + (end - start) / 2
    monkeypatch.setenv(RESULTS_ENV, "off")

    whole = review_session(store, session_id=REVIEWED, at=during)
    first = review_session(store, session_id=REVIEWED, at=during, with_ab_tests=False)

    assert first.products == whole.products
    assert first.ab_tests == ()


def test_loading_keeps_every_ended_streams_review_the_last_first(
        store: Engine, computed: list[str], monkeypatch: pytest.MonkeyPatch) -> None:
    at = later(store)
    ended = ended_sessions(store, at=at)

    kept = keep_ahead(store, at=at)
    computed_ahead = len(computed)
    for session_id in ended:  # what the page and `livestock review` ask for
        review_session(store, session_id=session_id, at=at)
        light_timeline(store, session_id=session_id, at=at)

    assert len(ended) == 16 and ended[0] == LAST
    assert kept[1:] == [f"the review of {LAST}", "the planning",
                        "the reviews of 15 earlier streams"]
    assert len(computed) == computed_ahead  # all 16 read back, none computed again
    for session_id in (REVIEWED, ended[-1]):
        expected, expected_bands = fresh(store, monkeypatch, session_id, at)
        assert_same(review_session(store, session_id=session_id, at=at), expected)
        pd.testing.assert_frame_equal(light_timeline(store, session_id=session_id, at=at),
                                      expected_bands)


def test_reviews_kept_by_worker_processes_are_read_back_here(
        store: Engine, computed: list[str], monkeypatch: pytest.MonkeyPatch) -> None:
    at = later(store)
    older = ended_sessions(store, at=at)[1:4]
    told: list[tuple[int, int]] = []

    count = keep_reviews(store, older, at=at, workers=2,
                         progress=lambda done, total: told.append((done, total)))
    for session_id in older:
        review_session(store, session_id=session_id, at=at)
        light_timeline(store, session_id=session_id, at=at)

    assert count == 3
    assert told == [(1, 3), (2, 3), (3, 3)]
    assert computed == []  # computed in the two workers, read back here
    expected, _ = fresh(store, monkeypatch, older[0], at)
    assert_same(review_session(store, session_id=older[0], at=at), expected)


def niced(pid: int, timeout: float = 60.0) -> bool:
    """Whether process `pid` was seen at the lowest CPU priority within `timeout`: the idle
    scheduling class, nice 19, and so its scheduling group where Linux groups processes by
    session (autogroup)."""
    group = Path(f"/proc/{pid}/autogroup")
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            if os.getpriority(os.PRIO_PROCESS, pid) == 19 and (
                    os.sched_getscheduler(pid) == os.SCHED_IDLE) and (
                    not group.exists() or group.read_text().split()[-1] == "19"):
                return True
        except (ProcessLookupError, FileNotFoundError):
            return False
        time.sleep(0.02)
    return False


def test_reviews_kept_behind_at_the_lowest_priority_are_read_back_here(
        store: Engine, computed: list[str], monkeypatch: pytest.MonkeyPatch,
        capfd: pytest.CaptureFixture[str]) -> None:
    # The demo keeps the earlier streams' reviews this way while its stream plays.
    at = later(store)
    older = ended_sessions(store, at=at)[1:4]

    process = keep_behind(store, older, at=at)
    assert process is not None
    seen_niced = niced(process.pid)
    assert process.wait(timeout=300) == 0
    for session_id in older:
        review_session(store, session_id=session_id, at=at)
        light_timeline(store, session_id=session_id, at=at)

    assert seen_niced
    assert "Kept the reviews of 3 earlier streams" in capfd.readouterr().out
    assert computed == []  # computed behind, read back here
    expected, expected_bands = fresh(store, monkeypatch, older[-1], at)
    assert_same(review_session(store, session_id=older[-1], at=at), expected)
    pd.testing.assert_frame_equal(light_timeline(store, session_id=older[-1], at=at),
                                  expected_bands)


def test_keeping_behind_stops_when_told_and_leaves_only_whole_results(store: Engine) -> None:
    at = later(store)
    process = keep_behind(store, ended_sessions(store, at=at)[1:], at=at)
    assert process is not None
    assert niced(process.pid)
    time.sleep(1.0)  # well into its work

    began = time.monotonic()
    stop_process(process, wait=5.0)

    assert process.returncode is not None and time.monotonic() - began < 5
    folder = results_folder(store)
    assert folder is not None
    assert not list(folder.rglob("*.tmp"))  # a result cut off is not left half written


def test_nothing_is_kept_behind_without_streams_or_a_place_to_keep(
        store: Engine, monkeypatch: pytest.MonkeyPatch) -> None:
    at = later(store)
    assert keep_behind(store, [], at=at) is None
    monkeypatch.setenv(RESULTS_ENV, "off")
    assert keep_behind(store, ended_sessions(store, at=at), at=at) is None


def test_the_demo_keeps_the_last_review_only(store: Engine, computed: list[str]) -> None:
    at = later(store)
    ended = ended_sessions(store, at=at)

    kept = keep_ahead(store, at=at, reviews="last")
    computed_ahead = len(computed)
    review_session(store, session_id=LAST, at=at)
    review_session(store, session_id=ended[1], at=at)

    assert not any("earlier streams" in part for part in kept)
    assert computed[computed_ahead:] == ["review"]  # the one before the last: computed now
