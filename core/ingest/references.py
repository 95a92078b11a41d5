"""References between data files: a sku, warehouse or session must be known.

Known means already in the store when the load began (read by core.ingest.reads) or in a
file of the same batch loaded before.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence

import pandas as pd

from core.ingest.datafiles import REFERENCE_SOURCES, Column, FileSpec
from core.ingest.file_problems import Problems, shortened


def referred_kinds(specs: Iterable[FileSpec]) -> set[str]:
    """The kinds of key ("sku", "warehouse", "session") some column of `specs` refers to."""
    return {column.refers_to for spec in specs for column in spec.columns
            if column.refers_to is not None}


class KnownKeys:
    """Keys other files may refer to, by kind: the store's, grown by this batch.

    Only the kinds it was made with are kept: a kind no file of the batch refers to needs
    no keys.
    """

    def __init__(self, keys: Mapping[str, Iterable[str]]) -> None:
        self._keys = {kind: set(values) for kind, values in keys.items()}

    def get(self, kind: str) -> set[str]:
        return self._keys[kind]

    def add(self, kind: str, values: Sequence[str]) -> None:
        if kind in self._keys:
            self._keys[kind].update(values)


def check_reference(column: Column, values: pd.Series, known: KnownKeys,
                    problems: Problems) -> None:
    assert column.refers_to is not None
    keys = known.get(column.refers_to)
    distinct = pd.unique(values)
    missing = [v for v in distinct if v != "" and v not in keys]
    if missing:
        noun = column.refers_to
        source = REFERENCE_SOURCES[noun][2]
        problems.add(column.name, values.isin(missing), lambda p: (
            f"unknown {noun} '{shortened(str(values.iloc[p]))}': not in {source} nor already "
            "in the store"))
