"""Which status an order keeps when platform deliveries arrive out of order (pure).

A platform stamps every version of an order (Shopify's `updated_at`, TikTok's
`update_time`); deliveries and retries may arrive in any order, and an old body may be
replayed. The store keeps, per order, the status it applied and the platform's stamp of
the version that set it, and a new delivery's status counts only by that stamp:

- a newer stamp sets its status, whatever it is (the platform changed its mind);
- the same stamp (two topics fired by one change) moves the status forward only:
  paid -> returned -> cancelled, never back;
- an older stamp changes nothing (a replay of an older body does not undo a refund);
- cancelled is final: a platform does not revive a cancelled order, so a late
  orders/create or orders/paid never does either;
- a status the store has without a stamp (written from an export file) moves forward
  only, since nothing says whether the delivery is newer than the file.

Example: created (paid, 20:31), refunded (returned, 21:10), then a late orders/paid of
20:40 arrives: it is older than 21:10, so the order stays returned.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

RANK = {"paid": 0, "returned": 1, "cancelled": 2}


@dataclass(frozen=True)
class StatusStamp:
    """An order's status and the platform's stamp of the version that set it (None: the
    status came without one)."""

    status: str
    stamped_at: datetime | None


def is_older(stamp: StatusStamp | None, *, incoming_at: datetime | None) -> bool:
    """True when a delivery stamped `incoming_at` is older than what the store applied:
    its lines and status change nothing."""
    return (stamp is not None and stamp.stamped_at is not None and incoming_at is not None
            and incoming_at < stamp.stamped_at)


def status_after(stamp: StatusStamp | None, *, incoming: str, incoming_at: datetime | None
                 ) -> StatusStamp:
    """The order's status once a delivery of status `incoming`, stamped `incoming_at`,
    is taken in (the rules in the module docstring)."""
    arriving = StatusStamp(incoming, incoming_at)
    if stamp is None:
        return arriving
    if stamp.status == "cancelled" or is_older(stamp, incoming_at=incoming_at):
        return stamp
    forward = RANK.get(incoming, 0) >= RANK.get(stamp.status, 0)
    if stamp.stamped_at is None or incoming_at is None:
        if not forward:
            return stamp
        return StatusStamp(incoming, incoming_at or stamp.stamped_at)
    if incoming_at > stamp.stamped_at or forward:
        return arriving
    return stamp
