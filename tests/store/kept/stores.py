"""The store the kept-results tests share (forecast, review, planning kept beside it), and
a counter of what was computed rather than read back."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import Engine

from core.store.db import make_engine
from core.store.results_cache import RESULTS_ENV
from core.store.schema import create_schema
from tests.conftest import postgres_store
from tests.forecast_builders import make_history, write_store

# Parameters of a `store` fixture: a SQLite file, and the test PostgreSQL when there is one.
STORES = ["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)]


def sixteen_sessions(kind: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
                     ) -> Iterator[Engine]:
    """16 past sessions (`tests.forecast_builders.make_history`) in a SQLite file (results
    beside it) or the test PostgreSQL (results in a folder of this test's own)."""
    if kind == "sqlite":
        monkeypatch.delenv(RESULTS_ENV, raising=False)
        engine = make_engine(f"sqlite:///{tmp_path / 'shop.db'}")
    else:
        engine = postgres_store(tmp_path, monkeypatch)
    create_schema(engine)
    write_store(engine, make_history(sessions=16).history)
    yield engine
    engine.dispose()


def counting(monkeypatch: pytest.MonkeyPatch, **targets: tuple[object, str]) -> list[str]:
    """Wrap each `module.name` so that calling it appends its label to the list returned,
    in call order: what was computed rather than read back. Example:
    counting(monkeypatch, review=(review_service, "review_of"))."""
    done: list[str] = []
    for label, (module, name) in targets.items():
        original = getattr(module, name)

        def counted(*args: Any, _original: Any = original, _label: str = label,
                    **kwargs: Any) -> Any:
            done.append(_label)
            return _original(*args, **kwargs)

        monkeypatch.setattr(module, name, counted)
    return done
