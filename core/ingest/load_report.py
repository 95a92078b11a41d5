"""What a load did to the store, file by file, and the few lines a person reads of it."""

from __future__ import annotations

from dataclasses import dataclass


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
