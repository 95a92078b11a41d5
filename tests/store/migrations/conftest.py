"""The migration tests' stores: `blank` (empty, on SQLite and the test PostgreSQL) and
`old_store_url` (a SQLite file at revision 0001 with data)."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import Engine

from core.store.db import make_engine
from core.store.schema import drop_schema
from tests.store.migrations.builders import at_revision, fill_first_schema

PG_URL = os.environ.get("LIVESTOCK_TEST_PG")


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def blank(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Engine]:
    """An engine on a store with nothing in it: a new SQLite file, or the test PostgreSQL
    emptied of every LiveStock table and its recorded revision."""
    if request.param == "sqlite":
        engine = make_engine(f"sqlite:///{tmp_path / 'store.db'}")
    else:
        if not PG_URL:
            pytest.skip("no PostgreSQL server: set LIVESTOCK_TEST_PG to a URL to run this too")
        engine = make_engine(PG_URL)
        drop_schema(engine)
    yield engine
    if request.param == "postgresql":
        drop_schema(engine)
    engine.dispose()


@pytest.fixture
def old_store_url(tmp_path: Path) -> str:
    url = f"sqlite:///{tmp_path / 'old.db'}"
    engine = at_revision(make_engine(url), "0001")
    fill_first_schema(engine)
    engine.dispose()
    return url
