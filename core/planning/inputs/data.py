"""The planning data as of a moment, and the lookups the plan and the what-if make in it.

Pure: `PlanningData` holds what `core.planning.service.load_planning_data` read from the
store as of `at` (only what was known then); `planning_data_from` computes each
(product, warehouse)'s daily demand (`core.planning.demand`), replays the forecast's track
record and fits the orders model (`core.forecast.backtest`, `core.forecast.orders`).

Frames beyond `core.forecast.reads`'s: warehouses carry `serves` and `receiving_days`,
lanes `from_warehouse_id` ("" = from the supplier), sessions `expected_viewers`, and
`terms` each product's `moq` and `case_pack` (`core.planning.reads`).
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any, cast

import pandas as pd

from core.common.settings import Settings
from core.forecast.backtest import Replay, replay
from core.forecast.history import History
from core.forecast.orders import OrdersModel, fit_orders
from core.planning.demand import DailyDemand, allocate_unassigned, daily_demand
from core.planning.replenish import LaneOption, TransferLane


def rows(frame: pd.DataFrame) -> Iterator[Any]:
    """A frame's rows as named tuples (loosely typed: its columns are data, not code)."""
    return cast(Iterator[Any], frame.itertuples(index=False))


def row(frame: pd.DataFrame, column: str, value: str) -> dict[str, Any]:
    """The first row whose `column` equals `value`, as a dict."""
    return cast(dict[str, Any], frame[frame[column] == value].iloc[0].to_dict())


@dataclass(frozen=True)
class PairState:
    """Stock facts of one product in one warehouse at `at`."""

    available_units: float
    inbound: tuple[tuple[float, float], ...]  # (days from at to the ETA, units)


def supplier_lanes(lanes: pd.DataFrame) -> pd.DataFrame:
    """The lanes from the supplier (not transfers between the seller's warehouses)."""
    if "from_warehouse_id" not in lanes:
        return lanes
    return lanes[lanes["from_warehouse_id"].fillna("") == ""]


def pick_lanes(lanes: pd.DataFrame, warehouse_id: str
               ) -> tuple[LaneOption | None, LaneOption | None]:
    """(default lane, fast lane) from the supplier: sea (else the cheapest per unit); air
    (else the fastest lane quicker than the default), None when there is none."""
    supplied = supplier_lanes(lanes)
    mine = supplied[supplied["warehouse_id"] == warehouse_id]
    options = [LaneOption(r.mode, r.transit_days, r.transit_days_sd, r.cost_unit,
                          r.cost_shipment) for r in rows(mine)]
    if not options:
        return None, None
    default = next((o for o in options if o.mode == "sea"),
                   min(options, key=lambda o: (o.cost_unit, o.transit_days)))
    faster = [o for o in options if o.transit_days < default.transit_days]
    fast = next((o for o in faster if o.mode == "air"),
                min(faster, key=lambda o: o.transit_days) if faster else None)
    return default, fast


def transfers_into(lanes: pd.DataFrame, warehouse_id: str) -> tuple[TransferLane, ...]:
    """The transfer lanes into a warehouse from the seller's other warehouses."""
    if "from_warehouse_id" not in lanes:
        return ()
    mine = lanes[(lanes["warehouse_id"] == warehouse_id)
                 & (lanes["from_warehouse_id"].fillna("") != "")]
    return tuple(TransferLane(str(r.from_warehouse_id),
                              LaneOption(str(r.mode), float(r.transit_days),
                                         float(r.transit_days_sd), float(r.cost_unit),
                                         float(r.cost_shipment)))
                 for r in rows(mine.sort_values(["from_warehouse_id", "mode"])))


@dataclass(frozen=True)
class PlanningData:
    """Everything the plan and the what-if defaults read, as of `at`."""

    at: datetime
    settings: Settings
    products: pd.DataFrame
    warehouses: pd.DataFrame
    lanes: pd.DataFrame
    sessions: pd.DataFrame
    history: History
    demand: dict[tuple[str, str], DailyDemand]
    states: dict[tuple[str, str], PairState]
    replayed: Replay
    model: OrdersModel
    terms: pd.DataFrame | None = None  # sku, moq, case_pack (None: 1 and 1)


def planning_data_from(*, at: datetime, settings: Settings, products: pd.DataFrame,
                       warehouses: pd.DataFrame, lanes: pd.DataFrame, counts: pd.DataFrame,
                       inbound: pd.DataFrame, daily: pd.DataFrame, history: History,
                       states: dict[tuple[str, str], PairState],
                       sessions: pd.DataFrame | None = None,
                       terms: pd.DataFrame | None = None,
                       replayed: Replay | None = None,
                       demand: dict[tuple[str, str], DailyDemand] | None = None
                       ) -> PlanningData:
    """The planning data from what the store held at `at` (`core.planning.service.
    load_planning_data` reads it): each pair's daily demand (`pair_demands`; `demand`:
    those, when already known); the forecast's track record is replayed and the orders
    model fitted on the sessions ended by `at` (`replayed`: that replay, when already
    known)."""
    if demand is None:
        demand = pair_demands(DemandInputs.of(at=at, warehouses=warehouses, counts=counts,
                                              inbound=inbound, daily=daily))
    if replayed is None:
        replayed = replay(history, until=pd.Timestamp(at))
    model = fit_orders(history.before(pd.Timestamp(at)))
    return PlanningData(at, settings, products, warehouses, lanes,
                        history.sessions if sessions is None else sessions, history,
                        demand, states, replayed, model, terms)


@dataclass(frozen=True)
class DemandInputs:
    """What each (product, warehouse)'s daily demand is computed from: the pairs that were
    counted, sold or are inbound there; every daily sale with a warehouse (sales without
    one spread over the market's warehouses: `core.planning.demand.allocate_unassigned`);
    the stock counts; the last full day (today is not over: not a day of demand)."""

    pairs: pd.DataFrame  # sku, warehouse_id
    sales: pd.DataFrame  # sku, warehouse_id, day, units, on_stream
    counts: pd.DataFrame
    until: date

    @classmethod
    def of(cls, *, at: datetime, warehouses: pd.DataFrame, counts: pd.DataFrame,
           inbound: pd.DataFrame, daily: pd.DataFrame) -> DemandInputs:
        carried = pd.concat([counts[["sku", "warehouse_id"]],
                             daily[daily["warehouse_id"].notna()][["sku", "warehouse_id"]],
                             inbound[["sku", "warehouse_id"]]]).drop_duplicates()
        sales = allocate_unassigned(daily, warehouses=warehouses, carried=carried)
        return cls(carried, sales, counts, at.date() - timedelta(days=1))

    def fingerprint(self) -> str:
        """A digest of everything `pair_demands` reads: the pairs, the counts, `until`, and
        the sales of the days up to it. Today's sales are left out (they count only as a
        pair that sold), so tonight's live orders keep a demand computed this morning."""
        sales = self.sales[self.sales["day"] <= self.until]
        digest = hashlib.sha256(self.until.isoformat().encode())
        for frame, columns in ((self.pairs, ["sku", "warehouse_id"]),
                               (sales, ["sku", "warehouse_id", "day", "on_stream", "units"]),
                               (self.counts, ["sku", "warehouse_id", "counted_at", "on_hand",
                                              "reserved"])):
            ordered = frame[columns].sort_values(columns)
            digest.update(ordered.to_csv(index=False).encode())
        return digest.hexdigest()


def pair_demands(inputs: DemandInputs) -> dict[tuple[str, str], DailyDemand]:
    """Each pair's daily demand (`core.planning.demand.daily_demand`) up to `until`."""
    sales = _by_pair(inputs.sales)
    counts = _by_pair(inputs.counts)
    return {(r.sku, r.warehouse_id): daily_demand(
                sales.get((r.sku, r.warehouse_id), inputs.sales.iloc[0:0]),
                counts.get((r.sku, r.warehouse_id), inputs.counts.iloc[0:0]),
                sku=r.sku, warehouse_id=r.warehouse_id, until=inputs.until)
            for r in rows(inputs.pairs)}


def _by_pair(frame: pd.DataFrame) -> dict[tuple[str, str], pd.DataFrame]:
    """A frame's rows per (sku, warehouse_id), in their order: split once, not filtered
    again for each pair."""
    return {cast(tuple[str, str], key): part
            for key, part in frame.groupby(["sku", "warehouse_id"], sort=False)}


def lead_days(data: PlanningData, *, sku: str, warehouse_id: str) -> float:
    """Days from ordering to sellable in the warehouse by its default lane: supplier lead
    + transit + receiving days (`core.planning.replenish.pair_need`'s L)."""
    product = row(data.products, "sku", sku)
    default, _fast = pick_lanes(data.lanes, warehouse_id)
    return (float(product["supplier_lead_days"]) + (default.transit_days if default else 0.0)
            + receiving_days(data, warehouse_id))


def receiving_days(data: PlanningData, warehouse_id: str) -> float:
    if "receiving_days" not in data.warehouses:
        return 0.0
    value = row(data.warehouses, "warehouse_id", warehouse_id)["receiving_days"]
    return 0.0 if pd.isna(value) else float(value)


def terms_of(data: PlanningData, sku: str) -> tuple[int, int]:
    """(moq, case_pack) of a product; 1 and 1 when the store has none."""
    if data.terms is None or data.terms.empty:
        return 1, 1
    mine = data.terms[data.terms["sku"] == sku]
    if mine.empty:
        return 1, 1
    return max(int(mine["moq"].iloc[0]), 1), max(int(mine["case_pack"].iloc[0]), 1)
