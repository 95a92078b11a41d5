"""Duplicate keys in a data file, within a chunk and across chunks.

Keys of earlier chunks are kept as two independent 64-bit hashes per row (128 bits: a false
"duplicate" is vanishingly unlikely), so memory grows by 24 bytes per row, not by the rows.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from core.ingest.datafiles import FileSpec
from core.ingest.file_problems import Problems

_HASH_KEYS = ("livestock-keys-1", "livestock-keys-2")  # 16 characters each


class SeenKeys:
    """The keys of earlier chunks of one file, as (hash, hash, line), sorted by first hash."""

    def __init__(self) -> None:
        self._first = np.zeros(0, np.uint64)
        self._second = np.zeros(0, np.uint64)
        self._lines = np.zeros(0, np.int64)

    def earlier_lines(self, first: np.ndarray, second: np.ndarray) -> np.ndarray:
        """For each key, the line it appeared on before, or 0."""
        if not len(self._first):
            return np.zeros(len(first), np.int64)
        at = np.minimum(np.searchsorted(self._first, first), len(self._first) - 1)
        same = (self._first[at] == first) & (self._second[at] == second)
        return np.where(same, self._lines[at], 0)

    def add(self, first: np.ndarray, second: np.ndarray, lines: np.ndarray) -> None:
        # Sort the new keys first: a stable sort of two sorted runs is a linear merge.
        order = np.argsort(first)
        first, second, lines = first[order], second[order], lines[order]
        merged_first = np.concatenate([self._first, first])
        order = np.argsort(merged_first, kind="stable")
        self._first = merged_first[order]
        self._second = np.concatenate([self._second, second])[order]
        self._lines = np.concatenate([self._lines, lines])[order]


def check_duplicates(spec: FileSpec, values: dict[str, pd.Series], seen: SeenKeys,
                     problems: Problems) -> None:
    keys = pd.DataFrame({name: values[name] for name in spec.key})
    first, second = (pd.util.hash_pandas_object(keys, index=False, hash_key=k).to_numpy()
                     for k in _HASH_KEYS)
    lines = keys.index.to_numpy(dtype=np.int64) + 2
    pairs = pd.DataFrame({"first": first, "second": second})
    within = pairs.duplicated().to_numpy()
    earlier = seen.earlier_lines(first, second)
    duplicate = within | (earlier > 0)

    def message(position: int) -> str:
        if earlier[position]:
            before = int(earlier[position])
        else:
            match = (first == first[position]) & (second == second[position])
            before = int(lines[int(match.argmax())])
        described = ", ".join(f"{name} '{problems.raw(name, position)}'" for name in spec.key)
        return f"duplicate key ({described}): already on row {before}"
    problems.add(spec.key[0], duplicate, message)
    if not duplicate.any():
        seen.add(first, second, lines)
