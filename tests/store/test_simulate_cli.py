"""The `livestock simulate` command: a short stream to the end, clear errors, Ctrl-C."""

from __future__ import annotations

import signal
import subprocess
import sys
import time
from datetime import timedelta
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, select
from sqlmodel import col
from typer.testing import CliRunner

from cli import app
from core.store.db import make_engine
from core.store.models import SimClock
from core.store.schema import create_schema
from tests.store.simulate_builders import START, build_store, clock_of, simulated_orders


def test_simulate_at_600x_plays_a_short_stream_to_the_end(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'cli.db'}"
    engine = make_engine(url)
    create_schema(engine)
    build_store(engine, minutes=20)

    outcome = CliRunner().invoke(app, ["simulate", "--session", "S-TODAY", "--speed", "600",
                                       "--seed", "5", "--db", url])

    assert outcome.exit_code == 0, outcome.output
    assert "finished" in outcome.output and "seed 5" in outcome.output
    orders = simulated_orders(engine)
    assert orders and f"{len(orders)} orders" in outcome.output.replace(",", "")
    assert clock_of(engine)[2] is True
    engine.dispose()


def test_simulate_names_an_unknown_session_and_a_bad_from(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'cli.db'}"
    engine = make_engine(url)
    create_schema(engine)
    build_store(engine, minutes=20)
    engine.dispose()
    runner = CliRunner()

    unknown = runner.invoke(app, ["simulate", "--session", "S-NOPE", "--db", url])
    bad_from = runner.invoke(app, ["simulate", "--session", "S-TODAY", "--from",
                                   "2026-11-27 01:00", "--db", url])
    outside = runner.invoke(app, ["simulate", "--session", "S-TODAY", "--from",
                                  "2026-12-01T00:00:00Z", "--db", url])

    assert unknown.exit_code == 1 and "'S-NOPE' is not in the store" in unknown.output
    assert bad_from.exit_code == 1 and "--from" in bad_from.output
    assert "offset" in bad_from.output
    assert outside.exit_code == 1 and "outside session S-TODAY" in outside.output


def test_ctrl_c_stops_simulate_with_every_tick_whole_and_the_clock_paused(
        tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'cli.db'}"
    engine = make_engine(url)
    create_schema(engine)
    build_store(engine)
    simulate = subprocess.Popen(
        [sys.executable, "-c", "from cli import app; app()", "simulate", "--session",
         "S-TODAY", "--speed", "60", "--tick", "0.2", "--seed", "1", "--db", url],
        cwd=Path(__file__).resolve().parents[2], stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT, text=True)
    try:
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline and (
                (clock := _clock_or_none(engine)) is None or clock[0] < START
                + timedelta(seconds=30)):
            time.sleep(0.1)
        simulate.send_signal(signal.SIGINT)
        output, _ = simulate.communicate(timeout=10)
    finally:
        if simulate.poll() is None:
            simulate.kill()

    sim_now, speed, finished = clock_of(engine)
    assert simulate.returncode == 0, output
    assert "stopped (the clock is paused there)" in output
    assert (speed, finished) == (0.0, False)
    assert START + timedelta(seconds=30) <= sim_now < START + timedelta(minutes=60)
    assert all(row[2] < sim_now for row in simulated_orders(engine))
    engine.dispose()


def _clock_or_none(engine: Engine) -> Any:
    with engine.connect() as conn:
        return conn.execute(select(col(SimClock.sim_now), col(SimClock.speed))
                            .where(col(SimClock.session_id) == "S-TODAY")).first()
