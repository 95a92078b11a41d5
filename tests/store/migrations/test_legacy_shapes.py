"""Stores made before revisions were recorded: their revision is read from their shape, they
upgrade from it, and one of the head's shape is adopted."""

from __future__ import annotations

import pytest
from sqlalchemy import Engine, MetaData, Table
from sqlmodel import SQLModel

from core.store.migrations import head_revision
from core.store.schema import (
    StoreVersionError,
    check_store,
    create_schema,
    legacy_revision,
    read_version,
    upgrade_store,
)
from tests.store.migrations.builders import FIRST_SCHEMA, at_revision, fill_first_schema, snapshot


def test_an_unversioned_store_is_told_apart_by_its_shape() -> None:
    first = set(FIRST_SCHEMA)

    assert legacy_revision(set(), viewer_sample_columns=set()) is None
    assert legacy_revision({"someone_elses_table"}, viewer_sample_columns=set()) is None
    assert legacy_revision(first, viewer_sample_columns={"ts", "viewers"}) == "0001"
    assert legacy_revision(first, viewer_sample_columns={"ts", "source"}) == "0002"
    assert legacy_revision(first | {"webhook_receipt"},
                           viewer_sample_columns={"source"}) == "0003"


def test_a_store_made_before_revisions_were_recorded_upgrades_from_what_its_shape_says(
        blank: Engine) -> None:
    store = at_revision(blank, "0001")
    fill_first_schema(store)
    Table("alembic_version", MetaData()).drop(store)

    with pytest.raises(StoreVersionError, match="made before schema versions"):
        check_store(store)
    done = upgrade_store(store)

    assert (done.before, done.after, done.recorded_before) == ("0001", head_revision(), False)
    assert len(snapshot(store)["order_line"]) == 9


def test_an_unversioned_store_of_the_head_shape_is_adopted(blank: Engine) -> None:
    SQLModel.metadata.create_all(blank)

    create_schema(blank)

    with blank.connect() as conn:
        assert read_version(conn).recorded
    assert check_store(blank).revision == head_revision()
