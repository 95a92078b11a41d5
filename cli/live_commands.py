"""Commands of the live stream: the board, a simulated stream, the demo."""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import Annotated

import typer

from cli.app import AtOption, DbOption, app, fail, parse_at, store
from core.common.errors import LiveStockError

# Piped or redirected (no terminal to measure), the table is this wide, so the "why"
# column keeps whole reasons instead of rich's 80 columns squeezing it to 12 characters.
PIPED_WIDTH = 200


@app.command()
def board(
    session: Annotated[str, typer.Option("--session", help="The session (session_id of "
                                                           "sessions.csv).")],
    at: AtOption = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print the board JSON (docs/json.md): "
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

    from cli.board_report import board_json_text, board_table
    from core.board.service import board_with_forecast, session_gmv

    moment = parse_at(at)
    if lang not in ("en", "zh"):
        raise fail(f"--lang: use en or zh, not {lang!r}")
    with store(db) as engine:
        result = board_with_forecast(engine, session_id=session, at=moment)
        gmv = session_gmv(engine, session_id=session, at=result.at)
    if as_json:
        typer.echo(board_json_text(result))
    else:
        Console(width=None if sys.stdout.isatty() or "COLUMNS" in os.environ
                else PIPED_WIDTH).print(board_table(result, lang=lang, gmv=gmv))


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

    from core.common.timeutil import parse_instant
    from core.simulate.service import StartFrom, TickReport, run_simulation

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

    from cli.demo import DEFAULT_DATA_DIR, run_demo

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
