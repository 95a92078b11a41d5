"""Text and JSON for `livestock forecast` and `livestock plan` (the CLI only prints these).

JSON names follow docs/json.md exactly: forecast products carry sku, low, expected, high; plan
lines carry sku, warehouse_id, tier, safety_stock, reorder_point, stock_position, order_qty,
mode, arrive_by, cost, currency, from_warehouse_id, need_qty, shipment_share, shipment_units,
landed_cost_unit, margin_unit, flags.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

from core.forecast.backtest import BacktestLine, Replay, backtest_summary
from core.forecast.range import INTERVAL
from core.forecast.service import ForecastResult
from core.planning.replenish import PlanLine


def _pct(value: float | None) -> str:
    return "n/a" if value is None else f"{value:.1%}"


def _table(header: Sequence[str], rows: Sequence[Sequence[Any]]) -> str:
    cells = [[str(c) for c in header]] + [[str(c) for c in row] for row in rows]
    widths = [max(len(row[i]) for row in cells) for i in range(len(header))]
    lines = ["  ".join(c.rjust(w) if i else c.ljust(w) for i, (c, w) in
                       enumerate(zip(row, widths, strict=True))) for row in cells]
    lines.insert(1, "  ".join("-" * w for w in widths))
    return "\n".join(lines)


def forecast_json(result: ForecastResult) -> dict[str, Any]:
    f = result.forecast
    return {
        "session_id": f.session_id,
        "at": result.at.isoformat(),
        "as_of": result.as_of.isoformat(),
        "expected_viewers": round(f.expected_viewers, 1),
        "viewers_basis": f.viewers_basis,
        "orders_per_1000_viewers": round(f.orders_per_1000_viewers, 3),
        "interval": INTERVAL,
        "past_wape": None if f.accuracy.wape is None else round(f.accuracy.wape, 4),
        "past_coverage": None if f.accuracy.coverage is None else round(f.accuracy.coverage, 4),
        "past_sessions": f.accuracy.sessions,
        "products": [p.to_json() for p in f.products],
    }


def forecast_text(result: ForecastResult, *, as_json: bool = False) -> str:
    if as_json:
        return json.dumps(forecast_json(result), ensure_ascii=False, indent=2)
    f = result.forecast
    rows = [(p.sku, f"{p.low:.0f}", f"{p.expected:.1f}", f"{p.high:.0f}",
             f"{p.orders_per_1000_viewers:.2f}", f"{p.share:.0%}",
             f"{result.sold_units.get(p.sku, 0):.0f}", p.sessions_seen or "new")
            for p in f.products]
    head = (f"{f.session_id}: {f.expected_viewers:,.0f} expected viewers ({f.viewers_basis}), "
            f"{f.orders_per_1000_viewers:.1f} orders per 1,000 viewers; data as of "
            f"{result.as_of.isoformat()}; range = {INTERVAL:.0%} interval")
    accuracy = (f"past forecasts: WAPE {_pct(f.accuracy.wape)}, {_pct(f.accuracy.coverage)} "
                f"of actuals inside the range ({f.accuracy.sessions} sessions)")
    table = _table(["sku", "low", "expected", "high", "orders/1k", "share", "sold",
                    "past sessions"], rows)
    return "\n".join([head, accuracy, "", table])


def backtest_json(result: Replay) -> dict[str, Any]:
    return {"interval": INTERVAL, "sessions": int(result.rows["session_id"].nunique())
            if not result.rows.empty else 0,
            "methods": [_line_json(line) for line in backtest_summary(result)]}


def _line_json(line: BacktestLine) -> dict[str, Any]:
    return {"method": line.method, "wape": None if line.wape is None else round(line.wape, 4),
            "coverage": None if line.coverage is None else round(line.coverage, 4),
            "rows": line.rows}


def backtest_text(result: Replay, *, as_json: bool = False) -> str:
    if as_json:
        return json.dumps(backtest_json(result), indent=2)
    lines = backtest_summary(result)
    rows = [(line.method, _pct(line.wape), _pct(line.coverage), line.rows) for line in lines]
    sessions = int(result.rows["session_id"].nunique()) if not result.rows.empty else 0
    ours = next((x.wape for x in lines if x.method == "livestock"), None)
    notes = []
    for line in lines[2:]:
        if ours is not None and line.wape:
            notes.append(f"vs {line.method}: WAPE {1 - ours / line.wape:.0%} lower")
    head = (f"backtest: {sessions} past sessions, each forecast from the sessions before it "
            f"(range = {INTERVAL:.0%} interval)")
    return "\n".join([head, "", _table(["method", "WAPE", "coverage", "rows"], rows), "",
                      *notes])


FLAG_TEXT = {"moq": "raised to MOQ", "moq_held": "held: MOQ would overstock",
             "margin": "landed cost > margin"}


def plan_text(lines: Sequence[PlanLine], *, as_json: bool = False) -> str:
    if as_json:
        return json.dumps([line.to_json() for line in lines], indent=2)
    rows = [(x.sku, x.warehouse_id, x.tier, f"{x.safety_stock:.0f}", f"{x.reorder_point:.0f}",
             f"{x.stock_position:.0f}", f"{x.need_qty:.0f}", x.order_qty, x.mode or "-",
             x.from_warehouse_id or "supplier",
             x.arrive_by.isoformat() if x.arrive_by else "-", f"{x.cost:,.2f} {x.currency}",
             f"{x.shipment_share:,.2f}/{x.shipment_units:,}" if x.order_qty else "-",
             "; ".join(FLAG_TEXT.get(f, f) for f in x.flags) or "-")
            for x in lines]
    ordering = [x for x in lines if x.order_qty > 0]
    units = sum(x.order_qty for x in ordering)
    air = sum(x.order_qty for x in ordering if x.mode == "air")
    moved = sum(x.order_qty for x in ordering if x.is_transfer)
    costs: dict[str, float] = {}
    for x in ordering:
        costs[x.currency] = costs.get(x.currency, 0.0) + x.cost
    summary = (f"{len(ordering)} of {len(lines)} lines to order · {units:,} units, {air:,} by "
               f"air, {moved:,} moved between warehouses · cost "
               + (", ".join(f"{v:,.2f} {c}" for c, v in sorted(costs.items())) or "0"))
    return "\n".join([_table(["sku", "warehouse", "tier", "safety", "reorder pt", "position",
                              "need", "order", "mode", "from", "arrive by", "cost",
                              "shipment share/units", "flags"], rows), "", summary])
