"""How long the stock on the shelf has been there: first in, first out.

The store keeps arrivals (inbound.csv's ETAs) and stock counts, not a ledger of which unit
left when, so ages are derived: the units available now are taken to be the newest
arrivals counted in (first in, first out: older units sold first). Walking arrivals from
the newest back, each lends min(units still to place, its qty) at its age; units left over
were on the shelf before every recorded arrival and the first count, so their age is a
lower bound ("at least N days").

    age of an arrival = at - its ETA (days)
    leftover age     >= at - min(first count, oldest arrival placed)
"""

from __future__ import annotations

from datetime import datetime

import pandas as pd

AGE_BANDS_DAYS = (30, 90, 180)  # FBA's aged-inventory surcharge starts after 180 days
COLUMNS = ["sku", "warehouse_id", "units", "age_days", "at_least"]


def age_band(age_days: float) -> str:
    """The band an age falls in: '0-30', '31-90', '91-180' or '180+'.

    >>> [age_band(d) for d in (0, 30, 31, 120, 181)]
    ['0-30', '0-30', '31-90', '91-180', '180+']
    """
    low = 0
    for high in AGE_BANDS_DAYS:
        if age_days <= high:
            return f"{low}-{high}"
        low = high + 1
    return f"{AGE_BANDS_DAYS[-1]}+"


def stock_ages(*, available: pd.DataFrame, counts: pd.DataFrame, inbound: pd.DataFrame,
               at: datetime) -> pd.DataFrame:
    """Available units per product and warehouse split by age (sku, warehouse_id, units,
    age_days, at_least).

    `available`: sku, warehouse_id, units; `counts`: `core.forecast.reads.stock_counts`;
    `inbound`: `core.forecast.reads.inbound_known`. An arrival counts once a stock count at or
    after its ETA took it in (before that it is still inbound, not on the shelf).

    >>> from datetime import UTC
    >>> at = datetime(2026, 5, 1, tzinfo=UTC)
    >>> ts = lambda m, d: pd.Timestamp(datetime(2026, m, d, tzinfo=UTC))
    >>> stock_ages(available=pd.DataFrame({"sku": ["A"], "warehouse_id": ["W"], "units": [150]}),
    ...            counts=pd.DataFrame({"sku": ["A"] * 2, "warehouse_id": ["W"] * 2,
    ...                                 "counted_at": [ts(1, 1), ts(4, 22)]}),
    ...            inbound=pd.DataFrame({"sku": ["A"], "warehouse_id": ["W"], "qty": [100],
    ...                                  "eta": [ts(4, 21)]}), at=at).values.tolist()
    [['A', 'W', 100.0, 10.0, False], ['A', 'W', 50.0, 120.0, True]]
    """
    if available.empty or counts.empty:
        return pd.DataFrame(columns=COLUMNS)
    moment = pd.Timestamp(at)
    spans = counts.groupby(["sku", "warehouse_id"])["counted_at"].agg(["min", "max"])
    rows = []
    for sku, warehouse_id, units in zip(available["sku"], available["warehouse_id"],
                                        available["units"], strict=True):
        left = float(units)
        if left <= 0 or (sku, warehouse_id) not in spans.index:
            continue
        first, latest = spans.loc[(sku, warehouse_id)]
        mine = inbound[(inbound["sku"] == sku) & (inbound["warehouse_id"] == warehouse_id)
                       & (inbound["eta"] <= latest)].sort_values("eta", ascending=False)
        oldest = first
        for qty, eta in zip(mine["qty"], mine["eta"], strict=True):
            if left <= 0:
                break
            take = min(left, float(qty))
            rows.append((sku, warehouse_id, take, _days(moment - eta), False))
            left -= take
            oldest = min(oldest, eta)
        if left > 0:
            rows.append((sku, warehouse_id, left, _days(moment - oldest), True))
    return pd.DataFrame(rows, columns=COLUMNS)


def _days(span: pd.Timedelta) -> float:
    return float(max(span.days, 0))


def aged_by_warehouse(ages: pd.DataFrame) -> pd.DataFrame:
    """Units per warehouse and age band: warehouse_id, band, units (bands in age order)."""
    bands = [age_band(0), *(age_band(d + 1) for d in AGE_BANDS_DAYS)]
    if ages.empty:
        return pd.DataFrame(columns=["warehouse_id", "band", "units"])
    frame = ages.assign(band=ages["age_days"].map(age_band))
    summed = frame.groupby(["warehouse_id", "band"], as_index=False)["units"].sum()
    rank = summed["band"].map({band: i for i, band in enumerate(bands)})
    ordered = summed.assign(rank=rank).sort_values(["warehouse_id", "rank"])
    return ordered.drop(columns="rank").reset_index(drop=True)
