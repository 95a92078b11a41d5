"""Data files -> validated rows -> the store, in one transaction (all or nothing).

`load_directory` reads whichever of the ten files of docs/data-files.md a folder holds
(core/ingest/datafiles.py), in dependency order, checks every value against the keys the
store holds (core/ingest/reads.py) and those of the batch (core/ingest/row_checks.py), and
upserts each table by its key (core/ingest/writes.py). The first bad value raises an
`InputError` naming the file, the row a spreadsheet shows (the header is row 1) and the
column; the transaction is then rolled back, so nothing of the batch is written.

Large files stream in chunks of `CHUNK_ROWS`, each written through a staging table in one
statement (core/ingest/writes.py); a `progress` callback, when given, is told how far each
large file has got (the CLI draws it).
Reloading the same files changes nothing, and the report tells new rows from updated and
unchanged ones.
"""

from __future__ import annotations

import difflib
import time
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

import pandas as pd
from sqlalchemy import Connection, Engine
from sqlalchemy.exc import DBAPIError

from core.common.errors import InputError
from core.ingest.csv_reading import check_header, read_chunks
from core.ingest.datafiles import FILE_NAMES, FILES, FileSpec
from core.ingest.duplicate_keys import SeenKeys
from core.ingest.load_report import FileReport, LoadReport
from core.ingest.reads import count_rows, read_known_keys
from core.ingest.references import KnownKeys, referred_kinds
from core.ingest.row_checks import validated
from core.ingest.text_encoding import detect_encoding
from core.ingest.writes import Staging, close_staging, open_staging, write_chunk
from core.store.locks import take_write_lock

CHUNK_ROWS = 50_000

# Told (file name, rows done, rows in the file) as a file of CHUNK_ROWS rows or more loads:
# once at 0, then after each chunk.
LoadProgress = Callable[[str, int, int], None]


def load_directory(engine: Engine, directory: str | Path, *,
                   progress: LoadProgress | None = None) -> LoadReport:
    """Check and load the data files found in `directory`, all or nothing.

    Raises `InputError` (file, line, column) on the first bad value; the store is then left
    exactly as it was. `progress`, when given, is told how far each large file has got.
    """
    started = time.perf_counter()
    folder = Path(directory)
    if not folder.is_dir():
        raise InputError("is not a folder", file=str(folder))
    present = [spec for spec in FILES if (folder / spec.name).is_file()]
    if not present:
        raise InputError(f"holds none of the data files; looked for {', '.join(FILE_NAMES)}",
                         file=str(folder))
    warnings = _stray_files(folder)
    reports: list[FileReport] = []
    with engine.connect() as conn:
        # Locked first: the keys read here stay what the store holds until the commit.
        take_write_lock(conn)
        known = read_known_keys(conn, referred_kinds(present))
        for spec in present:
            reports.append(_load_file(conn, spec, folder / spec.name, known, warnings,
                                      progress))
        conn.commit()
    return LoadReport(tuple(reports), tuple(warnings), time.perf_counter() - started)


def _stray_files(folder: Path) -> list[str]:
    warnings = []
    for path in sorted(folder.glob("*.csv")):
        if path.name not in FILE_NAMES:
            near = difflib.get_close_matches(path.name.lower(), FILE_NAMES, n=1)
            hint = f" (did you mean {near[0]}?)" if near else ""
            warnings.append(f"{path.name} is not a LiveStock data file; ignored{hint}")
    return warnings


def _load_file(conn: Connection, spec: FileSpec, path: Path, known: KnownKeys,
               warnings: list[str], progress: LoadProgress | None) -> FileReport:
    encoding = detect_encoding(path)
    if encoding.warning:
        warnings.append(encoding.warning)
    header = check_header(spec, path, encoding.codec, warnings)
    rows_in_file = encoding.lines - 1
    # A file of one chunk loads in one step: nothing to watch.
    tell = progress if rows_in_file >= CHUNK_ROWS else None
    if tell is not None:
        tell(spec.name, 0, rows_in_file)
    staging = open_staging(conn, spec, header)
    before = count_rows(conn, spec.table)
    seen = SeenKeys()
    rows_read = written = 0
    for chunk in read_chunks(spec, path, encoding.codec, chunk_rows=CHUNK_ROWS):
        rows, changed = _load_chunk(conn, spec, staging, chunk[header], known, seen)
        rows_read += rows
        written += changed
        if tell is not None:
            tell(spec.name, rows_read, rows_in_file)
    close_staging(conn, staging)
    inserted = count_rows(conn, spec.table) - before
    return FileReport(spec.name, rows_read, inserted, max(written - inserted, 0),
                      encoding.codec)


def _load_chunk(conn: Connection, spec: FileSpec, staging: Staging, chunk: pd.DataFrame,
                known: KnownKeys, seen: SeenKeys) -> tuple[int, int]:
    """Check and upsert one chunk: (rows read, rows inserted or changed).

    A function of its own so the chunk's rows are freed before the next chunk is read.
    """
    chunk = chunk[(chunk != "").any(axis=1)]  # blank lines
    if chunk.empty:
        return 0, 0
    values = validated(spec, chunk, known, seen)
    try:
        changed = write_chunk(conn, staging, spec, values, len(chunk))
    except DBAPIError as error:
        # The checks above mirror the store's constraints; this is the safety net.
        first, last = (int(chunk.index[i]) + 2 for i in (0, len(chunk) - 1))
        raise InputError(f"the store refused a row on rows {first}-{last}: "
                         f"{str(error.orig).strip()}", file=spec.name) from error
    if spec.provides:
        known.add(spec.provides, values[spec.key[0]].tolist())
    return len(chunk), changed


def load_file_as(engine: Engine, path: str | Path, *, layout: str, source: str,
                 dry_run: bool = False) -> LoadReport:
    """Check and load one file laid out as the data file `layout` (e.g. "orders.csv"),
    all or nothing, its order lines stamped with `source` (e.g. "import:shopify-orders").

    For importers that translate a platform's export into a data file: same checks, same
    upsert, same errors (named by `layout`). With `dry_run` the rows are checked and written
    in a transaction that is then rolled back: the report tells what a load would do.
    """
    started = time.perf_counter()
    spec = replace(next(s for s in FILES if s.name == layout), source=source)
    warnings: list[str] = []
    with engine.connect() as conn:
        take_write_lock(conn)
        known = read_known_keys(conn, referred_kinds([spec]))
        report = _load_file(conn, spec, Path(path), known, warnings, None)
        if dry_run:
            conn.rollback()
        else:
            conn.commit()
    return LoadReport((report,), tuple(warnings), time.perf_counter() - started)
