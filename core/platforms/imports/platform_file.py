"""A platform's export read as text: its header and its rows, each with its first line.

UTF-8 or GBK/GB18030; comma- or tab-separated (whichever the header holds more of); values
lose the tab TikTok adds so Excel keeps long ids.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass, field
from pathlib import Path

from core.common.errors import InputError


@dataclass
class PlatformTable:
    """A platform file read as text: its header and its rows, each with its first line."""

    name: str
    header: list[str]
    rows: list[tuple[int, dict[str, str]]]
    warnings: list[str] = field(default_factory=list)

    def require(self, *columns: str) -> None:
        for column in columns:
            if column not in self.header:
                raise InputError(f"required column is missing (is this the {self.kind()}?)",
                                 file=self.name, line=1, column=column)

    def kind(self) -> str:
        return "platform's export"


def read_platform_file(path: Path) -> PlatformTable:
    if not path.is_file():
        raise InputError("is not a file", file=str(path))
    raw = path.read_bytes()
    warnings = []
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        try:
            text = raw.decode("gb18030")
        except UnicodeDecodeError:
            raise InputError("is not UTF-8 text, nor GBK/GB18030; save it as 'CSV UTF-8'",
                             file=path.name) from None
        warnings.append(f"{path.name} is not UTF-8; decoded it as GBK/GB18030")
    first = text.split("\n", 1)[0]
    delimiter = "\t" if first.count("\t") > first.count(",") else ","
    reader = csv.reader(text.splitlines(keepends=True), delimiter=delimiter)
    header = [_clean(name) for name in next(reader, [])]
    if not any(header):
        raise InputError("is empty: the first line must name the columns", file=path.name,
                         line=1)
    rows = []
    line = reader.line_num
    for values in reader:
        start, line = line + 1, reader.line_num
        if not any(_clean(v) for v in values):
            continue
        if len(values) > len(header):
            raise InputError(f"has {len(values)} values but the header names {len(header)} "
                             "columns", file=path.name, line=start)
        cells = {name: _clean(value) for name, value in zip(header, values, strict=False)}
        rows.append((start, {name: cells.get(name, "") for name in header}))
    return PlatformTable(path.name, header, rows, warnings)


def _clean(value: str) -> str:
    return value.strip().strip("\t").strip()
