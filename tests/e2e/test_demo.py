"""`livestock demo` end to end: a real streamlit server, a simulated stream, Ctrl-C."""

from __future__ import annotations

import os
import re
import signal
import socket
import sqlite3
import subprocess
import sys
import time
import urllib.request
from collections.abc import Callable
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
SAMPLE_DATA = ROOT / "sample_data"
DASHBOARD = ROOT / "dashboard" / "app.py"
CLI = "from cli import app; app()"

pytestmark = pytest.mark.slow


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def wait_for(check: Callable[[], bool], *, seconds: float, what: str) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if check():
            return
        time.sleep(0.25)
    raise AssertionError(f"waited {seconds:.0f} s for {what}")


def healthy(port: int) -> bool:
    try:
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/_stcore/health", timeout=1) as r:
            return bool(r.read().decode() == "ok")
    except OSError:
        return False


def simulated_orders(db: Path) -> int:
    if not db.exists():
        return 0
    try:
        with sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=1) as conn:
            row = conn.execute("SELECT COUNT(*) FROM order_line WHERE source = 'simulate'")
            return int(row.fetchone()[0])
    except sqlite3.Error:
        return 0


def children_of(pid: int) -> list[int]:
    found = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[1]) == pid:
            found.append(int(stat.parent.name))
    return found


def running(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


@pytest.mark.skipif(not (SAMPLE_DATA / "sessions.csv").is_file(),
                    reason="sample_data/ is not there yet")
@pytest.mark.skipif(not DASHBOARD.is_file(), reason="dashboard/app.py is not there yet")
@pytest.mark.parametrize("stop_signal", [signal.SIGINT, signal.SIGTERM], ids=["ctrl-c", "term"])
def test_the_demo_serves_the_board_plays_a_stream_and_stops_cleanly(
        tmp_path: Path, stop_signal: signal.Signals) -> None:
    port, db, log = free_port(), tmp_path / "demo.db", tmp_path / "demo.log"
    with log.open("w") as out:
        demo = subprocess.Popen(
            [sys.executable, "-c", CLI, "demo", "--port", str(port), "--db", f"sqlite:///{db}",
             "--speed", "600"],
            cwd=ROOT, stdout=out, stderr=subprocess.STDOUT, start_new_session=True,
            env={**os.environ, "PYTHONUNBUFFERED": "1"})
    try:
        wait_for(lambda: healthy(port), seconds=90, what="the dashboard's health check")
        wait_for(lambda: simulated_orders(db) > 0, seconds=60, what="simulated orders")
        dashboard = children_of(demo.pid)
        assert dashboard, "the demo runs the dashboard as its child process"

        demo.send_signal(stop_signal)
        exit_code = demo.wait(timeout=15)
    finally:
        if demo.poll() is None:
            os.killpg(demo.pid, signal.SIGKILL)
            demo.wait()

    output = log.read_text()
    assert exit_code == 0, output
    assert f"http://localhost:{port}/?session=" in output
    assert f"--db sqlite:///{db}" in output  # the store the CLI commands need
    assert re.search(r"\d{4}-\d\d-\d\d \d\d:\d\d UTC to \d{4}-\d\d-\d\d \d\d:\d\d UTC",
                     output), output  # never "23:00-02:00 UTC", which reads like an offset
    assert not [pid for pid in dashboard if running(pid)], "streamlit outlived the demo"
    assert not healthy(port)
