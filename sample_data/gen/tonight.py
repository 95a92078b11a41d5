"""Tonight's design: the last shipments of tonight's lineup, sized so the board opens with
the designed lights, and the notes that check it held."""

from __future__ import annotations

import math
from collections.abc import Sequence
from datetime import timedelta

from .calendar import MEGA_LINEUP, SOLD_OUT_AT_1111, TONIGHT
from .catalogue import CATALOG
from .clock import NEW_YORK, local_date, wall_clock
from .ledger import Count, Design, Ledger, Pin
from .plans import Context, SessionPlan
from .warehouses import FBT, LA, NJ

# Tonight's and 11.11's streams are TikTok Shop US: the warehouses that ship their orders.
TIKTOK_POOL = (FBT, LA, NJ)


def tonight_design(ctx: Context, plans: Sequence[SessionPlan],
                   expected: dict[str, dict[str, float]]) -> dict[str, Design]:
    """Shipments that make tonight's board open with a good mix (README, "How the board decides").

    The rest of the 11.11 lineup was stocked for 1.5x its expected units there.
    PUSH: 4x tonight's expected units on hand. SWAP: 20% of it (runs out mid-stream).
    PRESALE: nothing sellable; one with an air shipment landing in 5 days, one without.
    The SWAP and PRESALE products also sold out mid-stream at 11.11: routine shipments stop
    arriving 12 days before it (earlier if they would still hold too much) and an air
    shipment brings them to 40% of its demand.
    """
    today = next((p for p in plans if p.special == "today"), None)
    mega = next((p for p in plans if p.special == "1111" and p.copy == 1), None)
    if today is None or mega is None:
        return {}
    morning = wall_clock(ctx.anchor, 7, 0, NEW_YORK)
    mega_morning = wall_clock(local_date(mega.start, NEW_YORK), 7, 0, NEW_YORK)
    tonight, at_1111 = expected[today.session_id], expected[mega.session_id]
    designs: dict[str, Design] = {}
    for sku in MEGA_LINEUP:
        if sku not in SOLD_OUT_AT_1111:
            designs[sku] = Design((Pin(_primary(sku), "sea", mega_morning - timedelta(
                days=6, hours=-4), mega_morning, math.ceil(1.5 * at_1111[sku])),),
                pool=TIKTOK_POOL)
    for sku, _, _, role in TONIGHT:
        pins = list(designs.get(sku, Design()).pins)
        if role == "push":
            pins.append(Pin(_primary(sku), "sea", morning - timedelta(days=7, hours=-4),
                            morning, math.ceil(4 * tonight[sku])))
            designs[sku] = Design(tuple(pins), freeze_eta=morning - timedelta(days=12),
                                  pool=TIKTOK_POOL)
        elif role == "slow":
            designs[sku] = Design(initial_on_hand=900)
        else:
            pins.append(Pin(FBT, "air", mega_morning - timedelta(days=3, hours=-4), mega_morning,
                            round(0.4 * at_1111[sku]), ceiling=True))
            if role == "swap":
                pins.append(Pin(FBT, "air", morning - timedelta(days=8, hours=-4), morning,
                                round(0.2 * tonight[sku]), ceiling=True))
            elif sku == "HW-2IN1-US":
                pins.append(Pin(FBT, "air", morning - timedelta(days=10, hours=-4), morning, 2,
                                ceiling=True))
                pins.append(Pin(FBT, "air", morning + timedelta(days=5, hours=3), qty=800))
            if sku == "RL-10-US":
                pins.append(Pin(LA, "sea", morning + timedelta(days=18, hours=5), qty=1200))
            if sku == "LED-10M-US":
                pins.append(Pin(LA, "sea", morning + timedelta(days=24, hours=6), qty=900))
            designs[sku] = Design(tuple(pins), freeze_eta=mega_morning - timedelta(days=12),
                                  cover_days=10,
                                  reserve_all_on=ctx.anchor if sku == "HW-2IN1-US" else None,
                                  pool=TIKTOK_POOL)
    return designs


def _primary(sku: str) -> str:
    """The first of the product's warehouses that ships TikTok's orders."""
    stocked = next(p.stocked for p in CATALOG if p.sku == sku)
    return next((w for w in stocked if w in TIKTOK_POOL), stocked[0])


def tonight_notes(plans: Sequence[SessionPlan], expected: dict[str, dict[str, float]],
                   ledgers: dict[str, Ledger]) -> list[str]:
    """What the board should open with tonight, to check the design held."""
    today = next((p for p in plans if p.special == "today"), None)
    if today is None:
        return []
    notes = []
    for entry in today.lineup:
        ledger = ledgers[entry.sku]
        latest: dict[str, Count] = {}
        for c in ledger.counts:
            if c.warehouse_id in TIKTOK_POOL:
                latest[c.warehouse_id] = c
        available = sum(c.on_hand - c.reserved for c in latest.values())
        for a in ledger.accepted:
            if (a.demand.status != "cancelled" and a.warehouse_id in latest
                    and a.demand.ts > latest[a.warehouse_id].counted_at):
                available -= a.qty
        notes.append(f"tonight {entry.sku:<14} available {available:>5}  expected "
                     f"{expected[today.session_id][entry.sku]:7.1f}")
    return notes
