"""Calm lights: hysteresis over the minute-by-minute replay, and the replay's facts."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import numpy as np
import pandas as pd
import pytest

from core.board.calm import Reading, audience_of, calm_light, calm_lights, sales_of, steps_of
from core.board.model import Light, ProductFacts, SessionFacts
from core.common.settings import Settings
from core.forecast.nowcast import RemainingUnits

START = datetime(2026, 11, 27, 1, 0, tzinfo=UTC)


def t(minutes: float) -> datetime:
    return START + timedelta(minutes=minutes)


def minutes_of(*spans: tuple[int, Light, float, int]) -> list[Reading]:
    """(minutes, light, cover, available) spans -> one reading a minute."""
    readings = []
    for count, light, cover, available in spans:
        readings += [Reading(light, available, available / cover)] * count
    return readings


def test_a_light_that_flickers_holds_until_the_hold_is_over() -> None:
    readings = minutes_of((4, Light.PUSH, 1.5, 150), (2, Light.SWAP, 1.1, 110),
                          (3, Light.PUSH, 1.3, 130), (5, Light.SWAP, 1.1, 110))

    assert calm_light(readings, hold_minutes=15, cover_margin=0.5) is Light.PUSH
    assert calm_light(readings, hold_minutes=0, cover_margin=0.5) is Light.SWAP


def test_a_product_that_runs_out_turns_presale_at_once() -> None:
    readings = minutes_of((3, Light.PUSH, 1.5, 150), (1, Light.PRESALE, 0.01, 0))

    assert calm_light(readings, hold_minutes=15, cover_margin=0.5) is Light.PRESALE


def test_a_big_change_in_cover_changes_the_light_within_the_hold() -> None:
    # PUSH at 3x cover; a rush takes it to 0.9x: moved by 70%, more than the 50% margin.
    readings = minutes_of((3, Light.PUSH, 3.0, 300), (1, Light.SWAP, 0.9, 90))

    assert calm_light(readings, hold_minutes=15, cover_margin=0.5) is Light.SWAP


def test_sales_by_window_split_the_stream_in_tens_of_minutes_the_last_partial() -> None:
    sold = sales_of([t(3), t(12), t(14), t(21)], [1, 2, 1, 5])

    assert sold.windows(start=START, at=t(25)) == (1, 3, 5)
    assert sold.upto(np.array([t(13).timestamp()]))[0] == 3


def test_the_audience_gives_viewers_and_the_viewer_minutes_behind() -> None:
    crowd = audience_of(pd.DataFrame({"ts": [t(0), t(10)], "viewers": [100, 50]}),
                        start=START)

    viewers, behind = crowd.at(np.array([t(15).timestamp()]))

    assert (viewers[0], behind[0]) == (50, pytest.approx(1250))


def test_stock_steps_hold_each_value_of_the_pools_available_path_until_the_next() -> None:
    path = pd.DataFrame({"ts": [START, t(5), t(10), t(30)], "available": [10, 7, 5, 40]})

    steps = steps_of(path)

    at = np.array([t(m).timestamp() for m in (0, 6, 12, 31)])
    assert steps.at(at).tolist() == [10, 7, 5, 40]


def test_the_board_light_at_a_moment_is_the_replay_of_every_minute_before_it() -> None:
    session = SessionFacts(session_id="S1", title="t", market="US", warmup_start=None,
                           start=START, end=t(120), at=t(12))
    # 55 on the shelf, 25 sold in a burst at minute 10: 30 left at 2.5/min now.
    product = ProductFacts(sku="A", name="A", slot=1, substitute_group=None,
                           presale_allowed=True, supplier_lead_days=7, available=30,
                           units_per_min=2.5, units_sold=25, units_30d=3000)
    lines = pd.DataFrame({"ts": [t(10)], "sku": ["A"], "qty": [25]})
    paths = {"A": steps_of(pd.DataFrame({"ts": [START, t(10)], "available": [55, 30]}))}

    def demand(s: SessionFacts, products: list[ProductFacts]) -> dict[str, float]:
        return {p.sku: 0.3 * s.minutes_left for p in products}

    held = calm_lights(session, [product], demand=demand, lines=lines, paths=paths,
                       settings=Settings())
    raw = calm_lights(session, [product], demand=demand, lines=lines, paths=paths,
                      settings=Settings(light_hold_minutes=0))

    assert raw == {"A": Light.SWAP}  # 30 left for 32 more wanted
    assert held == {"A": Light.PUSH}  # PUSH since the start (cover 1.5), moved 39% < 50%


def a_stream_at(minute: float) -> tuple[SessionFacts, ProductFacts]:
    session = SessionFacts(session_id="S1", title="t", market="US", warmup_start=None,
                           start=START, end=t(120), at=t(minute))
    product = ProductFacts(sku="A", name="A", slot=1, substitute_group=None,
                           presale_allowed=True, supplier_lead_days=7, available=50,
                           units_per_min=0.0, units_sold=0, units_30d=3000)
    return session, product


def lights_of(low_per_min: float) -> dict[str, Light]:
    """50 on the shelf of a 2-hour stream that nothing has sold yet; the estimate expects 0.5
    a minute for the rest (60 at the start: 50 won't cover it) and, at its low end,
    `low_per_min`."""
    session, product = a_stream_at(1)
    paths = {"A": steps_of(pd.DataFrame({"ts": [START], "available": [50]}))}

    def demand(s: SessionFacts, products: list[ProductFacts]) -> RemainingUnits:
        return RemainingUnits({p.sku: 0.5 * s.minutes_left for p in products},
                              low={p.sku: low_per_min * s.minutes_left for p in products})

    return calm_lights(session, [product], demand=demand, lines=pd.DataFrame(
        {"ts": [], "sku": [], "qty": []}), paths=paths, settings=Settings())


def test_a_product_that_covers_the_low_end_of_its_demand_is_not_swapped_on_the_forecast_alone(
        ) -> None:
    # 50 left against 60 expected, but only 36 (0.3 x 120) at the low end: it may well last.
    assert lights_of(0.3) == {"A": Light.PUSH}


def test_a_product_short_even_at_the_low_end_of_its_demand_is_swap_from_the_start() -> None:
    # 54 wanted (0.45 x 120) even if its demand comes in low, 50 left: it runs out.
    assert lights_of(0.45) == {"A": Light.SWAP}
