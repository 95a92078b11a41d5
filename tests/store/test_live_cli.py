"""`livestock board`: the JSON contract, the table, and one-line errors."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from typer.testing import CliRunner

from cli import app
from core.store.db import make_engine
from core.store.schema import create_schema
from tests.store.live_builders import START, StoreBuilder, minutes

runner = CliRunner()


@pytest.fixture
def db_url(tmp_path: Path) -> Iterator[str]:
    """A SQLite file store: SKU-1 running short (swap to SKU-2), SKU-3 sold out."""
    url = f"sqlite:///{tmp_path / 'store.db'}"
    engine = make_engine(url)
    create_schema(engine)
    s = StoreBuilder(engine).warehouse()
    s.product("SKU-1", group="lamps").product("SKU-2", group="lamps").product("SKU-3")
    s.session().lineup("SKU-1", 1).lineup("SKU-2", 2).lineup("SKU-3", 3)
    for sku, units in (("SKU-1", 30), ("SKU-2", 900), ("SKU-3", 5)):
        s.count(sku, units, at=minutes(-60))
    s.order("SKU-1", 18, at=minutes(8)).order("SKU-3", 5, at=minutes(9))
    s.viewers(1200, at=minutes(9))
    engine.dispose()
    yield url


def test_the_json_has_exactly_the_contract_fields(db_url: str) -> None:
    result = runner.invoke(app, ["board", "--session", "S1", "--at",
                                 "2026-11-27T20:10:00+08:00", "--json", "--db", db_url])

    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert list(data) == ["session_id", "at", "tier", "viewers", "products"]
    assert (data["session_id"], data["at"], data["tier"], data["viewers"]) == (
        "S1", minutes(10).isoformat(), "live", 1200)
    assert {tuple(p) for p in data["products"]} == {(
        "sku", "light", "available", "units_per_min", "remaining_demand",
        "minutes_to_stockout", "swap_to", "presale_ship_date", "reason")}
    lights = [(p["sku"], p["light"], p["swap_to"]) for p in data["products"]]
    assert lights == [("SKU-2", "push", None), ("SKU-1", "swap", "SKU-2"),
                      ("SKU-3", "presale", None)]


def test_the_table_names_every_light_with_a_word_and_a_shape(db_url: str) -> None:
    result = runner.invoke(app, ["board", "--session", "S1", "--at",
                                 minutes(10).isoformat(), "--db", db_url],
                           env={"COLUMNS": "160"})

    assert result.exit_code == 0, result.output
    for label in ("● PUSH", "◆ SWAP", "■ PRESALE"):
        assert label in result.stdout
    assert "12 left · 1.8/min · out in 7 min · swap to SKU-2 (900 left)" in result.stdout


def test_the_table_speaks_chinese_on_request(db_url: str) -> None:
    result = runner.invoke(app, ["board", "--session", "S1", "--at",
                                 minutes(10).isoformat(), "--lang", "zh", "--db", db_url])

    assert result.exit_code == 0, result.output
    assert "主推" in result.stdout and "预售" in result.stdout


def test_an_unknown_session_is_a_one_line_error(db_url: str) -> None:
    result = runner.invoke(app, ["board", "--session", "NOPE", "--db", db_url])

    assert result.exit_code == 1
    assert result.stdout == ""
    assert result.stderr.count("\n") == 1
    assert result.stderr.startswith("error: no session 'NOPE'")


def test_a_moment_without_an_offset_is_refused(db_url: str) -> None:
    result = runner.invoke(app, ["board", "--session", "S1", "--at", "2026-11-27T20:10:00",
                                 "--db", db_url])

    assert result.exit_code == 1
    assert "--at:" in result.stderr and "offset" in result.stderr


def test_replaying_the_same_moment_prints_the_same_json(db_url: str) -> None:
    args = ["board", "--session", "S1", "--at", (START).isoformat(), "--json", "--db", db_url]

    first, second = runner.invoke(app, args), runner.invoke(app, args)

    assert first.exit_code == 0
    assert first.stdout == second.stdout
