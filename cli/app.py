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


MAKE_A_STORE = ("make one with `livestock load DIR` (your data files) or try "
                "`livestock demo`, then `--db sqlite:///livestock-demo.db`")


# What SQLite and PostgreSQL answer on a file or database that is not LiveStock's.
FOREIGN_SIGNS = ("not a database", "no such table", "does not exist", "file is encrypted")


@contextmanager
def store(db: str | None, *, create: bool = False, check: bool = True) -> Iterator[Engine]:
    """An engine on the store, disposed afterwards; problems become a one-line exit.

    The store's schema revision is checked first (`create` also makes a missing schema):
    a store older or newer than this LiveStock is refused with what to do. A store that
    is missing, empty or not LiveStock's is refused in one line naming it and the command
    that makes one (and a missing SQLite file is not created). `check=False` is for the
    commands that work on any revision (upgrade, backup, restore).
    """
    from sqlalchemy.exc import SQLAlchemyError

    from core.store.db import database_url, make_engine, missing_sqlite_file, store_location
    from core.store.schema import Standing, check_store, create_schema

    try:
        url = database_url(db)
    except LiveStockError as error:
        raise fail(f"--db: {error}") from None
    where = store_location(url)
    if check and not create:
        missing = missing_sqlite_file(url)
        if missing is not None:
            raise fail(f"no store at {missing}: {MAKE_A_STORE}")
    try:
        engine = make_engine(url)
    except LiveStockError as error:
        raise fail(f"--db: {error}") from None
    try:
        if create:
            create_schema(engine)
        elif check and check_store(engine).standing is Standing.EMPTY:
            raise fail(f"{where} holds no LiveStock data: {MAKE_A_STORE}")
        yield engine
    except LiveStockError as error:
        raise fail(str(error)) from None
    except SQLAlchemyError as error:
        first = str(getattr(error, "orig", None) or error).splitlines()[0]
        if any(sign in first for sign in FOREIGN_SIGNS):
            raise fail(f"{where} is not a LiveStock store ({first}): {MAKE_A_STORE}") from None
        raise fail(f"the store {where} could not be used: {first}") from None
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
