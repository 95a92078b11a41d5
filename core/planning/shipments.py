"""One shipment per lane per batch: its cost_shipment is shared, not paid per line.

A lane's cost_shipment (a container, an air consignment, a truck) is paid once for
everything that travels on it together. The plan is one batch (its review period's order):
its purchases on the same lane (same destination and mode) make one shipment, the
forwarder consolidating the suppliers' goods; its transfers on the same lane make one per
departure day. Each line bears a share by units:

    share_i = cost_shipment x units_i / units on the shipment

Worked example: 2 kitchen scales and 298 other units on one $450 sea container: the scales
bear 450 x 2 / 300 = $3.00, not $450.
"""

from __future__ import annotations

from collections.abc import Hashable, Sequence
from dataclasses import dataclass


@dataclass(frozen=True)
class Leg:
    """One line's place on a lane: `line` identifies it; `lane` = (origin, destination,
    mode), origin "" for the supplier; `departure_days` for a transfer (None: a purchase,
    whatever day its goods are ready)."""

    line: Hashable
    lane: tuple[str, str, str]
    units: int
    cost_shipment: float
    departure_days: float | None = None


@dataclass(frozen=True)
class Share:
    cost: float  # the line's part of its shipment's cost_shipment
    shipment_units: int  # units on that shipment, every line's


def share_shipments(legs: Sequence[Leg]) -> dict[Hashable, Share]:
    """Each leg's share of its shipment's cost (legs without units bear nothing).

    >>> legs = [Leg("scales", ("", "NJ", "sea"), 2, 450.0),
    ...         Leg("strips", ("", "NJ", "sea"), 298, 450.0)]
    >>> share_shipments(legs)["scales"]
    Share(cost=3.0, shipment_units=300)
    """
    totals: dict[tuple[str, str, str, float | None], int] = {}
    for leg in legs:
        if leg.units > 0:
            key = (*leg.lane, leg.departure_days)
            totals[key] = totals.get(key, 0) + leg.units
    shares: dict[Hashable, Share] = {}
    for leg in legs:
        if leg.units <= 0:
            shares[leg.line] = Share(0.0, 0)
            continue
        total = totals[(*leg.lane, leg.departure_days)]
        shares[leg.line] = Share(leg.cost_shipment * leg.units / total, total)
    return shares
