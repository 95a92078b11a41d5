"""The kept-results tests' store: 16 past sessions in a SQLite file or the test PostgreSQL."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import Engine

from tests.store.kept.stores import STORES, sixteen_sessions


@pytest.fixture(params=STORES)
def store(request: pytest.FixtureRequest, tmp_path: Path,
          monkeypatch: pytest.MonkeyPatch) -> Iterator[Engine]:
    """16 past sessions in a SQLite file or the test PostgreSQL (results kept beside)."""
    yield from sixteen_sessions(request.param, tmp_path, monkeypatch)
