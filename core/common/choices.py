"""The values a field may take (docs/data-files.md, docs/figures.md): one list each.

The store's CHECK constraints (core/store/models.py), the loader's checks
(core/ingest/datafiles.py) and the settings all read them from here.
"""

from __future__ import annotations

WAREHOUSE_MODES = ("self", "3pl", "platform")
LANE_MODES = ("sea", "air", "express", "rail", "truck")
TRAFFIC_KINDS = ("organic", "paid", "mixed")
# A cancelled order never took stock nor counts as sold: every read that sums orders leaves
# it out by this one value.
CANCELLED = "cancelled"
ORDER_STATUSES = ("paid", CANCELLED, "returned")
# How safety stock is set: days of sales by tier, or z(service level) x sd of demand.
SAFETY_MODES = ("tier", "service_level")
# Platforms known by name; sessions.csv's display names map onto them ("TikTok Shop" ->
# tiktok). Other lowercase ids are accepted as they are.
KNOWN_PLATFORMS = ("tiktok", "amazon", "shopify")


def platform_id(text: str) -> str | None:
    """The platform id a name stands for, or None when it is not one.

    Display names people write map onto the known ids; any other name must already be a
    lowercase id (letters, digits, "-" or "_").
    >>> [platform_id(t) for t in ("TikTok Shop", "Amazon Live", "shopify", "temu", "Big Co")]
    ['tiktok', 'amazon', 'shopify', 'temu', None]
    """
    folded = text.strip().lower()
    squashed = folded.replace(" ", "").replace("_", "").replace("-", "")
    for known in KNOWN_PLATFORMS:
        if known in squashed:
            return known
    ok = folded != "" and all(c.isascii() and (c.isalnum() or c in "-_") for c in folded)
    return folded if ok else None


def served_platforms(serves: str | None) -> frozenset[str] | None:
    """A warehouse's `serves` as a set of platform ids; None = it serves every platform.

    >>> sorted(served_platforms("amazon;TikTok Shop"))
    ['amazon', 'tiktok']
    >>> served_platforms("") is None
    True
    """
    if serves is None or not serves.strip():
        return None
    ids = {platform_id(part) for part in serves.split(";") if part.strip()}
    return frozenset(i for i in ids if i is not None) or None
