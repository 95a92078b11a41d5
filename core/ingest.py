"""Data files -> validated rows -> the store, in one transaction (all or nothing).

`load_directory` reads whichever of the ten files of PRODUCT.md ("Data in") a folder holds,
in dependency order (warehouses and products before what refers to them), checks every
value, and upserts each table by its key. The first bad value raises an `InputError` naming
the file, the line a seller sees in Excel (the header is line 1) and the column; the
transaction is then rolled back, so nothing of the batch is written.

Large files stream in chunks of `CHUNK_ROWS`. Each column is converted on its distinct values
(`pd.factorize`) rather than row by row, references are checked against sets of known keys
(the store's, plus this batch's), and duplicate keys across chunks are found through two
independent 64-bit hashes per row (128 bits: a false "duplicate" is vanishingly unlikely),
so memory grows by 24 bytes per row, not by the rows themselves.

Reloading the same files changes nothing: every insert is `ON CONFLICT (key) DO UPDATE ...
WHERE some column IS DISTINCT FROM the new value`, so unchanged rows are not even rewritten
and the report can tell new rows from updated and unchanged ones.
"""

from __future__ import annotations

import codecs
import csv
import difflib
import re
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import ExitStack
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any, NamedTuple

import numpy as np
import pandas as pd
from sqlalchemy import Connection, Engine, Table, func, or_, select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.exc import DBAPIError

from core.errors import InputError
from core.models import (
    LANE_MODES,
    ORDER_STATUSES,
    TRAFFIC_KINDS,
    WAREHOUSE_MODES,
    FunnelSample,
    Inbound,
    Lane,
    LineupItem,
    LiveSession,
    OrderLine,
    Product,
    StockCount,
    ViewerSample,
    Warehouse,
    table_of,
)

CHUNK_ROWS = 50_000
WRITE_ROWS = 10_000
MAX_ID_CHARS = 64
MAX_WHOLE = 2_147_483_647  # an INTEGER column on PostgreSQL
MAX_DECIMAL = 9_999_999_999  # NUMERIC(14, 4): ten digits before the point
TIME_EXAMPLE = "2026-11-26T20:00:00+08:00"


@dataclass(frozen=True)
class Column:
    """One column of a data file: how its text becomes a value.

    kind: id (text of at most 64 characters), text, country, currency, choice, decimal
    (a number >= 0), whole (an integer >= 0), positive (an integer >= 1), flag
    (true/false), instant (ISO 8601 with an offset).
    """

    name: str
    kind: str
    required: bool = True
    empty_ok: bool = False
    choices: tuple[str, ...] = ()
    refers_to: str | None = None
    default: str | None = None


@dataclass(frozen=True)
class InOrder:
    """`earlier` must not come after `later` (or must come strictly before when strict)."""

    earlier: str
    later: str
    strict: bool
    blame: str
    says: str


@dataclass(frozen=True)
class FileSpec:
    name: str
    table: Table
    key: tuple[str, ...]
    columns: tuple[Column, ...]
    provides: str | None = None
    in_order: tuple[InOrder, ...] = ()
    source: str | None = None  # order_line.source; default load:<file>

    def column(self, name: str) -> Column:
        return next(c for c in self.columns if c.name == name)




def _fees(*names: str) -> tuple[Column, ...]:
    return tuple(Column(name, "decimal") for name in names)


FILES: tuple[FileSpec, ...] = (
    FileSpec("warehouses.csv", table_of(Warehouse), ("warehouse_id",), (
        Column("warehouse_id", "id"), Column("name", "text"), Column("country", "country"),
        Column("mode", "choice", choices=WAREHOUSE_MODES), Column("currency", "currency"),
        *_fees("storage_fee_unit_day", "inbound_fee_unit", "outbound_fee_order",
               "return_fee_unit"),
    ), provides="warehouse"),
    FileSpec("products.csv", table_of(Product), ("sku",), (
        Column("sku", "id"), Column("name", "text"), Column("category", "text"),
        Column("substitute_group", "text", required=False, empty_ok=True),
        *_fees("unit_cost", "price"), Column("currency", "currency"),
        Column("presale_allowed", "flag"), Column("supplier_lead_days", "whole"),
    ), provides="sku"),
    FileSpec("lanes.csv", table_of(Lane), ("warehouse_id", "mode"), (
        Column("warehouse_id", "id", refers_to="warehouse"),
        Column("mode", "choice", choices=LANE_MODES),
        *_fees("transit_days", "transit_days_sd", "cost_unit", "cost_shipment"),
    )),
    FileSpec("stock.csv", table_of(StockCount), ("sku", "warehouse_id", "counted_at"), (
        Column("sku", "id", refers_to="sku"), Column("warehouse_id", "id", refers_to="warehouse"),
        Column("counted_at", "instant"), Column("on_hand", "whole"), Column("reserved", "whole"),
    )),
    FileSpec("inbound.csv", table_of(Inbound), ("shipment_id", "sku"), (
        Column("shipment_id", "id"), Column("sku", "id", refers_to="sku"),
        Column("warehouse_id", "id", refers_to="warehouse"), Column("qty", "whole"),
        Column("mode", "choice", choices=LANE_MODES), Column("shipped_at", "instant"),
        Column("eta", "instant"),
    ), in_order=(InOrder("shipped_at", "eta", strict=False, blame="eta",
                         says="eta {later} is before shipped_at {earlier}"),)),
    FileSpec("sessions.csv", table_of(LiveSession), ("session_id",), (
        Column("session_id", "id"), Column("title", "text"), Column("platform", "text"),
        Column("market", "country"), Column("warmup_start", "instant", empty_ok=True),
        Column("start", "instant"), Column("end", "instant"),
        Column("traffic", "choice", choices=TRAFFIC_KINDS),
    ), provides="session", in_order=(
        InOrder("start", "end", strict=True, blame="end",
                says="end {later} is not after start {earlier}"),
        InOrder("warmup_start", "start", strict=False, blame="warmup_start",
                says="warmup_start {earlier} is after start {later}"),
    )),
    FileSpec("lineup.csv", table_of(LineupItem), ("session_id", "sku"), (
        Column("session_id", "id", refers_to="session"), Column("sku", "id", refers_to="sku"),
        Column("slot", "whole"), Column("price", "decimal"),
        Column("variant", "text", required=False, empty_ok=True),
    )),
    FileSpec("viewers.csv", table_of(ViewerSample), ("session_id", "ts"), (
        Column("session_id", "id", refers_to="session"), Column("ts", "instant"),
        Column("viewers", "whole"),
        Column("interactions", "whole", required=False, empty_ok=True),
    )),
    FileSpec("funnel.csv", table_of(FunnelSample), ("session_id", "sku", "ts"), (
        Column("session_id", "id", refers_to="session"), Column("sku", "id", refers_to="sku"),
        Column("ts", "instant"), Column("impressions", "whole"), Column("clicks", "whole"),
    ), in_order=(InOrder("clicks", "impressions", strict=False, blame="clicks",
                         says="clicks {earlier} exceed impressions {later}"),)),
    FileSpec("orders.csv", table_of(OrderLine), ("order_id", "sku"), (
        Column("order_id", "id"), Column("sku", "id", refers_to="sku"), Column("ts", "instant"),
        Column("qty", "positive"), Column("unit_price", "decimal"),
        Column("currency", "currency"),
        Column("session_id", "id", required=False, empty_ok=True, refers_to="session"),
        Column("warehouse_id", "id", required=False, empty_ok=True, refers_to="warehouse"),
        Column("customer_id", "text", required=False, empty_ok=True),
        Column("status", "choice", required=False, empty_ok=True, choices=ORDER_STATUSES,
               default="paid"),
    )),
)
FILE_NAMES = tuple(spec.name for spec in FILES)

# What a column may refer to: the table and key column that hold it, and the file that fills it.
_REFERENCE_SOURCES = {
    "warehouse": (table_of(Warehouse), "warehouse_id", "warehouses.csv"),
    "sku": (table_of(Product), "sku", "products.csv"),
    "session": (table_of(LiveSession), "session_id", "sessions.csv"),
}


@dataclass(frozen=True)
class FileReport:
    """What one file did to the store: rows read = inserted + updated + unchanged."""

    file: str
    rows_read: int
    inserted: int
    updated: int
    encoding: str

    @property
    def unchanged(self) -> int:
        return self.rows_read - self.inserted - self.updated

    @property
    def rows_loaded(self) -> int:
        return self.inserted + self.updated


@dataclass(frozen=True)
class LoadReport:
    files: tuple[FileReport, ...]
    warnings: tuple[str, ...]
    seconds: float

    def summary(self) -> str:
        """A few lines a person reads: one per file, then the total."""
        total = sum(f.rows_read for f in self.files)
        width = max(len(f.file) for f in self.files)
        lines = [f"loaded {len(self.files)} file(s), {total:,} rows in {self.seconds:.1f} s"]
        for f in self.files:
            lines.append(f"  {f.file:<{width}}  {f.rows_read:>10,} rows: {f.inserted:,} new, "
                         f"{f.updated:,} updated, {f.unchanged:,} unchanged")
        return "\n".join(lines)


def load_directory(engine: Engine, directory: str | Path, *, progress: bool = False
                   ) -> LoadReport:
    """Check and load the data files found in `directory`, all or nothing.

    Raises `InputError` (file, line, column) on the first bad value; the store is then left
    exactly as it was. With `progress`, large files show a progress bar on stderr.
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
    with ExitStack() as stack, engine.connect() as conn:
        bar = _ProgressBar(stack) if progress else None
        _begin_writing(conn)
        known = _KnownKeys(conn)
        for spec in present:
            reports.append(_load_file(conn, spec, folder / spec.name, known, warnings, bar))
        conn.commit()
    return LoadReport(tuple(reports), tuple(warnings), time.perf_counter() - started)


def _begin_writing(conn: Connection) -> None:
    # SQLite: take the write lock up front, so the known keys read first and the writes are
    # one consistent transaction. A transaction that reads and then writes fails at once
    # with SQLITE_BUSY if another writer committed in between (PLATFORM.md); whether the
    # driver opened one at the read depends on its transaction mode, so don't rely on it.
    if conn.dialect.name == "sqlite":
        conn.exec_driver_sql("BEGIN IMMEDIATE")


def _stray_files(folder: Path) -> list[str]:
    warnings = []
    for path in sorted(folder.glob("*.csv")):
        if path.name not in FILE_NAMES:
            near = difflib.get_close_matches(path.name.lower(), FILE_NAMES, n=1)
            hint = f" (did you mean {near[0]}?)" if near else ""
            warnings.append(f"{path.name} is not a LiveStock data file; ignored{hint}")
    return warnings


class _KnownKeys:
    """Keys other files may refer to: read from the store once, grown by this batch."""

    def __init__(self, conn: Connection) -> None:
        self._conn = conn
        self._keys: dict[str, set[str]] = {}

    def get(self, kind: str) -> set[str]:
        if kind not in self._keys:
            table, key, _file = _REFERENCE_SOURCES[kind]
            self._keys[kind] = set(self._conn.execute(select(table.c[key])).scalars())
        return self._keys[kind]

    def add(self, kind: str, values: Sequence[str]) -> None:
        self.get(kind).update(values)


class _ProgressBar:
    """A rich progress bar on stderr, opened on the first large file."""

    def __init__(self, stack: ExitStack) -> None:
        self._stack = stack
        self._progress: Any = None

    def task(self, name: str, rows: int) -> Callable[[int], None]:
        if rows < CHUNK_ROWS:
            return lambda _rows: None
        if self._progress is None:
            from rich.console import Console
            from rich.progress import Progress

            self._progress = self._stack.enter_context(Progress(console=Console(stderr=True)))
        task_id = self._progress.add_task(f"loading {name}", total=rows)
        return lambda done: self._progress.update(task_id, advance=done)


def _load_file(conn: Connection, spec: FileSpec, path: Path, known: _KnownKeys,
               warnings: list[str], bar: _ProgressBar | None) -> FileReport:
    encoding, line_count = _sniff_encoding(path)
    if encoding == "gb18030":
        warnings.append(f"{spec.name} is not UTF-8; decoded it as GBK/GB18030 (save it as "
                        "'CSV UTF-8' to avoid this warning)")
    header = _check_header(spec, path, encoding, warnings)
    advance = bar.task(spec.name, line_count - 1) if bar else (lambda _rows: None)
    statement = _upsert_statement(conn, spec, header)
    before = _count(conn, spec.table)
    seen = _SeenKeys()
    rows_read = written = 0
    for chunk in _chunks(spec, path, encoding):
        rows, changed = _load_chunk(conn, spec, statement, chunk[header], known, seen)
        rows_read += rows
        written += changed
        advance(rows)
    inserted = _count(conn, spec.table) - before
    return FileReport(spec.name, rows_read, inserted, max(written - inserted, 0), encoding)


def _load_chunk(conn: Connection, spec: FileSpec, statement: Any, chunk: pd.DataFrame,
                known: _KnownKeys, seen: _SeenKeys) -> tuple[int, int]:
    """Check and upsert one chunk: (rows read, rows inserted or changed).

    A function of its own so the chunk's rows are freed before the next chunk is read.
    """
    chunk = chunk[(chunk != "").any(axis=1)]  # blank lines
    if chunk.empty:
        return 0, 0
    values = _validated(spec, chunk, known, seen)
    changed = 0
    for start, records in _records(spec, values, len(chunk)):
        try:
            rowcount = conn.execute(statement, records).rowcount
        except DBAPIError as error:
            # The checks above mirror the store's constraints; this is the safety net.
            first, last = (int(chunk.index[i]) + 2 for i in (start, start + len(records) - 1))
            raise InputError(f"the store refused a row on lines {first}-{last}: "
                             f"{str(error.orig).strip()}", file=spec.name) from error
        # A driver that cannot count an executemany says -1: then every row counts.
        changed += len(records) if rowcount < 0 else rowcount
    if spec.provides:
        known.add(spec.provides, values[spec.key[0]].tolist())
    return len(chunk), changed


def _count(conn: Connection, table: Table) -> int:
    return int(conn.execute(select(func.count()).select_from(table)).scalar_one())


def _sniff_encoding(path: Path) -> tuple[str, int]:
    """The file's encoding (utf-8, utf-8-sig or gb18030) and its number of lines."""
    with path.open("rb") as raw:
        utf8 = "utf-8-sig" if raw.read(3) == codecs.BOM_UTF8 else "utf-8"
    try:
        return utf8, _decode_all(path, utf8)
    except _Undecodable as not_utf8:
        try:
            return "gb18030", _decode_all(path, "gb18030")
        except _Undecodable:
            raise InputError(
                f"is not UTF-8 text, nor GBK/GB18030 (byte 0x{not_utf8.byte:02x} cannot be "
                "decoded); save it as 'CSV UTF-8' and load it again",
                file=path.name, line=_line_of(path, not_utf8.offset)) from None


class _Undecodable(Exception):
    def __init__(self, offset: int, byte: int) -> None:
        super().__init__(offset, byte)
        self.offset = offset
        self.byte = byte


def _decode_all(path: Path, encoding: str) -> int:
    """Decode the whole file block by block (raising `_Undecodable`); count its lines."""
    decoder = codecs.getincrementaldecoder(encoding)()
    lines = offset = 0
    last = b""
    with path.open("rb") as raw:
        while block := raw.read(1 << 20):
            try:
                decoder.decode(block)
            except UnicodeDecodeError as error:
                # error.object is what the decoder held back from the last block plus this one
                held_back = len(error.object) - len(block)
                raise _Undecodable(offset - held_back + error.start,
                                   error.object[error.start]) from None
            lines += block.count(b"\n")
            offset += len(block)
            last = block
        try:
            decoder.decode(b"", final=True)
        except UnicodeDecodeError as error:
            raise _Undecodable(offset - len(error.object) + error.start,
                               error.object[error.start]) from None
    return lines + (1 if last and not last.endswith(b"\n") else 0)


def _line_of(path: Path, offset: int) -> int:
    with path.open("rb") as raw:
        return raw.read(offset).count(b"\n") + 1


def _check_header(spec: FileSpec, path: Path, encoding: str, warnings: list[str]) -> list[str]:
    """The known columns present; unknown ones become warnings, missing required ones errors."""
    with path.open(encoding=encoding, newline="") as text:
        reader = csv.reader(text)
        header = [name.strip() for name in next(reader, [])]
        first = next((row for row in reader if row), [])
    if not any(header):
        raise InputError("is empty: the first line must name the columns "
                         f"({', '.join(c.name for c in spec.columns)})", file=spec.name, line=1)
    if len(first) > len(header):
        # pandas takes an extra value on the first row for an index and only warns
        raise _too_many_values(spec, line=reader.line_num, expected=len(header), saw=len(first))
    names = [c.name for c in spec.columns]
    for position, name in enumerate(header):
        if name and header.index(name) != position:
            raise InputError("appears twice in the header", file=spec.name, line=1, column=name)
    unknown = [name for name in header if name not in names]
    for position, name in enumerate(header):
        if name not in names:
            shown = name or f"#{position + 1} (no name)"
            near = difflib.get_close_matches(name, names, n=1)
            hint = f" (did you mean {near[0]}?)" if near else ""
            warnings.append(f"{spec.name}: column {shown} is not one LiveStock reads; "
                            f"ignored{hint}")
    for column in spec.columns:
        if column.required and column.name not in header:
            near = difflib.get_close_matches(column.name, unknown, n=1)
            hint = f" ('{near[0]}' looks like a typo of it)" if near else ""
            raise InputError(f"required column is missing{hint}", file=spec.name, line=1,
                             column=column.name)
    return [name for name in header if name in names]


def _chunks(spec: FileSpec, path: Path, encoding: str) -> Iterator[pd.DataFrame]:
    reader = pd.read_csv(path, dtype=str, encoding=encoding, chunksize=CHUNK_ROWS,
                         na_filter=False, keep_default_na=False, skip_blank_lines=False,
                         index_col=False)
    with reader:
        while True:
            try:
                chunk = next(reader)
            except StopIteration:
                return
            except pd.errors.ParserError as error:
                raise _parser_error(spec, error) from None
            chunk.columns = [str(c).strip() for c in chunk.columns]
            yield chunk


def _parser_error(spec: FileSpec, error: Exception) -> InputError:
    found = re.search(r"Expected (\d+) fields in line (\d+), saw (\d+)", str(error))
    if found is None:
        return InputError(f"cannot be read as CSV: {error}", file=spec.name)
    expected, line, saw = (int(n) for n in found.groups())
    return _too_many_values(spec, line=line, expected=expected, saw=saw)


def _too_many_values(spec: FileSpec, *, line: int, expected: int, saw: int) -> InputError:
    return InputError(f"has {saw} values but the header names {expected} columns (a value "
                      "holding a comma needs quotes)", file=spec.name, line=line)


@dataclass
class _Problems:
    """Problems of one chunk; only the one on the earliest line is reported."""

    chunk: pd.DataFrame
    spec: FileSpec
    found: list[tuple[int, int, str, str]] = field(default_factory=list)

    def add(self, column: str, bad: pd.Series | np.ndarray, message: Callable[[int], str]
            ) -> None:
        flags = np.asarray(bad, dtype=bool)
        if flags.any():
            position = int(flags.argmax())
            order = [c.name for c in self.spec.columns].index(column)
            self.found.append((position, order, column, message(position)))

    def raw(self, column: str, position: int) -> str:
        return str(self.chunk[column].iloc[position])

    def raise_first(self) -> None:
        if self.found:
            position, _order, column, message = min(self.found)
            line = int(self.chunk.index[position]) + 2
            raise InputError(message, file=self.spec.name, line=line, column=column)


def _validated(spec: FileSpec, chunk: pd.DataFrame, known: _KnownKeys, seen: _SeenKeys
               ) -> dict[str, pd.Series]:
    """Every column of the chunk converted to its values, or an InputError."""
    problems = _Problems(chunk, spec)
    values: dict[str, pd.Series] = {}
    for column in spec.columns:
        if column.name not in chunk.columns:
            continue
        raw = chunk[column.name].str.strip()
        chunk[column.name] = raw  # messages quote the value as read, less its spaces
        empty = raw.eq("")
        if not column.empty_ok:
            problems.add(column.name, empty, lambda _p: "is empty; a value is required")
        values[column.name] = _convert(column, raw, empty, problems)
        if column.refers_to:
            _check_reference(column, values[column.name], known, problems)
    for rule in spec.in_order:
        if rule.earlier in values and rule.later in values:
            _check_order(rule, values, problems)
    problems.raise_first()
    _check_duplicates(spec, values, seen, problems)
    problems.raise_first()
    return values


def _convert(column: Column, raw: pd.Series, empty: pd.Series, problems: _Problems
             ) -> pd.Series:
    name = column.name
    if column.kind in ("id", "text"):
        if column.kind == "id":
            problems.add(name, raw.str.len().gt(MAX_ID_CHARS), lambda p: (
                f"'{problems.raw(name, p)}' is longer than {MAX_ID_CHARS} characters"))
        return raw
    # Parse each distinct text once: a million orders hold a few hundred prices.
    codes, distinct = pd.factorize(raw)
    parsed = _PARSERS[column.kind](pd.Series(distinct, dtype=object), column)
    problems.add(name, parsed.bad[codes] & ~empty.to_numpy(),
                 lambda p: parsed.message(problems.raw(name, p)))
    if column.kind in ("whole", "positive", "decimal"):
        _check_numbers(column, parsed.values.to_numpy()[codes], problems)
    return parsed.values.take(codes).set_axis(raw.index)


class _Parsed(NamedTuple):
    """The distinct texts of a column, parsed: their values, which are bad, what to say."""

    values: pd.Series
    bad: np.ndarray
    message: Callable[[str], str]


def _parse_code(letters: int, what: str, example: str) -> Callable[[pd.Series, Column], _Parsed]:
    pattern = re.compile(f"[A-Z]{{{letters}}}")

    def parse(distinct: pd.Series, _column: Column) -> _Parsed:
        bad = np.array([pattern.fullmatch(text) is None for text in distinct], dtype=bool)
        return _Parsed(distinct, bad, lambda text: (
            f"'{text}' is not a {what} code: {letters} uppercase letters, e.g. {example}"))
    return parse


def _parse_choice(distinct: pd.Series, column: Column) -> _Parsed:
    lowered = distinct.str.lower()
    lowered = lowered.where(lowered.ne(""), column.default or "")
    bad = np.array([text not in column.choices for text in lowered], dtype=bool)
    return _Parsed(lowered, bad,
                   lambda text: f"'{text}' is not one of {', '.join(column.choices)}")


_FLAGS = {"true": True, "false": False, "yes": True, "no": False, "1": True, "0": False}


def _parse_flag(distinct: pd.Series, _column: Column) -> _Parsed:
    lowered = distinct.str.lower()
    bad = np.array([text not in _FLAGS for text in lowered], dtype=bool)
    parsed = lowered.map(lambda text: _FLAGS.get(text, False)).astype(bool)
    return _Parsed(parsed, bad, lambda text: f"'{text}' is not true or false")


def _parse_number(distinct: pd.Series, _column: Column) -> _Parsed:
    numbers = pd.to_numeric(distinct, errors="coerce").astype("float64")
    numbers = numbers.where(np.isfinite(numbers))
    bad = (numbers.isna() & distinct.ne("")).to_numpy(dtype=bool)
    return _Parsed(numbers, bad, lambda text: f"'{text}' is not a number")


# The offset ends the text: Z, +08:00 or -0500 right after a digit of the time of day (a
# bare date such as 2026-11-26 must not pass for a time with an offset of -11:26).
_OFFSET = re.compile(r"\d(?:[Zz]|[+-]\d{2}:?\d{2})$")


def _parse_instant(distinct: pd.Series, _column: Column) -> _Parsed:
    # Times in a file share few endings (+08:00, Z): test the pattern once per ending.
    suffix_codes, suffixes = pd.factorize(distinct.str[-9:])
    has_offset = np.array([_OFFSET.search(s) is not None for s in suffixes],
                          dtype=bool)[suffix_codes]
    instants = pd.to_datetime(distinct.where(has_offset), format="ISO8601", utc=True,
                              errors="coerce")
    bad = instants.isna().to_numpy() & distinct.ne("").to_numpy()

    def message(text: str) -> str:
        if _OFFSET.search(text) is None and not pd.isna(
                pd.to_datetime(text, format="ISO8601", errors="coerce")):
            return f"'{text}' has no time zone offset (write e.g. {TIME_EXAMPLE})"
        return f"'{text}' is not a date and time (ISO 8601, e.g. {TIME_EXAMPLE})"
    return _Parsed(instants, bad, message)


_PARSERS: dict[str, Callable[[pd.Series, Column], _Parsed]] = {
    "country": _parse_code(2, "country", "US"),
    "currency": _parse_code(3, "currency", "USD"),
    "choice": _parse_choice,
    "flag": _parse_flag,
    "decimal": _parse_number,
    "whole": _parse_number,
    "positive": _parse_number,
    "instant": _parse_instant,
}


def _check_numbers(column: Column, numbers: np.ndarray, problems: _Problems) -> None:
    name = column.name
    largest = MAX_DECIMAL if column.kind == "decimal" else MAX_WHOLE
    with np.errstate(invalid="ignore"):
        if column.kind != "decimal":
            problems.add(name, np.isfinite(numbers) & (numbers != np.floor(numbers)),
                         lambda p: f"'{problems.raw(name, p)}' is not a whole number")
        problems.add(name, numbers < 0,
                     lambda p: f"{problems.raw(name, p)} is negative; it must be 0 or more")
        problems.add(name, numbers > largest, lambda p: (
            f"{problems.raw(name, p)} is too large (at most {largest:,.0f})"))
        if column.kind == "positive":
            problems.add(name, numbers == 0, lambda _p: "0 is not allowed; it must be 1 or more")


def _check_reference(column: Column, values: pd.Series, known: _KnownKeys,
                     problems: _Problems) -> None:
    assert column.refers_to is not None
    keys = known.get(column.refers_to)
    distinct = pd.unique(values)
    missing = [v for v in distinct if v != "" and v not in keys]
    if missing:
        noun = column.refers_to
        source = _REFERENCE_SOURCES[noun][2]
        problems.add(column.name, values.isin(missing), lambda p: (
            f"unknown {noun} '{values.iloc[p]}': not in {source} nor already in the store"))


def _check_order(rule: InOrder, values: dict[str, pd.Series], problems: _Problems) -> None:
    earlier, later = values[rule.earlier], values[rule.later]
    wrong = earlier.ge(later) if rule.strict else earlier.gt(later)
    problems.add(rule.blame, wrong.fillna(False), lambda p: rule.says.format(
        earlier=problems.raw(rule.earlier, p), later=problems.raw(rule.later, p)))


_HASH_KEYS = ("livestock-keys-1", "livestock-keys-2")  # 16 characters each


class _SeenKeys:
    """The keys of earlier chunks of one file, as (hash, hash, line), sorted by first hash."""

    def __init__(self) -> None:
        self._first = np.zeros(0, np.uint64)
        self._second = np.zeros(0, np.uint64)
        self._lines = np.zeros(0, np.int64)

    def earlier_lines(self, first: np.ndarray, second: np.ndarray) -> np.ndarray:
        """For each key, the line it appeared on before, or 0."""
        if not len(self._first):
            return np.zeros(len(first), np.int64)
        at = np.minimum(np.searchsorted(self._first, first), len(self._first) - 1)
        same = (self._first[at] == first) & (self._second[at] == second)
        return np.where(same, self._lines[at], 0)

    def add(self, first: np.ndarray, second: np.ndarray, lines: np.ndarray) -> None:
        # Sort the new keys first: a stable sort of two sorted runs is a linear merge.
        order = np.argsort(first)
        first, second, lines = first[order], second[order], lines[order]
        merged_first = np.concatenate([self._first, first])
        order = np.argsort(merged_first, kind="stable")
        self._first = merged_first[order]
        self._second = np.concatenate([self._second, second])[order]
        self._lines = np.concatenate([self._lines, lines])[order]


def _check_duplicates(spec: FileSpec, values: dict[str, pd.Series], seen: _SeenKeys,
                      problems: _Problems) -> None:
    keys = pd.DataFrame({name: values[name] for name in spec.key})
    first, second = (pd.util.hash_pandas_object(keys, index=False, hash_key=k).to_numpy()
                     for k in _HASH_KEYS)
    lines = keys.index.to_numpy(dtype=np.int64) + 2
    pairs = pd.DataFrame({"first": first, "second": second})
    within = pairs.duplicated().to_numpy()
    earlier = seen.earlier_lines(first, second)
    duplicate = within | (earlier > 0)

    def message(position: int) -> str:
        if earlier[position]:
            before = int(earlier[position])
        else:
            match = (first == first[position]) & (second == second[position])
            before = int(lines[int(match.argmax())])
        described = ", ".join(f"{name} '{problems.raw(name, position)}'" for name in spec.key)
        return f"duplicate key ({described}): already on line {before}"
    problems.add(spec.key[0], duplicate, message)
    if not duplicate.any():
        seen.add(first, second, lines)


def _records(spec: FileSpec, values: dict[str, pd.Series], rows: int
             ) -> Iterator[tuple[int, list[dict[str, Any]]]]:
    """The rows as dicts of plain Python values, `WRITE_ROWS` at a time (one executemany
    each, so the driver's copies of a batch stay small while the chunk is large), each
    batch with the position of its first row in the chunk."""
    columns: dict[str, list[Any]] = {}
    for column in spec.columns:
        series = values.get(column.name)
        if series is None:
            columns[column.name] = [column.default] * rows
        else:
            columns[column.name] = _python_values(column, series)
    if spec.table.name == "order_line":
        columns["source"] = [spec.source or f"load:{spec.name}"] * rows
    names = list(columns)
    for start in range(0, rows, WRITE_ROWS):
        batch = (values[start:start + WRITE_ROWS] for values in columns.values())
        yield start, [dict(zip(names, row, strict=True)) for row in zip(*batch, strict=True)]


def _python_values(column: Column, series: pd.Series) -> list[Any]:
    if column.kind == "instant":
        plain = list(series.dt.to_pydatetime())
        return [None if pd.isna(v) else v for v in plain] if column.empty_ok else plain
    if column.kind in ("whole", "positive"):
        if column.empty_ok and series.isna().any():
            return [None if pd.isna(v) else int(v) for v in series.to_numpy()]
        return series.to_numpy().astype(np.int64).tolist()
    if column.kind == "decimal":
        return series.to_numpy(dtype=np.float64).tolist()
    if column.kind == "flag":
        return series.to_numpy(dtype=bool).tolist()
    plain = series.tolist()
    return [v or None for v in plain] if column.empty_ok and column.default is None else plain


def _upsert_statement(conn: Connection, spec: FileSpec, header: list[str]) -> Any:
    """INSERT ... ON CONFLICT (key) DO UPDATE the file's columns, only where one differs.

    Columns the file does not carry (an optional one left out) keep what the store has.
    """
    dialect = postgresql if conn.dialect.name == "postgresql" else sqlite
    statement = dialect.insert(spec.table)
    updated = [name for name in header if name not in spec.key]
    if spec.table.name == "order_line":
        updated.append("source")
    excluded = statement.excluded
    return statement.on_conflict_do_update(
        index_elements=list(spec.key),
        set_={name: excluded[name] for name in updated},
        where=or_(*(spec.table.c[name].is_distinct_from(excluded[name]) for name in updated)),
    ).execution_options(preserve_rowcount=True)  # SQLAlchemy drops an INSERT's rowcount


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
        _begin_writing(conn)
        report = _load_file(conn, spec, Path(path), _KnownKeys(conn), warnings, None)
        if dry_run:
            conn.rollback()
        else:
            conn.commit()
    return LoadReport((report,), tuple(warnings), time.perf_counter() - started)
