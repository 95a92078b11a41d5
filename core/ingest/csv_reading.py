"""A data file read as CSV text: its header, its rows a chunk at a time.

Every problem is an `InputError` naming the file and the row a spreadsheet shows (the header
is row 1); where the CSV itself is broken (core/ingest/csv_problems.py), also the text line.
The encoding is decided first (core/ingest/text_encoding.py).
"""

from __future__ import annotations

import difflib
from collections.abc import Iterator
from pathlib import Path

import pandas as pd

from core.common.errors import InputError
from core.ingest.csv_problems import csv_problem
from core.ingest.datafiles import FileSpec


def check_header(spec: FileSpec, path: Path, codec: str, warnings: list[str]) -> list[str]:
    """The known columns present; unknown ones become warnings, missing required ones errors."""
    rows = _first_rows(spec, path, codec)
    header = [name.strip() for name in rows[0]] if rows else []
    if not any(header):
        raise InputError("is empty: the first line must name the columns "
                         f"({', '.join(c.name for c in spec.columns)})", file=spec.name, line=1)
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


def _first_rows(spec: FileSpec, path: Path, codec: str) -> list[list[str]]:
    """The header and the first row, read by the same parser as the chunks (so a long value
    reads the same here as there); a first row with more values than the header is an error
    here, which pandas would only warn about."""
    try:
        frame = pd.read_csv(path, header=None, nrows=2, dtype=str, encoding=codec,
                            na_filter=False, keep_default_na=False, index_col=False)
    except pd.errors.EmptyDataError:
        return []
    except pd.errors.ParserError as error:
        raise _parser_error(spec, path, codec, error) from None
    return [["" if pd.isna(v) else str(v) for v in row] for row in frame.to_numpy().tolist()]


def read_chunks(spec: FileSpec, path: Path, codec: str, *, chunk_rows: int
                ) -> Iterator[pd.DataFrame]:
    try:
        reader = pd.read_csv(path, dtype=str, encoding=codec, chunksize=chunk_rows,
                             na_filter=False, keep_default_na=False, skip_blank_lines=False,
                             index_col=False)
    except pd.errors.ParserError as error:
        raise _parser_error(spec, path, codec, error) from None
    with reader:
        while True:
            try:
                chunk = next(reader)
            except StopIteration:
                return
            except pd.errors.ParserError as error:
                raise _parser_error(spec, path, codec, error) from None
            chunk.columns = [str(c).strip() for c in chunk.columns]
            yield chunk


def _parser_error(spec: FileSpec, path: Path, codec: str, error: Exception) -> InputError:
    """pandas' tokenizer error, told as the row, text line and column it is about."""
    found = csv_problem(path, codec, name=spec.name)
    return found or InputError(f"cannot be read as CSV: {error}", file=spec.name)
