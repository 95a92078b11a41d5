"""UTC time: parsing ISO 8601 with an offset, and the column type that stores it.

Every timestamp in the store is UTC. SQLite has no time zone type, so the column keeps
naive UTC text (`YYYY-MM-DD HH:MM:SS.ffffff`, SQLAlchemy's form, which sorts and compares
as text) and gives back aware UTC datetimes; PostgreSQL keeps `timestamptz`.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from sqlalchemy import DateTime
from sqlalchemy.engine import Dialect
from sqlalchemy.types import TypeDecorator


class UTCDateTime(TypeDecorator[datetime]):
    """A datetime column that refuses naive values and always returns aware UTC."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: Any, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if not isinstance(value, datetime):
            raise TypeError(f"expected a datetime, got {type(value).__name__}")
        if value.tzinfo is None or value.utcoffset() is None:
            raise ValueError(f"naive datetime {value.isoformat()}: a time zone offset is required")
        value = value.astimezone(UTC)
        if dialect.name == "sqlite":
            return value.replace(tzinfo=None)
        return value

    def process_result_value(self, value: Any, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if isinstance(value, str):
            value = datetime.fromisoformat(value)
        if value.tzinfo is None:
            return value.replace(tzinfo=UTC)
        return value.astimezone(UTC)


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
