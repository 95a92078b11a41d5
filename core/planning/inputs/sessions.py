"""What the scheduled sessions ask of each (product, warehouse): their forecast units and
the tier they hold it at.

Pure, from the planning data (`core.planning.inputs.data.PlanningData`) through the pure
`core.forecast` models (`backtest.forecast_from`, `nowcast`), `core.planning.events` and
`core.planning.serving`.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import pandas as pd

from core.board.model import session_status
from core.board.tiers import Tier
from core.forecast.backtest import forecast_from
from core.forecast.nowcast import nowcast
from core.planning.events import plan_tier
from core.planning.inputs.data import PlanningData, lead_days, rows
from core.planning.replenish import SessionDemand
from core.planning.serving import covering_warehouses


def _serves(data: PlanningData, market: str) -> dict[str, str | None]:
    """The market's warehouses and the platforms each serves (None: every platform)."""
    mine = data.warehouses[data.warehouses["country"] == market]
    if "serves" not in mine:
        return {str(w): None for w in mine["warehouse_id"]}
    return {str(w): None if pd.isna(s) or not str(s).strip() else str(s)
            for w, s in zip(mine["warehouse_id"], mine["serves"], strict=True)}


@dataclass(frozen=True)
class SessionPlan:
    """What the open sessions ask of each (product, warehouse): their forecast units and the
    highest tier they hold it at."""

    demand: dict[tuple[str, str], list[SessionDemand]]
    tiers: dict[tuple[str, str], Tier]


def _open_sessions(data: PlanningData) -> Iterator[tuple[Any, float, dict[str, list[str]]]]:
    """Each session not yet ended that has a lineup: (its row, days until it starts, the
    warehouses covering each lineup product: `core.planning.serving.covering_warehouses`
    over its market's warehouses serving its platform)."""
    at = pd.Timestamp(data.at)
    carriers: dict[str, set[str]] = {}
    for sku, warehouse_id in data.demand:
        carriers.setdefault(sku, set()).add(warehouse_id)
    lineup = data.history.lineup
    skus = set(data.products["sku"])
    for row in rows(data.sessions[data.sessions["end"] > at]):
        items = lineup[lineup["session_id"] == row.session_id]
        if items.empty:
            continue
        serves = _serves(data, str(row.market))
        platform = str(row.platform) if pd.notna(row.platform) else None
        homes = {str(sku): covering_warehouses(platform=platform, serves=serves,
                                               carriers=carriers.get(str(sku), set()))
                 for sku in items["sku"] if sku in skus}
        yield row, max(0.0, (row.start - at).total_seconds() / 86_400), homes


def session_tiers(data: PlanningData) -> dict[tuple[str, str], Tier]:
    """Per (product, warehouse) the highest tier an open session holds it at: live where
    the session starts within the warehouse's lead time (`core.planning.events.plan_tier`),
    else the session's own tier."""
    tiers: dict[tuple[str, str], Tier] = {}
    for row, day, homes in _open_sessions(data):
        status = session_status(at=data.at, warmup_start=None if pd.isna(row.warmup_start)
                                else row.warmup_start.to_pydatetime(),
                                start=row.start.to_pydatetime(),
                                end=row.end.to_pydatetime()).value
        for sku, warehouses in homes.items():
            for warehouse_id in warehouses:
                tier = plan_tier(status=status, starts_in_days=day,
                                 lead_days=lead_days(data, sku=sku,
                                                     warehouse_id=warehouse_id),
                                 settings=data.settings)
                key = (sku, warehouse_id)
                if key not in tiers or tier.rank > tiers[key].rank:
                    tiers[key] = tier
    return tiers


def session_plan(data: PlanningData) -> SessionPlan:
    """Every session not yet ended, for the warehouses that must cover it.

    Units: the session's forecast (from the team's `expected_viewers` when given: the
    forecast starts from it; a live one counts only what the nowcast says is left), split
    evenly over the warehouses covering each product (`_open_sessions`).
    Tiers: `session_tiers`.
    """
    demand: dict[tuple[str, str], list[SessionDemand]] = {}
    for row, day, homes in _open_sessions(data):
        for product, units, variance in _session_units(data, row):
            warehouses = homes.get(product, [])
            share = 1.0 / len(warehouses) if warehouses else 0.0
            for warehouse_id in warehouses:
                demand.setdefault((product, warehouse_id), []).append(
                    SessionDemand(day=day, units=units * share, variance=variance * share**2))
    return SessionPlan(demand, session_tiers(data))


def _session_units(data: PlanningData, row: Any) -> list[tuple[str, float, float]]:
    """(sku, expected units, variance) of one open session's lineup: the forecast as known
    at min(at, start) (from the team's viewers when given); a live session's remaining
    nowcast."""
    forecast = forecast_from(data.history, session_id=str(row.session_id),
                             cutoff=min(data.at, row.start.to_pydatetime()),
                             result=data.replayed)
    if forecast.viewers_basis == "none":
        return []
    at = pd.Timestamp(data.at)
    minutes = (row.end - row.start).total_seconds() / 60
    elapsed = max(0.0, (at - row.start).total_seconds() / 60)
    sold = data.history.sales[data.history.sales["session_id"] == row.session_id]
    sold_by_sku = dict(zip(sold["sku"], sold["units"].astype(float), strict=True))
    out = []
    for product in forecast.products:
        units = product.expected
        if elapsed > 0:
            units = nowcast(forecast_units=product.expected,
                            sold_units=sold_by_sku.get(product.sku, 0.0),
                            minutes_elapsed=elapsed, session_minutes=minutes,
                            dispersion=forecast.dispersion).remaining_expected
        orders = units / product.units_per_order
        variance = (orders + forecast.dispersion * orders**2) * product.units_per_order**2
        out.append((product.sku, units, variance))
    return out
