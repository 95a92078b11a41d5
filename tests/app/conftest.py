"""Fixtures of the planning pages' AppTests: a store in a temp file the app reads."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import Engine

from core.common.timeutil import utc_now
from tests.app.planstore import app_store, build_plan_store


@pytest.fixture
def empty(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Engine]:
    """An empty store the app reads through LIVESTOCK_DB (caches cleared around it)."""
    with app_store(tmp_path, monkeypatch) as engine:
        yield engine


@pytest.fixture
def store(empty: Engine) -> Engine:
    """The planning store of tests/app/planstore.py, dated today (test modules that need
    another store define their own `store`)."""
    build_plan_store(empty, now=utc_now())
    return empty
