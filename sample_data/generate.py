#!/usr/bin/env python3
"""The demo dataset: a cross-border seller's store, 90 days of history and tonight's stream.

    python sample_data/generate.py [--out DIR] [--scale X] [--anchor YYYY-MM-DD]

Writes the ten files of docs/data-files.md (warehouses.csv ... orders.csv). The same
arguments always give the same bytes: every random draw comes from Python's `random.Random`
seeded with a string naming what it is for (stable across runs, machines and Python
versions), and nothing reads the clock.

How the history is made, in this order:
1. The catalog (44 products, 10 substitute groups, one currency per product), seven
   warehouses in US, GB, DE and JP, and their lanes (fees and transit days from docs/figures.md).
2. The session calendar: 33 past streams and tonight's, each with a lineup, a viewer curve
   (warm-up ramp, rise, peak, decay, bumps at flash deals) and a product funnel.
3. Demand, drawn before any stock is looked at. Off-stream: orders per product per day, a
   gamma-Poisson draw, so slow sellers have many zero days. In a stream, per minute:
       orders/min = viewers x (orders per 1,000 unique viewers) / (1,000 x watch minutes)
                    x the product's share (appeal x price effect x "being pitched" x flash deal)
   e.g. 900 viewers x 12 / (1,000 x 4) = 2.7 orders a minute across the lineup.
4. The ledger of each product, event by event: orders draw on the stock of the market's
   warehouses (a platform's own warehouse first); an order that meets an empty shelf is
   lost and never written. A weekly (s, S) review ships by sea, and by air for the gap sea
   can't reach in time; arrivals are counted; weekly counts and a count on the anchor morning.
5. Tonight's mix: the last shipments of tonight's lineup are sized (solved) so the board
   opens with about half PUSH, three SWAP, two PRESALE and one slow mover, and so that
   several products sold out in the middle of the 11.11 stream.

`--scale X` repeats the store X times (products, sessions and their orders) for benchmarks;
below 1 it keeps a fraction X of the past sessions and of the off-stream orders.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Iterable
from datetime import date
from pathlib import Path

HERE = Path(__file__).resolve().parent
# As a script only sample_data/ is on the path; the repo root makes `sample_data.gen` importable.
sys.path.insert(0, str(HERE.parent))

from sample_data.gen.calendar import DEFAULT_ANCHOR  # noqa: E402
from sample_data.gen.csv_files import write  # noqa: E402
from sample_data.gen.store import build  # noqa: E402


def main(argv: Iterable[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--out", type=Path, default=HERE, help="folder to write (default: here)")
    parser.add_argument("--scale", type=float, default=1.0,
                        help="multiply products, sessions and orders (1 = the committed demo)")
    parser.add_argument("--anchor", type=date.fromisoformat, default=DEFAULT_ANCHOR,
                        help="'today' for the dataset, YYYY-MM-DD (default 2026-11-26)")
    parser.add_argument("--quiet", action="store_true", help="no summary on stderr")
    args = parser.parse_args(list(argv) if argv is not None else None)
    dataset = build(anchor=args.anchor, scale=args.scale)
    write(dataset, args.out)
    if not args.quiet:
        for name, rows in dataset.tables.items():
            sys.stderr.write(f"{name:<16} {len(rows):>8} rows\n")
        for note in dataset.notes:
            sys.stderr.write(f"{note}\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
