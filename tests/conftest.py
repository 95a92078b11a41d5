"""Shared test helpers: a fresh store per test, on SQLite and, when given, PostgreSQL.

`engine` runs each store test on an in-memory SQLite store, and again on the PostgreSQL
server named by `LIVESTOCK_TEST_PG` (a SQLAlchemy URL, e.g.
postgresql+psycopg://livestock:livestock@127.0.0.1:5432/livestock_test); without it the
PostgreSQL run skips, saying so. `.ci/run` starts a server and sets it.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import Engine

from core.store.db import make_engine
from core.store.results_cache import RESULTS_ENV
from core.store.schema import create_schema, drop_schema

PG_URL = os.environ.get("LIVESTOCK_TEST_PG")


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def engine(request: pytest.FixtureRequest, tmp_path: Path,
           monkeypatch: pytest.MonkeyPatch) -> Iterator[Engine]:
    """A fresh, empty store with the schema: SQLite in memory, or the test PostgreSQL (what
    it keeps beside it, in a folder of this test's own: the user's cache folder would carry
    one run's kept reviews and forecasts into the next)."""
    eng = make_engine("sqlite://") if request.param == "sqlite" else postgres_store(
        tmp_path, monkeypatch)
    create_schema(eng)
    yield eng
    eng.dispose()


def postgres_store(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Engine:
    """The test PostgreSQL emptied (its tables dropped), with what it keeps beside it in a
    folder of this test's own; the test is skipped, saying why, without a server."""
    if not PG_URL:
        pytest.skip("no PostgreSQL server: set LIVESTOCK_TEST_PG to a URL to run this too")
    monkeypatch.setenv(RESULTS_ENV, str(tmp_path / "results"))
    eng = make_engine(PG_URL)
    drop_schema(eng)
    return eng


@pytest.fixture
def sqlite_engine() -> Iterator[Engine]:
    """An in-memory SQLite store, for tests about SQLite itself."""
    eng = make_engine("sqlite://")
    create_schema(eng)
    yield eng
    eng.dispose()
