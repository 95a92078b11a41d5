"""The review for other programs and the terminal: JSON, CSV tables, a text summary.

JSON names follow docs/json.md exactly (`SessionReview.to_json`). The CSV tables carry more
(every column the page shows, in English, machine-readable: ISO 8601 UTC times, plain
numbers); their files are named review_*.csv so they never overwrite a data file of the
same folder. Text a spreadsheet would run as a formula (a name starting with =, +, - or @)
is written as text (core.common.csv_safety).
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path

import pandas as pd

from core.board.alerts import AlertView
from core.common.csv_safety import neutralise_cell
from core.planning.replenish import PlanLine
from core.review.abtest import format_p, verdict_line
from core.review.model import SessionReview


def review_json_text(review: SessionReview) -> str:
    return json.dumps(review.to_json(), ensure_ascii=False, indent=2)


def _iso(value: object) -> object:
    return value.isoformat() if hasattr(value, "isoformat") else value


def csv_tables(review: SessionReview, *, lights: pd.DataFrame | None = None,
               alerts: Sequence[AlertView] = (), plan: Sequence[PlanLine] = ()
               ) -> dict[str, pd.DataFrame]:
    """file name -> table: products, A/B variants, viewers, sales per minute, stock over
    time, and (when given) lights, alerts and the replenishment lines."""
    products = pd.DataFrame([{
        **p.to_json(), "name": p.name, "slot": p.slot, "price": p.price,
        "currency": p.currency, "variant": p.variant, "orders": p.orders,
        "lost_revenue": None if p.lost_revenue is None else round(p.lost_revenue, 2),
        "lost_method": p.lost_method,
        "impressions": p.impressions, "clicks": p.clicks,
        "ctr": None if p.ctr is None else round(p.ctr, 6),
        "conversion": None if p.conversion is None else round(p.conversion, 6),
        "available_at_start": p.available_at_start, "available_at_end": p.available_at_end,
    } for p in review.products])
    ab = pd.DataFrame([{
        "group": test.group, "kind": test.kind.value, "test": test.test, **arm.to_json(),
        "variant": arm.label, "sessions": " ".join(arm.sessions),
        "p_value": test.p_value, "winner": test.winner, "verdict": test.verdict.value,
        "elasticity": test.elasticity,
    } for test in review.ab_tests for arm in test.arms])
    tables = {
        "review_products.csv": products,
        "review_ab_tests.csv": ab,
        "review_viewers.csv": review.viewers,
        "review_sales_per_minute.csv": review.sales,
        "review_availability.csv": review.availability,
    }
    if lights is not None:
        tables["review_lights.csv"] = lights
    tables["review_alerts.csv"] = pd.DataFrame(
        [{"ts": a.ts, "kind": a.kind, "sku": a.sku, "warehouse_id": a.warehouse_id,
          "old_value": a.old_value, "new_value": a.new_value, "message": a.message}
         for a in alerts],
        columns=["ts", "kind", "sku", "warehouse_id", "old_value", "new_value", "message"])
    tables["review_replenishment.csv"] = pd.DataFrame(
        [line.to_json() for line in plan],
        columns=["sku", "warehouse_id", "tier", "safety_stock", "reorder_point",
                 "stock_position", "order_qty", "mode", "arrive_by", "cost"])
    return {name: frame.map(_iso) if len(frame) else frame for name, frame in tables.items()}


def write_csv(directory: Path, tables: dict[str, pd.DataFrame]) -> list[Path]:
    """Write each table as UTF-8 CSV in `directory` (created if missing), no cell of it
    a formula a spreadsheet would run."""
    directory.mkdir(parents=True, exist_ok=True)
    written = []
    for name, frame in tables.items():
        path = directory / name
        frame.rename(columns=neutralise_cell).map(neutralise_cell).to_csv(path, index=False)
        written.append(path)
    return written


def review_text(review: SessionReview) -> str:
    """The review in the terminal: products, then A/B verdicts (English, times UTC)."""
    header = ["slot", "sku", "units", "revenue", "ran out (UTC)", "min out", "lost",
              "lost from", "forecast low-exp-high", "ctr", "conv"]
    rows = []
    for p in review.products:
        fc = p.forecast
        rows.append([
            str(p.slot), p.sku, f"{p.units:,}", f"{p.revenue:,.2f}",
            "-" if p.ran_out_at is None else f"{p.ran_out_at:%m-%d %H:%M}",
            f"{p.minutes_out_of_stock:.0f}",
            "-" if p.lost_units is None else f"{p.lost_units:,.0f}",
            p.lost_method or "-",
            "-" if fc is None else f"{fc.low:.0f}-{fc.expected:.0f}-{fc.high:.0f}",
            "-" if p.ctr is None else f"{p.ctr:.1%}",
            "-" if p.conversion is None else f"{p.conversion:.1%}"])
    widths = [max(len(r[i]) for r in [header, *rows]) for i in range(len(header))]
    lines = [f"{review.session_id} · {review.title} · {review.start:%Y-%m-%d %H:%M} - "
             f"{review.end:%H:%M} UTC",
             f"GMV {review.gmv:,.2f} {review.currency} · {review.items_sold:,} items · peak "
             f"{review.peak_viewers or 0:,} viewers · lost to stock-outs about "
             f"{review.lost_units:,.0f} units ({review.lost_revenue:,.0f} {review.currency})",
             ""]
    for cells in [header, *rows]:
        lines.append("  ".join(c.ljust(w) if i < 2 else c.rjust(w)
                               for i, (c, w) in enumerate(zip(cells, widths, strict=True))))
    if review.ab_tests:
        lines.append("")
        lines.append("A/B tests (conversion = orders / clicks):")
    for test in review.ab_tests:
        arms = ", ".join(f"{a.sku} @ {a.price:g}: {a.orders}/{a.clicks}" for a in test.arms)
        p_text = "-" if test.p_value is None else format_p(test.p_value)
        lines.append(f"  {test.group}: {arms}; {p_text}")
        lines.append(f"    {verdict_line(test, 'en')}")
    lines.extend(f"note: {note}" for note in review.notes)
    return "\n".join(lines)
