"""Data-file rows translated from a platform's export, loaded as the data file they fill.

Lines of a sku the store does not know are all found first (`keep_known`): refused together,
or left out and listed with --only-known-skus. The loader's errors name the translated file;
they are told back in the platform's terms: its file, the row the line came from, its column.
"""

from __future__ import annotations

import csv
import re
import tempfile
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Generic, TypeVar

from sqlalchemy import Engine, select

from core.common.errors import InputError
from core.ingest.service import load_file_as
from core.platforms.imports.import_report import (
    UNKNOWN_SKU,
    ImportReport,
    SkippedLine,
    UnknownSkus,
)
from core.platforms.imports.platform_file import PlatformRow, PlatformTable
from core.store.models import Product, table_of

_PRODUCTS = table_of(Product)
T = TypeVar("T")


@dataclass(frozen=True)
class Line(Generic[T]):
    """A line of the export that names a sku: where it is, what a person knows it by, and
    what it becomes (`value`)."""

    row: PlatformRow
    sku: str
    title: str
    amount: str
    value: T


@dataclass
class Translated:
    """Data-file rows and, for each, the platform row it came from."""

    layout: str
    columns: tuple[str, ...]
    origin_column: Mapping[str, str]
    rows: list[dict[str, str]] = field(default_factory=list)
    origins: list[PlatformRow] = field(default_factory=list)


def keep_known(engine: Engine, table: PlatformTable, lines: Sequence[Line[T]], *,
               only_known_skus: bool) -> tuple[list[Line[T]], list[SkippedLine]]:
    """The lines whose sku the store knows, and the others as skipped lines; without
    `only_known_skus`, any other line refuses the file, every unknown sku named at once."""
    known = known_skus(engine)
    kept = [line for line in lines if line.sku in known]
    unknown = [SkippedLine(line.row.row, line.sku, line.title, line.amount, UNKNOWN_SKU)
               for line in lines if line.sku not in known]
    if unknown and not only_known_skus:
        raise UnknownSkus(table.name, unknown)
    return kept, unknown


def load_translated(engine: Engine, table: PlatformTable, translated: Translated,
                    skipped: Sequence[SkippedLine], *, source: str, dry_run: bool
                    ) -> ImportReport:
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
    ordered = tuple(sorted(skipped, key=lambda line: line.row))
    return ImportReport(table.name, translated.layout, len(table.rows), loaded.files[0],
                        ordered, (*table.warnings, *loaded.warnings), dry_run)


def _in_platform_terms(error: InputError, table: PlatformTable, translated: Translated
                       ) -> InputError:
    """The loader's error about the translated file, told about the platform's file."""
    def origin(generated: int | None) -> PlatformRow | None:
        position = (generated or 0) - 2
        return translated.origins[position] if 0 <= position < len(translated.origins) else None

    reason = re.sub(r"already on row (\d+)", lambda m: "already on row " + str(
        getattr(origin(int(m.group(1))), "row", m.group(1))), error.reason)
    column = translated.origin_column.get(error.column or "", error.column)
    written = table.written(column) if column else None
    found = origin(error.line)
    if found is None:
        return InputError(reason, file=table.name, line=error.line if error.line == 1 else None,
                          column=written)
    return InputError(reason, file=table.name, line=found.row, text_line=found.text_line,
                      column=written)


def known_skus(engine: Engine) -> set[str]:
    with engine.connect() as conn:
        return set(conn.execute(select(_PRODUCTS.c.sku)).scalars())
