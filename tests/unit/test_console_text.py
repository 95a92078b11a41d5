"""Every dashboard text exists in Chinese and English, and every key the code uses exists."""

from __future__ import annotations

import ast
import string
from pathlib import Path

from core.common.i18n import CATALOG, LANGUAGES

DASHBOARD = Path(__file__).resolve().parents[2] / "dashboard"


def ui_keys_used_in_the_dashboard() -> set[str]:
    """Literal first arguments of t(...) calls under dashboard/ that start with 'ui.'."""
    keys: set[str] = set()
    for path in DASHBOARD.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if (isinstance(node, ast.Call) and isinstance(node.func, ast.Name)
                    and node.func.id == "t" and node.args
                    and isinstance(node.args[0], ast.Constant)
                    and str(node.args[0].value).startswith("ui.")):
                keys.add(str(node.args[0].value))
    return keys


def placeholders(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


def test_every_ui_text_has_both_languages_and_neither_is_empty() -> None:
    ui = {key: texts for key, texts in CATALOG.items() if key.startswith("ui.")}

    incomplete = {key: sorted(set(LANGUAGES) - {lang for lang, text in texts.items() if text})
                  for key, texts in ui.items()}

    assert len(ui) > 20, "the ui.* texts are missing from core/common/i18n/"
    assert {key: missing for key, missing in incomplete.items() if missing} == {}


def test_both_languages_of_a_ui_text_take_the_same_placeholders() -> None:
    mismatched = [key for key, texts in CATALOG.items() if key.startswith("ui.")
                  and placeholders(texts["en"]) != placeholders(texts["zh"])]

    assert mismatched == []


def test_every_ui_key_the_dashboard_asks_for_is_in_the_catalog() -> None:
    used = ui_keys_used_in_the_dashboard()

    assert used, "found no t('ui....') calls: the scan would pass vacuously"
    assert sorted(used - CATALOG.keys()) == []


def test_every_session_status_has_a_label() -> None:
    from core.board.model import SessionStatus

    assert all(f"ui.status.{status.value}" in CATALOG for status in SessionStatus)
