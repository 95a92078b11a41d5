"""Where a warehouse's units come from: the seller's own stock first when it is cheaper and
in time, air only for the gap sea cannot reach in time, sea for the rest.

For one product, each warehouse's need (`core.planning.replenish.PairNeed`) is cut into
steps in time (`need_steps`): at each moment up to its horizon, the units its stock and the
inbound sellable before then no longer cover (the shortfall's running maximum), then the
rest of the order-up-to need at the end (the review period's demand and the safety stock).
Steps of every warehouse are served in time order by the cheapest route that is sellable
there before the step:

- a transfer from another of the seller's warehouses over a transfer lane, at most that
  warehouse's spare (`transfer_capacity`: its stock beyond its own needs and safety stock
  at every moment until its horizon, so only the surplus above its own target ever moves),
  sellable at departure + transit + receiving days;
- the fast lane (air) only for steps up to the default lane's landing (the gap);
- the default lane (sea) for steps after it lands, and the end.

A step nothing reaches in time joins the last one: its units are presale orders that wait for the
next lot, so the default lane brings them unless stock already on the way covers the target.
Routes are ranked by cost per unit: unit cost (purchases, when priced in the warehouse's
currency) + the lane's cost per unit + the inbound fee + cost_shipment / the warehouse's
whole need (as if alone on its shipment: the plan shares shipments afterwards,
`core.planning.shipments`).

Worked example: FBA needs 760 units between day 15 (air could land) and day 43 (sea lands);
the LA 3PL has 1,200 units landing on day 5 and needs 300 of them; a truck LA -> FBA takes
3 days + 3 receiving. From day 9 on the truck can bring LA's 900 spare: it serves every step
after day 9 before air or sea would (cheaper per unit than either), so nothing flies.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from core.planning.replenish import LaneOption, PairNeed


@dataclass(frozen=True)
class Step:
    """Units one warehouse needs sellable before `at_days`; the last step (`end`) by
    `at_days`, its horizon."""

    warehouse_id: str
    at_days: float
    units: float
    end: bool = False

    def reached_by(self, sellable_days: float) -> bool:
        """Whether units sellable after `sellable_days` come in time for this step."""
        return sellable_days <= self.at_days if self.end else sellable_days < self.at_days


def need_steps(need: PairNeed, *, moments: Sequence[float] = ()) -> list[Step]:
    """The warehouse's need in steps: the shortfall's running maximum at each whole day and
    each of `moments` before its horizon, then at the horizon the rest of `need_units` (negative
    when stock landing late covers more than the target: units short before it lands are
    presale orders that the late stock serves).

    >>> from core.planning.replenish import DemandOutlook, PlanInputs, WarehouseFees, pair_need
    >>> from datetime import datetime, UTC
    >>> need = pair_need(PlanInputs("A", "W", datetime(2026, 3, 1, tzinfo=UTC), "daily", 0,
    ...     10, DemandOutlook(10), 25, (), 5, None, None, WarehouseFees(0, 0, 0, 0), 0))
    >>> [(s.at_days, s.units, s.end) for s in need_steps(need, moments=(2.5,))]  # target 50
    [(3.0, 5.0, False), (4.0, 10.0, False), (5.0, 10.0, True)]
    """
    horizon = need.horizon_days
    grid = {float(day) for day in range(1, math.ceil(horizon))}
    grid.update(m for m in moments if 0 < m < horizon)
    grid.update(eta for eta, _q in need.inbound_sellable if 0 < eta < horizon)
    steps: list[Step] = []
    running = 0.0
    for moment in sorted(grid):
        short = need.shortfall(moment)
        if short > running + 1e-9:
            steps.append(Step(need.inputs.warehouse_id, moment, short - running))
            running = short
    steps.append(Step(need.inputs.warehouse_id, horizon, need.need_units - running, end=True))
    return steps


def transfer_capacity(need: PairNeed) -> tuple[tuple[float, float], ...]:
    """(departure day, units that may have left by then) for a warehouse's spare stock:
    departures now and whenever an inbound lot becomes sellable before its horizon H.

    capacity(r) = max(0, min over p in {r, each lot's sellable day in (r, H], H} of
    available + lots sellable before p (by r, at r itself) - demand by p - safety stock);
    at p = H this is position - target, so only the surplus above the target moves.

    >>> from core.planning.replenish import DemandOutlook, PlanInputs, WarehouseFees, pair_need
    >>> from datetime import datetime, UTC
    >>> need = pair_need(PlanInputs("A", "LA", datetime(2026, 3, 1, tzinfo=UTC), "daily", 0,
    ...     10, DemandOutlook(10), 20, ((5.0, 1200.0),), 0, None, None,
    ...     WarehouseFees(0, 0, 0, 0), 30))
    >>> transfer_capacity(need)  # 20 on hand last 2 days: nothing to spare before day 5
    ((0.0, 0.0), (5.0, 920.0))
    """
    horizon = need.horizon_days
    lots = sorted(need.inbound_sellable)
    departures = [0.0, *sorted({eta for eta, _q in lots if 0 < eta < horizon})]
    out = []
    for departure in departures:
        points = [departure, *(eta for eta, _q in lots if departure < eta <= horizon), horizon]
        values = []
        for point in points:
            landed = sum(q for eta, q in lots
                         if eta < point or (point == departure and eta <= departure))
            values.append(need.inputs.available_units + landed
                          - need.inputs.outlook.units(point) - need.safety_stock)
        out.append((departure, max(0.0, min(values))))
    return tuple(out)


@dataclass(frozen=True)
class Route:
    """One way units reach a warehouse: a purchase by a lane from the supplier, or a
    transfer from another of the seller's warehouses."""

    mode: str
    lane: LaneOption
    sellable_after_days: float  # purchases: from now; transfers: from the departure
    cost_per_unit: float
    from_warehouse_id: str | None = None
    gap_only: bool = False  # the fast lane: only steps up to the default lane's landing


@dataclass(frozen=True)
class Sourced:
    """Units one route brings to one warehouse."""

    warehouse_id: str
    route: Route
    units: float
    departure_days: float  # transfers: when it leaves; purchases: 0 (ordered now)

    @property
    def sellable_days(self) -> float:
        return self.departure_days + self.route.sellable_after_days


@dataclass
class _Supply:
    """A warehouse's spare stock while the steps are served: cumulative capacity by
    departure, less what was taken (internal to `source_product`)."""

    capacity: tuple[tuple[float, float], ...]
    taken: list[tuple[float, float]] = field(default_factory=list)

    def room(self, departure: float) -> float:
        """Units that can still leave at `departure`: every later cumulative limit holds."""
        return max(0.0, min((cap - sum(u for d, u in self.taken if d <= when)
                             for when, cap in self.capacity if when >= departure),
                            default=0.0))


def purchase_routes(need: PairNeed, *, unit_cost: float | None) -> list[Route]:
    """The default lane (and the fast lane for the gap) into the need's warehouse."""
    inputs = need.inputs
    default = inputs.sea or inputs.air
    scale = max(need.need_units, 1.0)
    routes = []
    for lane, lands, gap in ((default, need.lead_days, False),
                             (inputs.air, need.fast_lead_days, True)):
        if lane is None or lands is None or (gap and inputs.sea is None):
            continue
        routes.append(Route(lane.mode, lane, lands,
                            (unit_cost or 0.0) + lane.cost_unit + inputs.fees.inbound_fee_unit
                            + lane.cost_shipment / scale, gap_only=gap))
    return routes


def transfer_routes(need: PairNeed) -> list[Route]:
    """The transfer lanes into the need's warehouse."""
    inputs = need.inputs
    scale = max(need.need_units, 1.0)
    return [Route(t.lane.mode, t.lane, t.lane.transit_days + inputs.receiving_days,
                  t.lane.cost_unit + inputs.fees.inbound_fee_unit + t.lane.cost_shipment / scale,
                  from_warehouse_id=t.from_warehouse_id)
            for t in inputs.transfers_in]


def _serves(route: Route, *, step: Step, need: PairNeed) -> bool:
    if route.gap_only:
        return not step.end and route.sellable_after_days < step.at_days <= need.lead_days
    return step.reached_by(route.sellable_after_days)


def source_product(needs: Mapping[str, PairNeed]) -> list[Sourced]:
    """Every route's units for one product's warehouses (`needs` by warehouse id)."""
    supplies = {wh: _Supply(transfer_capacity(need)) for wh, need in needs.items()}
    routes = {wh: [*transfer_routes(need),
                   *purchase_routes(need, unit_cost=need.inputs.unit_cost
                                    if need.inputs.margin_unit is not None else None)]
              for wh, need in needs.items()}
    steps = []
    for wh, need in needs.items():
        landings = [r.sellable_after_days for r in routes[wh] if r.from_warehouse_id is None]
        landings += [d + r.sellable_after_days for r in routes[wh] if r.from_warehouse_id
                     in supplies for d, _c in supplies[r.from_warehouse_id].capacity]
        steps += need_steps(need, moments=landings)
    served: dict[tuple[str, Route, float], float] = {}
    late: dict[str, float] = {}
    for step in sorted([s for s in steps if not s.end],
                       key=lambda s: (s.at_days, s.warehouse_id)):
        left = _serve(step, needs[step.warehouse_id], routes[step.warehouse_id], supplies,
                      served)
        if left > 1e-9:
            late[step.warehouse_id] = late.get(step.warehouse_id, 0.0) + left
    for end in sorted((s for s in steps if s.end), key=lambda s: s.warehouse_id):
        units = end.units + late.get(end.warehouse_id, 0.0)
        if units > 1e-9:
            _serve(Step(end.warehouse_id, end.at_days, units, end=True),
                   needs[end.warehouse_id], routes[end.warehouse_id], supplies, served)
    return [Sourced(wh, route, units, departure)
            for (wh, route, departure), units in served.items() if units > 1e-9]


def _serve(step: Step, need: PairNeed, routes: list[Route], supplies: dict[str, _Supply],
           served: dict[tuple[str, Route, float], float]) -> float:
    """Serve one step by its cheapest routes in time (transfers within their room); the
    units left unserved."""
    left = step.units
    for route in sorted(routes, key=lambda r: (r.cost_per_unit, r.from_warehouse_id is None)):
        if left <= 1e-9:
            break
        if route.from_warehouse_id is None:
            if _serves(route, step=step, need=need):
                key = (step.warehouse_id, route, 0.0)
                served[key] = served.get(key, 0.0) + left
                left = 0.0
            continue
        supply = supplies.get(route.from_warehouse_id)
        if supply is None or route.from_warehouse_id == step.warehouse_id:
            continue
        departures = [d for d, _c in supply.capacity
                      if step.reached_by(d + route.sellable_after_days)]
        if not departures:
            continue
        whole = [d for d in departures if supply.room(d) >= left - 1e-9]
        departure = whole[0] if whole else max(departures, key=supply.room)
        units = min(left, supply.room(departure))
        if units <= 1e-9:
            continue
        supply.taken.append((departure, units))
        key = (step.warehouse_id, route, departure)
        served[key] = served.get(key, 0.0) + units
        left -= units
    return left
