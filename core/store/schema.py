"""The store's schema: created, checked against this LiveStock's revision, upgraded, dropped.

A store records its revision in Alembic's `alembic_version` table (core/store/migrations). This
LiveStock reads and writes only stores at its own newest revision (the head): an older
store must be upgraded first (`livestock upgrade`), a newer one was written by a newer
LiveStock. A new, empty store gets the whole schema at once, stamped at the head.

Stores made before revisions were recorded carry no version; their shape tells which
revision they match (`legacy_revision`). One of the head's shape is simply stamped.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from enum import StrEnum

from sqlalchemy import Connection, Engine, MetaData, Table, inspect, text
from sqlmodel import SQLModel

import core.store.models  # noqa: F401  (registers the tables on SQLModel.metadata)
from core.common.errors import LiveStockError
from core.store.locks import take_write_lock
from core.store.migrations import migrate, revision_chain, stamp, stamped_revision

VERSION_TABLE = "alembic_version"
# Any constant: whoever creates or upgrades a PostgreSQL store's schema takes this lock.
SCHEMA_LOCK_KEY = 0x11FE_570C


class StoreVersionError(LiveStockError):
    """The store's schema is not the one this LiveStock understands."""

    def __init__(self, message: str, *, version: StoreVersion | None = None) -> None:
        super().__init__(message)
        self.version = version


class Standing(StrEnum):
    EMPTY = "empty"  # no LiveStock table yet
    CURRENT = "current"  # at the head
    OLDER = "older"  # a known revision before the head: upgrade the store
    NEWER = "newer"  # a revision this LiveStock does not know: upgrade LiveStock


@dataclass(frozen=True)
class StoreVersion:
    revision: str | None  # recorded, or inferred from the shape of an unversioned store
    recorded: bool  # False for an empty store or one made before revisions were recorded
    standing: Standing
    head: str


def judge(revision: str | None, *, chain: Sequence[str]) -> Standing:
    """Where `revision` stands against `chain` (every known revision, oldest first)."""
    if revision is None:
        return Standing.EMPTY
    if revision == chain[-1]:
        return Standing.CURRENT
    return Standing.OLDER if revision in chain else Standing.NEWER


def legacy_revision(tables: set[str], *, viewer_sample_columns: set[str],
                    warehouse_columns: frozenset[str] | set[str] = frozenset()) -> str | None:
    """The revision an unversioned store's shape matches; None when it has no LiveStock table.

    Stores made before revisions were recorded (made by create_all at revision 0001, 0002
    or 0003) lack a version; so does one a script made with create_all at a later head
    (0004 added warehouse.receiving_days).
    """
    if not tables & set(SQLModel.metadata.tables):
        return None
    if "receiving_days" in warehouse_columns:
        return "0004"
    if "webhook_receipt" in tables:
        return "0003"
    return "0002" if "source" in viewer_sample_columns else "0001"


def read_version(conn: Connection) -> StoreVersion:
    """The store's revision and how it stands against this LiveStock's migrations."""
    chain = revision_chain()
    inspector = inspect(conn)
    tables = set(inspector.get_table_names())
    recorded = stamped_revision(conn) if VERSION_TABLE in tables else None
    if recorded is not None:
        return StoreVersion(recorded, True, judge(recorded, chain=chain), chain[-1])
    columns = ({c["name"] for c in inspector.get_columns("viewer_sample")}
               if "viewer_sample" in tables else set())
    warehouse = ({c["name"] for c in inspector.get_columns("warehouse")}
                 if "warehouse" in tables else set())
    inferred = legacy_revision(tables, viewer_sample_columns=columns,
                               warehouse_columns=warehouse)
    return StoreVersion(inferred, False, judge(inferred, chain=chain), chain[-1])


def refusal(version: StoreVersion) -> str | None:
    """What to tell a person about a store this LiveStock cannot use; None when it can."""
    if version.standing is Standing.OLDER:
        made = ("was made before schema versions were recorded and looks like revision"
                if not version.recorded else "is at schema revision")
        return (f"this store {made} {version.revision}, older than this LiveStock's "
                f"{version.head}: run `livestock upgrade` (after `livestock backup FILE`)")
    if version.standing is Standing.NEWER:
        return (f"this store was written by a newer LiveStock (schema revision "
                f"{version.revision}; this one knows up to {version.head}): upgrade LiveStock")
    return None


def check_store(engine: Engine) -> StoreVersion:
    """The store's version; raises StoreVersionError when this LiveStock cannot use it."""
    with engine.connect() as conn:
        version = read_version(conn)
    message = refusal(version)
    if message is not None:
        raise StoreVersionError(message, version=version)
    return version


def create_schema(engine: Engine) -> None:
    """Create every table and index that is missing; existing data is left alone.

    A new store is stamped with the newest schema revision (core.store.migrations); a store
    at an older or newer revision is refused with what to do (StoreVersionError).
    """
    create_or_check(engine)


def drop_schema(engine: Engine) -> None:
    """Drop every LiveStock table and the recorded schema revision."""
    SQLModel.metadata.drop_all(engine)
    Table(VERSION_TABLE, MetaData()).drop(engine, checkfirst=True)


def create_or_check(engine: Engine) -> StoreVersion:
    """Create every missing table and index of a store that is empty or at the head, and
    record the head in it; refuse (StoreVersionError) any other store, touching nothing.

    A new store is made by one process at a time (consoles, a simulator and a receiver
    may all start on it at once), in one exclusive transaction that looks again first.
    """
    with engine.connect() as conn:
        version = _usable(read_version(conn))
        if version.recorded:
            SQLModel.metadata.create_all(conn)
            conn.commit()
            return version
    with engine.connect() as conn, _exclusive_transaction(conn):
        version = _usable(read_version(conn))
        SQLModel.metadata.create_all(conn)
        if not version.recorded:
            stamp(conn, version.head)
    return version


def _usable(version: StoreVersion) -> StoreVersion:
    message = refusal(version)
    if message is not None:
        raise StoreVersionError(message, version=version)
    return version


@dataclass(frozen=True)
class Upgrade:
    before: str | None  # None: the store was empty
    after: str
    recorded_before: bool  # False: the store was made before revisions were recorded


def upgrade_store(engine: Engine) -> Upgrade:
    """Bring the store to the head in one transaction, keeping its data.

    An empty store gets the schema; an unversioned one is first stamped with the revision
    its shape matches; a newer one is refused. On PostgreSQL the whole upgrade is one
    transaction (DDL is transactional there) taken under an advisory lock; on SQLite it
    holds the write lock from the start (BEGIN IMMEDIATE), with foreign keys checked
    before it commits.
    """
    with engine.connect() as conn, _exclusive_transaction(conn, foreign_keys_off=True):
        version = read_version(conn)
        if version.standing is Standing.NEWER:
            raise StoreVersionError(refusal(version) or "", version=version)
        if version.standing is Standing.EMPTY:
            SQLModel.metadata.create_all(conn)
            stamp(conn, version.head)
            return Upgrade(before=None, after=version.head, recorded_before=False)
        assert version.revision is not None
        if not version.recorded:
            stamp(conn, version.revision)
        migrate(conn)
        after = stamped_revision(conn)
    assert after is not None
    return Upgrade(before=version.revision, after=after, recorded_before=version.recorded)


@contextmanager
def _exclusive_transaction(conn: Connection, *, foreign_keys_off: bool = False
                           ) -> Iterator[None]:
    """One transaction that one process at a time holds: SQLite's write lock from the start
    (BEGIN IMMEDIATE; its DDL is transactional too), a PostgreSQL advisory lock."""
    sqlite = conn.dialect.name == "sqlite"
    if sqlite and foreign_keys_off:
        # Batch ALTERs copy tables: foreign keys are off meanwhile (SQLite ignores the
        # pragma inside a transaction) and checked as a whole before the commit.
        conn.exec_driver_sql("PRAGMA foreign_keys = OFF")
        conn.commit()
    if sqlite:
        take_write_lock(conn)
    elif conn.dialect.name == "postgresql":
        conn.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": SCHEMA_LOCK_KEY})
    try:
        yield
        if sqlite and foreign_keys_off:
            broken = conn.exec_driver_sql("PRAGMA foreign_key_check").fetchall()
            if broken:
                raise StoreVersionError(f"the upgrade would break {len(broken)} foreign keys "
                                        f"(first: {tuple(broken[0])}); nothing was changed")
        conn.commit()
    except BaseException:
        conn.rollback()
        raise
    finally:
        if sqlite and foreign_keys_off:
            conn.exec_driver_sql("PRAGMA foreign_keys = ON")
            conn.commit()
