"""Settings: every field of core.common.settings.Settings in one form, saved to the store.

`save` is the one function that writes: editors only (dashboard.auth); a viewer sees the
values read-only. Values are
checked by `Settings` itself (it raises LiveStockError) plus the checks in `build`; an
error is shown and nothing is saved. Widget keys carry a version that moves on every save,
so the form shows what the store now holds.
"""

import re
from dataclasses import asdict
from typing import Any

import streamlit as st
from sqlalchemy.exc import SQLAlchemyError

from core.common.errors import LiveStockError
from core.common.i18n import LANGUAGES, t
from core.common.settings import Settings
from core.store.settings_store import save_settings
from dashboard import auth, controls, data, planning_data

lang = controls.language()
EDITABLE = auth.can_edit()
VERSION, SAVED = "settings.version", "settings.saved"
# (section, fields); a field's unit is in its label. Percent fields are kept as fractions.
SECTIONS = (
    ("safety", ("tier_daily_days", "tier_warmup_days", "tier_live_days", "tier_surge_ratio",
                "safety_mode", "service_level")),
    ("board", ("refresh_seconds", "pace_window_minutes", "push_margin", "presale_minutes",
               "stale_after_seconds", "push_cover_minutes", "light_hold_minutes",
               "light_cover_margin")),
    ("planning", ("fast_mover_days", "slow_mover_days", "review_period_days")),
    ("general", ("currency", "language")),
)
PERCENT = {"tier_surge_ratio", "service_level", "push_margin", "light_cover_margin"}
CHOICES = {"safety_mode": ("tier", "service_level"), "language": LANGUAGES}


def save(settings: Settings) -> None:
    """Write `settings` to the store and drop every cached read that depends on them."""
    auth.require_editor(lang)
    save_settings(data.engine(), settings)
    st.cache_data.clear()
    planning_data.forget()


def build(values: dict[str, Any]) -> Settings:
    """The form's values as Settings; raises LiveStockError naming what is wrong."""
    values = {k: v / 100 if k in PERCENT else v for k, v in values.items()}
    values["currency"] = str(values["currency"]).strip().upper()
    if not re.fullmatch(r"[A-Z]{3}", values["currency"]):
        raise LiveStockError(t("settings.error.currency", lang, value=values["currency"]))
    if values["fast_mover_days"] >= values["slow_mover_days"]:
        raise LiveStockError(t("settings.error.movers", lang))
    return Settings(**values)


def widget(name: str, value: Any, key: str) -> Any:
    label, help_text = t(f"settings.field.{name}", lang), t(f"settings.help.{name}", lang,
                                                             default=default_text(name))
    if name in CHOICES:
        options = list(CHOICES[name])
        return st.radio(label, options, index=options.index(value), key=key, horizontal=True,
                        help=help_text, format_func=lambda o: t(f"settings.choice.{o}", lang),
                        disabled=not EDITABLE)
    if name == "currency":
        return st.text_input(label, value, max_chars=3, key=key, help=help_text,
                             disabled=not EDITABLE)
    shown = value * 100 if name in PERCENT else value
    return st.number_input(label, min_value=0.0, value=float(shown), step=0.5, key=key,
                           help=help_text, format="%g", disabled=not EDITABLE)


def default_text(name: str) -> str:
    """The default value as the form shows it (for the help text)."""
    value = getattr(Settings(), name)
    if name in PERCENT:
        return f"{value * 100:g}%"
    if name in CHOICES:
        return t(f"settings.choice.{value}", lang)
    return f"{value:g}" if isinstance(value, float) else str(value)


st.title(t("settings.title", lang))
st.caption(t("settings.intro", lang))
if not EDITABLE:
    st.info(t("auth.read_only", lang), icon="🔒")
if st.session_state.pop(SAVED, False):
    st.success(t("settings.saved", lang), icon="✅")
version = st.session_state.setdefault(VERSION, 0)
try:
    current = data.settings()
except LiveStockError as error:  # the store holds a value Settings refuses
    st.error(t("settings.error.stored", lang, error=str(error)))
    current = Settings()
except SQLAlchemyError as error:
    st.error(t("ui.error.store", lang, error=str(error).splitlines()[0]))
    st.stop()

stored = asdict(current)
with st.form("settings"):
    values: dict[str, Any] = {}
    for section, names in SECTIONS:
        st.subheader(t(f"settings.section.{section}", lang))
        columns = st.columns(3)
        for index, name in enumerate(names):
            with columns[index % 3]:
                values[name] = widget(name, stored[name], f"settings.{name}.{version}")
    submitted = st.form_submit_button(t("settings.save", lang), type="primary",
                                      disabled=not EDITABLE)

if submitted:
    try:
        save(build(values))
    except LiveStockError as error:
        st.error(t("settings.error.invalid", lang, error=str(error)), icon="⛔")
    except SQLAlchemyError as error:
        st.error(t("ui.error.store", lang, error=str(error).splitlines()[0]))
    else:
        st.session_state[SAVED], st.session_state[VERSION] = True, version + 1
        st.rerun()

with st.popover(t("settings.reset", lang), icon="↩️", disabled=not EDITABLE):
    st.caption(t("settings.reset_note", lang))
    if st.button(t("settings.reset_confirm", lang), key="settings.reset_confirm"):
        try:
            save(Settings())
        except SQLAlchemyError as error:
            st.error(t("ui.error.store", lang, error=str(error).splitlines()[0]))
        else:
            st.session_state[SAVED], st.session_state[VERSION] = True, version + 1
            st.rerun()
