"""The report: answer times against the baseline, the rate sustained, the kill and restart,
the board's times and the audit; then each flood phase beside the quiet one."""

from __future__ import annotations

import argparse
import statistics

from bench.webhooks.load import Shared
from bench.webhooks.phases import Phase


def ms(values: list[float], q: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    return 1000 * ordered[min(int(q * len(ordered)), len(ordered) - 1)]


def report(args: argparse.Namespace, baseline: list[float], shared: Shared, elapsed: float,
           downtime: float, kill_window: tuple[float, float], board_times: list[float],
           board_errors: list[str], audit: dict[str, object], cpu_seconds: float) -> None:
    first = [r for r in shared.results if r.attempts == 1 and r.status]
    writes = [r.seconds for r in first if r.kind == "write" and r.status == 200]
    dups = [r.seconds for r in first if r.kind == "duplicate" and r.status == 200]
    steady = [r.seconds for r in first if r.kind == "write" and r.status == 200
              and not kill_window[0] <= r.sent_at <= kill_window[1]]
    bad = [r for r in shared.results if r.kind == "bad"]
    retried = sum(1 for r in shared.results if r.attempts > 1)
    late = [r.sent_late for r in shared.results]
    answered = sum(1 for r in shared.results if r.status)
    base = statistics.median(baseline) * 1000
    print(f"webhook receiver, {args.rate:g}/s for {args.seconds:g} s "
          f"({len(shared.results):,} deliveries, {args.workers} senders), loopback, SQLite WAL")
    print(f"  baseline (401, no store)   p50 {base:6.2f} ms   p99 {ms(baseline, .99):6.2f} ms")
    print(f"  signed write (200)         p50 {ms(writes, .5):6.2f} ms   p99 "
          f"{ms(writes, .99):6.2f} ms   p50 ratio to baseline {ms(writes, .5) / base:4.1f}x")
    print(f"  signed write, steady       p50 {ms(steady, .5):6.2f} ms   p99 "
          f"{ms(steady, .99):6.2f} ms   (leaving out 1 s before the kill to 2 s after the "
          "restart)")
    print(f"  redelivery (200 duplicate) p50 {ms(dups, .5):6.2f} ms   p99 {ms(dups, .99):6.2f} ms")
    print(f"  sustained: {answered / elapsed:,.0f} answers/s over {elapsed:.1f} s; sender lag "
          f"p50 {ms(late, .5):.1f} ms p99 {ms(late, .99):.1f} ms (how late a delivery left "
          "its schedule)")
    print(f"  receiver CPU: {cpu_seconds:.1f} s for {answered:,} answers = "
          f"{1000 * cpu_seconds / max(answered, 1):.2f} ms each (one core: about "
          f"{answered / max(cpu_seconds, 1e-9):,.0f} answers/s)")
    print(f"  SIGKILL at {args.seconds / 2:g} s, listening again {downtime:.2f} s later; "
          f"{retried:,} deliveries retried, {shared.gave_up} given up")
    print(f"  badly signed: {sum(1 for r in bad if r.status == 401)}/{len(bad)} answered 401")
    print(f"  board_at every 2 s: {len(board_times)} runs, p50 {ms(board_times, .5):.1f} ms, "
          f"p99 {ms(board_times, .99):.1f} ms, {len(board_errors)} errors"
          + (f" (first: {board_errors[0]})" if board_errors else ""))
    print(f"  audit: {audit['acked']:,} of {audit['expected']:,} orders acknowledged, "
          f"{audit['stored']:,} in the store, {audit['lost']} acknowledged but lost, "
          f"{audit['doubled']} doubled, {audit['bad_landed']} of {audit['bad']} badly signed "
          f"landed; {audit['receipts']:,} receipts -> {'OK' if audit['ok'] else 'FAILED'}")


def report_phases(phases: list[Phase]) -> None:
    if not phases:
        return
    quiet = [r.total for r in phases[0].signed if r.status == 200]
    print("  phases (signed deliveries throughout, answer time retries included; READINGS: "
          "p99 under 1 s):")
    for phase in phases:
        times = [r.total for r in phase.signed if r.status == 200]
        failed = sum(1 for r in phase.signed if r.status != 200)
        retried = sum(1 for r in phase.signed if r.attempts > 1)
        extra = ", ".join(f"{key} {value:,}" for key, value in phase.pressure.items())
        print(f"    {phase.name:<13} signed {len(times):,} answered 200 ({failed} not, "
              f"{retried} retried), "
              f"p50 {ms(times, .5):6.1f} ms  p99 {ms(times, .99):6.1f} ms  "
              f"(p99 {ms(times, .99) / max(ms(quiet, .99), 1e-9):4.1f}x quiet); "
              f"receiver fds max {phase.max_fds:,}; log +{phase.log_bytes:,} bytes"
              + (f"; {extra}" if extra else ""))
        print(f"    {'':<13} receiver CPU {phase.cpu_seconds:.1f} s; webhook_rejection rows "
              f"written meanwhile: {phase.rows_written:,}")
