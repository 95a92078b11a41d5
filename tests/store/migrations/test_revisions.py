"""The revisions themselves: one line from 0001 to a single head, how a revision is judged
against it, and the drift check that keeps the migrations equal to the models."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import CheckConstraint, Column, Engine, MetaData, String, Table, inspect, text
from sqlmodel import SQLModel

from core.store.db import make_engine
from core.store.migrations import (
    alembic_config,
    head_revision,
    migrate,
    revision_chain,
    stamped_revision,
)
from core.store.schema import VERSION_TABLE, Standing, create_schema, judge

ROOT = Path(__file__).resolve().parents[3]


def script_directory() -> ScriptDirectory:
    """Alembic's own reading of the revisions (core reads their names: revision_chain)."""
    return ScriptDirectory.from_config(alembic_config())


def test_the_revisions_are_one_line_from_0001_to_a_single_head() -> None:
    chain = revision_chain()

    assert chain == tuple(f"{n:04d}" for n in range(1, len(chain) + 1))
    assert script_directory().get_heads() == [chain[-1]] == [head_revision()]
    # Read from the scripts' names: the same line Alembic reads from their contents.
    assert chain == tuple(reversed([s.revision for s in script_directory().walk_revisions()]))


def test_the_recorded_revision_is_the_one_alembic_reads(blank: Engine) -> None:
    with blank.connect() as conn:
        migrate(conn, to="0003")
        assert stamped_revision(conn) == "0003" == MigrationContext.configure(
            conn).get_current_revision()
        migrate(conn)
        assert stamped_revision(conn) == head_revision() == MigrationContext.configure(
            conn).get_current_revision()
        conn.execute(text(f"INSERT INTO {VERSION_TABLE} (version_num) VALUES ('0002')"))
        with pytest.raises(RuntimeError, match="2 schema revisions"):
            stamped_revision(conn)


def test_checking_a_store_does_not_import_alembic(tmp_path: Path) -> None:
    # Every command checks its store first; Alembic's import is a tenth of `livestock board`.
    store = f"sqlite:///{tmp_path / 'shop.db'}"
    made = make_engine(store)
    create_schema(made)  # a new store is stamped by Alembic
    made.dispose()
    code = ("import sys; from core.store.db import make_engine; "
            "from core.store.schema import check_store; "
            f"print(check_store(make_engine({store!r})).standing, 'alembic' in sys.modules)")
    checked = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                             check=True, cwd=ROOT)

    assert checked.stdout.split() == ["current", "False"]


def test_a_revision_is_judged_against_the_chain() -> None:
    chain = ("0001", "0002", "0003")

    assert [judge(r, chain=chain) for r in (None, "0003", "0001", "0004")] == [
        Standing.EMPTY, Standing.CURRENT, Standing.OLDER, Standing.NEWER]


def test_the_migrations_build_exactly_the_models_schema(blank: Engine) -> None:
    with blank.connect() as conn:
        migrate(conn)
        conn.commit()
        context = MigrationContext.configure(conn, opts={"compare_type": True,
                                                         "compare_server_default": True})
        drift = compare_metadata(context, SQLModel.metadata)

    assert drift == [], ("core/store/models.py and core/store/migrations differ: write a revision "
                         f"(core.store.migrations.write_revision): {drift}")
    reflected = inspect(blank)
    for name, table in SQLModel.metadata.tables.items():
        wanted = {c.name for c in table.constraints if isinstance(c, CheckConstraint)}
        assert {c["name"] for c in reflected.get_check_constraints(name)} == wanted, name


def test_the_drift_check_notices_a_column_the_migrations_lack(blank: Engine) -> None:
    models = MetaData()
    for table in SQLModel.metadata.tables.values():
        table.to_metadata(models)
    Table("product", models, Column("colour", String(16)), extend_existing=True)
    with blank.connect() as conn:
        migrate(conn)
        conn.commit()
        drift = compare_metadata(MigrationContext.configure(conn), models)

    assert [(op[0], op[2], op[3].name) for op in drift] == [("add_column", "product", "colour")]
