"""The live nowcast: from the forecast toward the pace as the stream goes on."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import numpy as np
import pytest

from core.board.model import ProductFacts, SessionFacts
from core.forecast.model import Accuracy, ProductForecast, SessionForecast
from core.forecast.nowcast import nowcast, nowcast_demand

START = datetime(2026, 11, 27, 1, 0, tzinfo=UTC)


def a_forecast(**units: float) -> SessionForecast:
    products = tuple(ProductForecast(sku=sku, low=u * 0.7, expected=u, high=u * 1.3,
                                     orders_expected=u, orders_per_1000_viewers=10, share=0.5,
                                     units_per_order=1.0, sessions_seen=4)
                     for sku, u in units.items())
    return SessionForecast("S1", 5000, "past sessions", 20, 0.25, products,
                           Accuracy(0.2, 0.8, 10, 40))


def facts(minutes: float) -> SessionFacts:
    return SessionFacts(session_id="S1", title="t", market="US", warmup_start=None,
                        start=START, end=START + timedelta(minutes=120),
                        at=START + timedelta(minutes=minutes))


def product(sku: str, *, sold: int = 0, pace: float = 0.0, slot: int | None = 1
            ) -> ProductFacts:
    return ProductFacts(sku=sku, name=sku, slot=slot, substitute_group=None,
                        presale_allowed=True, supplier_lead_days=7, available=100,
                        units_per_min=pace, units_sold=sold)


def test_the_worked_example_scales_the_forecast_to_296_units() -> None:
    result = nowcast(forecast_units=300, sold_units=60, minutes_elapsed=20,
                     session_minutes=120, dispersion=0.25)

    assert result.remaining_expected == pytest.approx(64 / 54 * 300 * 100 / 120)
    assert result.remaining_low <= result.remaining_expected <= result.remaining_high


def test_the_stream_weighs_more_against_the_forecast_as_minutes_pass() -> None:
    weights = [nowcast(forecast_units=60, sold_units=m * 0.5, minutes_elapsed=m,
                       session_minutes=120, dispersion=0.5).weight_on_pace
               for m in (1, 10, 30, 60, 110)]
    assert weights == sorted(weights) and weights[0] < 0.25 and weights[-1] > 0.9


def test_a_product_selling_three_times_its_forecast_all_along_is_read_as_hotter() -> None:
    # Forecast 1 unit/min; actually selling 3/min in every 10 minutes.
    early, late = (nowcast(forecast_units=120, sold_units=3 * m, minutes_elapsed=m,
                           session_minutes=120, dispersion=0.25,
                           window_units=[30] * (m // 10)) for m in (10, 60))

    assert early.remaining_expected < 3 * 110  # the forecast still counts
    assert late.remaining_expected == pytest.approx(3 * 60, rel=0.1)


def test_a_pitch_burst_is_not_projected_over_the_rest_of_the_stream() -> None:
    # Forecast 1 unit/min; 1/min except 30 units in the 10 minutes it was pitched.
    windows = [10, 10, 30, 10]
    burst = nowcast(forecast_units=120, sold_units=sum(windows), minutes_elapsed=40,
                    session_minutes=120, dispersion=0.25, window_units=windows)
    naive = nowcast(forecast_units=120, sold_units=sum(windows), minutes_elapsed=40,
                    session_minutes=120, dispersion=0.25)

    assert burst.remaining_expected == pytest.approx((4 + 48) / (4 + 40) * 80)  # 30 -> 18
    assert burst.remaining_expected < naive.remaining_expected


def test_a_product_that_has_not_sold_fades_as_minutes_pass() -> None:
    fading = [nowcast(forecast_units=80, sold_units=0, minutes_elapsed=m,
                      session_minutes=120, dispersion=0.25).remaining_expected
              for m in (0, 15, 45, 110)]

    assert fading[0] == pytest.approx(80)
    assert fading == sorted(fading, reverse=True) and fading[-1] < 1


def test_without_a_forecast_the_pace_alone_counts() -> None:
    result = nowcast(forecast_units=None, sold_units=30, minutes_elapsed=30,
                     session_minutes=90, pace_units_per_min=2.0)
    assert result.weight_on_pace == 1.0
    assert result.remaining_expected == pytest.approx(120)


def test_nothing_remains_once_the_stream_has_ended() -> None:
    result = nowcast(forecast_units=300, sold_units=250, minutes_elapsed=130,
                     session_minutes=120)
    assert result.remaining_expected == 0.0 and result.remaining_high == 0.0


@pytest.mark.parametrize("name", ["sold_units", "minutes_elapsed", "dispersion"])
def test_negative_inputs_are_refused_by_name(name: str) -> None:
    kwargs = {"forecast_units": 10.0, "sold_units": 1.0, "minutes_elapsed": 5.0,
              "session_minutes": 60.0, "dispersion": 0.2} | {name: -1.0}
    with pytest.raises(ValueError, match=name):
        nowcast(**kwargs)  # type: ignore[arg-type]


def test_the_board_seam_gives_remaining_units_per_lineup_product() -> None:
    demand = nowcast_demand(a_forecast(A=240, B=60))
    products = [product("A", sold=60, pace=3.0), product("B"), product("C", slot=None)]

    before = demand(facts(-30), [product("A"), product("B"), product("C", slot=None)])
    live = demand(facts(20), products)

    assert before == {"A": pytest.approx(240), "B": pytest.approx(60), "C": 0.0}
    assert live["B"] == pytest.approx(4 / (4 + 10) * 60 * 100 / 120)  # nothing sold yet
    assert live["A"] == pytest.approx((4 + 60) / (4 + 40) * 240 * 100 / 120)
    assert live["C"] == 0.0
    assert demand(facts(125), products)["A"] == 0.0


def test_the_board_seam_without_a_forecast_follows_the_pace() -> None:
    demand = nowcast_demand(None)
    assert demand(facts(60), [product("A", sold=30, pace=0.5)])["A"] == pytest.approx(30)


def test_nine_streams_in_ten_sell_more_than_the_low_end_of_the_remaining_demand() -> None:
    # A known world: the product's rate is the forecast's gamma (mean 60 units over the
    # stream, shape 4 = 1 / dispersion 0.25) and its units a Poisson draw of that rate.
    low = nowcast_demand(a_forecast(A=60))(facts(-30), [product("A")]).low["A"]
    rng = np.random.default_rng(12)
    drawn = rng.poisson(rng.gamma(shape=4.0, scale=60 / 4.0, size=200_000))

    assert low < 60
    assert np.mean(drawn >= low) == pytest.approx(0.9, abs=0.02)


def test_the_low_end_closes_on_the_expected_units_as_the_stream_s_own_sales_come_in() -> None:
    demand = nowcast_demand(a_forecast(A=240))
    early = demand(facts(-30), [product("A")])
    confirmed = demand(facts(60), [product("A", sold=120, pace=2.0)])

    assert early.low["A"] / early["A"] < 0.5  # the forecast alone: a wide range
    assert confirmed.low["A"] / confirmed["A"] > 0.8  # 120 units seen: a narrow one
