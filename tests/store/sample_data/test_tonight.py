"""Tonight's board opens with a mix: the data holds PUSH, SWAP, PRESALE and a slow mover, and
the board loaded from it shows the designed lights."""

from __future__ import annotations

from collections import defaultdict
from datetime import date, timedelta

from sqlalchemy import Engine

from core.board.model import Light
from core.board.service import board_with_forecast
from core.ingest.service import load_directory
from tests.store.sample_data.sample import (
    SAMPLE,
    TONIGHT,
    available_at,
    drawn_orders,
    instant,
    rows,
    sessions,
)


def test_tonight_opens_with_push_swap_presale_and_a_slow_mover() -> None:
    """Judged against the units each product sold in its best past TikTok US stream (the
    median would read stock-outs as low demand): PUSH holds 90% of that or more, SWAP less
    than half of it but not nothing, PRESALE nothing sellable (in TikTok's pool)."""
    streams = sessions()
    start = instant(streams[TONIGHT]["start"])
    past = {s for s, v in streams.items()
            if v["platform"] == "TikTok Shop" and v["market"] == "US" and s != TONIGHT}
    units: dict[tuple[str, str], int] = defaultdict(int)
    for order in drawn_orders():
        if order["session_id"] in past:
            units[(order["sku"], order["session_id"])] += int(order["qty"])
    lineup = [e["sku"] for e in rows("lineup.csv") if e["session_id"] == TONIGHT]
    shown: dict[str, set[str]] = defaultdict(set)
    for entry in rows("lineup.csv"):
        if entry["session_id"] in past:
            shown[entry["sku"]].add(entry["session_id"])
    best_stream = {sku: max(units[(sku, s)] for s in shown[sku]) for sku in lineup}
    available = {sku: available_at(sku, start, "US") for sku in lineup}
    products = {p["sku"]: p for p in rows("products.csv")}
    inbound = [s for s in rows("inbound.csv") if instant(s["eta"]) > start]

    push = [sku for sku in lineup if available[sku] >= 0.9 * best_stream[sku]]
    swap = [sku for sku in lineup if 0 < available[sku] < 0.5 * best_stream[sku]]
    presale = [sku for sku in lineup if available[sku] <= 0]
    assert 5 <= len(push) <= 8
    assert len(swap) >= 3
    assert 2 <= len(presale) <= 3
    for sku in swap:
        group = products[sku]["substitute_group"]
        assert any(products[other]["substitute_group"] == group for other in push), sku
    by_air_soon = [sku for sku in presale if any(
        s["sku"] == sku and s["mode"] == "air"
        and timedelta(days=3) <= instant(s["eta"]) - start <= timedelta(days=7) for s in inbound)]
    nothing_coming = [sku for sku in presale if products[sku]["presale_allowed"] == "true"
                      and not any(s["sku"] == sku for s in inbound)]
    assert by_air_soon and nothing_coming
    sold_30_days: dict[str, int] = defaultdict(int)
    for order in drawn_orders():
        if start - timedelta(days=30) < instant(order["ts"]) <= start:
            sold_30_days[order["sku"]] += int(order["qty"])
    slow = [sku for sku in lineup if available[sku] > 90 * sold_30_days[sku] / 30]
    assert len(slow) == 1


def test_the_board_opens_tonight_with_the_designed_lights(engine: Engine) -> None:
    load_directory(engine, SAMPLE)
    at = instant(sessions()[TONIGHT]["start"]) + timedelta(minutes=1)

    # What the console and `livestock board` show: the session forecast as remaining demand.
    board = board_with_forecast(engine, session_id=TONIGHT, at=at)

    light = {row.sku: row.light for row in board.products}
    by_sku = {row.sku: row for row in board.products}
    assert {sku for sku, lit in light.items() if lit is Light.SWAP} == {
        "RL-10-US", "LED-10M-US", "MIC-DUAL-US"}
    assert {sku for sku, lit in light.items() if lit is Light.PRESALE} == {
        "HW-2IN1-US", "CASE-MAG-16"}
    assert sum(lit is Light.PUSH for lit in light.values()) == 7
    assert light["PROMPT-US"] is Light.PUSH
    assert {by_sku[s].swap_to for s in ("RL-10-US", "LED-10M-US", "MIC-DUAL-US")} == {
        "RL-12-US", "LED-5M-US", "MIC-SINGLE-US"}
    # The air lot lands Dec 1 at TikTok's warehouse, which checks in for 2 days.
    assert by_sku["HW-2IN1-US"].presale_ship_date == date(2026, 12, 3)
