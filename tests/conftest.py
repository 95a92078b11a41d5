"""Shared test helpers: an in-memory store per test."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from sqlalchemy import Engine

from core.db import create_schema, make_engine


@pytest.fixture
def engine() -> Iterator[Engine]:
    """A fresh in-memory SQLite store with the schema."""
    eng = make_engine("sqlite://")
    create_schema(eng)
    yield eng
    eng.dispose()
