"""The values a field may take (docs/data-files.md, docs/figures.md): one list each.

The store's CHECK constraints (core/store/models.py), the loader's checks
(core/ingest/datafiles.py) and the settings all read them from here.
"""

from __future__ import annotations

WAREHOUSE_MODES = ("self", "3pl", "platform")
LANE_MODES = ("sea", "air", "express", "rail")
TRAFFIC_KINDS = ("organic", "paid", "mixed")
ORDER_STATUSES = ("paid", "cancelled", "returned")
# How safety stock is set: days of sales by tier, or z(service level) x sd of demand.
SAFETY_MODES = ("tier", "service_level")
