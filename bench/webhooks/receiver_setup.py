"""The store and the receiver: a fresh SQLite store with one US session live now and 40
lineup products with plenty of stock, `livestock serve-webhooks` started on it as a child
process, and the probes the bench reads it with (a free port, its CPU seconds)."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

from core.ingest.service import load_directory
from core.store.db import make_engine
from core.store.schema import create_schema

ROOT = Path(__file__).resolve().parents[2]
SECRET = "bench-secret"
SESSION = "BENCH-US"
SKUS = [f"BENCH-{n:03d}" for n in range(40)]


def build_store(url: str, folder: Path) -> None:
    now = datetime.now(UTC).replace(microsecond=0)
    data = folder / "data"
    data.mkdir(exist_ok=True)
    (data / "warehouses.csv").write_text(
        "warehouse_id,name,country,mode,currency,storage_fee_unit_day,inbound_fee_unit,"
        "outbound_fee_order,return_fee_unit\nUS-FBA,FBA,US,platform,USD,0.02,0,4.6,2.9\n")
    (data / "products.csv").write_text(
        "sku,name,category,substitute_group,unit_cost,price,currency,presale_allowed,"
        "supplier_lead_days\n" + "".join(f"{sku},Item {sku},bench,,5,20,USD,true,7\n"
                                         for sku in SKUS))
    start, end = now - timedelta(minutes=10), now + timedelta(hours=3)
    (data / "sessions.csv").write_text(
        "session_id,title,platform,market,warmup_start,start,end,traffic\n"
        f"{SESSION},Bench live,shopify,US,,{start.isoformat()},{end.isoformat()},paid\n")
    (data / "lineup.csv").write_text(
        "session_id,sku,slot,price,variant\n" + "".join(
            f"{SESSION},{sku},{n},20,\n" for n, sku in enumerate(SKUS)))
    counted = (now - timedelta(hours=1)).isoformat()
    (data / "stock.csv").write_text(
        "sku,warehouse_id,counted_at,on_hand,reserved\n" + "".join(
            f"{sku},US-FBA,{counted},1000000,0\n" for sku in SKUS))
    engine = make_engine(url)
    create_schema(engine)
    load_directory(engine, data)
    engine.dispose()


def start_receiver(url: str, port: int, log_file: Path, max_connections: int | None
                   ) -> subprocess.Popen[bytes]:
    env = {**os.environ, "LIVESTOCK_SHOPIFY_SECRET": SECRET, "PYTHONPATH": str(ROOT)}
    cap = [] if max_connections is None else ["--max-connections", str(max_connections)]
    with log_file.open("ab") as log:  # the child keeps its own copy of the descriptor
        process = subprocess.Popen(
            [sys.executable, "-m", "cli", "serve-webhooks", "--host", "127.0.0.1", "--port",
             str(port), "--db", url, *cap], cwd=ROOT, env=env, stdout=subprocess.DEVNULL,
            stderr=log)
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.2):
                return process
        except OSError:
            time.sleep(0.05)
    process.kill()
    raise SystemExit(f"the receiver did not listen on port {port} within 30 s")


def cpu_of(pid: int) -> float:
    """CPU seconds (user + system) a process has used, from /proc (0 where there is none)."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])
