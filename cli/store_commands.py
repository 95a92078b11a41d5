"""Commands that fill and keep the store: load, backup, restore, upgrade, hash-password."""

from __future__ import annotations

from contextlib import ExitStack
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer
from sqlalchemy import Engine

from cli.app import DbOption, app, fail, store
from core.common.errors import LiveStockError

if TYPE_CHECKING:
    from cli.keep_ahead import Reviews


class ReviewsKept(StrEnum):
    """`livestock load --reviews`: which ended streams' reviews are kept ahead."""

    ALL = "all"
    LAST = "last"


@app.command()
def load(
    directory: Annotated[Path, typer.Argument(help="A folder holding any of the ten CSV files "
                                              "(warehouses.csv, products.csv, ... orders.csv).")],
    db: DbOption = None,
    reviews: Annotated[ReviewsKept, typer.Option(
        help="Which ended streams' reviews to keep ahead for the console: all (a few "
             "seconds a stream the first time, in worker processes; a later load reviews "
             "only the streams new to the store) or the last one.")] = ReviewsKept.ALL,
) -> None:
    """Check and load the data files in DIRECTORY into the store.

    Every file is checked first; one bad value (named by file, row and column) loads
    nothing. Loading the same files again changes nothing: orders are keyed by
    order_id + sku, other rows are updated in place by their keys.
    """
    from core.ingest.service import load_directory

    with store(db, create=True) as engine:
        with ExitStack() as stack:
            report = load_directory(engine, directory, progress=_ProgressBars(stack))
        for warning in report.warnings:
            typer.echo(f"warning: {warning}", err=True)
        typer.echo(report.summary())
        keep_ahead_shown(engine, reviews=reviews.value)


def keep_ahead_shown(engine: Engine, *, reviews: Reviews = "all") -> None:
    """What the console's first opens need, computed now (`cli.keep_ahead`), with a spinner
    on stderr saying which part runs (and how many reviews are kept so far)."""
    from rich.console import Console

    from cli.keep_ahead import keep_ahead

    console = Console(stderr=True)
    with console.status("keeping ahead what the console opens first") as status:
        kept = keep_ahead(engine, say=lambda text: status.update(text), reviews=reviews)
    if kept:
        typer.echo(f"kept for the console's first open: {', '.join(kept)}", err=True)


class _ProgressBars:
    """A rich progress bar on stderr per large file being loaded, opened on the first."""

    def __init__(self, stack: ExitStack) -> None:
        self._stack = stack
        self._progress: Any = None
        self._tasks: dict[str, Any] = {}

    def __call__(self, file: str, rows_done: int, rows_in_file: int) -> None:
        if self._progress is None:
            from rich.console import Console
            from rich.progress import Progress

            self._progress = self._stack.enter_context(Progress(console=Console(stderr=True)))
        if file not in self._tasks:
            self._tasks[file] = self._progress.add_task(f"loading {file}", total=rows_in_file)
        self._progress.update(self._tasks[file], completed=rows_done)


@app.command()
def backup(
    file: Annotated[Path, typer.Argument(help="Where to write the copy (a new file).")],
    db: DbOption = None,
) -> None:
    """Copy the SQLite store to FILE, consistently, even while streams and feeds write."""
    from core.store.backup import backup_store

    with store(db, check=False) as engine:
        size_bytes = backup_store(engine, file)
    typer.echo(f"backed up to {file} ({size_bytes / 1e6:.1f} MB)")


@app.command()
def restore(
    file: Annotated[Path, typer.Argument(help="A backup made by `livestock backup`.")],
    db: DbOption = None,
) -> None:
    """Replace the SQLite store's content with the backup in FILE (stop writers first)."""
    from core.store.backup import restore_store

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
    from core.store.schema import upgrade_store

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
    from core.common.auth import hash_password

    password = typer.prompt("password", hide_input=True, confirmation_prompt=True)
    try:
        typer.echo(hash_password(password))
    except LiveStockError as error:
        raise fail(str(error)) from None
