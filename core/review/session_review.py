"""One session's review from what the store held at a moment: the facts, and the review.

`ReviewFacts` is what `core.review.reads.review_facts` reads as of `at`; `review_of` turns
it, with the session's forecast, into a `core.review.model.SessionReview` through the pure
`core.review.model`, `core.stock.available` (availability over the stream),
`core.review.abtest`, `core.review.viewer_curve` and `core.review.sales_pace`.

Two moments bound it: the stream's data counts up to `known_until` = min(at, end), and
availability is traced from the start to `horizon` = max(start, known_until), so a review
asked before the start shows the stock the stream will open with.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime

import pandas as pd

from core.forecast.clean_funnel import clean_totals
from core.forecast.model import SessionForecast
from core.review.abtest import ABTest, session_tests
from core.review.model import (
    ForecastRange,
    ForecastTrack,
    SessionReview,
    availability_frame,
    ordered_products,
    product_review,
    session_currency,
)
from core.review.sales_pace import units_per_minute
from core.review.viewer_curve import ViewerCurve, retention
from core.stock.available import available_path
from core.stock.pools import StockWarehouse


@dataclass(frozen=True)
class SessionHeader:
    session_id: str
    title: str
    platform: str
    market: str
    traffic: str
    warmup_start: datetime | None
    start: datetime
    end: datetime


@dataclass(frozen=True)
class ReviewFacts:
    """What a session's review is computed from, as the store held it at `at`.

    lineup: the session's products (`core.review.reads.lineup`); counts and draws: the
    stock counts and orders of the market's warehouses that matter to availability from
    the start (`core.stock.reads`), `warehouses` the market's and `pool` those the stream
    sold from; orders and samples: the session's order lines and viewer samples up to
    min(at, end); variants: labelled lineups of its products, `scope` the sessions A/B tests
    may count (those ended by its end, and this one), funnel and order_counts their card
    funnels and orders; bins and lines: the 5-minute funnel bins and order lines of this
    session and the pooled ones (`core.review.clean_funnel`), outs: when the pooled
    sessions' products were out of stock.
    """

    header: SessionHeader
    at: datetime
    lineup: pd.DataFrame
    counts: pd.DataFrame
    draws: pd.DataFrame
    orders: pd.DataFrame
    samples: pd.DataFrame
    variants: pd.DataFrame
    scope: tuple[str, ...]
    funnel: pd.DataFrame
    order_counts: pd.DataFrame
    warehouses: tuple[StockWarehouse, ...] = ()
    pool: frozenset[str] | None = None
    bins: pd.DataFrame = field(default_factory=lambda: pd.DataFrame(
        columns=["session_id", "sku", "ts", "impressions", "clicks"]))
    lines: pd.DataFrame = field(default_factory=lambda: pd.DataFrame(
        columns=["session_id", "sku", "order_id", "ts", "qty", "unit_price"]))
    outs: Mapping[tuple[str, str], Sequence[tuple[datetime, datetime]]] = field(
        default_factory=dict)
    with_ab_tests: bool = True  # False: read without the pooled sessions, for no A/B tests

    @property
    def known_until(self) -> datetime:
        return min(self.at, self.header.end)


def review_of(facts: ReviewFacts, *, forecast: SessionForecast | None,
              notes: Sequence[str] = (), default_currency: str) -> SessionReview:
    """The review: per product its units, revenue, stock-outs, lost sales and forecast range;
    the A/B tests (none when the facts were read without them); viewers, sales and
    availability over the stream; the forecast's track record. `notes` come first (e.g.
    why there is no forecast), then "not started yet" before the start.
    `default_currency` is for a session with neither sales nor prices."""
    header, at = facts.header, facts.at
    minutes = max((header.end - header.start).total_seconds() / 60, 1e-9)
    ranges: dict[str, ForecastRange] = {}
    track = None
    if forecast is not None:
        viewer_minutes = forecast.expected_viewers * minutes
        for p in forecast.products:
            ranges[p.sku] = ForecastRange(
                low=p.low, expected=p.expected, high=p.high,
                per_viewer_minute=p.expected / viewer_minutes if viewer_minutes > 0 else None)
        track = ForecastTrack(wape=forecast.accuracy.wape, coverage=forecast.accuracy.coverage,
                              sessions=forecast.accuracy.sessions,
                              expected_viewers=forecast.expected_viewers)

    live_until = facts.known_until
    horizon = max(header.start, live_until)
    counts, draws, orders, lineup = facts.counts, facts.draws, facts.orders, facts.lineup
    curve = ViewerCurve(facts.samples)
    mine = facts.funnel[facts.funnel["session_id"] == header.session_id]
    funnel_of = {str(sku): (int(shown), int(clicked)) for sku, shown, clicked
                 in mine[["sku", "impressions", "clicks"]].itertuples(index=False)}
    counts_of, draws_of, orders_of = (_by_sku(frame) for frame in (counts, draws, orders))
    my_bins = _by_sku(facts.bins[facts.bins["session_id"] == header.session_id])
    paths = {}
    products = []
    outs: dict[tuple[str, str], Sequence[tuple[datetime, datetime]]] = dict(facts.outs)
    for line in lineup.to_dict("records"):
        sku = str(line["sku"])
        path = available_path(counts=counts_of.get(sku, counts.iloc[0:0]),
                              draws=draws_of.get(sku, draws.iloc[0:0]), begin=header.start,
                              until=horizon, warehouses=facts.warehouses, pool=facts.pool)
        paths[sku] = path
        review = product_review(
            line={str(k): v for k, v in line.items()},
            orders=orders_of.get(sku, orders.iloc[0:0]), path=path,
            funnel=funnel_of.get(sku, (0, 0)), curve=curve, begin=header.start,
            until=live_until, forecast=ranges.get(sku),
            bins=my_bins.get(sku, facts.bins.iloc[0:0]))
        outs[(header.session_id, sku)] = [(o.begin, o.end) for o in review.stock_outs]
        products.append(review)
    all_notes = [*notes, *(["not started yet"] if at < header.start else [])]
    tests: Sequence[ABTest] = ()
    if facts.with_ab_tests:
        prices = {(str(sid), str(sku)): float(price) for sid, sku, price in
                  facts.variants[["session_id", "sku", "price"]].itertuples(index=False)}
        prices.update({(header.session_id, str(sku)): float(price) for sku, price in
                       lineup[["sku", "price"]].itertuples(index=False)})
        clean = clean_totals(facts.bins, facts.lines, prices, outs)
        tests = session_tests(session_id=header.session_id, variants=facts.variants,
                              funnel=clean, orders=clean, sessions_in_scope=list(facts.scope))
    return SessionReview(
        session_id=header.session_id, title=header.title, platform=header.platform,
        market=header.market, start=header.start, end=header.end, at=at,
        currency=session_currency(orders, lineup, default_currency),
        products=ordered_products(products), ab_tests=tuple(tests),
        viewers=retention(facts.samples, begin=header.start, until=live_until),
        sales=units_per_minute(orders, begin=header.start, until=live_until),
        availability=availability_frame(paths), forecast_track=track, notes=tuple(all_notes))


def _by_sku(frame: pd.DataFrame) -> dict[str, pd.DataFrame]:
    """The frame's rows split by sku, in one pass."""
    return {str(sku): rows for sku, rows in frame.groupby("sku", sort=False)}
