"""The `livestock` command itself and what every command shares: the store, --db, --at.

`fail` turns a problem into one line on stderr and exit code 1; `store` opens the store
(`--db URL` or `LIVESTOCK_DB`), checks its schema revision and turns a `LiveStockError`
into such a line.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime
from typing import Annotated

import typer
from sqlalchemy import Engine

from core.common.errors import LiveStockError

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
    from core.store.db import make_engine
    from core.store.schema import check_store, create_schema

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
    from core.common.timeutil import parse_instant

    if at is None:
        return None
    try:
        return parse_instant(at)
    except ValueError as error:
        raise fail(f"--at: {error}") from None
