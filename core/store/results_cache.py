"""Results computed from the store, kept in files beside it, each under the fingerprint of
the data it was computed from: `read_result`, `write_result`.

A session's forecast takes seconds to fit (the track record replays 30 past sessions), and
every process (the CLI, each dashboard server) would fit it again. It depends only on the
store's data as known at the forecast moment, so it is kept with a fingerprint of that data
(the caller's, e.g. `core.forecast.reads.history_fingerprint`) and of the code that made it
(`code_version`: every module of `core/` and the numeric libraries' versions). A read gives
the value back only when both match, so a new order, a webhook or a re-import stamped at or
before that moment, or another LiveStock, makes it compute afresh.

Why files and not a table of the store: a cache needs no schema revision (an older store
keeps working without `livestock upgrade`), a backup does not carry it, and looking at a
session still writes nothing to the store (PRODUCT.md "Calm lights"). A SQLite store
`shop.db` keeps its results in `shop.db.results/`; a server store (PostgreSQL) in the user's
cache folder, one subfolder per store; an in-memory store keeps none. `LIVESTOCK_RESULTS`
names another folder, or `off` for none. Values are JSON (never pickle: a file someone else
can write must not run code). A folder that cannot be written only means no cache.
"""

from __future__ import annotations

import functools
import hashlib
import json
import os
import tempfile
from importlib import metadata
from pathlib import Path
from typing import Any

from sqlalchemy import Engine

RESULTS_ENV = "LIVESTOCK_RESULTS"
CORE = Path(__file__).resolve().parents[1]
LIBRARIES = ("numpy", "pandas", "scipy", "intermittent-forecast")


def results_folder(engine: Engine) -> Path | None:
    """Where this store's results are kept; None for an in-memory store or `off`."""
    chosen = os.environ.get(RESULTS_ENV, "")
    url = engine.url
    in_memory = url.get_backend_name() == "sqlite" and (
        not url.database or url.database == ":memory:" or url.database.startswith("file:"))
    if chosen.lower() == "off" or in_memory:
        return None
    if chosen:
        return Path(chosen).expanduser() / _digest(url.render_as_string(hide_password=True))
    if url.get_backend_name() == "sqlite":
        store = Path(str(url.database)).expanduser().resolve()
        return store.parent / f"{store.name}.results"
    base = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache")
    return base / "livestock" / _digest(url.render_as_string(hide_password=True))


@functools.cache
def code_version() -> str:
    """A digest of every module of `core/` and the versions of the numeric libraries: a
    result made by other code is never given back."""
    digest = hashlib.sha256()
    for path in sorted(CORE.rglob("*.py")):
        digest.update(str(path.relative_to(CORE)).encode())
        digest.update(path.read_bytes())
    for name in LIBRARIES:
        try:
            digest.update(f"{name}={metadata.version(name)}".encode())
        except metadata.PackageNotFoundError:
            digest.update(f"{name}=none".encode())
    return digest.hexdigest()


def read_result(engine: Engine, *, kind: str, key: str, fingerprint: str) -> Any | None:
    """The value kept for (`kind`, `key`) if it was computed from data with this
    `fingerprint` by this code; else None."""
    path = _path(engine, kind=kind, key=key)
    if path is None:
        return None
    try:
        kept = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if not isinstance(kept, dict) or kept.get("fingerprint") != _full(fingerprint):
        return None
    return kept.get("value")


def write_result(engine: Engine, *, kind: str, key: str, fingerprint: str, value: Any) -> None:
    """Keep `value` (JSON-able) for (`kind`, `key`), replacing what was kept before (one
    file per key, replaced whole, so a reader never sees half of one)."""
    path = _path(engine, kind=kind, key=key)
    if path is None:
        return
    text = json.dumps({"kind": kind, "key": key, "fingerprint": _full(fingerprint),
                       "value": value})
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=".", suffix=".tmp")
        try:
            with os.fdopen(handle, "w", encoding="utf-8") as out:
                out.write(text)
            os.replace(temporary, path)
        except BaseException:
            Path(temporary).unlink(missing_ok=True)
            raise
    except OSError:
        return  # a folder we may not write to: the result is only not kept


def _path(engine: Engine, *, kind: str, key: str) -> Path | None:
    folder = results_folder(engine)
    return None if folder is None else folder / f"{kind}-{_digest(key)}.json"


def _full(fingerprint: str) -> str:
    return f"{fingerprint}:{code_version()}"


def _digest(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()[:24]
