"""The review's pure parts: stock-outs, viewer-minutes, lost sales, lights."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pandas as pd
import pytest

from core.review.light_bands import light_bands
from core.review.lost_sales import lost_units
from core.review.model import ForecastRange, product_review
from core.review.sales_pace import units_per_minute
from core.review.stockouts import stock_outs
from core.review.viewer_curve import ViewerCurve, retention
from core.stock.available import available_path

T0 = datetime(2026, 11, 20, 20, 0, tzinfo=UTC)


def at(minutes: float) -> datetime:
    return T0 + timedelta(minutes=minutes)


def counts(*rows: tuple[str, float, int]) -> pd.DataFrame:
    return pd.DataFrame([(wh, at(m), units) for wh, m, units in rows],
                        columns=["warehouse_id", "counted_at", "units"])


def draws(*rows: tuple[float, str | None, int]) -> pd.DataFrame:
    return pd.DataFrame([(at(m), wh, qty) for m, wh, qty in rows],
                        columns=["ts", "warehouse_id", "qty"])


def test_stock_outs_end_at_a_restock_or_at_the_end_of_the_stream() -> None:
    path = available_path(counts=counts(("W1", -60, 2), ("W1", 30, 5)),
                             draws=draws((10, "W1", 2), (40, "W1", 5)), begin=T0,
                             until=at(60))

    outs = stock_outs(path, until=at(60))

    assert [(o.begin, o.end, o.restocked, o.minutes) for o in outs] == [
        (at(10), at(30), True, 20.0), (at(40), at(60), False, 20.0)]


def test_viewer_minutes_hold_each_sample_until_the_next() -> None:
    curve = ViewerCurve(pd.DataFrame({"ts": [at(0), at(30)], "viewers": [1000, 500]}))

    assert curve.viewer_minutes(at(0), at(60)) == pytest.approx(45_000)
    assert curve.viewer_minutes(at(20), at(40)) == pytest.approx(10 * 1000 + 10 * 500)
    assert curve.viewer_minutes(at(-10), at(0)) == 0
    assert curve.at(at(29)) == 1000 and curve.at(at(31)) == 500


def test_lost_units_scale_the_pace_per_viewer_by_the_viewer_minutes_out() -> None:
    # 120 units in 30,000 viewer-minutes; out for 30,000 viewer-minutes -> 120 lost.
    assert lost_units(units_before=120, viewer_minutes_before=30_000,
                      viewer_minutes_out=30_000, minutes_before=30,
                      minutes_out=60) == pytest.approx(120)


def test_a_product_out_from_the_first_minute_is_estimated_from_its_forecast() -> None:
    assert lost_units(units_before=0, viewer_minutes_before=0, viewer_minutes_out=50_000,
                      minutes_before=0, minutes_out=60,
                      fallback_per_viewer_minute=0.002) == pytest.approx(100)
    assert lost_units(units_before=0, viewer_minutes_before=0, viewer_minutes_out=50_000,
                      minutes_before=0, minutes_out=60) is None


def test_without_viewer_samples_minutes_stand_in_for_viewer_minutes() -> None:
    assert lost_units(units_before=30, viewer_minutes_before=0, viewer_minutes_out=0,
                      minutes_before=30, minutes_out=15, viewers_known=False) == 15


def test_lost_units_refuse_negative_inputs() -> None:
    with pytest.raises(ValueError, match="minutes_out"):
        lost_units(units_before=1, viewer_minutes_before=1, viewer_minutes_out=1,
                   minutes_before=1, minutes_out=-1)


def test_retention_is_viewers_relative_to_the_stream_s_peak() -> None:
    samples = pd.DataFrame({"ts": [at(-30), at(0), at(10), at(20)],
                            "viewers": [5000, 400, 800, 200]})

    frame = retention(samples, begin=T0, until=at(60))

    assert frame["minute"].tolist() == [0, 10, 20]  # the warm-up is not the stream
    assert frame["retention"].tolist() == [0.5, 1.0, 0.25]


def test_units_per_minute_bins_orders_by_whole_stream_minutes() -> None:
    orders = pd.DataFrame({"ts": [at(0.2), at(0.9), at(1.5), at(70)],
                           "sku": ["A", "A", "B", "A"], "qty": [1, 2, 1, 5]})

    frame = units_per_minute(orders, begin=T0, until=at(60))

    assert frame[["minute", "sku", "units"]].values.tolist() == [[0, "A", 3], [1, "B", 1]]
    assert frame["ts"].tolist() == [at(0), at(1)]


def light_rows(*rows: tuple[str, float, str]) -> pd.DataFrame:
    return pd.DataFrame([(sku, at(m), light, 1, "why") for sku, m, light in rows],
                        columns=["sku", "ts", "light", "available", "reason"])


def test_records_the_board_kept_take_over_from_replays_once_they_start() -> None:
    replayed = light_rows(("A", 0, "push"), ("A", 5, "push"), ("A", 10, "swap"),
                          ("B", 0, "push"), ("B", 5, "swap"))
    recorded = light_rows(("A", 7, "swap"), ("A", 12, "presale"))

    bands = light_bands(replayed=replayed, recorded=recorded, begin=T0, until=at(15))

    a = bands[bands["sku"] == "A"]
    assert [((b - T0).total_seconds() / 60, (e - T0).total_seconds() / 60, light, source)
            for b, e, light, source in a[["begin", "end", "light", "source"]]
            .itertuples(index=False)] == [
        (0, 5, "push", "replayed"), (5, 7, "push", "replayed"),
        (7, 12, "swap", "recorded"), (12, 15, "presale", "recorded")]
    assert bands[bands["sku"] == "B"]["light"].tolist() == ["push", "swap"]


def test_a_record_from_before_the_start_sets_the_light_at_the_start() -> None:
    recorded = light_rows(("A", -30, "push"), ("A", -10, "swap"), ("A", 20, "presale"))

    bands = light_bands(replayed=light_rows(), recorded=recorded, begin=T0, until=at(30))

    assert bands[["light", "source"]].values.tolist() == [["swap", "recorded"],
                                                          ["presale", "recorded"]]
    assert bands["begin"].tolist() == [T0, at(20)]


def test_a_product_review_adds_up_units_revenue_stock_outs_and_lost_sales() -> None:
    orders = pd.DataFrame({"order_id": ["1", "2", "3"], "ts": [at(5), at(10), at(10)],
                           "qty": [2, 1, 1], "unit_price": [10.0, 10.0, 8.0]})
    path = available_path(counts=counts(("W1", -60, 4)),
                             draws=draws((5, "W1", 2), (10, "W1", 2)), begin=T0, until=at(40))
    curve = ViewerCurve(pd.DataFrame({"ts": [at(0)], "viewers": [100]}))

    line = product_review(
        line={"sku": "A", "name": "Alpha", "slot": 1, "price": 10.0, "variant": "",
              "currency": "USD"},
        orders=orders, path=path, funnel=(1000, 50), curve=curve, begin=T0, until=at(40),
        forecast=ForecastRange(1, 5, 9))

    assert (line.units, line.orders, line.revenue) == (4, 3, 38.0)
    assert line.ran_out_at == at(10) and line.minutes_out_of_stock == 30
    # 4 units / (10 min x 100 viewers) x (30 min x 100 viewers) = 12.
    assert line.lost_units == pytest.approx(12)
    assert line.lost_revenue == pytest.approx(120)
    assert (line.ctr, line.conversion) == (0.05, 3 / 50)
    assert line.to_json()["forecast_expected"] == 5
