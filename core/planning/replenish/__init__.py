"""Replenishment: how much each warehouse needs, by when, and what a line costs.

- `outlook`: the demand expected from now on (`DemandOutlook`, `SessionDemand`);
- `need`: the order-up-to policy, one warehouse's need for one product (`PlanInputs`,
  `pair_need`, `PairNeed`, `air_gap_units`, `round_up_to_batch`);
- `costs`: lanes, fees and what they cost (`LaneOption`, `TransferLane`, `WarehouseFees`,
  `order_cost`, `compare_batching`, `cost_per_unit_sold`);
- `line`: a line of the plan (`PlanLine`).

`core.planning.sourcing` decides where the units come from and `core.planning.plan` turns
the need into lines; where a product belongs is `core.planning.placement.suggest_home`.

Re-exported here, for the callers that import them from `core.planning.replenish`:
DemandOutlook, SessionDemand, LaneOption, TransferLane, WarehouseFees, MAX_HOLDING_DAYS,
order_cost, compare_batching, cost_per_unit_sold, PlanInputs, PairNeed, pair_need,
round_up_to_batch and PlanLine.
"""

from core.planning.replenish.costs import (
    MAX_HOLDING_DAYS,
    LaneOption,
    TransferLane,
    WarehouseFees,
    compare_batching,
    cost_per_unit_sold,
    order_cost,
)
from core.planning.replenish.line import PlanLine
from core.planning.replenish.need import PairNeed, PlanInputs, pair_need, round_up_to_batch
from core.planning.replenish.outlook import DemandOutlook, SessionDemand

__all__ = [
    "MAX_HOLDING_DAYS",
    "DemandOutlook",
    "LaneOption",
    "PairNeed",
    "PlanInputs",
    "PlanLine",
    "SessionDemand",
    "TransferLane",
    "WarehouseFees",
    "compare_batching",
    "cost_per_unit_sold",
    "order_cost",
    "pair_need",
    "round_up_to_batch",
]
