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
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Connection, Engine

MIGRATIONS_DIR = Path(__file__).resolve().parent


def alembic_config(connection: Connection | None = None) -> Config:
    """Alembic's configuration: the scripts beside this file, run on `connection`."""
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    # Files named r<revision>_<slug>.py: importable names, for mypy and setuptools.
    config.set_main_option("file_template", "r%%(rev)s_%%(slug)s")
    config.attributes["connection"] = connection
    return config


@lru_cache(maxsize=1)
def script_directory() -> ScriptDirectory:
    """The revisions (read once per process: every command checks the store against them)."""
    return ScriptDirectory.from_config(alembic_config())


def revision_chain() -> tuple[str, ...]:
    """Every revision id, oldest first; the last one is the head."""
    scripts = script_directory()
    return tuple(reversed([script.revision for script in scripts.walk_revisions()]))


def head_revision() -> str:
    head = script_directory().get_current_head()
    if head is None:  # only if versions/ were lost from an install
        raise RuntimeError(f"no migration scripts found in {MIGRATIONS_DIR / 'versions'}")
    return head


def stamped_revision(connection: Connection) -> str | None:
    """The revision recorded in the store's alembic_version table (None when it has none)."""
    return MigrationContext.configure(connection).get_current_revision()


def stamp(connection: Connection, revision: str) -> None:
    """Record `revision` as the store's schema version, without running anything."""
    command.stamp(alembic_config(connection), revision)


def migrate(connection: Connection, *, to: str = "head") -> None:
    """Run the revisions from the store's recorded one up to `to`, on `connection`."""
    command.upgrade(alembic_config(connection), to)


def write_revision(engine: Engine, message: str) -> Path:
    """Write a new revision: the difference between core/store/models.py and the store of
    `engine` (which must be at the head), numbered after the head. Returns the new file."""
    number = f"{int(head_revision()) + 1:04d}"
    with engine.begin() as connection:
        script = command.revision(alembic_config(connection), message=message,
                                  autogenerate=True, rev_id=number)
    script_directory.cache_clear()
    assert script is not None and not isinstance(script, list)
    return Path(script.path)
