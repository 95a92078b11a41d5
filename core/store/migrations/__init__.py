"""The store's schema versions, with Alembic configured in code (no alembic.ini).

`versions/` holds one revision per schema change, oldest first: 0001 is the first schema,
each later one adds what core/store/models.py gained since, so a store made by any LiveStock
upgrades in place and keeps its data. `env.py` runs them on the connection handed over
here, in batch mode on SQLite (ALTERs SQLite lacks are done by copying the table).

After adding a column, table or index to core/store/models.py, write its revision with
`write_revision(make_engine(url), "what changed")` against a store at the current head (it
compares the models with that store), read and tidy what it wrote, and run
tests/store/migrations/: its drift test fails until the migrations build exactly the
models' schema. Nothing here makes an engine or a schema: core.store.schema drives these.

Every command checks its store's revision first, so that check does without Alembic (whose
import is a tenth of a second of `livestock board`): the revisions are one line, 0001 to
the head, each named `r<revision>_<slug>.py` (`revision_chain` reads the names;
tests/store/migrations/ holds it equal to Alembic's own reading), and the store's revision is
the one row of `alembic_version`. Alembic is imported to write, stamp or run revisions.
"""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import Connection, Engine, text

if TYPE_CHECKING:
    from alembic.config import Config

MIGRATIONS_DIR = Path(__file__).resolve().parent
# `file_template` below: r<revision>_<slug>.py, the revision four digits.
_SCRIPT_NAME = re.compile(r"r(\d{4})_\w+\.py")


def alembic_config(connection: Connection | None = None) -> Config:
    """Alembic's configuration: the scripts beside this file, run on `connection`."""
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    # Files named r<revision>_<slug>.py: importable names, for mypy and setuptools.
    config.set_main_option("file_template", "r%%(rev)s_%%(slug)s")
    config.attributes["connection"] = connection
    return config


@lru_cache(maxsize=1)
def revision_chain() -> tuple[str, ...]:
    """Every revision id, oldest first; the last one is the head (read from the scripts'
    names, once per process)."""
    found = (_SCRIPT_NAME.fullmatch(path.name) for path in (MIGRATIONS_DIR / "versions").iterdir())
    chain = tuple(sorted(match.group(1) for match in found if match))
    if not chain:  # only if versions/ were lost from an install
        raise RuntimeError(f"no migration scripts found in {MIGRATIONS_DIR / 'versions'}")
    return chain


def head_revision() -> str:
    return revision_chain()[-1]


def stamped_revision(connection: Connection) -> str | None:
    """The revision recorded in the store's alembic_version table (None when it has none;
    the table must exist). One line of revisions has one head: one row."""
    rows = connection.execute(text("SELECT version_num FROM alembic_version")).scalars().all()
    if len(rows) > 1:
        raise RuntimeError(f"the store records {len(rows)} schema revisions: {sorted(rows)}")
    return str(rows[0]) if rows else None


def stamp(connection: Connection, revision: str) -> None:
    """Record `revision` as the store's schema version, without running anything."""
    from alembic import command

    command.stamp(alembic_config(connection), revision)


def migrate(connection: Connection, *, to: str = "head") -> None:
    """Run the revisions from the store's recorded one up to `to`, on `connection`."""
    from alembic import command

    command.upgrade(alembic_config(connection), to)


def write_revision(engine: Engine, message: str) -> Path:
    """Write a new revision: the difference between core/store/models.py and the store of
    `engine` (which must be at the head), numbered after the head. Returns the new file."""
    from alembic import command

    number = f"{int(head_revision()) + 1:04d}"
    with engine.begin() as connection:
        script = command.revision(alembic_config(connection), message=message,
                                  autogenerate=True, rev_id=number)
    revision_chain.cache_clear()
    assert script is not None and not isinstance(script, list)
    return Path(script.path)
