"""The table: the figures beside a saved run's and their floors, printed with rich."""

from __future__ import annotations

import math
from typing import Any

from rich.console import Console
from rich.table import Table

# key, label, target, format
ROWS = (
    ("wape_ordinary", "forecast WAPE, ordinary streams", "<= 0.25", "{:.3f}"),
    ("wape_no_flash", "  floor if flash deals can't be known ahead", "", "{:.3f}"),
    ("event_error_without_start", "event at its start: total vs demand, no expected_viewers",
     "", "{:+.0%}"),
    ("event_error_with_start", "event at its start: total vs demand, with expected_viewers",
     "within ±25%", "{:+.0%}"),
    ("event_error_exact_start", "  ... with expected_viewers = the true mean", "",
     "{:+.0%}"),
    ("event_error_team_start", "  ... a perfect forecast of conversion, viewers from the team",
     "", "{:+.0%}"),
    ("event_wape_without_start", "event at its start: WAPE, no expected_viewers", "",
     "{:.3f}"),
    ("event_wape_with_start", "event at its start: WAPE, with expected_viewers", "", "{:.3f}"),
    ("event_error_without_ahead", "event 35 days ahead: total vs demand, no expected_viewers",
     "", "{:+.0%}"),
    ("event_error_with_ahead", "event 35 days ahead: total vs demand, with expected_viewers",
     "within ±25%", "{:+.0%}"),
    ("event_error_exact_ahead", "  ... with expected_viewers = the true mean", "",
     "{:+.0%}"),
    ("event_error_team_ahead", "  ... a perfect forecast of conversion, viewers from the team",
     "", "{:+.0%}"),
    ("coverage", "80% range coverage", "~0.80", "{:.2f}"),
    ("sold_out_bias", "forecast/demand, sold out before ÷ never", "~1.00", "{:.2f}"),
    ("lost_total", "lost sales, total vs true unmet", "within ±25%", "{:+.0%}"),
    ("lost_median", "lost sales, median |error| per product", "<= 0.25", "{:.2f}"),
    ("lost_phantom", "lost units on products that never ran out ÷ true", "", "{:.0%}"),
    ("false_swap", "false SWAP (never runs out)", "<= 15%", "{:.1%}"),
    ("false_push", "false PUSH (out or short within 15 min)", "<= 2%", "{:.1%}"),
    ("handful_top", "PUSH at the top with a handful left (readings)", "0", "{:.0f}"),
    ("flips_median", "light flips per product per hour, median", "<= 1", "{:.2f}"),
    ("flips_p90", "light flips per product per hour, p90", "", "{:.2f}"),
    ("push_reordered", "PUSH tiles reordered between readings", "", "{:.0%}"),
    ("ab_correct", "A/B winners right (floor: tests with a better arm)", "", "{:.0f}"),
    ("ab_reversed", "A/B winners reversed", "0", "{:.0f}"),
    ("ab_tie_winner", "A/B winners on a true tie", "0", "{:.0f}"),
    ("reviews_changed", "reviews whose A/B changed after the stream", "0", "{:.0f}"),
    ("planner_elasticity", "planner price elasticity (highest; truth -2)", "<= 0", "{:+.2f}"),
    ("ab_elasticity", "A/B price elasticity, median (truth -2)", "", "{:+.2f}"),
)


def _cell(value: Any, fmt: str) -> str:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "—"
    return fmt.format(value)


def render(after: dict[str, Any], before: dict[str, Any] | None, console: Console) -> None:
    table = Table(title=f"How good the advice is: seeds {', '.join(after['seeds'])}")
    table.add_column("figure", no_wrap=True)
    table.add_column("target")
    if before is not None:
        table.add_column(f"before ({before.get('commit', '?')[:7]})", justify="right")
    table.add_column(f"now ({after.get('commit', '?')[:7]})", justify="right")
    table.add_column("floor (knows the truth)", justify="right")
    for key, label, target, fmt in ROWS:
        now = after["figures"].get(key, {})
        cells = [label, target]
        if before is not None:
            cells.append(_cell(before["figures"].get(key, {}).get("value"), fmt))
        cells += [_cell(now.get("value"), fmt), _cell(now.get("floor"), fmt)]
        table.add_row(*cells)
    console.print(table)
    for kind in ("without_start", "with_start", "exact_start", "without_ahead", "with_ahead",
                 "exact_ahead"):
        each = after["figures"].get(f"event_error_{kind}", {}).get("each", [])
        console.print(f"event total vs demand ({kind.replace('_', ' expected_viewers, ')}), "
                      "per seed: " + ", ".join(f"{e:+.0%}" for e in each))

