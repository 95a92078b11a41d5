"""What an import did (or, with dry_run, would do), and the lines a person reads of it."""

from __future__ import annotations

from dataclasses import dataclass

from core.ingest.load_report import FileReport


@dataclass(frozen=True)
class ImportReport:
    """What an import did (or, with dry_run, would do)."""

    file: str
    layout: str
    rows_read: int
    load: FileReport
    skipped: int
    warnings: tuple[str, ...]
    dry_run: bool

    def summary(self) -> str:
        verb = "would load" if self.dry_run else "loaded"
        lines = [f"{self.file}: {self.rows_read:,} rows read; {verb} {self.load.rows_read:,} "
                 f"{self.layout} rows: {self.load.inserted:,} new, {self.load.updated:,} "
                 f"updated, {self.load.unchanged:,} unchanged"]
        if self.skipped:
            lines.append(f"  {self.skipped:,} rows skipped (unknown sku, --only-known-skus)")
        if self.dry_run:
            lines.append("  dry run: nothing was written")
        return "\n".join(lines)
