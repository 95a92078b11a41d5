"""The console keeps every ended stream's review ahead in the background (dashboard/
keep_reviews.py), newest first: afterwards each review is read back, not computed."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import Engine

from core.review import service as review_service
from core.review.service import light_timeline, review_session
from core.store.results_cache import RESULTS_ENV
from dashboard.keep_reviews import ended_newest_first, keep_ended_reviews
from tests.store.kept.stores import counting
from tests.store.kept.test_kept_review import window


def test_every_ended_review_is_kept_newest_first_and_then_read_back(
        store: Engine, monkeypatch: pytest.MonkeyPatch) -> None:
    at = window(store, "S003")[1] + timedelta(hours=1)  # S000-S003 have ended, S004 not
    said: list[str] = []

    kept = keep_ended_reviews(store, at=at, say=said.append)

    assert kept == ["S003", "S002", "S001", "S000"]
    assert said == [f"{session_id}: kept" for session_id in kept]
    computed = counting(monkeypatch, review=(review_service, "review_of"),
                        lights=(review_service, "_light_bands"))
    for session_id in kept:
        review_session(store, session_id=session_id, at=at)
        light_timeline(store, session_id=session_id, at=at)
    assert computed == []
    review_session(store, session_id="S004", at=window(store, "S004")[1])  # never kept
    assert computed == ["review"]


def test_the_order_is_by_end_and_a_stream_still_on_is_left(store: Engine) -> None:
    start, end = window(store, "S005")

    assert ended_newest_first(store, at=start + (end - start) / 2)[:2] == ["S004", "S003"]
    assert ended_newest_first(store, at=end)[0] == "S005"


def test_it_stops_when_told_and_does_nothing_where_nothing_is_kept(
        store: Engine, monkeypatch: pytest.MonkeyPatch) -> None:
    at = window(store, "S003")[1] + timedelta(hours=1)
    asked: list[int] = []

    def twice() -> bool:
        asked.append(1)
        return len(asked) <= 2

    assert keep_ended_reviews(store, at=at, go_on=twice) == ["S003", "S002"]
    computed = counting(monkeypatch, review=(review_service, "review_of"))
    monkeypatch.setenv(RESULTS_ENV, "off")
    assert keep_ended_reviews(store, at=at) == []
    assert computed == []
