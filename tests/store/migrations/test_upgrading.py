"""Upgrading a store: from revision 0001 to the head keeping every row and what the board
reads, an empty store, revision 4's data moves (and its downgrade), and `livestock upgrade`."""

from __future__ import annotations

from datetime import timedelta

import pytest
from alembic import command
from sqlalchemy import Engine, inspect, select, text
from sqlmodel import Session, SQLModel
from typer.testing import CliRunner

from cli import app
from core.board.service import board_at
from core.store.migrations import alembic_config, head_revision
from core.store.models import WebhookReceipt
from core.store.schema import Standing, check_store, upgrade_store
from tests.store.migrations.builders import T0, at_revision, fill_first_schema, snapshot

runner = CliRunner()


def test_a_store_built_at_revision_1_upgrades_to_the_head_keeping_every_row(
        blank: Engine) -> None:
    store = at_revision(blank, "0001")
    fill_first_schema(store)
    before = snapshot(store)

    done = upgrade_store(store)

    assert (done.before, done.after, done.recorded_before) == ("0001", head_revision(), True)
    assert snapshot(store) == before
    assert sum(len(rows) for rows in before.values()) == 37
    columns = {c["name"] for c in inspect(store).get_columns("viewer_sample")}
    assert "source" in columns
    with store.connect() as conn:
        sources = conn.execute(select(SQLModel.metadata.tables["viewer_sample"].c.source))
        assert {row.source for row in sources} == {None}
    with Session(store) as session:
        session.add(WebhookReceipt(platform="shopify", delivery_id="d-1", received_at=T0,
                                   topic="orders/create", outcome="written", lines=1))
        session.commit()
    assert check_store(store).standing is Standing.CURRENT


def test_the_board_reads_an_upgraded_store_as_it_read_the_old_data(blank: Engine) -> None:
    store = at_revision(blank, "0001")
    fill_first_schema(store)
    upgrade_store(store)

    board = board_at(store, session_id="S1", at=T0 + timedelta(minutes=10))

    available = {row.sku: row.available for row in board.products}
    # Order n sells 1 + n % 2 units of LED10 when n % 3 == 0, else of LED5; n = 4 is
    # cancelled; n = 7 is off-stream but ships from the same warehouse.
    led5, led10 = 2 + 1 + 2 + 2 + 1, 2 + 1 + 2  # n = 1, 2, 5, 7, 8 and n = 3, 6, 9
    assert available == {"LED5": 60 - 2 - led5, "LED10": 1240 - 2 - led10, "RING": 0}
    assert board.units_sold == led5 - 2 + led10  # the session's own: without n = 7


def test_an_empty_store_upgrade_creates_the_schema(blank: Engine) -> None:
    done = upgrade_store(blank)

    assert (done.before, done.after) == (None, head_revision())
    assert check_store(blank).standing is Standing.CURRENT


def test_revision_4_keeps_lanes_as_supplier_lanes_and_stores_session_platforms_as_ids(
        blank: Engine) -> None:
    store = at_revision(blank, "0003")
    fill_first_schema(store)
    with store.begin() as conn:
        conn.execute(text("UPDATE live_session SET platform = 'TikTok Shop'"))

    upgrade_store(store)

    with store.connect() as conn:
        lanes = conn.execute(text("SELECT warehouse_id, mode, from_warehouse_id, cost_shipment "
                                  "FROM lane")).all()
        platform = conn.execute(text("SELECT platform FROM live_session")).scalar_one()
        defaults = conn.execute(text(
            "SELECT w.receiving_days, p.moq, p.case_pack, i.received_known, i.received_at "
            "FROM warehouse w, product p, inbound i WHERE p.sku = 'LED5'")).one()
    assert [tuple(lane) for lane in lanes] == [("US-3PL", "sea", "", 400)]
    assert platform == "tiktok"
    # Old lots came from files without received_at: their arrival is inferred when read.
    assert tuple(defaults) == (0, 1, 1, False, None)


def test_revision_4_downgrades_to_the_older_lane_key_dropping_transfer_lanes(
        blank: Engine) -> None:
    if blank.dialect.name == "sqlite":
        pytest.skip("SQLite can't rebuild tables others refer to while foreign keys are on: "
                    "there a downgrade is a restore of the backup taken before upgrading")
    store = at_revision(blank, "0003")
    fill_first_schema(store)
    upgrade_store(store)
    with store.begin() as conn:
        conn.execute(text("INSERT INTO warehouse (warehouse_id, name, country, mode, currency, "
                          "storage_fee_unit_day, inbound_fee_unit, outbound_fee_order, "
                          "return_fee_unit, receiving_days) VALUES ('US-FBA', 'FBA', 'US', "
                          "'platform', 'USD', 0, 0, 0, 0, 3)"))
        conn.execute(text("INSERT INTO lane (warehouse_id, mode, from_warehouse_id, "
                          "transit_days, transit_days_sd, cost_unit, cost_shipment) VALUES "
                          "('US-FBA', 'truck', 'US-3PL', 3, 1, 0.35, 120)"))

    with store.connect() as conn:
        command.downgrade(alembic_config(conn), "0003")
        conn.commit()
        lanes = conn.execute(text("SELECT warehouse_id, mode FROM lane")).all()
    assert [tuple(lane) for lane in lanes] == [("US-3PL", "sea")]


def test_livestock_upgrade_says_from_which_revision_to_which_then_that_nothing_is_left(
        old_store_url: str) -> None:
    first = runner.invoke(app, ["upgrade", "--db", old_store_url])
    second = runner.invoke(app, ["upgrade", "--db", old_store_url])
    board = runner.invoke(app, ["board", "--session", "S1", "--at", "2026-11-26T12:10:00Z",
                                "--json", "--db", old_store_url])

    assert (first.exit_code, first.stdout.strip()) == (
        0, f"upgraded the store from revision 0001 to {head_revision()}")
    assert second.stdout.strip() == (f"the store is already at revision {head_revision()}: "
                                     "nothing to do")
    assert board.exit_code == 0, board.output
