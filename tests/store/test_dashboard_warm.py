"""`python -m dashboard` reads the store once before it opens its port (dashboard.preload.
warm_store): reads only, and a store that isn't there is left for the pages to explain."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from sqlalchemy import func, select
from sqlmodel import SQLModel

from core.ingest.service import load_directory
from core.store.db import make_engine
from core.store.schema import create_schema

ROOT = Path(__file__).resolve().parents[2]
WARM = "from dashboard.preload import warm_store; print(warm_store())"


def warm(db_url: str) -> str:
    done = subprocess.run([sys.executable, "-c", WARM], cwd=ROOT, capture_output=True,
                          text=True, timeout=300,
                          env={"PATH": "/usr/bin:/bin", "PYTHONPATH": str(ROOT),
                               "LIVESTOCK_DB": db_url, "LIVESTOCK_RESULTS": "off"})
    assert done.returncode == 0, done.stderr
    return done.stdout.strip().splitlines()[-1]


def test_the_store_is_read_once_and_nothing_is_written(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'shop.db'}"
    engine = make_engine(url)
    create_schema(engine)
    load_directory(engine, ROOT / "sample_data")

    def rows() -> dict[str, int]:
        with engine.connect() as conn:
            return {name: conn.execute(select(func.count()).select_from(table)).scalar_one()
                    for name, table in SQLModel.metadata.tables.items()}

    before = rows()
    assert warm(url) == "True"
    assert rows() == before


def test_a_missing_store_is_not_created_and_the_server_still_starts(tmp_path: Path) -> None:
    missing = tmp_path / "not-yet.db"

    assert warm(f"sqlite:///{missing}") == "False"
    assert not missing.exists()
