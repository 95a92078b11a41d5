"""UTC time: now, parsing ISO 8601 with an offset, and the text form SQLite keeps.

Every timestamp in the store is UTC (the column type is core.store.types.UTCDateTime);
a time without an offset is refused wherever one comes in.
"""

from __future__ import annotations

from datetime import UTC, datetime


def utc_now() -> datetime:
    return datetime.now(UTC)


def parse_instant(text: str) -> datetime:
    """Parse an ISO 8601 timestamp that carries an offset; raise ValueError otherwise.

    >>> parse_instant("2026-11-26T20:00:00+08:00").isoformat()
    '2026-11-26T12:00:00+00:00'
    """
    value = datetime.fromisoformat(text.strip().replace("Z", "+00:00"))
    if value.tzinfo is None or value.utcoffset() is None:
        raise ValueError(f"'{text}' has no time zone offset (write e.g. 2026-11-26T20:00:00+08:00)")
    return value.astimezone(UTC)


def sqlite_text(value: datetime) -> str:
    """The text form the SQLite store keeps, for writers that bypass SQLAlchemy."""
    return value.astimezone(UTC).strftime("%Y-%m-%d %H:%M:%S.%f")
