"""Every text a user reads, in Chinese and English: one catalog, one lookup.

The CLI's JSON keeps PRODUCT.md's English names and values; people-facing text (the
dashboard, the board's reason lines, the prompter) comes from here.
"""

from __future__ import annotations

from typing import Any

LANGUAGES = ("zh", "en")

CATALOG: dict[str, dict[str, str]] = {
    # The three lights: a word beside every colour, for colour-blind readers too.
    "light.push": {"en": "PUSH", "zh": "主推"},
    "light.swap": {"en": "SWAP", "zh": "换品"},
    "light.presale": {"en": "PRESALE", "zh": "预售"},
    # Tiers.
    "tier.daily": {"en": "Daily", "zh": "日常"},
    "tier.warmup": {"en": "Warm-up", "zh": "预热"},
    "tier.live": {"en": "Live", "zh": "直播"},
}


def t(key: str, lang: str, **params: Any) -> str:
    """The text for `key` in `lang`, with `{name}` placeholders filled from `params`.

    An unknown key raises KeyError at once, so a typo fails a test instead of showing
    a raw key to a director mid-stream.
    """
    if lang not in LANGUAGES:
        raise ValueError(f"unknown language {lang!r}; use one of {LANGUAGES}")
    return CATALOG[key][lang].format(**params)
