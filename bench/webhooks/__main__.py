"""The webhook receiver under a live stream's order rate, killed and restarted midway, then
under a slow-client flood and a 413 flood.

    python bench/webhooks [--rate 500] [--seconds 60] [--workers 24] [--keep DIR]
                         [--phase-seconds 20] [--phase-rate 100] [--slow-clients 2000]
                         [--slow-rate 200] [--flood-threads 4] [--max-connections N]

Loopback only, bounded: `rate` x `seconds` deliveries, then at most 30 s of retries; then
three phases of `phase-seconds` each, signed deliveries at `phase-rate` throughout:
quiet (the yardstick), slow clients (`slow-clients` connections sending a byte every 10 s,
half of them in their headers, half in their body, opened again when cut off, at most
`slow-rate` new connections a second, as slowhttptest does) and a 413
flood (`flood-threads` threads sending unsigned requests declaring a 1 GB body, as fast as
they are answered). Each phase prints the signed deliveries' p50 / p99 (READINGS: p99 under
1 s), the receiver's open file descriptors, how much it logged, and for the flood how many
rows it wrote (none: nothing is written before the signature).
Starts `livestock serve-webhooks` on a fresh SQLite store (one US session live now, 40
lineup products with stock), then sends signed Shopify orders/create deliveries at `rate`
per second: 10% are redeliveries of an earlier one (same X-Shopify-Webhook-Id), 1% are
badly signed (their orders must never land). A thread computes the board
(core.board.service.board_at) every 2 s meanwhile. Halfway through, the receiver gets
SIGKILL and is started again; the
senders retry unanswered deliveries as a platform would.

Baseline, measured in the same run before the load: the answer time of a badly signed
request (401: read, HMAC, no store). Prints p50 / p99 answer times of signed writes beside
it and their ratio, the rate the receiver sustained, the board's times, and the audit:
every acknowledged order exactly once in the store (its lines and units, not doubled),
every badly signed one absent.
"""


from __future__ import annotations

import argparse
import queue
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from bench.webhooks.audit import audit_store  # noqa: E402
from bench.webhooks.load import (  # noqa: E402
    RETRY_SECONDS,
    Delivery,
    Shared,
    board_loop,
    measure_baseline,
    plan,
    send_loop,
)
from bench.webhooks.phases import run_phases  # noqa: E402
from bench.webhooks.receiver_setup import (  # noqa: E402
    build_store,
    cpu_of,
    free_port,
    start_receiver,
)
from bench.webhooks.report import report, report_phases  # noqa: E402
from core.store.db import make_engine  # noqa: E402


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--rate", type=float, default=500.0, help="deliveries per second")
    parser.add_argument("--seconds", type=float, default=60.0, help="length of the run")
    parser.add_argument("--workers", type=int, default=24, help="sending threads")
    parser.add_argument("--port", type=int, default=0, help="receiver port (0: a free one)")
    parser.add_argument("--keep", type=Path, help="keep the store in this folder")
    parser.add_argument("--phase-seconds", type=float, default=20.0,
                        help="length of each flood phase (0: none)")
    parser.add_argument("--phase-rate", type=float, default=100.0,
                        help="signed deliveries per second during the flood phases")
    parser.add_argument("--slow-clients", type=int, default=2_000,
                        help="slow connections kept open in the slow-client phase")
    parser.add_argument("--slow-rate", type=float, default=200.0,
                        help="new slow connections opened per second at most")
    parser.add_argument("--flood-threads", type=int, default=4,
                        help="threads sending oversized unsigned requests in the 413 phase")
    parser.add_argument("--max-connections", type=int,
                        help="the receiver's --max-connections (its default when not given)")
    args = parser.parse_args()
    if not (0 < args.rate <= 5_000 and 0 < args.seconds <= 600):
        parser.error("--rate must be in (0, 5000] and --seconds in (0, 600]")
    if not (0 <= args.phase_seconds <= 600 and 0 < args.phase_rate <= 2_000
            and 0 <= args.slow_clients <= 10_000 and 0 <= args.flood_threads <= 64
            and 0 < args.slow_rate <= 10_000):
        parser.error("--phase-seconds in [0, 600], --phase-rate in (0, 2000], "
                     "--slow-clients in [0, 10000], --flood-threads in [0, 64]")
    folder = args.keep or Path(tempfile.mkdtemp(prefix="livestock-bench-webhooks-"))
    folder.mkdir(parents=True, exist_ok=True)
    try:
        return run(args, folder)
    finally:
        if args.keep is None:
            shutil.rmtree(folder, ignore_errors=True)


def run(args: argparse.Namespace, folder: Path) -> int:
    url = f"sqlite:///{folder / 'bench.db'}"
    build_store(url, folder)
    port = args.port or free_port()
    log_file = folder / "receiver.log"
    receiver = start_receiver(url, port, log_file, args.max_connections)
    try:
        baseline = measure_baseline(port, seconds=2.0)
        deliveries = list(plan(args.rate, args.seconds))
        shared = Shared()
        stop_board = threading.Event()
        board_times: list[float] = []
        board_errors: list[str] = []
        engine = make_engine(url)
        board = threading.Thread(target=board_loop, args=(engine, stop_board, board_times,
                                                          board_errors), daemon=True)
        board.start()
        started = time.perf_counter()
        work: queue.Queue[tuple[float, Delivery, str] | None] = queue.Queue()
        for position, (delivery, kind) in enumerate(deliveries):
            work.put((started + position / args.rate, delivery, kind))
        senders = [threading.Thread(target=send_loop, args=(port, work, shared, started),
                                    daemon=True) for _ in range(args.workers)]
        for _ in senders:
            work.put(None)
        for sender in senders:
            sender.start()
        time.sleep(max(args.seconds / 2 - (time.perf_counter() - started), 0))
        killed_at = time.perf_counter()
        cpu_seconds = cpu_of(receiver.pid)
        receiver.send_signal(signal.SIGKILL)
        receiver.wait()
        receiver = start_receiver(url, port, log_file, args.max_connections)
        downtime = time.perf_counter() - killed_at
        for sender in senders:
            sender.join(timeout=args.seconds + RETRY_SECONDS + 10)
        elapsed = time.perf_counter() - started
        cpu_seconds += cpu_of(receiver.pid)
        stop_board.set()
        board.join(timeout=30)
        phases = run_phases(args, port, receiver.pid, engine, folder, log_file)
        for phase in phases:
            deliveries += phase.deliveries
            shared.acked |= phase.acked
        audit = audit_store(engine, deliveries, shared.acked)
        engine.dispose()
    finally:
        receiver.send_signal(signal.SIGTERM)
        try:
            receiver.wait(timeout=10)
        except subprocess.TimeoutExpired:
            receiver.kill()
    kill_window = (killed_at - started - 1.0, killed_at - started + downtime + 2.0)
    report(args, baseline, shared, elapsed, downtime, kill_window, board_times, board_errors,
           audit, cpu_seconds)
    report_phases(phases)
    flood_wrote = any(phase.rows_written for phase in phases)
    return 0 if audit["ok"] and not flood_wrote else 1


if __name__ == "__main__":
    raise SystemExit(main())
