"""A data file read as CSV text: its encoding, its header, its rows a chunk at a time.

Every problem is an `InputError` naming the file and the line a seller sees in Excel (the
header is line 1).
"""

from __future__ import annotations

import codecs
import csv
import difflib
import re
from collections.abc import Iterator
from pathlib import Path

import pandas as pd

from core.common.errors import InputError
from core.ingest.datafiles import FileSpec


def sniff_encoding(path: Path) -> tuple[str, int]:
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


def check_header(spec: FileSpec, path: Path, encoding: str, warnings: list[str]) -> list[str]:
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


def read_chunks(spec: FileSpec, path: Path, encoding: str, *, chunk_rows: int
                ) -> Iterator[pd.DataFrame]:
    reader = pd.read_csv(path, dtype=str, encoding=encoding, chunksize=chunk_rows,
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
