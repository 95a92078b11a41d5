"""The store the live-board tests share."""

from __future__ import annotations

import pytest
from sqlalchemy import Engine

from tests.store.live_builders import StoreBuilder, minutes


@pytest.fixture
def store(engine: Engine) -> StoreBuilder:
    """A 2-hour US stream S1 from START selling SKU-1 (30 counted an hour before) beside
    its substitute SKU-2 (500 in stock, not in the lineup); a German warehouse too."""
    s = StoreBuilder(engine).warehouse().warehouse("DE-FBA", country="DE")
    s.product("SKU-1", group="lamps").product("SKU-2", group="lamps").session()
    s.lineup("SKU-1", 1).count("SKU-1", 30, at=minutes(-60)).count("SKU-2", 500, at=minutes(-60))
    return s
