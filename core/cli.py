"""The `livestock` command: thin entry points over core.

Each command parses its options, calls the domain, and turns a `LiveStockError` into one
line on stderr and exit code 1. `--db URL` (or `LIVESTOCK_DB`) picks the store.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path
from typing import Annotated

import typer
from sqlalchemy import Engine

from core.errors import LiveStockError

app = typer.Typer(
    help="LiveStock: the stock board for cross-border live selling.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)

DbOption = Annotated[
    str | None,
    typer.Option("--db", envvar="LIVESTOCK_DB",
                 help="The store: sqlite:///file.db or postgresql+psycopg://user@host/db. "
                      "Default: sqlite:///livestock.db in this folder."),
]
AtOption = Annotated[
    str | None,
    typer.Option("--at", help="Evaluate as of this moment (ISO 8601 with an offset, e.g. "
                              "2026-11-26T20:30:00+08:00): only what was known then counts."),
]


def fail(message: str) -> typer.Exit:
    typer.echo(f"error: {message}", err=True)
    return typer.Exit(code=1)


@contextmanager
def store(db: str | None, *, create: bool = False, check: bool = True) -> Iterator[Engine]:
    """An engine on the store, disposed afterwards; domain errors become a one-line exit.

    The store's schema revision is checked first (`create` also makes a missing schema):
    a store older or newer than this LiveStock is refused with what to do. `check=False`
    is for the commands that work on any revision (upgrade, backup, restore).
    """
    from core.db import create_schema, make_engine
    from core.schema import check_store

    engine = make_engine(db)
    try:
        if create:
            create_schema(engine)
        elif check:
            check_store(engine)
        yield engine
    except LiveStockError as error:
        raise fail(str(error)) from None
    finally:
        engine.dispose()


def parse_at(at: str | None) -> datetime | None:
    from core.timeutil import parse_instant

    if at is None:
        return None
    try:
        return parse_instant(at)
    except ValueError as error:
        raise fail(f"--at: {error}") from None


@app.command()
def load(
    directory: Annotated[Path, typer.Argument(help="A folder holding any of the ten CSV files "
                                              "(warehouses.csv, products.csv, ... orders.csv).")],
    db: DbOption = None,
) -> None:
    """Check and load the data files in DIRECTORY into the store.

    Every file is checked first; one bad value (named by file, line and column) loads
    nothing. Loading the same files again changes nothing: orders are keyed by
    order_id + sku, other rows are updated in place by their keys.
    """
    from core.ingest import load_directory

    with store(db, create=True) as engine:
        report = load_directory(engine, directory, progress=True)
    for warning in report.warnings:
        typer.echo(f"warning: {warning}", err=True)
    typer.echo(report.summary())


@app.command()
def board(
    session: Annotated[str, typer.Option("--session", help="The session (session_id of "
                                                           "sessions.csv).")],
    at: AtOption = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print PRODUCT.md's board JSON: "
                                                         "session_id, at, tier, viewers, "
                                                         "products.")] = False,
    lang: Annotated[str, typer.Option("--lang", help="The table's language: en or zh "
                                                     "(JSON is always English).")] = "en",
    db: DbOption = None,
) -> None:
    """The live board: PUSH, SWAP or PRESALE per product and why, in pitch order.

    Evaluated at --at, else at a running simulation's clock, else now.
    """
    from rich.console import Console

    from core.board_report import board_json_text, board_table
    from core.forecast_service import forecast_demand_for
    from core.live import board_at, session_clock

    moment = parse_at(at)
    if lang not in ("en", "zh"):
        raise fail(f"--lang: use en or zh, not {lang!r}")
    with store(db) as engine:
        # The forecast the console uses for remaining demand (core.planning), so a replay
        # with --at shows what the console showed.
        moment = moment or session_clock(engine, session_id=session)
        demand = forecast_demand_for(engine, session_id=session, at=moment)
        result = board_at(engine, session_id=session, at=moment, demand=demand)
    if as_json:
        typer.echo(board_json_text(result))
    else:
        Console().print(board_table(result, lang=lang))


@app.command()
def simulate(
    session: Annotated[str, typer.Option("--session", help="The session to play "
                                                           "(session_id of sessions.csv).")],
    speed: Annotated[float, typer.Option("--speed", help="Simulated seconds per real second: "
                                                         "1 is real time, 60 plays an hour "
                                                         "in a minute.")] = 1.0,
    seed: Annotated[int | None, typer.Option("--seed", help="Seed of the random stream: the "
                                                            "same seed plays the same "
                                                            "stream.")] = None,
    start_from: Annotated[str | None, typer.Option(
        "--from", help="Start at 'warmup' (the session's warmup_start) or at a moment (ISO "
                       "8601 with an offset). Default: the session's start.")] = None,
    tick: Annotated[float, typer.Option("--tick", help="Real seconds between writes.")] = 1.0,
    db: DbOption = None,
) -> None:
    """Play a live stream of a session into the store: viewers and orders, in simulated time.

    Orders are stamped with simulated time (source "simulate", order ids
    SIM-<session>-<n>) and stop when a product's stock in the market runs out; the
    session's simulated clock moves on every tick, so the board follows it. Re-running
    first REMOVES that session's previous simulated orders and viewers (and the alerts
    and light records read off them), so a stream can be replayed. Ctrl-C stops cleanly:
    every tick written is whole, and the clock stays paused where it got to.
    """
    import signal
    import threading

    from rich.progress import BarColumn, Progress, TextColumn

    from core.simulate import StartFrom, TickReport, run_simulation
    from core.timeutil import parse_instant

    begin: StartFrom = None
    if start_from == "warmup":
        begin = "warmup"
    elif start_from is not None:
        try:
            begin = parse_instant(start_from)
        except ValueError as error:
            raise fail(f"--from: {error} (or use --from warmup)") from None
    stop = threading.Event()
    previous = signal.signal(signal.SIGINT, lambda *_: stop.set())
    try:
        with store(db) as engine, Progress(TextColumn("{task.description}"), BarColumn(),
                                           TextColumn("{task.fields[line]}")) as bar:
            task = bar.add_task(session, total=1.0, line="starting")

            def show(report: TickReport) -> None:
                viewers = "-" if report.viewers is None else f"{report.viewers:,}"
                bar.update(task, completed=report.progress, line=(
                    f"{report.sim_now:%Y-%m-%d %H:%M:%S} UTC · {viewers} viewers · "
                    f"{report.orders_total:,} orders ({report.units_total:,} units)"))

            result = run_simulation(engine, session_id=session, speed=speed, tick_seconds=tick,
                                    seed=seed, start_from=begin, stop_event=stop, on_tick=show)
    finally:
        signal.signal(signal.SIGINT, previous)
    state = "finished" if result.finished else "stopped (the clock is paused there)"
    typer.echo(f"{session}: {result.orders_total:,} orders, {result.units_total:,} units up to "
               f"{result.sim_now:%Y-%m-%d %H:%M:%S} UTC, {state}; seed {result.seed}")


@app.command()
def demo(
    port: Annotated[int, typer.Option("--port", help="The dashboard's port.")] = 8501,
    speed: Annotated[float | None, typer.Option(
        "--speed", help="Simulated seconds per real second. Default: the whole stream in "
                        "about 5 minutes (36 for a 3-hour stream).")] = None,
    db: Annotated[str, typer.Option(
        "--db", help="The demo store, DELETED and built again from the data. LIVESTOCK_DB "
                     "is not read here, so a real store is never wiped by accident.")
    ] = "sqlite:///livestock-demo.db",
    data: Annotated[Path | None, typer.Option(
        "--data", help="The folder of CSV files. Default: sample_data/ beside the "
                       "package.")] = None,
    seed: Annotated[int, typer.Option("--seed", help="Seed of the first simulated "
                                                     "stream.")] = 7,
) -> None:
    """A fresh store from sample_data/, a simulated stream playing, and the dashboard.

    Loads the data into a new store, picks today's scheduled session (the first with no
    orders yet), plays it in the background again and again, and runs the dashboard
    (streamlit) on it. Ctrl-C (or SIGTERM) stops everything and exits 0.
    """
    import signal
    import threading

    from core.demo import DEFAULT_DATA_DIR, run_demo

    stop = threading.Event()
    previous = {signum: signal.signal(signum, lambda *_: stop.set())
                for signum in (signal.SIGINT, signal.SIGTERM)}
    try:
        code = run_demo(url=db, data_dir=data or DEFAULT_DATA_DIR, port=port, speed=speed,
                        seed=seed, stop=stop, say=typer.echo)
    except LiveStockError as error:
        raise fail(str(error)) from None
    finally:
        for signum, handler in previous.items():
            signal.signal(signum, handler)
    raise typer.Exit(code)


@app.command()
def backup(
    file: Annotated[Path, typer.Argument(help="Where to write the copy (a new file).")],
    db: DbOption = None,
) -> None:
    """Copy the SQLite store to FILE, consistently, even while streams and feeds write."""
    from core.backup import backup_store

    with store(db, check=False) as engine:
        size_bytes = backup_store(engine, file)
    typer.echo(f"backed up to {file} ({size_bytes / 1e6:.1f} MB)")


@app.command()
def restore(
    file: Annotated[Path, typer.Argument(help="A backup made by `livestock backup`.")],
    db: DbOption = None,
) -> None:
    """Replace the SQLite store's content with the backup in FILE (stop writers first)."""
    from core.backup import restore_store

    with store(db, check=False) as engine:
        restore_store(engine, file)
    typer.echo(f"restored from {file}")


@app.command()
def upgrade(db: DbOption = None) -> None:
    """Bring the store's schema to this LiveStock's revision, in place, keeping the data.

    Works on SQLite and PostgreSQL, in one transaction (stop the writers first; back a
    SQLite store up with `livestock backup FILE`, PostgreSQL with pg_dump). Says from
    which revision to which.
    """
    from core.schema import upgrade_store

    with store(db, check=False) as engine:
        done = upgrade_store(engine)
    if done.before is None:
        typer.echo(f"the store was empty: created the schema at revision {done.after}")
    elif done.before == done.after:
        typer.echo(f"the store is already at revision {done.after}: "
                   + ("nothing to do" if done.recorded_before else "recorded it in the store"))
    else:
        unrecorded = "" if done.recorded_before else " (made before revisions were recorded)"
        typer.echo(f"upgraded the store from revision {done.before}{unrecorded} "
                   f"to {done.after}")


@app.command("hash-password")
def hash_password_command() -> None:
    """Print a pbkdf2 hash of a password (asked twice, never echoed) for the dashboard's
    .streamlit/secrets.toml, in its passwords section: name = "<the hash>"."""
    from core.auth import hash_password

    password = typer.prompt("password", hide_input=True, confirmation_prompt=True)
    try:
        typer.echo(hash_password(password))
    except LiveStockError as error:
        raise fail(str(error)) from None


@app.command()
def forecast(
    session: Annotated[str | None, typer.Option("--session", help="The session to forecast.")]
    = None,
    at: AtOption = None,
    backtest: Annotated[bool, typer.Option(
        "--backtest", help="Replay every past session as if upcoming and compare WAPE and "
                           "range coverage with two naive baselines.")] = False,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
    db: DbOption = None,
) -> None:
    """The session's forecast per product: low, expected, high units, and past accuracy."""
    from core import forecast_service, plan_report

    moment = parse_at(at)
    if backtest == (session is not None):
        raise fail("give either --session S or --backtest")
    with store(db) as engine:
        if backtest:
            typer.echo(plan_report.backtest_text(forecast_service.backtest(engine, at=moment),
                                                 as_json=as_json))
            return
        assert session is not None
        result = forecast_service.session_forecast(engine, session_id=session, at=moment)
        typer.echo(plan_report.forecast_text(result, as_json=as_json))


@app.command()
def plan(
    at: AtOption = None,
    batch: Annotated[int, typer.Option("--batch", min=1,
                                       help="Order in multiples of this many units.")] = 1,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
    db: DbOption = None,
) -> None:
    """The replenishment plan per product and warehouse: sea by default, air for the gap."""
    from core import plan_report, planning

    moment = parse_at(at)
    with store(db) as engine:
        lines = planning.replenishment_plan(engine, at=moment, batch_units=batch)
    typer.echo(plan_report.plan_text(lines, as_json=as_json))


# ---------------------------------------------------------------------------------------
# Real orders in: platform exports (livestock import ...) and webhooks (serve-webhooks).

import_app = typer.Typer(help="Load a platform's own export: orders or FBA stock counts.",
                         no_args_is_help=True)
app.add_typer(import_app, name="import")

DryRunOption = Annotated[bool, typer.Option(
    "--dry-run", help="Check every row and say what would change; write nothing.")]
KnownSkusOption = Annotated[bool, typer.Option(
    "--only-known-skus", help="Skip rows whose sku is not in products.csv (the shop sells more "
                              "than LiveStock tracks) instead of refusing the file.")]
ExportFile = Annotated[Path, typer.Argument(help="The file as the platform exported it.")]


def _report_import(report: object) -> None:
    from core.imports.import_report import ImportReport

    assert isinstance(report, ImportReport)
    for warning in report.warnings:
        typer.echo(f"warning: {warning}", err=True)
    typer.echo(report.summary())


@import_app.command("shopify-orders")
def import_shopify_orders_command(file: ExportFile, dry_run: DryRunOption = False,
                                  only_known_skus: KnownSkusOption = False,
                                  db: DbOption = None) -> None:
    """Shopify admin > Orders > Export (CSV): one order line per (order Id, Lineitem sku),
    order_id "shopify:<Id>", the session of its Shipping Country live at Created at."""
    from core.imports.shopify import import_shopify_orders

    with store(db, create=True) as engine:
        report = import_shopify_orders(engine, file, dry_run=dry_run,
                                       only_known_skus=only_known_skus)
    _report_import(report)


@import_app.command("tiktok-orders")
def import_tiktok_orders_command(
    file: ExportFile,
    timezone: Annotated[str, typer.Option(
        "--timezone", help="The zone of the export's times, which carry no offset (IANA, "
                           "e.g. America/Los_Angeles).")],
    currency: Annotated[str | None, typer.Option(
        "--currency", help="ISO 4217 code; default: the currency of the shop's country.")] = None,
    date_order: Annotated[str, typer.Option(
        "--date-order", help="mdy (11/27/2026), dmy (27/11/2026) or auto.")] = "auto",
    dry_run: DryRunOption = False, only_known_skus: KnownSkusOption = False,
    db: DbOption = None,
) -> None:
    """TikTok Shop Seller Center > Orders > Export (CSV): one order line per (Order ID,
    Seller SKU), order_id "tiktok:<Order ID>"."""
    from core.imports.tiktok import import_tiktok_orders

    with store(db, create=True) as engine:
        report = import_tiktok_orders(engine, file, timezone=timezone, currency=currency,
                                      date_order=date_order, dry_run=dry_run,
                                      only_known_skus=only_known_skus)
    _report_import(report)


@import_app.command("amazon-inventory")
def import_amazon_inventory_command(
    file: ExportFile,
    warehouse: Annotated[str | None, typer.Option(
        "--warehouse", help="The warehouse_id the counts are of; default: the store's only "
                            "platform warehouse.")] = None,
    counted_at: Annotated[str | None, typer.Option(
        "--counted-at", help="When the report was taken (ISO 8601 with an offset); default: "
                             "now.")] = None,
    dry_run: DryRunOption = False, only_known_skus: KnownSkusOption = False,
    db: DbOption = None,
) -> None:
    """Amazon "FBA Manage Inventory" report (tab-separated): a stock count per sku, on_hand =
    afn-fulfillable-quantity + afn-reserved-quantity, reserved = afn-reserved-quantity."""
    from core.imports.amazon import import_amazon_inventory
    from core.timeutil import parse_instant

    moment = None
    if counted_at is not None:
        try:
            moment = parse_instant(counted_at)
        except ValueError as error:
            raise fail(f"--counted-at: {error}") from None
    with store(db, create=True) as engine:
        report = import_amazon_inventory(engine, file, warehouse_id=warehouse,
                                         counted_at=moment, dry_run=dry_run,
                                         only_known_skus=only_known_skus)
    _report_import(report)


@app.command("serve-webhooks")
def serve_webhooks(
    host: Annotated[str, typer.Option("--host", help="Address to listen on.")] = "127.0.0.1",
    port: Annotated[int, typer.Option("--port", help="Port to listen on.")] = 8600,
    db: DbOption = None,
) -> None:
    """The order webhook receiver: POST /webhooks/shopify and POST /webhooks/tiktok.

    Secrets come from LIVESTOCK_SHOPIFY_SECRET / LIVESTOCK_TIKTOK_SECRET (or files named by
    LIVESTOCK_SHOPIFY_SECRET_FILE / LIVESTOCK_TIKTOK_SECRET_FILE), with
    LIVESTOCK_TIKTOK_APP_KEY; never from the command line. A delivery is committed before
    it is answered 200; an order placed while a session of its shipping country is live
    belongs to that session, else it is off-stream.
    """
    import uvicorn

    from receiver.app import create_app
    from receiver.secrets import load_secrets

    try:
        secrets = load_secrets()
    except LiveStockError as error:
        raise fail(str(error)) from None
    if not secrets.platforms():
        raise fail("no webhook secret: set LIVESTOCK_SHOPIFY_SECRET or LIVESTOCK_TIKTOK_SECRET "
                   "(or their _FILE variants)")
    if secrets.tiktok and not secrets.tiktok_app_key:
        raise fail("LIVESTOCK_TIKTOK_SECRET is set but LIVESTOCK_TIKTOK_APP_KEY is not: TikTok "
                   "signs the app key and the body together")
    with store(db, create=True) as engine:
        typer.echo(f"receiving {', '.join(secrets.platforms())} webhooks on "
                   f"http://{host}:{port}/webhooks/...", err=True)
        uvicorn.run(create_app(engine=engine, secrets=secrets), host=host, port=port,
                    log_level="warning", access_log=False)


@app.command()
def review(
    session: Annotated[str, typer.Option("--session", help="The session to review "
                                                           "(session_id of sessions.csv).")],
    at: AtOption = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print PRODUCT.md's review JSON: "
                                                         "session_id, products, ab_tests.")]
    = False,
    html: Annotated[Path | None, typer.Option(
        "--html", help="Also write a self-contained HTML report (charts included, works "
                       "offline) to this file.")] = None,
    csv: Annotated[Path | None, typer.Option(
        "--csv", help="Also write the review's tables as review_*.csv into this folder.")]
    = None,
    lang: Annotated[str | None, typer.Option(
        "--lang", help="The HTML report's language: zh or en (default: the store's "
                       "language setting).")] = None,
    tz: Annotated[str, typer.Option("--tz", help="The HTML report's time zone (IANA "
                                                 "name).")] = "Asia/Shanghai",
    db: DbOption = None,
) -> None:
    """The post-stream review: units, revenue, stock-outs, lost sales, forecast vs actual,
    and A/B results; with --html, the report a team shares.

    Stock-outs, lost sales and the lights use only what was known at --at (default now).
    """
    from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

    from core import review_export, review_service
    from core.settings import load_settings
    from core.timeutil import utc_now

    moment = parse_at(at)
    if lang is not None and lang not in ("zh", "en"):
        raise fail(f"--lang: use zh or en, not {lang!r}")
    try:
        zone = ZoneInfo(tz)
    except (ZoneInfoNotFoundError, ValueError):
        raise fail(f"--tz: unknown time zone {tz!r} (e.g. Asia/Shanghai, "
                   "America/New_York)") from None
    with store(db) as engine:
        result = review_service.review_session(engine, session_id=session, at=moment)
        lights, alerts, plan = None, [], []
        if html is not None or csv is not None:
            lights = review_service.light_timeline(engine, session_id=session, at=moment)
            alerts = review_service.session_alerts(engine, session_id=session, at=moment)
            plan = review_service.replenishment_now(engine, session_id=session, at=moment)
        if html is not None and lights is not None:
            from dashboard.report import report_html

            html.write_text(report_html(result, lights=lights, alerts=alerts, plan=plan,
                                        lang=lang or load_settings(engine).language,
                                        tz=zone, made_at=utc_now()), encoding="utf-8")
    if csv is not None:
        written = review_export.write_csv(csv, review_export.csv_tables(
            result, lights=lights, alerts=alerts, plan=plan))
        typer.echo(f"wrote {len(written)} tables to {csv}", err=True)
    if html is not None:
        typer.echo(f"wrote the report to {html}", err=True)
    typer.echo(review_export.review_json_text(result) if as_json
               else review_export.review_text(result))
