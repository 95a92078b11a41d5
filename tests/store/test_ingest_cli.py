"""`livestock load DIR`: a summary on success, one error line and exit code 1 otherwise."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import func, select
from sqlmodel import SQLModel
from typer.testing import CliRunner

import cli.keep_ahead
import core.ingest.service
from cli import app
from core.store.db import make_engine
from tests.store.test_ingest import GOOD, a_folder


def rows_in(db_url: str, table: str) -> int:
    engine = make_engine(db_url)
    with engine.connect() as conn:
        count = int(conn.execute(select(func.count())
                                 .select_from(SQLModel.metadata.tables[table])).scalar_one())
    engine.dispose()
    return count


def test_load_prints_a_summary_and_exits_zero(tmp_path: Path) -> None:
    db_url = f"sqlite:///{tmp_path / 'store.db'}"
    result = CliRunner().invoke(app, ["load", str(a_folder(tmp_path)), "--db", db_url])
    assert result.exit_code == 0, result.output
    assert "loaded 10 file(s), 33 rows" in result.stdout
    assert "orders.csv" in result.stdout and "5 new" in result.stdout
    # stderr: no warning, only what was kept ahead for the console (cli.keep_ahead).
    assert result.stderr.splitlines() == [
        "kept for the console's first open: the forecast of S-DE-1, the review of S-DE-1, "
        "the planning, the review of 1 earlier stream"]
    kept = {path.name.split("-")[0] for path in (tmp_path / "store.db.results").iterdir()}
    assert {"forecast", "review", "demand", "replay", "exposure"} <= kept
    assert rows_in(db_url, "order_line") == 5


def test_load_draws_a_progress_bar_on_stderr_for_large_files_only(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    db_url = f"sqlite:///{tmp_path / 'store.db'}"
    monkeypatch.setattr(core.ingest.service, "CHUNK_ROWS", 5)
    result = CliRunner().invoke(app, ["load", str(a_folder(tmp_path)), "--db", db_url])
    assert result.exit_code == 0, result.output
    assert "loading orders.csv" in result.stderr
    assert "loading" not in result.stdout
    assert "loading products.csv" not in result.stderr  # 3 rows: one chunk, no bar


def test_load_prints_warnings_on_stderr(tmp_path: Path) -> None:
    db_url = f"sqlite:///{tmp_path / 'store.db'}"
    folder = a_folder(tmp_path, only=("warehouses",))
    (folder / "warehouses.csv").write_text(
        (GOOD / "warehouses.csv").read_text(encoding="utf-8").replace(
            "return_fee_unit", "return_fee_unit,notes"), encoding="utf-8")
    result = CliRunner().invoke(app, ["load", str(folder), "--db", db_url])
    assert result.exit_code == 0, result.output
    assert result.stderr.splitlines()[0] == (
        "warning: warehouses.csv: column notes is not one LiveStock reads; ignored")
    assert [line for line in result.stderr.splitlines()
            if line.startswith("warning")] == [result.stderr.splitlines()[0]]


def test_bad_input_prints_one_error_line_and_exits_one(tmp_path: Path) -> None:
    db_url = f"sqlite:///{tmp_path / 'store.db'}"
    orders = (GOOD / "orders.csv").read_text(encoding="utf-8").replace(
        "2026-11-29T10:00:00-08:00,1,", "2026-11-29T10:00:00-08:00,-1,")
    result = CliRunner().invoke(app, ["load", str(a_folder(tmp_path, orders=orders)),
                                      "--db", db_url])
    assert result.exit_code == 1
    assert result.stderr.splitlines() == [
        "error: orders.csv, row 6, column qty: -1 is negative; it must be 0 or more"]
    assert result.stdout == ""
    assert rows_in(db_url, "warehouse") == 0  # the good files before it: not loaded


def test_a_folder_without_data_files_exits_one_naming_what_it_looked_for(tmp_path: Path) -> None:
    db_url = f"sqlite:///{tmp_path / 'store.db'}"
    (tmp_path / "empty").mkdir()
    result = CliRunner().invoke(app, ["load", str(tmp_path / "empty"), "--db", db_url])
    assert result.exit_code == 1
    [line] = result.stderr.splitlines()
    assert line.startswith("error: ") and "looked for warehouses.csv, products.csv" in line


@pytest.mark.parametrize(("given", "kept"), [([], "all"), (["--reviews", "last"], "last")])
def test_load_keeps_every_streams_review_ahead_unless_told_the_last_only(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, given: list[str], kept: str) -> None:
    asked: list[str] = []

    def keep_ahead(engine: object, *, reviews: str, **_: object) -> list[str]:
        asked.append(reviews)
        return []

    monkeypatch.setattr(cli.keep_ahead, "keep_ahead", keep_ahead)
    db_url = f"sqlite:///{tmp_path / 'store.db'}"
    result = CliRunner().invoke(app, ["load", str(a_folder(tmp_path)), "--db", db_url, *given])

    assert result.exit_code == 0, result.output
    assert asked == [kept]


def test_load_refuses_an_unknown_reviews_choice_before_loading(tmp_path: Path) -> None:
    db_url = f"sqlite:///{tmp_path / 'store.db'}"
    result = CliRunner().invoke(app, ["load", str(a_folder(tmp_path)), "--db", db_url,
                                      "--reviews", "some"])
    assert result.exit_code == 2
    assert "--reviews" in result.output and "'all'" in result.output
    assert not (tmp_path / "store.db").exists()
