"""What the board writes: its light records and alerts, under the session's write lock.

Each helper takes the open `Connection` of `core.board.service.record_changes`'s
transaction; none opens or commits one.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import asdict
from datetime import datetime

from sqlalchemy import Connection, insert, select, update

from core.board.alerts import LightChange, NewAlert
from core.store.locks import take_write_lock
from core.store.models import Alert, LightRecord, LiveSession, table_of

_LIGHTS = table_of(LightRecord)
_ALERTS = table_of(Alert)
_SESSIONS = table_of(LiveSession)


def lock_session(*, conn: Connection, session_id: str) -> None:
    """Hold the session's write lock until the transaction ends (SQLite: BEGIN IMMEDIATE;
    PostgreSQL: the session's row FOR UPDATE), so two consoles refreshing together write
    each alert once. Call it first in the transaction."""
    if conn.dialect.name == "sqlite":
        take_write_lock(conn)
    else:
        conn.execute(select(_SESSIONS.c.session_id).where(_SESSIONS.c.session_id == session_id)
                     .with_for_update())


def write_lights(*, conn: Connection, session_id: str, at: datetime,
                 lights: Sequence[LightChange]) -> None:
    """A light record per change at `at`; one already at `at` is updated in place."""
    for change in lights:
        values = {"light": change.light, "available": change.available,
                  "reason": change.reason}
        if change.replaces:
            conn.execute(update(_LIGHTS).where(
                _LIGHTS.c.session_id == session_id, _LIGHTS.c.sku == change.sku,
                _LIGHTS.c.ts == at).values(**values))
        else:
            conn.execute(insert(_LIGHTS).values(session_id=session_id, sku=change.sku, ts=at,
                                                **values))


def write_alerts(*, conn: Connection, alerts: Sequence[NewAlert]) -> None:
    """The alerts in their order (the feed shows the newest first by ts, then id)."""
    if alerts:
        conn.execute(insert(_ALERTS), [asdict(alert) for alert in alerts])
