"""The problems found in one chunk of a data file, reported one at a time."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from core.common.errors import InputError
from core.ingest.datafiles import FileSpec

SHOWN_CHARS = 60


def shortened(text: str) -> str:
    """`text` cut to SHOWN_CHARS with its full length said: a message stays one line."""
    if len(text) <= SHOWN_CHARS:
        return text
    return f"{text[:SHOWN_CHARS]}… ({len(text):,} characters)"


@dataclass
class Problems:
    """Problems of one chunk; only the one on the earliest line is reported."""

    chunk: pd.DataFrame
    spec: FileSpec
    found: list[tuple[int, int, str, str]] = field(default_factory=list)

    def add(self, column: str, bad: pd.Series | np.ndarray, message: Callable[[int], str]
            ) -> None:
        flags = np.asarray(bad, dtype=bool)
        if flags.any():
            position = int(flags.argmax())
            order = [c.name for c in self.spec.columns].index(column)
            self.found.append((position, order, column, message(position)))

    def raw(self, column: str, position: int) -> str:
        """The value as read, shortened for a one-line message."""
        return shortened(str(self.chunk[column].iloc[position]))

    def raise_first(self) -> None:
        if self.found:
            position, _order, column, message = min(self.found)
            line = int(self.chunk.index[position]) + 2
            raise InputError(message, file=self.spec.name, line=line, column=column)
