"""Every text a user reads, in Chinese and English: one catalog, one lookup.

The CLI's JSON keeps docs/json.md's English names and values; people-facing text (the
dashboard, the board's reason lines, the prompter) comes from here.

Each surface keeps its texts in its own module (`TEXTS`): board (lights, tiers, reasons,
alerts), provenance, live_board, review, planner, warehouses, settings, auth. This module
merges them into `CATALOG` and holds `LANGUAGES` and the lookup `t`: callers import these
three from `core.common.i18n`, never from a part.
"""

from __future__ import annotations

from types import ModuleType
from typing import Any

from core.common.i18n import (
    auth,
    board,
    live_board,
    planner,
    provenance,
    review,
    settings,
    warehouses,
)

LANGUAGES = ("zh", "en")


def _merged(*parts: ModuleType) -> dict[str, dict[str, str]]:
    """The parts' `TEXTS` as one catalog.

    A key in two parts raises at import: merged silently, the later part would win and the
    other text would never show.
    """
    catalog: dict[str, dict[str, str]] = {}
    for part in parts:
        twice = sorted(catalog.keys() & part.TEXTS.keys())
        if twice:
            raise ValueError(f"{part.__name__} defines texts an earlier part already has: "
                             f"{', '.join(twice)}")
        catalog.update(part.TEXTS)
    return catalog


CATALOG: dict[str, dict[str, str]] = _merged(
    board, provenance, live_board, review, planner, warehouses, settings, auth)


def t(key: str, lang: str, **params: Any) -> str:
    """The text for `key` in `lang`, with `{name}` placeholders filled from `params`.

    An unknown key raises KeyError at once, so a typo fails a test instead of showing
    a raw key to a director mid-stream.
    """
    if lang not in LANGUAGES:
        raise ValueError(f"unknown language {lang!r}; use one of {LANGUAGES}")
    return CATALOG[key][lang].format(**params)
