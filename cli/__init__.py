"""The `livestock` command: thin entry points over core.

Each command parses its options, calls the domain, and turns a `LiveStockError` into one
line on stderr and exit code 1. The commands live in modules by what they serve; importing
them registers them on `app`.
"""

from cli import (  # noqa: F401  (each registers its commands on app)
    live_commands,
    planning_commands,
    platform_commands,
    store_commands,
)
from cli.app import app

__all__ = ["app"]
