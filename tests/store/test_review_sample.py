"""The review of sample_data/'s "11.11 Singles' Day mega live", where products ran out."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pandas as pd
import pytest
from sqlalchemy import Engine

from core.forecast.service import session_forecast
from core.review.abtest import MIN_COUNT, SIGNIFICANCE, Verdict, enough_data
from core.review.model import SessionReview
from core.review.service import review_session
from core.store.db import make_engine
from core.store.schema import create_schema

SAMPLE = Path(__file__).resolve().parents[2] / "sample_data"
MEGA_LIVE = "S261111-TT-US"

pytestmark = [pytest.mark.slow,
              pytest.mark.skipif(not (SAMPLE / "sessions.csv").exists(),
                                 reason="sample_data/ has no CSV files (run generate.py)")]


@pytest.fixture(scope="module")
def sample(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Engine, SessionReview]]:
    from core.ingest.service import load_directory

    engine = make_engine(f"sqlite:///{tmp_path_factory.mktemp('sample') / 'store.db'}")
    create_schema(engine)
    load_directory(engine, SAMPLE)
    yield engine, review_session(engine, session_id=MEGA_LIVE)
    engine.dispose()


def test_products_ran_out_during_the_mega_live_and_lost_sales_after(
        sample: tuple[Engine, SessionReview]) -> None:
    _, review = sample
    ran_out = [p for p in review.products if p.ran_out_at is not None]

    assert len(ran_out) >= 3
    for product in ran_out:
        assert review.start <= product.ran_out_at <= review.end  # type: ignore[operator]
        assert product.minutes_out_of_stock > 0
        assert product.lost_units is not None and product.lost_units > 0
        assert product.available_at_end == 0 or product.stock_outs[-1].restocked


def test_the_forecast_shown_is_the_one_the_stream_started_with(
        sample: tuple[Engine, SessionReview]) -> None:
    engine, review = sample
    before = session_forecast(engine, session_id=MEGA_LIVE, at=review.start).forecast

    for product in review.products:
        expected = before.product(product.sku)
        assert expected is not None and product.forecast is not None
        assert product.forecast.expected == pytest.approx(expected.expected)
        assert product.forecast.low <= product.forecast.expected <= product.forecast.high


def test_every_ab_test_crowns_a_winner_only_on_evidence(
        sample: tuple[Engine, SessionReview]) -> None:
    _, review = sample

    assert {"ring_light", "led_strip", "wireless_mic"} <= {t.group for t in review.ab_tests}
    for test in review.ab_tests:
        strong = (test.p_value is not None and test.p_value < SIGNIFICANCE
                  and all(enough_data(arm, MIN_COUNT) for arm in test.arms))
        if test.winner is not None:
            assert strong and test.verdict is Verdict.WINNER
        if len(test.arms) == 2 and strong:
            assert test.winner is not None


def test_the_mega_live_review_kept_as_json_reads_back_field_for_field(
        sample: tuple[Engine, SessionReview]) -> None:
    from core.review.kept import review_of_record, review_record

    _, review = sample
    back = review_of_record(json.loads(json.dumps(review_record(review))))

    assert back.to_json() == review.to_json()
    assert back.products == review.products and back.ab_tests == review.ab_tests
    assert any(p.stock_outs for p in back.products) and back.ab_tests
    # The verdicts come back as themselves, not as their text (a StrEnum equals its text, so
    # == alone can't tell; the page and the report ask `is Verdict.WINNER`).
    assert [type(t.verdict) for t in back.ab_tests] == [type(t.verdict) for t in review.ab_tests]
    assert [(t.kind, t.verdict) for t in back.ab_tests] == [
        (t.kind, t.verdict) for t in review.ab_tests]
    assert all(type(t.kind) is type(o.kind) for t, o in zip(back.ab_tests, review.ab_tests,
                                                           strict=True))
    for frame, other in ((back.viewers, review.viewers), (back.sales, review.sales),
                         (back.availability, review.availability)):
        pd.testing.assert_frame_equal(frame, other)
