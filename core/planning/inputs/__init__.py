"""What the plan and the what-if start from.

- `data`: the planning data as of a moment (`PlanningData`, `PairState`,
  `planning_data_from`) and the lookups in it (the lanes from the supplier, the lead time);
- `sessions`: what the scheduled sessions ask of each (product, warehouse), and their tiers;
- `lines`: the plan's inputs per (product, warehouse), and the plan from them (`plan_for`);
- `defaults`: the planner's what-if sliders at their values from the store
  (`projection_defaults`).

Re-exported here, for the callers that import them from `core.planning.inputs`: PairState,
PlanningData, planning_data_from, supplier_lanes, plan_for and projection_defaults.
"""

from core.planning.inputs.data import PairState, PlanningData, planning_data_from, supplier_lanes
from core.planning.inputs.defaults import projection_defaults
from core.planning.inputs.lines import plan_for

__all__ = [
    "PairState",
    "PlanningData",
    "plan_for",
    "planning_data_from",
    "projection_defaults",
    "supplier_lanes",
]
