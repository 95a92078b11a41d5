"""Settings kept in the store: the defaults of `Settings` with the overrides read back.

A setting is one row of the `setting` table, its value JSON-encoded; a key this LiveStock
no longer knows is left in the store and ignored.
"""

from __future__ import annotations

import json
from dataclasses import asdict, fields, replace
from typing import Any

from sqlalchemy import Engine
from sqlmodel import Session, select

from core.common.settings import Settings
from core.store.models import Setting


def load_settings(engine: Engine) -> Settings:
    """The defaults, with every override kept in the store applied."""
    known = {f.name for f in fields(Settings)}
    with Session(engine) as session:
        rows = session.exec(select(Setting)).all()
    overrides: dict[str, Any] = {row.key: json.loads(row.value_json) for row in rows
                                 if row.key in known}
    return replace(Settings(), **overrides)


def save_settings(engine: Engine, settings: Settings) -> None:
    """Keep every field of `settings` in the store, in one transaction."""
    with Session(engine) as session:
        for key, value in asdict(settings).items():
            session.merge(Setting(key=key, value_json=json.dumps(value)))
        session.commit()
