"""Orders a supplier accepts: whole cartons, and at least its minimum order (MOQ).

- A purchase line comes in whole cartons of `case_pack` units (a carton is never split
  between warehouses). With a batch size (`livestock plan --batch`) the step is at least
  that many units, still whole cartons: step = case_pack x ceil(batch / case_pack).
- A product's purchases in one plan are one order to its supplier. When they add up to less
  than its `moq`, the plan raises them to it (in whole steps, on the default lane of the
  warehouse that orders most) and says so, unless the stock that leaves once it lands would
  exceed the slow-mover line (more than `slow_mover_days`, 90 by default, of the warehouse's
  forward demand): then it buys nothing for that product and flags it, since a supplier
  that will not sell fewer leaves the seller a choice the plan should not make silently
  (clear the old stock, bundle, or find another supplier).
"""

from __future__ import annotations

import math

from core.planning.replenish import round_up_to_batch


def carton_step(*, case_pack: int, batch_units: int = 1) -> int:
    """Units per step of an order: whole cartons, at least `batch_units`.

    >>> carton_step(case_pack=24), carton_step(case_pack=24, batch_units=50)
    (24, 72)
    """
    if case_pack < 1 or batch_units < 1:
        raise ValueError(f"case_pack and batch_units must be at least 1, got {case_pack!r} "
                         f"and {batch_units!r}")
    return case_pack * math.ceil(batch_units / case_pack)


def whole_cartons(units: float, *, case_pack: int, batch_units: int = 1) -> int:
    """`units` rounded up to whole steps (`carton_step`); 0 for nothing.

    >>> [whole_cartons(units, case_pack=24) for units in (2, 49, 0)]
    [24, 72, 0]
    """
    return round_up_to_batch(units, carton_step(case_pack=case_pack, batch_units=batch_units))


def moq_top_up(*, ordered_units: int, moq: int, step: int) -> int:
    """Units to add (whole steps) so an order of `ordered_units` reaches `moq`; 0 when it
    already does or orders nothing.

    >>> [moq_top_up(ordered_units=units, moq=100, step=20) for units in (40, 0, 120)]
    [60, 0, 0]
    """
    if ordered_units <= 0 or ordered_units >= moq:
        return 0
    return math.ceil((moq - ordered_units) / step - 1e-9) * step


def overstocked(*, stock_after_units: float, demand_per_day: float,
                slow_mover_days: float) -> bool:
    """True when `stock_after_units` would last longer than `slow_mover_days` at
    `demand_per_day` (any stock of a product that does not sell).

    >>> overstocked(stock_after_units=950, demand_per_day=10, slow_mover_days=90)
    True
    """
    if stock_after_units <= 0:
        return False
    if demand_per_day <= 0:
        return True
    return stock_after_units / demand_per_day > slow_mover_days
