"""Country names as exports write them, to ISO 3166 codes, in any language pycountry knows.

pycountry carries ISO 3166's names and their translations (the iso-codes project: 日本,
美国, 米国, Vereinigte Staaten ...); a name two languages give to different countries is
left out rather than guessed. A few everyday names the standard does not use are added.
"""

from __future__ import annotations

import gettext
import os
import unicodedata
from functools import cache

import pycountry

# Everyday names ISO 3166 does not list (its names are "United States", "米国", "英国"...).
EVERYDAY_NAMES = {
    "uk": "GB", "great britain": "GB", "britain": "GB", "england": "GB", "usa": "US",
    "america": "US", "アメリカ": "US", "アメリカ合衆国": "US", "イギリス": "GB",
    "韓国": "KR", "韩国": "KR", "美利坚合众国": "US", "南韓": "KR", "turkey": "TR",
}


def country_code(name: str) -> str | None:
    """The ISO 3166 alpha-2 code of `name` (a code, an English or translated name), or None.

    >>> country_code("日本"), country_code("United States"), country_code("us")
    ('JP', 'US', 'US')
    """
    key = _key(name)
    if not key:
        return None
    return _codes_by_name().get(key)


def _key(name: str) -> str:
    return unicodedata.normalize("NFKC", name).strip().casefold()


@cache
def _codes_by_name() -> dict[str, str]:
    found: dict[str, set[str]] = {}

    def add(name: str | None, code: str) -> None:
        if name:
            found.setdefault(_key(name), set()).add(code)

    countries = list(pycountry.countries)
    translations = [gettext.translation("iso3166-1", pycountry.LOCALES_DIR,
                                        languages=[language])
                    for language in sorted(os.listdir(pycountry.LOCALES_DIR))
                    if os.path.exists(os.path.join(pycountry.LOCALES_DIR, language,
                                                   "LC_MESSAGES", "iso3166-1.mo"))]
    for country in countries:
        names = [getattr(country, field, None)
                 for field in ("name", "official_name", "common_name")]
        for name in names:
            add(name, country.alpha_2)
            for translation in translations:
                add(translation.gettext(name) if name else None, country.alpha_2)
    # Codes win over names, and an ambiguous name is left out.
    codes = {key: next(iter(values)) for key, values in found.items() if len(values) == 1}
    for country in countries:
        codes[_key(country.alpha_2)] = country.alpha_2
        codes[_key(country.alpha_3)] = country.alpha_2
    codes.update({_key(name): code for name, code in EVERYDAY_NAMES.items()})
    return codes
