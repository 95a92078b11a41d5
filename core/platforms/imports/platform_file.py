"""A platform's export read as text: its header, its columns found by any of their names,
its rows, each with the row a spreadsheet shows (header = row 1) and the text line it
starts on (a cell holding line breaks makes them differ).

The encoding is decided as for the data files (core/ingest/text_encoding.py); comma-, tab-
or semicolon-separated, whichever the header holds most of; values lose the tab TikTok adds
so Excel keeps long ids.
"""

from __future__ import annotations

import csv
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from core.common.errors import InputError
from core.ingest.csv_problems import broken_record, csv_problem, too_many_values
from core.ingest.text_encoding import detect_encoding
from core.platforms.imports.vocabulary import find_columns

DELIMITERS = (",", "\t", ";")


@dataclass(frozen=True)
class PlatformRow:
    """One row of the export: where it is, and its cells by the file's own column names."""

    row: int
    text_line: int
    cells: Mapping[str, str]


@dataclass
class PlatformTable:
    """A platform file read as text. Columns are asked for by LiveStock's name of them
    ("Order ID"); `columns` says which of the file's columns that is (注文ID)."""

    name: str
    header: list[str]
    columns: dict[str, str]
    names: Mapping[str, tuple[str, ...]]
    rows: list[PlatformRow]
    warnings: list[str] = field(default_factory=list)

    def has(self, column: str) -> bool:
        return column in self.columns

    def value(self, row: PlatformRow, column: str) -> str:
        written = self.columns.get(column)
        return row.cells.get(written, "") if written is not None else ""

    def written(self, column: str) -> str:
        """The file's own name of a column, for messages."""
        return self.columns.get(column, column)

    def require(self, *columns: str) -> None:
        for column in columns:
            if column not in self.columns:
                others = self.names.get(column, ())
                known = f" (also read as: {', '.join(others)})" if others else ""
                raise InputError(f"required column is missing{known}; is this the "
                                 "platform's own export?", file=self.name, line=1,
                                 column=column)

    def error(self, message: str, row: PlatformRow, column: str | None = None) -> InputError:
        return InputError(message, file=self.name, line=row.row, text_line=row.text_line,
                          column=self.written(column) if column else None)


def read_platform_file(path: Path, names: Mapping[str, tuple[str, ...]]) -> PlatformTable:
    """Read the export at `path`; `names` maps LiveStock's name of each column it reads to
    the other names platforms give it (other languages, older downloads)."""
    if not path.is_file():
        raise InputError("is not a file", file=str(path))
    encoding = detect_encoding(path)
    warnings = [encoding.warning] if encoding.warning else []
    with path.open(encoding=encoding.codec, newline="") as text:
        first = text.readline()
    delimiter = max(DELIMITERS, key=first.count)
    header: list[str] = []
    rows: list[PlatformRow] = []
    row = 0
    start = 1
    with path.open(encoding=encoding.codec, newline="") as text:
        reader = csv.reader(text, delimiter=delimiter)
        try:
            for values in reader:
                row += 1
                if row == 1:
                    header = [_clean(name) for name in values]
                elif any(_clean(v) for v in values):
                    if len(values) > len(header):
                        raise too_many_values(path.name, row=row, text_line=start,
                                              expected=len(header), saw=len(values))
                    cells = dict(zip(header, (_clean(v) for v in values), strict=False))
                    rows.append(PlatformRow(row, start, cells))
                start = reader.line_num + 1
        except csv.Error as error:
            with path.open(encoding=encoding.codec, newline="") as again:
                lines = again.read().split("\n")
            first_line = lines[start - 1] if start - 1 < len(lines) else ""
            raise broken_record(path.name, str(error), row=row + 1, text_line=start,
                                first_line=first_line.rstrip("\r"), header=header,
                                delimiter=delimiter) from None
    if not any(header):
        raise InputError("is empty: the first line must name the columns", file=path.name,
                         line=1)
    if rows and any("\n" in value for value in rows[-1].cells.values()):
        broken = csv_problem(path, encoding.codec, delimiter=delimiter)
        if broken is not None:
            raise broken
    return PlatformTable(path.name, header, find_columns(header, dict(names)), names, rows,
                         warnings)


def _clean(value: str) -> str:
    return value.strip().strip("\t").strip()
