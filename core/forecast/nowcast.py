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
from core.forecast.range import DEFAULT_PHI_CONV, nb_interval

NOWCAST_MIN_PRIOR_MINUTES = 5.0
FORECAST_STEP_MINUTES = 15


class SessionProgress(Protocol):
    """What the nowcast reads of a session at the board's moment."""

    @property
    def start(self) -> datetime: ...

    @property
    def end(self) -> datetime: ...

    @property
    def minutes_left(self) -> float: ...


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


RemainingDemand = Callable[[SessionProgress, Sequence[ProductProgress]], dict[str, float]]
"""Units each product will still sell in the rest of the session, by sku: the shape of
`core.board.model.DemandEstimate`."""


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
    weight_on_pace: float


def nowcast(*, forecast_units: float | None, sold_units: float, minutes_elapsed: float,
            session_minutes: float, dispersion: float = DEFAULT_PHI_CONV,
            pace_units_per_min: float | None = None,
            slot_minutes: float | None = None) -> Nowcast:
    """Blend the pre-stream forecast with the actual pace for the rest of the session.

    remaining = w x pace x minutes_left + (1 - w) x max(F - sold, 0)
    w         = m / (m + tau) once the product has sold (0 before: it may not have been
                pitched yet), tau = max(k / r0, 5) minutes, r0 = F / session_minutes,
                k = 1 / dispersion (the forecast's gamma shape), m = minutes elapsed
    pace      = the recent units per minute (default sold / m)
    The weight moves from the forecast to the pace as minutes pass, faster for products the
    forecast expected to sell a lot (a gamma-Poisson prior worth k units). Without a
    forecast the pace alone counts (w = 1). An unsold product keeps its whole forecast until
    less than `slot_minutes` (one pitch) is left, then it shrinks with the minutes left.
    Range: a negative binomial around `remaining` of shape k + sold.

    Worked example: forecast 300 units over 120 min (r0 = 2.5/min), phi 0.25 (k = 4,
    tau = 5 min), 60 sold in 20 min (pace 3/min): w = 20 / 25 = 0.8, remaining =
    0.8 x 3 x 100 + 0.2 x (300 - 60) = 240 + 48 = 288 units.
    """
    for name, value in (("sold_units", sold_units), ("minutes_elapsed", minutes_elapsed),
                        ("session_minutes", session_minutes), ("dispersion", dispersion)):
        if not math.isfinite(value) or value < 0:
            raise ValueError(f"{name} must be a finite number >= 0, got {value!r}")
    if session_minutes <= 0:
        raise ValueError("session_minutes must be positive")
    elapsed = min(minutes_elapsed, session_minutes)
    minutes_left = session_minutes - elapsed
    if pace_units_per_min is None:
        pace = sold_units / elapsed if elapsed > 0 else 0.0
    else:
        pace = max(pace_units_per_min, 0.0)
    k = 1.0 / max(dispersion, 1e-6)
    if forecast_units is None:
        weight, planned_left = 1.0, 0.0
    else:
        prior_rate = max(forecast_units, 0.0) / session_minutes
        tau = max(k / max(prior_rate, 0.5 / session_minutes), NOWCAST_MIN_PRIOR_MINUTES)
        weight = elapsed / (elapsed + tau) if sold_units > 0 else 0.0
        planned_left = max(forecast_units - sold_units, 0.0)
        if sold_units <= 0 and slot_minutes and minutes_left < slot_minutes:
            planned_left *= minutes_left / slot_minutes
    expected = (weight * pace * minutes_left + (1 - weight) * planned_left
                if minutes_left > 0 else 0.0)
    rate = expected / minutes_left if minutes_left > 0 else 0.0
    lows, highs = nb_interval(np.array([expected]), 1.0 / (k + sold_units))
    return Nowcast(remaining_low=min(float(lows[0]), expected), remaining_expected=expected,
                   remaining_high=max(float(highs[0]), expected), units_per_min=rate,
                   weight_on_pace=weight)


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
            pace_units_per_min=(pace_units_per_min or {}).get(sku),
            slot_minutes=session_minutes / max(len(names), 1))
    return result


def nowcast_demand(forecast: SessionForecast | None) -> RemainingDemand:
    """The board's `remaining_demand` seam (`core.board.model.DemandEstimate`) backed by
    `nowcast`.

    For each lineup product: the nowcast of the rest of the session from the forecast, its
    units sold so far and the board's recent pace (before the start: the forecast itself;
    after the end: 0); one pitch slot is the session's minutes / lineup size. A catalogue
    product outside the lineup (a swap candidate) gets 0.
    Use: `board_at(engine, session_id=s, at=t, demand=nowcast_demand(forecast))`.
    """

    def estimate(session: SessionProgress, products: Sequence[ProductProgress]
                 ) -> dict[str, float]:
        session_minutes = max((session.end - session.start).total_seconds() / 60, 1e-6)
        elapsed = session_minutes - session.minutes_left
        lineup_size = max(sum(1 for p in products if p.in_lineup), 1)
        result: dict[str, float] = {}
        for product in products:
            planned = forecast.product(product.sku) if forecast else None
            if not product.in_lineup:
                result[product.sku] = 0.0
                continue
            result[product.sku] = nowcast(
                forecast_units=planned.expected if planned else None,
                sold_units=float(product.units_sold), minutes_elapsed=elapsed,
                session_minutes=session_minutes,
                dispersion=forecast.dispersion if forecast else DEFAULT_PHI_CONV,
                pace_units_per_min=product.units_per_min if product.units_sold else None,
                slot_minutes=session_minutes / lineup_size,
            ).remaining_expected
        return result

    return estimate
