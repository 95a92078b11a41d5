"""The committed sample's files read as rows, and the board's `available` worked out from them
by hand (the oracle the ledger and tonight's tests compare with)."""

from __future__ import annotations

import csv
from collections.abc import Iterator
from datetime import datetime
from functools import cache
from pathlib import Path

SAMPLE = Path(__file__).resolve().parents[3] / "sample_data"
FILES = ("warehouses.csv", "products.csv", "lanes.csv", "stock.csv", "inbound.csv",
         "sessions.csv", "lineup.csv", "viewers.csv", "funnel.csv", "orders.csv")
TONIGHT = "S261126-TT-US"
MEGA = "S261111-TT-US"


@cache
def rows(name: str) -> tuple[dict[str, str], ...]:
    with (SAMPLE / name).open(encoding="utf-8", newline="") as handle:
        return tuple(csv.DictReader(handle))


def instant(text: str) -> datetime:
    return datetime.fromisoformat(text)


def sessions() -> dict[str, dict[str, str]]:
    return {s["session_id"]: s for s in rows("sessions.csv")}


def drawn_orders() -> Iterator[dict[str, str]]:
    """Orders that took stock: cancelled ones never do (README, "How the board decides")."""
    return (o for o in rows("orders.csv") if o["status"] != "cancelled")


def available_at(sku: str, at: datetime, market: str, platform: str = "tiktok") -> int:
    """The board's `available` over the market's warehouses that ship `platform`'s orders: on
    hand - reserved at the latest count at or before `at`, minus the units ordered after
    that count."""
    countries = {w["warehouse_id"]: w["country"] for w in rows("warehouses.csv")
                 if w["serves"] in ("", platform) or platform in w["serves"].split(";")}
    latest: dict[str, dict[str, str]] = {}
    for count in sorted(rows("stock.csv"), key=lambda c: instant(c["counted_at"])):
        if (count["sku"] == sku and countries.get(count["warehouse_id"]) == market
                and instant(count["counted_at"]) <= at):
            latest[count["warehouse_id"]] = count
    units = sum(int(c["on_hand"]) - int(c["reserved"]) for c in latest.values())
    for order in drawn_orders():
        wh = order["warehouse_id"]
        if order["sku"] == sku and wh in latest and \
                instant(latest[wh]["counted_at"]) < instant(order["ts"]) <= at:
            units -= int(order["qty"])
    return units
