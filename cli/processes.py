"""Stopping a child process the CLI started (the demo's console, the reviews kept behind it)."""

from __future__ import annotations

import subprocess


def stop_process(process: subprocess.Popen[bytes] | None, *, wait: float) -> None:
    """Ask `process` to end (SIGTERM), and make it (SIGKILL) if it has not within `wait`
    seconds; nothing for None or a process already ended."""
    if process is None or process.poll() is not None:
        return
    process.terminate()
    try:
        process.wait(wait)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()
