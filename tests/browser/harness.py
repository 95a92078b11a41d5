"""A real dashboard server and a headless Chromium, for the browser test and bench/soak.py.

Chromium comes from the system (/usr/bin/chromium, Debian's package); playwright only
drives it (never `playwright install`).
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu",
                 "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", "--no-first-run"]


def missing_browser() -> str | None:
    """Why a browser run cannot happen here, or None when it can."""
    if not Path(CHROMIUM).exists() and shutil.which("chromium") is None:
        return f"no Chromium at {CHROMIUM} (apt-get install chromium)"
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        return "the playwright package is not installed (pip install playwright)"
    return None


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@contextmanager
def dashboard_server(db_url: str, *, port: int | None = None, log: Path | None = None,
                     options: Sequence[str] = ()
                     ) -> Iterator[tuple[str, subprocess.Popen[bytes]]]:
    """The console as it is served (`python -m dashboard`: `streamlit run dashboard/app.py`
    with its modules loaded first) on the store at `db_url`; yields (base URL, process).

    `options` go to `streamlit run` as they are (e.g. `--secrets.files`, PATH). The server's
    output goes to `log` (or is dropped); it is stopped on exit.
    """
    port = port or free_port()
    command = [sys.executable, "-m", "dashboard", "--server.headless", "true",
               "--server.port", str(port), "--server.address", "127.0.0.1",
               "--browser.gatherUsageStats", "false", *options]
    env = {**os.environ, "LIVESTOCK_DB": db_url}
    out = open(log, "wb") if log else subprocess.DEVNULL  # noqa: SIM115
    process = subprocess.Popen(command, cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}"
    try:
        _wait_healthy(base, process)
        yield base, process
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        if log:
            out.close()  # type: ignore[union-attr]


def _wait_healthy(base: str, process: subprocess.Popen[bytes], timeout_s: float = 60) -> None:
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"the dashboard exited with code {process.returncode}")
        try:
            with urllib.request.urlopen(f"{base}/_stcore/health", timeout=2) as reply:
                if reply.read().strip() == b"ok":
                    return
        except OSError:
            pass
        time.sleep(0.3)
    raise RuntimeError(f"the dashboard at {base} was not healthy after {timeout_s:.0f} s")


@contextmanager
def chromium(width: int = 1600, height: int = 1400) -> Iterator[Any]:
    """A page in headless Chromium with a tall viewport (Streamlit's main pane scrolls
    inside the page, so a full-page screenshot would stop at the viewport)."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            page = browser.new_page(viewport={"width": width, "height": height},
                                    timezone_id="Asia/Shanghai", locale="zh-CN")
            yield page
        finally:
            browser.close()


def rss_mb(pid: int) -> float:
    """Resident memory of a process and its children (Linux /proc), in MB."""
    total_kb = 0
    for one in [pid, *_children(pid)]:
        try:
            status = Path(f"/proc/{one}/status").read_text()
        except OSError:
            continue
        for line in status.splitlines():
            if line.startswith("VmRSS:"):
                total_kb += int(line.split()[1])
    return total_kb / 1024


def _children(pid: int) -> list[int]:
    found: list[int] = []
    try:
        tasks = Path(f"/proc/{pid}/task").iterdir()
        for task in tasks:
            text = (task / "children").read_text().split()
            found += [int(c) for c in text]
    except OSError:
        return found
    return found + [g for c in found for g in _children(c)]
