"""A store of another revision is refused: an older one by `create_schema` and by every
command (saying run `livestock upgrade`), a newer one by every path; backup still works."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import Column, Engine, MetaData, String, Table, inspect, update
from typer.testing import CliRunner

from cli import app
from core.store.schema import StoreVersionError, check_store, create_schema, upgrade_store
from tests.store.migrations.builders import at_revision

runner = CliRunner()


def test_an_older_store_is_refused_and_left_untouched_by_create_schema(blank: Engine) -> None:
    store = at_revision(blank, "0002")

    with pytest.raises(StoreVersionError, match=r"revision 0002.*run `livestock upgrade`"):
        create_schema(store)
    assert "webhook_receipt" not in inspect(store).get_table_names()


def test_a_newer_store_is_refused_by_every_path_saying_upgrade_livestock(blank: Engine) -> None:
    create_schema(blank)
    with blank.begin() as conn:
        conn.execute(update(Table("alembic_version", MetaData(), Column("version_num",
                                                                          String(32))))
                     .values(version_num="0999"))

    for attempt in (check_store, create_schema, upgrade_store):
        with pytest.raises(StoreVersionError, match=r"newer LiveStock.*upgrade LiveStock"):
            attempt(blank)


@pytest.mark.parametrize("command", [
    ["board", "--session", "S1"], ["review", "--session", "S1"], ["plan"],
    ["load", "sample_data"], ["simulate", "--session", "S1"],
])
def test_every_command_refuses_an_older_store_saying_run_livestock_upgrade(
        old_store_url: str, command: list[str]) -> None:
    result = runner.invoke(app, [*command, "--db", old_store_url])

    assert result.exit_code == 1
    assert "run `livestock upgrade`" in result.stderr
    assert "Traceback" not in result.output


def test_backup_works_on_an_older_store_so_it_can_be_kept_before_upgrading(
        old_store_url: str, tmp_path: Path) -> None:
    result = runner.invoke(app, ["backup", str(tmp_path / "before.db"), "--db", old_store_url])

    assert result.exit_code == 0, result.output
    assert (tmp_path / "before.db").stat().st_size > 0
