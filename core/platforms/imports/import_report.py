"""What an import did (or, with dry_run, would do), the lines it left out, and the lines a
person reads of it."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from core.common.errors import LiveStockError
from core.ingest.load_report import FileReport

NO_SKU = "no sku"
UNKNOWN_SKU = "unknown sku"
SHOWN_LINES = 50  # the summary lists this many left-out lines; the report holds them all
SHOWN_ROWS = 5  # rows named per unknown sku in the refusal


@dataclass(frozen=True)
class SkippedLine:
    """A line of the export left out, and why: `reason` is NO_SKU (shipping, a rental, a
    freight line: nothing LiveStock counts) or UNKNOWN_SKU (with --only-known-skus)."""

    row: int
    sku: str
    title: str
    amount: str
    reason: str

    def describe(self, file: str) -> str:
        what = f"sku '{self.sku}' not in the store" if self.reason == UNKNOWN_SKU else "no sku"
        title = self.title or "(no title)"
        return f"{file}, row {self.row}: {title} · {self.amount} · {what}"


@dataclass(frozen=True)
class ImportReport:
    """What an import did (or, with dry_run, would do)."""

    file: str
    layout: str
    rows_read: int
    load: FileReport
    skipped: tuple[SkippedLine, ...]
    warnings: tuple[str, ...]
    dry_run: bool

    def summary(self) -> str:
        verb = "would load" if self.dry_run else "loaded"
        lines = [f"{self.file}: {self.rows_read:,} rows read; {verb} {self.load.rows_read:,} "
                 f"{self.layout} rows: {self.load.inserted:,} new, {self.load.updated:,} "
                 f"updated, {self.load.unchanged:,} unchanged"]
        no_sku = [s for s in self.skipped if s.reason == NO_SKU]
        unknown = [s for s in self.skipped if s.reason == UNKNOWN_SKU]
        parts = []
        if no_sku:
            parts.append(f"{counted(len(no_sku), 'row')} without a sku (nothing LiveStock "
                         "counts)")
        if unknown:
            counts = sku_counts(unknown)
            listed = ", ".join(f"{sku} ×{count}" for sku, count in counts.items())
            parts.append(f"{counted(len(unknown), 'row')} of {counted(len(counts), 'sku')} "
                         f"not in the store (--only-known-skus): {listed}")
        if parts:
            lines.append(f"  left out: {'; '.join(parts)}")
        shown = self.skipped[:SHOWN_LINES]
        lines.extend(f"    {line.describe(self.file)}" for line in shown)
        if len(self.skipped) > len(shown):
            lines.append(f"    … and {len(self.skipped) - len(shown):,} more")
        if self.dry_run:
            lines.append("  dry run: nothing was written")
        return "\n".join(lines)


def counted(number: int, noun: str) -> str:
    """'1 row', '3 rows'."""
    return f"{number:,} {noun}{'' if number == 1 else 's'}"


def sku_counts(lines: Sequence[SkippedLine]) -> dict[str, int]:
    """Rows per sku, the most frequent first."""
    counts: dict[str, int] = {}
    for line in lines:
        counts[line.sku] = counts.get(line.sku, 0) + 1
    return dict(sorted(counts.items(), key=lambda item: (-item[1], item[0])))


class UnknownSkus(LiveStockError):
    """Skus of an export the store has no product for, every one of them at once."""

    def __init__(self, file: str, lines: Sequence[SkippedLine]) -> None:
        counts = sku_counts(lines)
        listed = "; ".join(f"'{sku}' on {_rows(lines, sku)}" for sku in counts)
        one = len(counts) == 1
        super().__init__(
            f"{file}: {counted(len(counts), 'sku')} {'is' if one else 'are'} not in the store "
            f"({counted(len(lines), 'row')}): {listed}. Add {'it' if one else 'them'} to "
            "products.csv and load it, or pass --only-known-skus to import the other rows "
            "and list these")
        self.file = file
        self.lines = tuple(lines)
        self.counts = counts


def _rows(lines: Sequence[SkippedLine], sku: str) -> str:
    rows = [line.row for line in lines if line.sku == sku]
    shown = ", ".join(str(row) for row in rows[:SHOWN_ROWS])
    more = f" and {len(rows) - SHOWN_ROWS:,} more" if len(rows) > SHOWN_ROWS else ""
    if len(rows) == 1:
        return f"row {rows[0]}"
    return f"{len(rows):,} rows ({shown}{more})"
