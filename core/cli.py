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
def store(db: str | None, *, create: bool = False) -> Iterator[Engine]:
    """An engine on the store, disposed afterwards; domain errors become a one-line exit."""
    from core.db import create_schema, make_engine

    engine = make_engine(db)
    try:
        if create:
            create_schema(engine)
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
