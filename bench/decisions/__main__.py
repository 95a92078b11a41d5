"""How good the advice is: LiveStock scored against the demand a known world really drew.

    python bench/decisions [--quick] [--save FILE] [--before FILE]

The world is the sample generator (sample_data/gen) with each seed of SEEDS: the same
story (catalogue, calendar, the 11.11 mega live), other draws. The generator draws demand
before it looks at stock, so `sample_data.gen.truth` knows what buyers wanted while a
product was out. Each seed's ten files load into a temporary SQLite store twice: as they
are, and with `expected_viewers` for the event (11.11) set to the team's estimate, the true
mean viewers x exp(N(0, 0.25)) (a ~25% error, seeded). Then, as a user of LiveStock would
see it on the anchor day (`--at` = the data's end):

- forecast: each past session's forecast taken at its start (`review --json`'s
  forecast_low/expected/high), against the demand drawn for it (sold + unmet, cancelled
  orders aside): WAPE per product x session, ordinary streams (a second floor: what knowing
  everything but where the flash deals fell scores) and the event, at its start and 35 days
  ahead, without and with expected_viewers (total error; also with the true mean viewers
  as expected_viewers), 80% range coverage, and the bias between products that sold out in
  an earlier stream and those that never did;
- lost sales (`review`'s lost_units) per product that ran out, against the true unmet
  demand: the true demand rate summed over the minutes the shelves were empty;
- the board (`board --at`) replayed every 5 minutes of each live stream: false SWAP (SWAP on
  a product that never runs out in that stream), false PUSH (PUSH on a product that runs
  out within 15 minutes, or whose available is below its true demand over the next 15
  minutes), light flips per product per hour (median over product x stream);
- A/B (`review`'s ab_tests): winners against the truly better arm (orders per click in
  stock at the lineup price), reviews that changed between the stream's end and today;
  the planner's price elasticity (`PlanningData.model.elasticity`, the generator's is -2).

Beside each figure, the floor: what a forecaster (or a board) that knows the true mean
scores on the same draws. `--save` writes the figures as JSON; `--before FILE` prints them
beside a saved run (bench/decisions_before.json holds the run on the code before issue 12).
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
from collections.abc import Sequence
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from rich.console import Console  # noqa: E402
from rich.progress import Progress  # noqa: E402

from bench.decisions.figures import figures  # noqa: E402
from bench.decisions.table import render  # noqa: E402
from bench.decisions.worlds import QUICK_SEEDS, SEEDS, Raw, measure_seed  # noqa: E402

BEFORE_FILE = ROOT / "bench" / "decisions_before.json"


def _commit() -> str:
    try:
        head = subprocess.run(["git", "-C", str(ROOT), "rev-parse", "HEAD"], check=True,
                              capture_output=True, text=True).stdout.strip()
        dirty = subprocess.run(["git", "-C", str(ROOT), "status", "--porcelain", "core"],
                               check=True, capture_output=True, text=True).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return "unknown"
    return head + ("+dirty" if dirty else "")


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--quick", action="store_true", help=f"one seed ({QUICK_SEEDS[0]})")
    parser.add_argument("--save", type=Path, help="write the figures as JSON")
    parser.add_argument("--before", type=Path, default=BEFORE_FILE,
                        help="a saved run to print beside (default: %(default)s)")
    args = parser.parse_args(argv)
    console = Console(stderr=True)
    seeds = QUICK_SEEDS if args.quick else SEEDS
    raw = Raw()
    with Progress(console=console, transient=False) as progress:
        for seed in seeds:
            measure_seed(seed, raw, progress)
    result = {"commit": _commit(), "seeds": list(seeds), "quick": args.quick,
              "figures": figures(raw)}
    if args.save:
        args.save.write_text(json.dumps(result, indent=1, sort_keys=True) + "\n",
                             encoding="utf-8")
    before = None
    if args.before and args.before.is_file() and args.before.resolve() != (
            args.save.resolve() if args.save else None):
        before = json.loads(args.before.read_text(encoding="utf-8"))
        if before.get("quick") != args.quick:
            console.print(f"note: {args.before} was measured with quick={before.get('quick')}")
    render(result, before, Console(width=150))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
