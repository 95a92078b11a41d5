"""Where a CSV file stops being CSV, said as a spreadsheet shows it.

Called once a reader has failed: the file is read again record by record with Python's csv
module to find the row (header = row 1), the text line it starts on and the column of: a
row with more values than the header names, a quote that is never closed, a value longer
than the csv module reads (131,072 characters; mostly an unclosed quote swallowing the rest
of the file).
"""

from __future__ import annotations

import csv
import io
from pathlib import Path

from core.common.errors import InputError


def csv_problem(path: Path, codec: str, *, delimiter: str = ",", name: str | None = None
                ) -> InputError | None:
    """The first reason `path` is not well-formed CSV, or None when none is found."""
    file = name or path.name
    header: list[str] = []
    row = 0
    start_line = 1
    last_start = 1
    last: list[str] = []
    with path.open(encoding=codec, newline="") as text:
        reader = csv.reader(text, delimiter=delimiter)
        try:
            for values in reader:
                row += 1
                if row == 1:
                    header = [value.strip() for value in values]
                elif len(values) > len(header):
                    return too_many_values(file, row=row, text_line=start_line,
                                           expected=len(header), saw=len(values))
                last_start, last = start_line, values
                start_line = reader.line_num + 1
        except csv.Error as error:
            return broken_record(file, str(error), row=row + 1, text_line=start_line,
                                 first_line=_line_at(path, codec, start_line),
                                 header=header, delimiter=delimiter)
    if last and any("\n" in value for value in last) and _quote_left_open(
            path, codec, last_start):
        return unclosed_quote(file, row=row, text_line=last_start,
                              column=_open_column(_line_at(path, codec, last_start), header,
                                                  delimiter))
    return None


def too_many_values(file: str, *, row: int, text_line: int | None, expected: int, saw: int
                    ) -> InputError:
    return InputError(f"has {saw} values but the header names {expected} columns (a value "
                      "holding a comma needs quotes)", file=file, line=row,
                      text_line=text_line)


def unclosed_quote(file: str, *, row: int, text_line: int, column: str | None) -> InputError:
    return InputError("a quote (\") opened here is never closed, so the rest of the file "
                      "reads as one value; close it or remove it", file=file, line=row,
                      text_line=text_line, column=column)


def broken_record(file: str, reason: str, *, row: int, text_line: int, first_line: str,
                  header: list[str], delimiter: str) -> InputError:
    """The csv module's error about the record starting on `text_line`, said plainly."""
    column = _open_column(first_line, header, delimiter)
    if "field larger than field limit" in reason:
        if '"' in first_line:
            return unclosed_quote(file, row=row, text_line=text_line, column=column)
        return InputError(f"holds a value of more than {csv.field_size_limit():,} characters, "
                          "more than LiveStock reads", file=file, line=row,
                          text_line=text_line, column=column)
    return InputError(f"cannot be read as CSV ({reason})", file=file, line=row,
                      text_line=text_line, column=column)


def _line_at(path: Path, codec: str, line: int) -> str:
    with path.open(encoding=codec, newline="") as text:
        for _ in range(line - 1):
            text.readline()
        return text.readline().rstrip("\r\n")


def _quote_left_open(path: Path, codec: str, line: int) -> bool:
    with path.open(encoding=codec, newline="") as text:
        for _ in range(line - 1):
            text.readline()
        return text.read().count('"') % 2 == 1


def _open_column(first_line: str, header: list[str], delimiter: str) -> str | None:
    """The column a broken record breaks in: where an unclosed quote opens (the last value
    of the record's first line), else its longest value."""
    if '"' in first_line:
        try:
            position = len(next(csv.reader(io.StringIO(first_line), delimiter=delimiter))) - 1
        except (csv.Error, StopIteration):
            position = first_line[: first_line.index('"')].count(delimiter)
    else:
        values = first_line.split(delimiter)
        position = max(range(len(values)), key=lambda i: len(values[i]))
    if not 0 <= position < len(header):
        return None
    return header[position] or f"#{position + 1}"
