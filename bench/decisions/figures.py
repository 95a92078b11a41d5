"""The figures: the measurements (Raw) scored, each beside its floor, what a forecaster (or a
board) that knows the true mean scores on the same draws."""

from __future__ import annotations

import itertools
import statistics
from collections import defaultdict
from collections.abc import Sequence
from datetime import datetime
from typing import Any

from scipy import stats

from bench.decisions.worlds import Raw
from sample_data.gen.draws import MEAN_QTY

TRUE_ELASTICITY = -2.0  # sample_data.gen.audience.PRICE_ELASTICITY, as d log conv / d log p


def wape(rows: Sequence[dict[str, Any]], column: str) -> float | None:
    total = sum(r["demand"] for r in rows)
    if total <= 0:
        return None
    return sum(abs(r["demand"] - r[column]) for r in rows) / total


def true_range(mean_units: float) -> tuple[float, float]:
    """The 80% range of the true draw: Poisson orders x units per order."""
    orders = mean_units / MEAN_QTY
    low, high = stats.poisson.ppf([0.1, 0.9], max(orders, 1e-9))
    return float(low) * MEAN_QTY, float(high) * MEAN_QTY


def _ratio(rows: Sequence[dict[str, Any]], column: str) -> float | None:
    demand = sum(r["demand"] for r in rows)
    return sum(r[column] for r in rows) / demand if demand > 0 else None


def _readings_figures(readings: Sequence[dict[str, Any]], column: str) -> dict[str, float]:
    swaps = [r for r in readings if r[column] == "swap"]
    pushes = [r for r in readings if r[column] == "push"]
    flips: dict[tuple[str, str, str], list[str]] = defaultdict(list)
    hours: dict[tuple[str, str, str], float] = {}
    for r in sorted(readings, key=lambda r: r["at"]):
        key = (r["seed"], r["session_id"], r["sku"])
        flips[key].append(r[column])
        hours[key] = r["hours"]
    per_hour = [sum(a != b for a, b in itertools.pairwise(lights)) / hours[key]
                for key, lights in flips.items()]
    tops = [r for r in readings if r["rank"] == 0 and r[column] == "push"]
    boards: dict[tuple[str, str, datetime], list[tuple[int, str, str]]] = defaultdict(list)
    for r in readings:
        boards[(r["seed"], r["session_id"], r["at"])].append((r["rank"], r["sku"], r[column]))
    reordered = pairs = 0
    previous: dict[tuple[str, str], list[str]] = {}
    for (seed, session_id, _), rows in sorted(boards.items()):
        order = [sku for _, sku, light in sorted(rows) if light == "push"]
        last = previous.get((seed, session_id))
        if last is not None:
            both = set(order) & set(last)
            if len(both) >= 2:
                pairs += 1
                reordered += [s for s in order if s in both] != [s for s in last if s in both]
        previous[(seed, session_id)] = order
    return {
        "false_swap": (sum(not r["ran_out"] for r in swaps) / len(swaps)) if swaps else 0.0,
        "false_push": (sum(r["handful"] for r in pushes) / len(pushes)) if pushes else 0.0,
        "handful_top": float(sum(r["handful"] for r in tops)),
        "flips_median": statistics.median(per_hour) if per_hour else 0.0,
        "flips_p90": (statistics.quantiles(per_hour, n=10)[-1] if len(per_hour) > 1
                      else 0.0),
        "swap_readings": float(len(swaps)), "push_readings": float(len(pushes)),
        "push_reordered": reordered / pairs if pairs else 0.0,
    }


def figures(raw: Raw) -> dict[str, dict[str, Any]]:
    """Each figure with its floor (None where no floor applies)."""
    out: dict[str, dict[str, Any]] = {}
    ordinary = [r for r in raw.forecast if not r["event"]]
    out["wape_ordinary"] = {"value": wape(ordinary, "expected"), "floor": wape(ordinary, "truth"),
                            "n": len(ordinary)}
    out["wape_no_flash"] = {"value": None, "floor": wape(ordinary, "no_flash")}
    for kind in ("without_start", "with_start", "exact_start", "without_ahead", "with_ahead",
                 "exact_ahead"):
        rows = [r for r in raw.events if r["kind"] == kind]
        by_session: dict[tuple[str, str], list[dict[str, Any]]] = defaultdict(list)
        for r in rows:
            by_session[(r["seed"], r["session_id"])].append(r)
        errors = [(_ratio(v, "expected") or 0.0) - 1 for v in by_session.values()]
        floors = [(_ratio(v, "truth") or 0.0) - 1 for v in by_session.values()]
        out[f"event_error_{kind}"] = {
            "value": max(errors, key=abs) if errors else None,
            "floor": max(floors, key=abs) if floors else None, "each": errors}
        out[f"event_wape_{kind}"] = {"value": wape(rows, "expected"),
                                     "floor": wape(rows, "truth")}
        if kind.startswith("with_"):
            # A forecaster that knew the event's conversion and shares exactly but took its
            # viewers from the team's expected_viewers, as every forecaster must ahead.
            team = [sum(r["truth"] * r["viewers_factor"] for r in v)
                    / max(sum(r["demand"] for r in v), 1e-9) - 1 for v in by_session.values()]
            out[f"event_error_team_{kind.removeprefix('with_')}"] = {
                "value": max(team, key=abs) if team else None, "floor": None, "each": team}
    covered = [r["low"] <= r["demand"] <= r["high"] for r in raw.forecast]
    floor_covered = []
    for r in raw.forecast:
        low, high = true_range(r["truth"])
        floor_covered.append(low <= r["demand"] <= high)
    out["coverage"] = {"value": sum(covered) / len(covered) if covered else None,
                       "floor": sum(floor_covered) / len(floor_covered) if covered else None}
    bias = {}
    for column in ("expected", "truth"):
        sold_out = _ratio([r for r in ordinary if r["sold_out_before"]], column)
        never = _ratio([r for r in ordinary if not r["sold_out_before"]], column)
        bias[column] = sold_out / never if sold_out and never else None
    out["sold_out_bias"] = {"value": bias["expected"], "floor": bias["truth"]}

    ran_out = [r for r in raw.lost if r["ran_out"]]
    true_total = sum(r["true"] for r in ran_out)
    review_total = sum(r["review"] or 0.0 for r in ran_out)
    counted_total = sum(r["counted"] for r in ran_out)
    per_product = [abs((r["review"] or 0.0) / r["true"] - 1) for r in ran_out if r["true"] > 1]
    floor_per_product = [abs(r["counted"] / r["true"] - 1) for r in ran_out if r["true"] > 1]
    out["lost_total"] = {"value": review_total / true_total - 1 if true_total else None,
                         "floor": counted_total / true_total - 1 if true_total else None,
                         "n": len(ran_out)}
    out["lost_median"] = {"value": statistics.median(per_product) if per_product else None,
                          "floor": statistics.median(floor_per_product)
                          if floor_per_product else None}
    phantom = sum(r["review"] or 0.0 for r in raw.lost if not r["ran_out"])
    out["lost_phantom"] = {"value": phantom / true_total if true_total else None, "floor": 0.0}

    ours, oracle = (_readings_figures(raw.readings, c) for c in ("light", "oracle"))
    for key in ("false_swap", "false_push", "handful_top", "flips_median", "flips_p90"):
        out[key] = {"value": ours[key], "floor": oracle[key]}
    out["push_reordered"] = {"value": ours["push_reordered"], "floor": None}
    out["false_swap"]["n"] = ours["swap_readings"]
    out["false_push"]["n"] = ours["push_readings"]

    named = [r for r in raw.ab if r["winner"] is not None]
    out["ab_reversed"] = {"value": float(sum(r["better"] is not None and r["winner"] != r["better"]
                                             for r in named)), "floor": 0.0}
    out["ab_tie_winner"] = {"value": float(sum(r["better"] is None for r in named)),
                            "floor": 0.0}
    out["ab_correct"] = {"value": float(sum(r["winner"] == r["better"] for r in named)),
                         "floor": float(sum(r["better"] is not None for r in raw.ab)),
                         "n": len(raw.ab)}
    out["reviews_changed"] = {"value": float(sum(raw.changed)), "floor": 0.0,
                              "n": len(raw.changed)}
    planner = [e["planner"] for e in raw.elasticity if "planner" in e]
    ab = [e["ab"] for e in raw.elasticity if "ab" in e]
    out["planner_elasticity"] = {"value": max(planner) if planner else None,
                                 "floor": TRUE_ELASTICITY}
    out["ab_elasticity"] = {"value": statistics.median(ab) if ab else None,
                            "floor": TRUE_ELASTICITY}
    return out

