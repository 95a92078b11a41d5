"""What the replenishment plan buys and what it costs on a store, for before/after readings.

    python bench/plan.py [--data sample_data] [--at T ...] [--code DIR]

Loads the data files into a temp SQLite store, then prints, for each `--at` (default noon
and 17:00 New York time on the sample's Black Friday, 2026-11-26): lines and lines ordering,
lines under 30 units, units ordered, units by air (and their share), units transferred
between the seller's warehouses, the plan's cost per currency (freight + shipment + inbound
fee + storage while it sells, as each line prices it) and its landed cost per currency
(freight + shipment + inbound fee, no storage: the shipment part is the line's share where
the plan shares shipments, else the lane's whole cost_shipment per line, as plans did before).

`--code DIR` imports LiveStock from another checkout (e.g. `git archive <commit> | tar -x -C
DIR`), so the same script reads the plan before and after a change, one run each.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from collections import defaultdict
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_AT = ["2026-11-26T12:00:00-05:00", "2026-11-26T17:00:00-05:00"]
SMALL_UNITS = 30


def landed_cost(line: Any, lanes: dict[tuple[str, str, str], tuple[float, float]],
                inbound_fee: dict[str, float]) -> float:
    """freight + shipment + inbound fee of a line (0 for nothing ordered)."""
    if line.order_qty <= 0 or line.mode is None:
        return 0.0
    origin = getattr(line, "from_warehouse_id", None) or ""
    cost_unit, cost_shipment = lanes[(origin, line.warehouse_id, line.mode)]
    shipment = getattr(line, "shipment_share", None)
    return (line.order_qty * (cost_unit + inbound_fee[line.warehouse_id])
            + (cost_shipment if shipment is None else shipment))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=ROOT / "sample_data")
    parser.add_argument("--at", action="append", default=None)
    parser.add_argument("--code", type=Path, default=ROOT,
                        help="the LiveStock checkout to import (default: this one)")
    args = parser.parse_args()
    sys.path.insert(0, str(args.code.resolve()))
    from sqlalchemy import text

    from core.common.timeutil import parse_instant
    from core.ingest.service import load_directory
    from core.planning.service import replenishment_plan
    from core.store.db import make_engine
    from core.store.schema import create_schema

    folder = Path(tempfile.mkdtemp(prefix="livestock-plan-bench-"))
    engine = make_engine(f"sqlite:///{folder / 'plan.db'}")
    create_schema(engine)
    load_directory(engine, args.data)
    with engine.connect() as conn:
        lanes = {(str(origin or ""), str(wh), str(mode)): (float(unit), float(shipment))
                 for wh, origin, mode, unit, shipment in conn.execute(text(
                     "SELECT warehouse_id, from_warehouse_id, mode, cost_unit, cost_shipment "
                     "FROM lane"))}
        fees = {str(wh): float(fee) for wh, fee in conn.execute(text(
            "SELECT warehouse_id, inbound_fee_unit FROM warehouse"))}
    print(f"code: {args.code}  data: {args.data}")
    for moment in args.at or DEFAULT_AT:
        lines = replenishment_plan(engine, at=parse_instant(moment))
        ordering = [x for x in lines if x.order_qty > 0]
        units = sum(x.order_qty for x in ordering)
        air = sum(x.order_qty for x in ordering if x.mode == "air")
        moved = sum(x.order_qty for x in ordering if getattr(x, "from_warehouse_id", None))
        cost: dict[str, float] = defaultdict(float)
        landed: dict[str, float] = defaultdict(float)
        for line in ordering:
            cost[line.currency] += line.cost
            landed[line.currency] += landed_cost(line, lanes, fees)
        print(f"\nplan at {moment}")
        print(f"  lines {len(lines)}, ordering {len(ordering)}, under {SMALL_UNITS} units "
              f"{sum(1 for x in ordering if x.order_qty < SMALL_UNITS)}")
        print(f"  units ordered {units:,}, by air {air:,} ({air / units if units else 0:.0%}), "
              f"transferred {moved:,}")
        for currency in sorted(cost):
            print(f"  {currency}: cost {cost[currency]:,.2f}, landed (no storage) "
                  f"{landed[currency]:,.2f}")


if __name__ == "__main__":
    main()
