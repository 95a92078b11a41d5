"""The live nowcast: the pre-stream forecast blended with the actual pace as minutes pass.

A gamma-Poisson update of each product's units per minute (see `nowcast`), for one product,
a whole session's lineup, and the board's `remaining_demand` seam; and the moment the
board's forecast is taken at (`forecast_moment_of`).

The seam is structural: `nowcast_demand` reads the few fields it needs of the board's facts
(`SessionProgress`, `ProductProgress`: `core.board.model.SessionFacts` and `ProductFacts`
have them) without importing the board, so the board builds on the forecast and never the
other way round.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Protocol

import numpy as np

from core.forecast.model import SessionForecast
from core.forecast.range import DEFAULT_PHI_CONV, INTERVAL, nb_interval, nb_quantile

FORECAST_STEP_MINUTES = 15
WINDOW_MINUTES = 10  # the windows a pitch burst is trimmed in
PITCH_CAP = 1.5  # a window counts at most this many times its expected units ...
PITCH_SLACK_UNITS = 3.0  # ... plus this, for chance


class SessionProgress(Protocol):
    """What the nowcast reads of a session at the board's moment."""

    @property
    def start(self) -> datetime: ...

    @property
    def end(self) -> datetime: ...

    @property
    def minutes_left(self) -> float: ...

    @property
    def viewers(self) -> int | None: ...

    @property
    def viewer_minutes(self) -> float | None: ...


def elapsed_share(session: SessionProgress) -> float:
    """The share of the stream's demand behind us: viewer-minutes so far against those plus
    the minutes left at the current viewers (the audience holds, no more); the share of its
    minutes without viewer samples.

    Example: 60 minutes of 1,000 viewers behind, 60 left at 500 now: 60,000 / (60,000 +
    30,000) = 0.67 (0.5 by the clock).
    """
    minutes = max((session.end - session.start).total_seconds() / 60, 1e-6)
    left = min(max(session.minutes_left, 0.0), minutes)
    if left <= 0:
        return 1.0
    seen, now = session.viewer_minutes, session.viewers
    if seen is not None and seen > 0 and now is not None and now >= 0:
        return seen / (seen + now * left)
    return 1 - left / minutes


class ProductProgress(Protocol):
    """What the nowcast reads of one product at the board's moment."""

    @property
    def sku(self) -> str: ...

    @property
    def in_lineup(self) -> bool: ...

    @property
    def units_sold(self) -> int: ...

    @property
    def units_per_min(self) -> float: ...

    @property
    def window_units(self) -> Sequence[int]: ...


class RemainingUnits(dict[str, float]):
    """Units each product is expected to sell in the rest of the session, by sku, with
    `low`: the low end of the estimate's range (`nowcast`'s remaining_low: 9 times in 10
    it sells more), its expected units where the estimate gives no range."""

    def __init__(self, expected: Mapping[str, float],
                 low: Mapping[str, float] | None = None) -> None:
        super().__init__(expected)
        self.low: dict[str, float] = {sku: (low or {}).get(sku, units)
                                      for sku, units in expected.items()}


def low_band(remaining: Mapping[str, float]) -> Mapping[str, float]:
    """The low side of a remaining-demand estimate (`RemainingUnits.low`); the estimate
    itself when it carries no band."""
    return remaining.low if isinstance(remaining, RemainingUnits) else remaining


RemainingDemand = Callable[[SessionProgress, Sequence[ProductProgress]], dict[str, float]]
"""Units each product will still sell in the rest of the session, by sku: the shape of
`core.board.model.DemandEstimate` (`nowcast_demand` returns `RemainingUnits`)."""


def forecast_moment_of(*, start: datetime, at: datetime) -> datetime:
    """min(at, start), floored to FORECAST_STEP_MINUTES before the start: during the warm-up
    the forecast moves at most every 15 minutes, from the start on not at all. So a console
    refreshing every 2 s can keep one forecast, and a replay with `--at` uses the very one
    the console used.

    >>> from datetime import UTC
    >>> start = datetime(2026, 11, 27, 1, 0, tzinfo=UTC)
    >>> forecast_moment_of(start=start, at=datetime(2026, 11, 27, 0, 37, 31, tzinfo=UTC))
    datetime.datetime(2026, 11, 27, 0, 30, tzinfo=datetime.timezone.utc)
    >>> forecast_moment_of(start=start, at=datetime(2026, 11, 27, 1, 50, tzinfo=UTC)) == start
    True
    """
    if at >= start:
        return start
    return at - timedelta(minutes=at.minute % FORECAST_STEP_MINUTES, seconds=at.second,
                          microseconds=at.microsecond)


@dataclass(frozen=True)
class Nowcast:
    """The rest of a live session for one product, in units."""

    remaining_low: float
    remaining_expected: float
    remaining_high: float
    units_per_min: float  # the blended rate used for the rest
    weight_on_pace: float  # how much the stream's own sales weigh against the forecast


def pitch_trimmed_units(*, window_units: Sequence[float], expected_per_window: float,
                        last_window_share: float = 1.0) -> float:
    """Units sold so far with the bursts of a pitch or a flash deal trimmed: a window that
    sold more than PITCH_CAP x its expected units (+ PITCH_SLACK_UNITS, for chance) counts
    at that cap, unless most windows sell that fast (then the product really is hotter than
    forecast, and every unit counts). The last window may be partial (`last_window_share`).

    >>> pitch_trimmed_units(window_units=[2, 3, 20, 2], expected_per_window=2.5)
    13.75
    >>> pitch_trimmed_units(window_units=[9, 8, 10, 9], expected_per_window=2.5)
    36.0
    """
    caps = [PITCH_CAP * expected_per_window + PITCH_SLACK_UNITS] * len(window_units)
    if caps:
        caps[-1] = PITCH_CAP * expected_per_window * last_window_share + PITCH_SLACK_UNITS
    over = [units > cap for units, cap in zip(window_units, caps, strict=True)]
    total = float(sum(window_units))
    if 2 * sum(over) > len(window_units):
        return total
    return total - sum(max(0.0, units - cap)
                       for units, cap in zip(window_units, caps, strict=True))


def nowcast(*, forecast_units: float | None, sold_units: float, minutes_elapsed: float,
            session_minutes: float, dispersion: float = DEFAULT_PHI_CONV,
            pace_units_per_min: float | None = None,
            window_units: Sequence[float] | None = None) -> Nowcast:
    """The forecast scaled by how the product is actually selling, for the rest of the
    session.

    remaining = theta x F x (1 - behind)
    theta     = (k + sold') / (k + F x behind)
    behind    = minutes_elapsed / session_minutes (the board passes `elapsed_share`: the
                share of the stream's viewer-minutes behind us)
    k = 1 / dispersion (the forecast's gamma shape: how many units of evidence the forecast
    is worth); sold' = the units sold so far with pitch and flash-deal bursts trimmed
    (`pitch_trimmed_units` over `window_units`, the units of each WINDOW_MINUTES since the
    start, the last one partial; sold_units when not given). So a product that sells three
    times its forecast all along is read as three times hotter, while one that sold a burst
    while it was pitched is not projected at its pitch pace over every minute left; a
    product that has not sold fades as minutes pass without a sale. Without a forecast the
    pace alone counts: sold' / minutes elapsed (or `pace_units_per_min`) x minutes left.
    Range: a negative binomial around `remaining` of shape k + sold'.

    Worked example: forecast 300 units over 120 min, phi 0.25 (k = 4), 60 sold in 20 min
    (50 expected): theta = (4 + 60) / (4 + 50) = 1.185, remaining = 1.185 x 300 x 100 / 120
    = 296 units.
    """
    expected, evidence, weight, k = _remaining(
        forecast_units=forecast_units, sold_units=sold_units, minutes_elapsed=minutes_elapsed,
        session_minutes=session_minutes, dispersion=dispersion,
        pace_units_per_min=pace_units_per_min, window_units=window_units)
    minutes_left = session_minutes - min(minutes_elapsed, session_minutes)
    rate = expected / minutes_left if minutes_left > 0 else 0.0
    lows, highs = nb_interval(np.array([expected]), 1.0 / (k + evidence))
    return Nowcast(remaining_low=min(float(lows[0]), expected), remaining_expected=expected,
                   remaining_high=max(float(highs[0]), expected), units_per_min=rate,
                   weight_on_pace=weight)


def _remaining(*, forecast_units: float | None, sold_units: float, minutes_elapsed: float,
               session_minutes: float, dispersion: float, pace_units_per_min: float | None,
               window_units: Sequence[float] | None, share_behind: float | None = None
               ) -> tuple[float, float, float, float]:
    """`nowcast`'s expected remaining units, with its evidence, weight and k (no range:
    the board calls this every minute of its replay)."""
    for name, value in (("sold_units", sold_units), ("minutes_elapsed", minutes_elapsed),
                        ("session_minutes", session_minutes), ("dispersion", dispersion)):
        if not math.isfinite(value) or value < 0:
            raise ValueError(f"{name} must be a finite number >= 0, got {value!r}")
    if session_minutes <= 0:
        raise ValueError("session_minutes must be positive")
    elapsed = min(minutes_elapsed, session_minutes)
    minutes_left = session_minutes - elapsed
    k = 1.0 / max(dispersion, 1e-6)
    evidence = float(sold_units)
    if window_units and forecast_units is not None and forecast_units > 0:
        per_window = forecast_units * WINDOW_MINUTES / session_minutes
        partial = (elapsed % WINDOW_MINUTES) / WINDOW_MINUTES or 1.0
        evidence = min(evidence, pitch_trimmed_units(
            window_units=window_units, expected_per_window=per_window,
            last_window_share=partial))
    if forecast_units is None:
        weight = 1.0
        if pace_units_per_min is not None and not window_units:
            rate = max(pace_units_per_min, 0.0)
        else:
            rate = evidence / elapsed if elapsed > 0 else 0.0
        expected = rate * minutes_left
    else:
        behind = elapsed / session_minutes if share_behind is None else share_behind
        planned = max(forecast_units, 0.0)
        seen = planned * behind
        theta = (k + evidence) / (k + seen)
        weight = seen / (seen + k)
        expected = theta * planned * (1 - behind)
    if minutes_left <= 0:
        expected = 0.0
    return expected, evidence, weight, k


def nowcast_session(forecast: SessionForecast | None, *, sold_units: Mapping[str, float],
                    minutes_elapsed: float, session_minutes: float,
                    pace_units_per_min: Mapping[str, float] | None = None,
                    skus: Sequence[str] = ()) -> dict[str, Nowcast]:
    """`nowcast` for every product of the forecast (and `skus`), keyed by sku."""
    names = list(dict.fromkeys([*(p.sku for p in forecast.products)] if forecast else []))
    names += [s for s in skus if s not in names]
    result = {}
    for sku in names:
        product = forecast.product(sku) if forecast else None
        result[sku] = nowcast(
            forecast_units=product.expected if product else None,
            sold_units=float(sold_units.get(sku, 0.0)), minutes_elapsed=minutes_elapsed,
            session_minutes=session_minutes,
            dispersion=forecast.dispersion if forecast else DEFAULT_PHI_CONV,
            pace_units_per_min=(pace_units_per_min or {}).get(sku))
    return result


def nowcast_demand(forecast: SessionForecast | None) -> RemainingDemand:
    """The board's `remaining_demand` seam (`core.board.model.DemandEstimate`) backed by
    `nowcast`.

    For each lineup product: the nowcast of the rest of the session from the forecast, its
    units sold so far by 10-minute window (`window_units`, when the board read them), its
    recent pace and the share of the stream's audience behind us (`elapsed_share`); before
    the start: the forecast itself; after the end: 0. A catalogue product outside the lineup
    (a swap candidate) gets 0.
    Use: `board_at(engine, session_id=s, at=t, demand=nowcast_demand(forecast))`.
    """

    def estimate(session: SessionProgress, products: Sequence[ProductProgress]
                 ) -> dict[str, float]:
        session_minutes = max((session.end - session.start).total_seconds() / 60, 1e-6)
        elapsed = session_minutes - session.minutes_left
        behind = elapsed_share(session)
        result: dict[str, float] = {}
        shapes: dict[str, float] = {}
        for product in products:
            planned = forecast.product(product.sku) if forecast else None
            if not product.in_lineup:
                result[product.sku] = 0.0
                continue
            expected, evidence, _, k = _remaining(
                forecast_units=planned.expected if planned else None,
                sold_units=float(product.units_sold), minutes_elapsed=elapsed,
                session_minutes=session_minutes,
                dispersion=forecast.dispersion if forecast else DEFAULT_PHI_CONV,
                pace_units_per_min=product.units_per_min if product.units_sold else None,
                window_units=product.window_units or None,
                share_behind=behind if forecast else None)
            result[product.sku] = expected
            shapes[product.sku] = k + evidence
        return RemainingUnits(result, _low_side(result, shapes))

    return estimate


def _low_side(expected: Mapping[str, float], shapes: Mapping[str, float]
              ) -> dict[str, float]:
    """The low end of `nowcast`'s range (the (1 - INTERVAL) / 2 quantile of a negative
    binomial with this mean and a gamma shape of k + the units of evidence), all at once.
    Example: 60 units expected on a shape of 4 (the forecast alone) -> 25; on a shape of
    64 (60 units seen) -> 47."""
    skus = [sku for sku in shapes if expected.get(sku, 0.0) > 0]
    if not skus:
        return {}
    means = np.array([expected[sku] for sku in skus])
    shape = np.array([shapes[sku] for sku in skus])
    low = nb_quantile((1 - INTERVAL) / 2, shape, means)
    return {sku: min(float(v), expected[sku]) for sku, v in zip(skus, low, strict=True)}
