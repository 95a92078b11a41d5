"""`livestock demo`: a fresh store from sample_data/, a stream playing, the dashboard.

The orchestration only: build the store, pick the session to play, loop the simulator in
a thread, run the console (`python -m dashboard`) as a child process, and take both down
when asked (the CLI turns SIGINT and SIGTERM into `stop`). Nothing here prints: messages
go through `say`.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import threading
import urllib.request
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from sqlalchemy import Engine
from sqlalchemy.engine import make_url

import cli
from core.common.errors import LiveStockError
from core.simulate.service import order_lines_total, run_simulation, session_to_play
from core.store.db import make_engine
from core.store.schema import create_schema, drop_schema

ROOT = Path(cli.__file__).resolve().parents[1]
DEFAULT_DATA_DIR = ROOT / "sample_data"
DASHBOARD_APP = ROOT / "dashboard" / "app.py"
DEFAULT_DEMO_URL = "sqlite:///livestock-demo.db"
DEMO_STREAM_SECONDS = 300.0  # a stream of any length plays in about 5 minutes
REPLAY_PAUSE_SECONDS = 3.0
STREAMLIT_STOP_SECONDS = 10.0
KEEPER_STOP_SECONDS = 5.0  # the reviews kept behind the console (cli.keep_ahead.keep_behind)

Say = Callable[[str], None]


class DemoError(LiveStockError):
    """The demo cannot start: no sample data, no dashboard, a busy port, an unusable store."""


@dataclass(frozen=True)
class DemoSession:
    session_id: str
    title: str
    start: datetime
    end: datetime


def resolved_store_url(url: str) -> str:
    """The URL with a relative SQLite path made absolute, so the dashboard (another process,
    maybe another working folder) opens the same file. An in-memory store is refused."""
    parsed = make_url(url)
    if not parsed.drivername.startswith("sqlite"):
        return url
    if not parsed.database or parsed.database == ":memory:":
        raise DemoError("the demo needs a store the dashboard can open too: give a file, "
                        "e.g. --db sqlite:///livestock-demo.db")
    return parsed.set(database=str(Path(parsed.database).resolve())).render_as_string(
        hide_password=False)


def fresh_store(url: str) -> Engine:
    """An empty store at `url`: a SQLite file is deleted (with its -wal and -shm) and made
    again; any other database has every LiveStock table dropped and created again."""
    parsed = make_url(url)
    if parsed.drivername.startswith("sqlite") and parsed.database:
        for suffix in ("", "-wal", "-shm", "-journal"):
            Path(parsed.database + suffix).unlink(missing_ok=True)
        engine = make_engine(url)
    else:
        engine = make_engine(url)
        drop_schema(engine)
    create_schema(engine)
    return engine


def pick_session(engine: Engine) -> DemoSession:
    """The session to play: among sessions with a lineup, the first by start that has no
    orders yet (today's scheduled stream); when every one has orders, the latest."""
    row = session_to_play(engine)
    if row is None:
        raise DemoError("no session with a lineup in the data: nothing to play")
    return DemoSession(*row)


def demo_speed(session: DemoSession, *, seconds: float = DEMO_STREAM_SECONDS) -> float:
    """The speed that plays the whole stream in about `seconds` (at least real time).

    >>> from datetime import UTC
    >>> demo_speed(DemoSession("S", "t", datetime(2026, 11, 26, 20, tzinfo=UTC),
    ...                        datetime(2026, 11, 26, 23, tzinfo=UTC)))
    36.0
    """
    return max(1.0, (session.end - session.start).total_seconds() / seconds)


class StreamLoop:
    """Plays one session again and again in a background thread until `close()`."""

    def __init__(self, engine: Engine, *, session_id: str, speed: float, seed: int,
                 say: Say) -> None:
        self.engine, self.session_id, self.speed, self.seed = engine, session_id, speed, seed
        self.say = say
        self.plays = 0
        self.error: Exception | None = None
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="livestock-simulator",
                                        daemon=True)

    def start(self) -> None:
        self._thread.start()

    def close(self, *, timeout_seconds: float = 10.0) -> None:
        self._stop.set()
        self._thread.join(timeout_seconds)

    def _run(self) -> None:
        while not self._stop.is_set():
            try:
                result = run_simulation(self.engine, session_id=self.session_id,
                                        speed=self.speed, seed=self.seed + self.plays,
                                        stop_event=self._stop)
            # The thread's boundary: whatever went wrong is reported, the dashboard stays up.
            except Exception as error:
                self.error = error
                self.say(f"the simulated stream stopped: {error}")
                return
            self.plays += 1
            if result.finished:
                self.say(f"stream played ({result.orders_total:,} orders, "
                         f"{result.units_total:,} units); playing it again")
                self._stop.wait(REPLAY_PAUSE_SECONDS)


def streamlit_command(*, port: int) -> list[str]:
    # Loopback only: the demo has no login, so it must not be reachable from the network.
    # `python -m dashboard`: `streamlit run dashboard/app.py` with the pages' modules loaded
    # before the port opens (dashboard/__main__.py), so the first visit doesn't wait for them.
    return [sys.executable, "-m", "dashboard",
            "--server.port", str(port), "--server.address", "127.0.0.1",
            "--server.headless", "true", "--browser.gatherUsageStats", "false"]


def port_in_use(port: int) -> bool:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.settimeout(0.5)
        return probe.connect_ex(("127.0.0.1", port)) == 0


def console_answers(port: int) -> bool:
    """Whether the console on `port` answers its health check: its first views are made
    (its port is bound, and takes connections, before they are: dashboard/console.py)."""
    try:
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/_stcore/health",
                                    timeout=0.5) as answer:
            return bool(answer.status == 200)
    except (OSError, ValueError):
        return False


def run_demo(*, url: str, data_dir: Path, port: int, speed: float | None, seed: int,
             stop: threading.Event, say: Say) -> int:
    """Build the store, start the stream and the dashboard, wait for `stop`; the exit code.

    0 when stopped on request; 1 when the dashboard exited by itself.
    """
    from cli.keep_ahead import keep_ahead
    from core.forecast.service import keep_board_forecast
    from core.ingest.service import load_directory
    from core.review.service import ended_sessions

    if not data_dir.is_dir():
        raise DemoError(f"no sample data at {data_dir} (give the folder with --data)")
    if not DASHBOARD_APP.is_file():
        raise DemoError(f"the dashboard is missing: {DASHBOARD_APP}")
    if speed is not None and not speed > 0:
        raise DemoError(f"--speed must be a positive number, got {speed}")
    if port_in_use(port):
        raise DemoError(f"port {port} is already in use: stop what runs there or use --port")
    url = resolved_store_url(url)
    engine = fresh_store(url)
    try:
        report = load_directory(engine, data_dir)
        for warning in report.warnings:
            say(f"warning: {warning}")
        say(report.summary())
        session = pick_session(engine)
        if stop.is_set():
            return 0
        say(f"Fitting the forecast of {session.session_id} (once: kept beside the store) ...")
        keep_board_forecast(engine, session_id=session.session_id, at=session.start)
        # The review of the last stream before this one and the planning, as the console
        # will ask for them once the stream plays (its clock starts at the stream's start).
        say("Keeping the last review and the planning ahead ...")
        # The last review only: the demo's store is new each run, and every review would
        # cost it a minute before the console opens (`livestock load` keeps them all); the
        # earlier ones are kept behind it while the stream plays (_serve).
        keep_ahead(engine, at=session.start, reviews="last")
        earlier = ended_sessions(engine, at=session.start)[1:]
        pace = speed or demo_speed(session)
        say(f"Playing {session.title} ({session.session_id}), "
            f"{session.start:%Y-%m-%d %H:%M} UTC to {session.end:%Y-%m-%d %H:%M} UTC, "
            f"at {pace:g}x "
            f"(the stream in {(session.end - session.start).total_seconds() / pace / 60:.1f} "
            "min, then again)")
        return _serve(engine, url=url, session=session, speed=pace, port=port, seed=seed,
                      stop=stop, say=say, earlier=earlier)
    finally:
        engine.dispose()


def _serve(engine: Engine, *, url: str, session: DemoSession, speed: float, port: int,
           seed: int, stop: threading.Event, say: Say, earlier: Sequence[str] = ()) -> int:
    from cli.keep_ahead import keep_behind
    from cli.processes import stop_process

    loop = StreamLoop(engine, session_id=session.session_id, speed=speed, seed=seed, say=say)
    loop.start()
    # From the repo root, so its .streamlit/config.toml (the console's dark theme) applies
    # wherever the demo was started.
    dashboard = subprocess.Popen(streamlit_command(port=port), cwd=ROOT,
                                 env={**os.environ, "LIVESTOCK_DB": url})
    say(f"Dashboard: http://localhost:{port}/?session={session.session_id}  "
        "(Ctrl-C stops everything)")
    say(f"CLI on this store: livestock board --session {session.session_id} --db {url}")
    keeper: subprocess.Popen[bytes] | None = None
    console_up = False
    try:
        while not stop.wait(0.5):
            if dashboard.poll() is not None:
                break
            if not console_up and console_answers(port):
                # Once the console answers (its first views made: not slowed by this), the
                # earlier streams' reviews are kept behind it.
                console_up = True
                keeper = keep_behind(engine, earlier, at=session.start)
                if keeper is not None:
                    say(f"Keeping the reviews of the {len(earlier)} earlier streams behind "
                        "the console (lowest priority; one not kept yet is computed when "
                        "opened) ...")
    finally:
        stop_process(keeper, wait=KEEPER_STOP_SECONDS)
        loop.close()
        stop_process(dashboard, wait=STREAMLIT_STOP_SECONDS)
    if stop.is_set():
        say(f"Stopped: {order_lines_total(engine):,} order lines in {url}")
        return 0
    say(f"the dashboard exited by itself (code {dashboard.returncode})")
    return 1
