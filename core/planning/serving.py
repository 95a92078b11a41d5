"""Which warehouse must cover a platform's demand: stock only ships where it can.

A warehouse ships only the orders of the platforms it `serves` (warehouses.csv; empty =
every platform): Amazon FBA ships Amazon's, TikTok's own warehouse TikTok's, a 3PL usually
every platform's. Demand of a platform in a market (a stream's forecast, an order without a
warehouse) is planned in the warehouses of that market that serve it and carry the product,
the most specific first (the fewest platforms served: the platform's own warehouse before a
3PL), shared evenly among equally specific ones; when none carries the product, in the
single most specific warehouse that serves the platform (stock has to go there). The same
order as README's "Advice that holds up": an order without a warehouse is charged to the one
serving the fewest platforms.
"""

from __future__ import annotations

import math
from collections.abc import Collection, Mapping

from core.common.choices import served_platforms


def serving_rank(serves: str | None) -> float:
    """How many platforms a warehouse serves (every platform: infinity).

    >>> serving_rank("tiktok"), serving_rank("amazon;tiktok"), serving_rank(None)
    (1, 2, inf)
    """
    platforms = served_platforms(serves)
    return math.inf if platforms is None else len(platforms)


def can_ship(serves: str | None, platform: str | None) -> bool:
    """Whether a warehouse serving `serves` ships `platform`'s orders (unknown: any)."""
    platforms = served_platforms(serves)
    return platform is None or platforms is None or platform in platforms


def covering_warehouses(*, platform: str | None, serves: Mapping[str, str | None],
                        carriers: Collection[str]) -> list[str]:
    """The warehouses (of one market: `serves` maps each to its serves) that cover
    `platform`'s demand for a product held in `carriers`.

    >>> market = {"FBA": "amazon", "FBT": "tiktok", "LA": None, "NJ": None}
    >>> covering_warehouses(platform="tiktok", serves=market, carriers={"FBA", "FBT", "LA"})
    ['FBT']
    >>> covering_warehouses(platform="tiktok", serves=market, carriers={"FBA", "LA", "NJ"})
    ['LA', 'NJ']
    >>> covering_warehouses(platform="tiktok", serves=market, carriers={"FBA"})
    ['FBT']
    """
    serving = {wh: serving_rank(s) for wh, s in serves.items() if can_ship(s, platform)}
    holding = {wh: rank for wh, rank in serving.items() if wh in carriers}
    if holding:
        best = min(holding.values())
        return sorted(wh for wh, rank in holding.items() if rank == best)
    if not serving:
        return []
    return [min(sorted(serving), key=lambda wh: serving[wh])]
