"""Data-file rows translated from a platform's export, loaded as the data file they fill.

The loader's errors name the translated file; they are told back in the platform's terms:
its file, the line the row came from, its column.
"""

from __future__ import annotations

import csv
import re
import tempfile
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import Engine, select

from core.common.errors import InputError
from core.ingest.service import load_file_as
from core.platforms.imports.import_report import ImportReport
from core.platforms.imports.platform_file import PlatformTable
from core.store.models import Product, table_of

_PRODUCTS = table_of(Product)


@dataclass
class Translated:
    """Data-file rows and, for each, the platform line it came from."""

    layout: str
    columns: tuple[str, ...]
    origin_column: Mapping[str, str]
    rows: list[dict[str, str]] = field(default_factory=list)
    lines: list[int] = field(default_factory=list)
    skipped: int = 0


def load_translated(engine: Engine, table: PlatformTable, translated: Translated, *,
                    source: str, dry_run: bool) -> ImportReport:
    with tempfile.TemporaryDirectory(prefix="livestock-import-") as folder:
        data_file = Path(folder) / translated.layout
        with data_file.open("w", encoding="utf-8", newline="") as out:
            writer = csv.DictWriter(out, fieldnames=translated.columns)
            writer.writeheader()
            writer.writerows(translated.rows)
        try:
            loaded = load_file_as(engine, data_file, layout=translated.layout, source=source,
                                  dry_run=dry_run)
        except InputError as error:
            raise _in_platform_terms(error, table, translated) from None
    return ImportReport(table.name, translated.layout, len(table.rows), loaded.files[0],
                        translated.skipped, (*table.warnings, *loaded.warnings), dry_run)


def _in_platform_terms(error: InputError, table: PlatformTable, translated: Translated
                       ) -> InputError:
    """The loader's error about the translated file, told about the platform's file."""
    def platform_line(generated: int) -> int:
        position = generated - 2
        return translated.lines[position] if 0 <= position < len(translated.lines) else 1

    reason = re.sub(r"already on line (\d+)",
                    lambda m: f"already on line {platform_line(int(m.group(1)))}", error.reason)
    column = translated.origin_column.get(error.column or "", error.column)
    line = platform_line(error.line) if error.line and error.line > 1 else error.line
    return InputError(reason, file=table.name, line=line, column=column)


def known_skus(engine: Engine) -> set[str]:
    with engine.connect() as conn:
        return set(conn.execute(select(_PRODUCTS.c.sku)).scalars())
