"""Commands for the platforms' own data: export imports and the webhook receiver."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from cli.app import DbOption, app, fail, store
from core.common.errors import LiveStockError

import_app = typer.Typer(help="Load a platform's own export: orders or FBA stock counts.",
                         no_args_is_help=True)


app.add_typer(import_app, name="import")


DryRunOption = Annotated[bool, typer.Option(
    "--dry-run", help="Check every row and say what would change; write nothing.")]


KnownSkusOption = Annotated[bool, typer.Option(
    "--only-known-skus", help="Import the rows whose sku the store knows and list the others "
                              "(the shop sells more than LiveStock tracks), instead of "
                              "refusing the file naming every unknown sku. Rows without a sku "
                              "(shipping, rentals) are always left out and listed.")]


ExportFile = Annotated[Path, typer.Argument(help="The file as the platform exported it.")]


def _report_import(report: object) -> None:
    from core.platforms.imports.import_report import ImportReport

    assert isinstance(report, ImportReport)
    for warning in report.warnings:
        typer.echo(f"warning: {warning}", err=True)
    typer.echo(report.summary())


@import_app.command("shopify-orders")
def import_shopify_orders_command(file: ExportFile, dry_run: DryRunOption = False,
                                  only_known_skus: KnownSkusOption = False,
                                  db: DbOption = None) -> None:
    """Shopify admin > Orders > Export (CSV): one order line per (order Id, Lineitem sku),
    order_id "shopify:<Id>", the session of its Shipping Country live at Created at, the unit
    price after the line's and the order's discounts. Lines without a sku are left out and
    listed."""
    from core.platforms.imports.shopify import import_shopify_orders

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
    """TikTok Shop Seller Center > Orders > Export (CSV), in English, Chinese or Japanese: one
    order line per (Order ID, Seller SKU), order_id "tiktok:<Order ID>". Lines without a
    Seller SKU are left out and listed."""
    from core.platforms.imports.tiktok import import_tiktok_orders

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
    from core.common.timeutil import parse_instant
    from core.platforms.imports.amazon import import_amazon_inventory

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
    max_connections: Annotated[int, typer.Option(
        "--max-connections", min=1,
        help="Open connections kept at most; past it the one waiting longest for its "
             "request is closed.")] = 10_000,
    db: DbOption = None,
) -> None:
    """The order webhook receiver: POST /webhooks/shopify and POST /webhooks/tiktok.

    Secrets come from LIVESTOCK_SHOPIFY_SECRET / LIVESTOCK_TIKTOK_SECRET (or files named by
    LIVESTOCK_SHOPIFY_SECRET_FILE / LIVESTOCK_TIKTOK_SECRET_FILE), with
    LIVESTOCK_TIKTOK_APP_KEY; never from the command line. A delivery is committed before
    it is answered 200; an order placed while a session of its shipping country is live
    belongs to that session, else it is off-stream.
    """
    from receiver.secrets import load_secrets
    from receiver.serve import Limits, serve

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
        serve(engine=engine, secrets=secrets, host=host, port=port,
              limits=Limits(max_connections=max_connections))
