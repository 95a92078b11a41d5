"""Schema versions: stores made by revision 0001 upgrade keeping their data, the migrations
build exactly the models' schema, and every entry point refuses a store of another revision.

Each store test runs on a SQLite file and on the PostgreSQL named by LIVESTOCK_TEST_PG.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Iterator, Sequence
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import (
    CheckConstraint,
    Column,
    Engine,
    MetaData,
    String,
    Table,
    inspect,
    select,
    text,
    update,
)
from sqlmodel import Session, SQLModel
from typer.testing import CliRunner

from cli import app
from core.board.service import board_at
from core.store.db import make_engine
from core.store.migrations import (
    alembic_config,
    head_revision,
    migrate,
    revision_chain,
    script_directory,
)
from core.store.models import WebhookReceipt
from core.store.schema import (
    Standing,
    StoreVersionError,
    check_store,
    create_schema,
    drop_schema,
    judge,
    legacy_revision,
    read_version,
    upgrade_store,
)

PG_URL = os.environ.get("LIVESTOCK_TEST_PG")
runner = CliRunner()
T0 = datetime(2026, 11, 26, 12, 0, tzinfo=UTC)

# Revision 0001's tables and columns, as the first commit's models had them.
FIRST_SCHEMA = {
    "warehouse": ("warehouse_id", "name", "country", "mode", "currency",
                  "storage_fee_unit_day", "inbound_fee_unit", "outbound_fee_order",
                  "return_fee_unit"),
    "product": ("sku", "name", "category", "substitute_group", "unit_cost", "price", "currency",
                "presale_allowed", "supplier_lead_days"),
    "lane": ("warehouse_id", "mode", "transit_days", "transit_days_sd", "cost_unit",
             "cost_shipment"),
    "stock_count": ("sku", "warehouse_id", "counted_at", "on_hand", "reserved"),
    "inbound": ("shipment_id", "sku", "warehouse_id", "qty", "mode", "shipped_at", "eta"),
    "live_session": ("session_id", "title", "platform", "market", "warmup_start", "start",
                     "end", "traffic"),
    "lineup": ("session_id", "sku", "slot", "price", "variant"),
    "viewer_sample": ("session_id", "ts", "viewers", "interactions"),
    "funnel_sample": ("session_id", "sku", "ts", "impressions", "clicks"),
    "order_line": ("order_id", "sku", "ts", "qty", "unit_price", "currency", "session_id",
                   "warehouse_id", "customer_id", "status", "source"),
    "alert": ("id", "session_id", "ts", "kind", "sku", "warehouse_id", "old_value",
              "new_value", "message"),
    "light_record": ("session_id", "sku", "ts", "light", "available", "reason"),
    "sim_clock": ("session_id", "sim_now", "wall_now", "speed", "finished"),
    "setting": ("key", "value_json"),
}


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def blank(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Engine]:
    """An engine on a store with nothing in it: a new SQLite file, or the test PostgreSQL
    emptied of every LiveStock table and its recorded revision."""
    if request.param == "sqlite":
        engine = make_engine(f"sqlite:///{tmp_path / 'store.db'}")
    else:
        if not PG_URL:
            pytest.skip("no PostgreSQL server: set LIVESTOCK_TEST_PG to a URL to run this too")
        engine = make_engine(PG_URL)
        drop_schema(engine)
    yield engine
    if request.param == "postgresql":
        drop_schema(engine)
    engine.dispose()


def at_revision(engine: Engine, revision: str) -> Engine:
    with engine.connect() as conn:
        migrate(conn, to=revision)
        conn.commit()
    return engine


def fill_first_schema(engine: Engine) -> None:
    """A small store of every revision-0001 table, with NULLs, Chinese text and money."""
    tables = SQLModel.metadata.tables
    rows: dict[str, list[dict[str, Any]]] = {
        "warehouse": [dict(warehouse_id="US-3PL", name="LA 洛杉矶 3PL", country="US",
                           mode="3pl", currency="USD", storage_fee_unit_day=0.0213,
                           inbound_fee_unit=0.25, outbound_fee_order=2.5, return_fee_unit=3)],
        "product": [dict(sku=sku, name=name, category="lighting", substitute_group=group,
                         unit_cost=4.1, price=price, currency="USD", presale_allowed=True,
                         supplier_lead_days=12)
                    for sku, name, group, price in (("LED5", "LED 灯带 5m", "strip", 19.99),
                                                    ("LED10", "LED 灯带 10m", "strip", 29.5),
                                                    ("RING", 'Ring Light 18"', None, 39.0))],
        "lane": [dict(warehouse_id="US-3PL", mode="sea", transit_days=35, transit_days_sd=4,
                      cost_unit=0.8, cost_shipment=400)],
        "stock_count": [dict(sku=sku, warehouse_id="US-3PL", counted_at=T0 - timedelta(days=1),
                             on_hand=units, reserved=2)
                        for sku, units in (("LED5", 60), ("LED10", 1240), ("RING", 0))],
        "inbound": [dict(shipment_id="SHIP-1", sku="RING", warehouse_id="US-3PL", qty=500,
                         mode="sea", shipped_at=T0 - timedelta(days=29),
                         eta=T0 + timedelta(days=6))],
        "live_session": [dict(session_id="S1", title="黑五 Black Friday", platform="tiktok",
                              market="US", warmup_start=None, start=T0,
                              end=T0 + timedelta(hours=2), traffic="paid")],
        "lineup": [dict(session_id="S1", sku=sku, slot=slot, price=19.99, variant=variant)
                   for slot, (sku, variant) in enumerate((("LED5", "A"), ("LED10", None),
                                                          ("RING", None)), start=1)],
        "viewer_sample": [dict(session_id="S1", ts=T0 + timedelta(minutes=m), viewers=900 + m,
                               interactions=None if m % 2 else m * 3) for m in range(10)],
        "funnel_sample": [dict(session_id="S1", sku="LED5", ts=T0 + timedelta(minutes=5),
                               impressions=400, clicks=31)],
        "order_line": [dict(order_id=f"TT-{n}", sku="LED5" if n % 3 else "LED10",
                            ts=T0 + timedelta(minutes=n, microseconds=n), qty=1 + n % 2,
                            unit_price=19.99, currency="USD",
                            session_id=None if n == 7 else "S1", warehouse_id="US-3PL",
                            customer_id=None, status="cancelled" if n == 4 else "paid",
                            source="orders.csv") for n in range(1, 10)],
        "alert": [dict(session_id="S1", ts=T0 + timedelta(minutes=9), kind="light",
                       sku="LED5", warehouse_id=None, old_value="push", new_value="swap",
                       message="LED5: PUSH → SWAP")],
        "light_record": [dict(session_id="S1", sku="LED5", ts=T0 + timedelta(minutes=9),
                              light="swap", available=46, reason="46 left · swap to LED10")],
        "sim_clock": [dict(session_id="S1", sim_now=T0 + timedelta(minutes=10),
                           wall_now=T0, speed=0.0, finished=False)],
        "setting": [dict(key="language", value_json='"zh"')],
    }
    with engine.begin() as conn:
        for name in FIRST_SCHEMA:  # parents first
            in_store = [c["name"] for c in inspect(conn).get_columns(name)]
            conn.execute(first_schema_table(tables[name], in_store).insert(), rows[name])


def first_schema_table(table: Table, columns: Sequence[str]) -> Table:
    """The current model's table cut to `columns`: the same types (the same UTC conversion
    the app uses) and defaults, without the columns a store at an older revision lacks."""
    return Table(table.name, MetaData(),
                 *(Column(c.name, c.type, default=c.default) for c in table.columns
                   if c.name in columns))


def snapshot(engine: Engine) -> dict[str, list[tuple[Any, ...]]]:
    """Every row of every revision-0001 table, in key order, its 0001 columns only."""
    tables = SQLModel.metadata.tables
    found: dict[str, list[tuple[Any, ...]]] = {}
    with engine.connect() as conn:
        for name, columns in FIRST_SCHEMA.items():
            table = first_schema_table(tables[name], columns)
            query = select(*table.columns).order_by(*table.columns)
            found[name] = [tuple(row) for row in conn.execute(query)]
    return found


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


def test_a_new_store_gets_the_schema_stamped_at_the_head(blank: Engine) -> None:
    create_schema(blank)

    with blank.connect() as conn:
        version = read_version(conn)
    assert (version.revision, version.recorded, version.standing) == (
        head_revision(), True, Standing.CURRENT)


def test_consoles_starting_together_on_a_new_store_create_it_once_without_error(
        blank: Engine) -> None:
    starting, errors = threading.Barrier(4), list[Exception]()

    def console() -> None:
        engine = make_engine(blank.url.render_as_string(hide_password=False))
        try:
            starting.wait(timeout=30)
            create_schema(engine)
        except Exception as error:  # collected: the assertion below names it
            errors.append(error)
        finally:
            engine.dispose()

    threads = [threading.Thread(target=console) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)

    assert errors == []
    assert check_store(blank).recorded


def test_creating_the_schema_again_keeps_the_data_of_an_up_to_date_store(blank: Engine) -> None:
    create_schema(blank)
    fill_first_schema(blank)
    before = snapshot(blank)

    create_schema(blank)

    assert snapshot(blank) == before


def test_an_older_store_is_refused_and_left_untouched_by_create_schema(blank: Engine) -> None:
    store = at_revision(blank, "0002")

    with pytest.raises(StoreVersionError, match=r"revision 0002.*run `livestock upgrade`"):
        create_schema(store)
    assert "webhook_receipt" not in inspect(store).get_table_names()


def test_a_store_made_before_revisions_were_recorded_upgrades_from_what_its_shape_says(
        blank: Engine) -> None:
    store = at_revision(blank, "0001")
    fill_first_schema(store)
    Table("alembic_version", MetaData()).drop(store)

    with pytest.raises(StoreVersionError, match="made before schema versions"):
        check_store(store)
    done = upgrade_store(store)

    assert (done.before, done.after, done.recorded_before) == ("0001", head_revision(), False)
    assert len(snapshot(store)["order_line"]) == 9


def test_an_unversioned_store_of_the_head_shape_is_adopted(blank: Engine) -> None:
    SQLModel.metadata.create_all(blank)

    create_schema(blank)

    with blank.connect() as conn:
        assert read_version(conn).recorded
    assert check_store(blank).revision == head_revision()


def test_an_empty_store_upgrade_creates_the_schema(blank: Engine) -> None:
    done = upgrade_store(blank)

    assert (done.before, done.after) == (None, head_revision())
    assert check_store(blank).standing is Standing.CURRENT


def test_a_newer_store_is_refused_by_every_path_saying_upgrade_livestock(blank: Engine) -> None:
    create_schema(blank)
    with blank.begin() as conn:
        conn.execute(update(Table("alembic_version", MetaData(), Column("version_num",
                                                                          String(32))))
                     .values(version_num="0999"))

    for attempt in (check_store, create_schema, upgrade_store):
        with pytest.raises(StoreVersionError, match=r"newer LiveStock.*upgrade LiveStock"):
            attempt(blank)


# ---------------------------------------------------------------------------------------
# The CLI: every command checks, `livestock upgrade` says from which revision to which.


@pytest.fixture
def old_store_url(tmp_path: Path) -> str:
    url = f"sqlite:///{tmp_path / 'old.db'}"
    engine = at_revision(make_engine(url), "0001")
    fill_first_schema(engine)
    engine.dispose()
    return url


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


def test_backup_works_on_an_older_store_so_it_can_be_kept_before_upgrading(
        old_store_url: str, tmp_path: Path) -> None:
    result = runner.invoke(app, ["backup", str(tmp_path / "before.db"), "--db", old_store_url])

    assert result.exit_code == 0, result.output
    assert (tmp_path / "before.db").stat().st_size > 0


# ---------------------------------------------------------------------------------------
# The revisions themselves, and the pure verdicts.


def test_the_revisions_are_one_line_from_0001_to_a_single_head() -> None:
    chain = revision_chain()

    assert chain == tuple(f"{n:04d}" for n in range(1, len(chain) + 1))
    assert script_directory().get_heads() == [chain[-1]] == [head_revision()]


def test_a_revision_is_judged_against_the_chain() -> None:
    chain = ("0001", "0002", "0003")

    assert [judge(r, chain=chain) for r in (None, "0003", "0001", "0004")] == [
        Standing.EMPTY, Standing.CURRENT, Standing.OLDER, Standing.NEWER]


def test_an_unversioned_store_is_told_apart_by_its_shape() -> None:
    first = set(FIRST_SCHEMA)

    assert legacy_revision(set(), viewer_sample_columns=set()) is None
    assert legacy_revision({"someone_elses_table"}, viewer_sample_columns=set()) is None
    assert legacy_revision(first, viewer_sample_columns={"ts", "viewers"}) == "0001"
    assert legacy_revision(first, viewer_sample_columns={"ts", "source"}) == "0002"
    assert legacy_revision(first | {"webhook_receipt"},
                           viewer_sample_columns={"source"}) == "0003"


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
