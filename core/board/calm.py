"""Calm lights: a light a host can follow, and the same answer for the same `--at`.

The light at `at` is the board's rules replayed at every minute of the stream from its start
to `at`, with hysteresis: once a light changes it holds for `light_hold_minutes` (15), unless
the product runs out (PRESALE with nothing left: at once) or its cover (available / remaining
demand) has moved by more than `light_cover_margin` (50%) since the change. And the PUSH
margin is a band: a product turns PUSH when its stock covers the remaining demand plus the
margin, and stays PUSH while it still covers the low end of that demand (the estimate's
range, `core.forecast.nowcast.RemainingUnits.low`: what it sells 9 times in 10) and the next
`push_cover_minutes`; at the start of the stream a product that covers that low end is
PUSH. So SWAP ("it will run out") waits for evidence: at the start the remaining demand is
the forecast alone, whose range is wide (small sellers were forecast at twice their sales),
and the low end rises toward the expected units as the product's own sales come in. Before
the start (the warm-up) nothing sells and the rules' own light stands.

Each minute's facts come from what was known at that minute: available from the pool's
available path (`core.stock.available.available_path`, as `StockSteps` by `steps_of`), this
session's units sold, its pace over the pace window, its units per 10-minute window, the
viewers watching and the viewer-minutes behind, and the remaining demand the board's
estimate gives for them. Pure: `core.board.service` reads the session's order lines, stock
and viewer samples and hands them over.

Worked example (hold 15 min, margin 50%): PUSH at minute 0 with cover 1.5; the rules say
SWAP at minute 4 (cover 1.1: moved 27%, held), PUSH at 6, SWAP from 9 to 30: the light turns
SWAP at minute 15, when the hold ends, and stays.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import datetime, timedelta
from typing import Any

import numpy as np
import pandas as pd

from core.board.lights import demand_soon, raw_lights
from core.board.model import DemandEstimate, Light, ProductFacts, SessionFacts
from core.common.settings import Settings
from core.forecast.nowcast import low_band

WINDOW_MINUTES = 10  # as core.forecast.nowcast.WINDOW_MINUTES


@dataclass(frozen=True)
class Reading:
    """One product at one minute of the replay: the rules' light and what it rested on."""

    light: Light
    available: int
    remaining_demand: float
    covers: bool = False  # lasts the stream (without the margin) and the next minutes


    @property
    def cover(self) -> float:
        if self.remaining_demand <= 0:
            return math.inf
        return self.available / self.remaining_demand


def calm_light(readings: Sequence[Reading], *, hold_minutes: float,
               cover_margin: float) -> Light:
    """The light after `readings` (one a minute, oldest first) with hysteresis: a changed
    light holds `hold_minutes` unless the product runs out or its cover moves by more than
    `cover_margin` (relative) from the cover it changed at.

    >>> r = lambda light, cover: Reading(light, round(cover * 100), 100.0)
    >>> minutes = ([r(Light.PUSH, 1.5)] * 4 + [r(Light.SWAP, 1.1)] * 2 + [r(Light.PUSH, 1.3)] * 3
    ...            + [r(Light.SWAP, 1.1)] * 22)
    >>> calm_light(minutes[:10], hold_minutes=15, cover_margin=0.5)
    <Light.PUSH: 'push'>
    >>> calm_light(minutes, hold_minutes=15, cover_margin=0.5)
    <Light.SWAP: 'swap'>
    """
    if not readings:
        raise ValueError("calm_light needs at least one reading")
    return calm_trail(readings, hold_minutes=hold_minutes, cover_margin=cover_margin)[-1]


def calm_trail(readings: Sequence[Reading], *, hold_minutes: float,
               cover_margin: float) -> list[Light]:
    """The calm light after each of `readings` (`calm_light`)."""
    if not readings:
        return []
    first = readings[0]
    current = Light.PUSH if first.light is Light.SWAP and first.covers else first.light
    since, anchor = 0, first.cover
    trail = [current]
    for minute, reading in enumerate(readings[1:], start=1):
        changes = reading.light is not current and not (
            # the margin is a band: PUSH stays while the stock still covers
            current is Light.PUSH and reading.light is Light.SWAP and reading.covers)
        runs_out = reading.light is Light.PRESALE and reading.available <= 0
        if changes and (minute - since >= hold_minutes or runs_out
                        or _moved(anchor, reading.cover, cover_margin)):
            current, since, anchor = reading.light, minute, reading.cover
        trail.append(current)
    return trail


def _moved(before: float, now: float, margin: float) -> bool:
    """Cover moved by more than `margin` relative to `before` (inf to finite counts)."""
    if math.isinf(before) or math.isinf(now):
        return math.isinf(before) != math.isinf(now)
    if before <= 0:
        return now > 0
    return abs(now / before - 1) > margin


def _seconds(times: Sequence[datetime] | pd.Series) -> np.ndarray:
    """Epoch seconds of aware datetimes, as floats (fast to search)."""
    if len(times) == 0:
        return np.array([], dtype=float)
    index = pd.DatetimeIndex(pd.to_datetime(list(times), utc=True)).as_unit("ns")
    return np.asarray(index.asi8, dtype=float) / 1e9


@dataclass(frozen=True)
class Sales:
    """One product's sales in the session: epoch seconds in order, and units up to each."""

    seconds: np.ndarray
    cumulative: np.ndarray

    def upto(self, moments: np.ndarray) -> np.ndarray:
        """Units sold at or before each of `moments` (epoch seconds)."""
        index = np.searchsorted(self.seconds, moments, side="right")
        padded = np.concatenate([[0], self.cumulative])
        return padded[index]

    def windows(self, *, start: datetime, at: datetime) -> tuple[int, ...]:
        """Units in each WINDOW_MINUTES from `start` to `at`, the last window partial.

        >>> from datetime import UTC
        >>> t0 = datetime(2026, 1, 1, 20, 0, tzinfo=UTC)
        >>> sold = sales_of([t0 + timedelta(minutes=m) for m in (3, 12, 14)], [1, 2, 1])
        >>> sold.windows(start=t0, at=t0 + timedelta(minutes=15))
        (1, 3)
        """
        if at <= start:
            return ()
        count = math.ceil((at - start).total_seconds() / 60 / WINDOW_MINUTES)
        edges = start.timestamp() + 60.0 * WINDOW_MINUTES * np.arange(count)
        totals = self.upto(np.append(edges, at.timestamp()))
        return tuple(int(v) for v in np.diff(totals))


def sales_of(times: Sequence[datetime], units: Sequence[int]) -> Sales:
    return Sales(_seconds(times), np.cumsum(np.asarray(units, dtype=int)))


NO_SALES = Sales(np.array([], dtype=float), np.array([], dtype=int))


def sales_by_sku(lines: pd.DataFrame) -> dict[str, Sales]:
    """Each product's `Sales` from order lines (ts, sku, qty)."""
    result = {}
    for sku, rows in lines.sort_values("ts").groupby("sku"):
        result[str(sku)] = sales_of(list(rows["ts"]), list(rows["qty"].astype(int)))
    return result


@dataclass(frozen=True)
class StockSteps:
    """One product's available stock from the stream's start: epoch seconds of each change
    (the first is the start) and the value from then on."""

    seconds: np.ndarray
    available: np.ndarray

    def at(self, moments: np.ndarray) -> np.ndarray:
        index = np.searchsorted(self.seconds, moments, side="right") - 1
        return self.available[np.maximum(index, 0)]


def steps_of(path: pd.DataFrame) -> StockSteps:
    """`StockSteps` from an available path (`core.stock.available.available_path`: ts,
    available, its first row at the stream's start)."""
    return StockSteps(np.array([ts.timestamp() for ts in path["ts"]], dtype=float),
                      path["available"].to_numpy(dtype=int))


@dataclass(frozen=True)
class Audience:
    """The session's viewer samples from its start: epoch seconds and viewers (each holds
    until the next; the first also back to the start)."""

    start: float
    seconds: np.ndarray
    viewers: np.ndarray

    def at(self, moments: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """(latest viewers, viewer-minutes since the start) at each moment; NaN without
        samples.

        >>> from datetime import UTC
        >>> t0 = datetime(2026, 1, 1, 20, 0, tzinfo=UTC).timestamp()
        >>> crowd = Audience(t0, np.array([t0, t0 + 600]), np.array([100.0, 50.0]))
        >>> viewers, minutes = crowd.at(np.array([t0 + 900]))
        >>> float(viewers[0]), float(minutes[0])
        (50.0, 1250.0)
        """
        if len(self.seconds) == 0:
            nothing = np.full(len(moments), np.nan)
            return nothing, nothing
        edges = np.concatenate([[self.start], self.seconds[1:]])
        widths = np.diff(np.append(edges, np.inf))
        done = np.concatenate([[0.0], np.cumsum(self.viewers[:-1] * widths[:-1])])
        index = np.maximum(np.searchsorted(edges, moments, side="right") - 1, 0)
        minutes = (done[index] + self.viewers[index] * (moments - edges[index])) / 60
        return self.viewers[index], np.maximum(minutes, 0.0)


def audience_of(samples: pd.DataFrame, *, start: datetime) -> Audience:
    """`Audience` from viewer samples (ts, viewers) at or after `start`."""
    live = samples[samples["ts"] >= start].sort_values("ts")
    return Audience(start.timestamp(), _seconds(list(live["ts"])),
                    live["viewers"].to_numpy(dtype=float))


def _replayed_facts(session: SessionFacts, products: Sequence[ProductFacts],
                    moments: list[datetime], *, sales: Mapping[str, Sales],
                    paths: Mapping[str, StockSteps], audience: Audience, settings: Settings
                    ) -> list[tuple[SessionFacts, list[ProductFacts]]]:
    """The lineup's facts as they were at each of `moments` (module docstring)."""
    seconds = _seconds(moments)
    watching, watched = audience.at(seconds)
    since = np.maximum(seconds - 60.0 * settings.pace_window_minutes, session.start.timestamp())
    pace_minutes = np.maximum(1.0, (seconds - since) / 60)
    start_s = session.start.timestamp()
    edges = start_s + 60.0 * WINDOW_MINUTES * np.arange(
        math.ceil(max(seconds[-1] - start_s, 0) / 60 / WINDOW_MINUTES) + 1)
    columns: dict[str, tuple[list[Any], list[Any], list[Any], list[Any], list[int]]] = {}
    for product in products:
        sold = sales.get(product.sku, NO_SALES)
        steps = paths.get(product.sku)
        available = (np.full(len(moments), product.available) if steps is None
                     else steps.at(seconds))
        edge_units = sold.upto(edges)
        columns[product.sku] = (available.tolist(), sold.upto(seconds).tolist(),
                                sold.upto(since).tolist(), edge_units.tolist(),
                                [int(v) for v in np.diff(edge_units)])
    result = []
    paces = pace_minutes.tolist()
    for i, moment in enumerate(moments):
        elapsed = seconds[i] - start_s
        done = int(elapsed // (60 * WINDOW_MINUTES))
        partial = elapsed > done * 60 * WINDOW_MINUTES
        facts = []
        for product in products:
            stock, upto, before, at_edges, diffs = columns[product.sku]
            windows: tuple[int, ...] = ()
            if elapsed > 0:
                windows = tuple(diffs[:done])
                if partial:
                    windows += (upto[i] - at_edges[done],)
            facts.append(replace(
                product, available=stock[i], units_sold=upto[i],
                units_per_min=(upto[i] - before[i]) / paces[i], window_units=windows))
        known = not math.isnan(watched[i]) and seconds[i] > start_s
        result.append((replace(session, at=moment,
                               viewers=int(watching[i]) if known else None,
                               viewer_minutes=float(watched[i]) if known else None), facts))
    return result


def calm_lights(session: SessionFacts, products: Sequence[ProductFacts], *,
                demand: DemandEstimate, lines: pd.DataFrame, paths: Mapping[str, StockSteps],
                settings: Settings, audience: Audience | None = None) -> dict[str, Light]:
    """The calm light of each lineup product at `session.at` (module docstring). `lines`:
    this session's order lines up to `at` (ts, sku, qty; not cancelled); `paths`: each
    product's available stock from the start (`steps_of`); `audience`: its viewers from
    the start (`audience_of`). Empty before the start (from the start on, replayed)."""
    path = calm_path(session, products, demand=demand, lines=lines, paths=paths,
                     settings=settings, audience=audience)
    return path.get(session.at, {})


def calm_path(session: SessionFacts, products: Sequence[ProductFacts], *,
              demand: DemandEstimate, lines: pd.DataFrame, paths: Mapping[str, StockSteps],
              settings: Settings, audience: Audience | None = None
              ) -> dict[datetime, dict[str, Light]]:
    """`calm_lights` at every minute of the stream up to `session.at` and at `session.at`
    itself (the board's own facts there), from one replay: moment -> sku -> light."""
    if session.at < session.start:
        return {}
    sales = sales_by_sku(lines)
    lineup = [p for p in products if p.in_lineup]
    readings: dict[str, list[Reading]] = {p.sku: [] for p in lineup}
    minutes = int((min(session.at, session.end) - session.start).total_seconds() // 60)
    moments = [session.start + timedelta(minutes=m) for m in range(minutes + 1)]
    moments = [m for m in moments if m < session.at]
    crowd = audience or Audience(session.start.timestamp(), np.array([]), np.array([]))
    replayed = _replayed_facts(session, lineup, moments, sales=sales, paths=paths,
                               audience=crowd, settings=settings) if moments else []
    for past, facts in [*replayed, (session, lineup)]:  # the board's own facts at `at` last
        remaining = demand(past, facts)
        low = low_band(remaining)
        lights = raw_lights(past, facts, remaining, settings)
        for fact in facts:
            wanted = float(remaining.get(fact.sku, 0.0))
            soon = demand_soon(units_per_min=fact.units_per_min, remaining_demand=wanted,
                               minutes_left=past.minutes_left, settings=settings)
            readings[fact.sku].append(Reading(
                lights[fact.sku], fact.available, wanted,
                covers=(fact.available >= low.get(fact.sku, wanted)
                        and fact.available >= soon)))
    trails = {sku: calm_trail(minute_readings, hold_minutes=settings.light_hold_minutes,
                              cover_margin=settings.light_cover_margin)
              for sku, minute_readings in readings.items()}
    return {moment: {sku: trail[i] for sku, trail in trails.items()}
            for i, moment in enumerate([*moments, session.at])}
