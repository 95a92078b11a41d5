"""What the board records when it changes: light records and alerts, and their text.

`changes_since` decides, from a board and what was recorded before it, what to write (the
rules are in its docstring); `core.board.service.record_changes` reads the records, calls it
and writes the result through `core.board.writes` in one transaction. `alert_message` is
an alert's text in a language, `AlertView` an alert as the pages and reports show it.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime

from core.board.model import Board, Light
from core.board.safety_breaches import SafetyBreach
from core.board.tiers import Tier
from core.common.i18n import t


@dataclass(frozen=True)
class LightChange:
    """A product's new light to record; `replaces` when a record at the very same moment
    exists (a board refreshed twice at one moment): that record is updated, not doubled."""

    sku: str
    light: str
    available: int
    reason: str
    replaces: bool


@dataclass(frozen=True)
class NewAlert:
    """One alert row to write, its message in English."""

    session_id: str
    ts: datetime
    kind: str  # "light", "swap_to", "tier" or "safety"
    sku: str | None
    warehouse_id: str | None
    old_value: str
    new_value: str
    message: str | None


@dataclass(frozen=True)
class Changes:
    lights: tuple[LightChange, ...]
    alerts: tuple[NewAlert, ...]


def changes_since(board: Board, *, last_lights: Mapping[str, tuple[str, datetime]],
                  tiers_reached: Iterable[str], safety_flagged: Iterable[tuple[str, str]],
                  breaches: Sequence[SafetyBreach],
                  last_targets: Mapping[str, str] | None = None) -> Changes:
    """What to record of `board`, given what was recorded at or before `board.at`.

    - a product whose light differs from its last record (`last_lights`: sku -> (light,
      ts)): a new light record, and an alert "light" (the first record of a product is no
      change);
    - a product sent to a swap target other than its last recorded one (`last_targets`:
      sku -> target sku, from earlier "swap_to" alerts), or whose light just changed to one
      with a target: an alert "swap_to" (old_value = the last target or "", new_value =
      the target), which names both products;
    - a tier above the highest this session reached (`tiers_reached`, from "daily"): an
      alert "tier";
    - a (product, warehouse) below safety stock with no "safety" alert yet this session
      (`safety_flagged`): an alert "safety" (old_value = safety stock units, new_value =
      units available).
    Alerts come in that order: lights and swap targets by the board's order, the tier,
    then safety.
    """
    targets = last_targets or {}
    names = {row.sku: row.name for row in board.products}
    names.update({row.swap_to: row.swap_to_name for row in board.products
                  if row.swap_to is not None and row.swap_to_name is not None})
    lights: list[LightChange] = []
    alerts: list[NewAlert] = []
    for row in board.products:
        previous = last_lights.get(row.sku)
        changed = previous is None or previous[0] != row.light.value
        if changed:
            lights.append(LightChange(row.sku, row.light.value, row.available, row.reason,
                                      replaces=previous is not None and previous[1] == board.at))
        if changed and previous is not None:
            alerts.append(_alert(board, "light", sku=row.sku, old=previous[0],
                                 new=row.light.value))
        if row.swap_to is not None and (changed or targets.get(row.sku) != row.swap_to):
            alerts.append(_alert(board, "swap_to", sku=row.sku, old=targets.get(row.sku, ""),
                                 new=row.swap_to, names=names))

    reached = max((Tier(value) for value in tiers_reached), key=lambda x: x.rank,
                  default=Tier.DAILY)
    if Tier(board.tier).rank > reached.rank:
        alerts.append(_alert(board, "tier", old=reached.value, new=board.tier))

    flagged = set(safety_flagged)
    for breach in breaches:
        if (breach.sku, breach.warehouse_id) not in flagged:
            alerts.append(_alert(board, "safety", sku=breach.sku,
                                 warehouse_id=breach.warehouse_id,
                                 old=str(round(breach.safety_stock)),
                                 new=str(breach.available)))
    return Changes(tuple(lights), tuple(alerts))


def _alert(board: Board, kind: str, *, old: str, new: str, sku: str | None = None,
           warehouse_id: str | None = None, names: Mapping[str, str] | None = None
           ) -> NewAlert:
    return NewAlert(session_id=board.session_id, ts=board.at, kind=kind, sku=sku,
                    warehouse_id=warehouse_id, old_value=old, new_value=new,
                    message=alert_message(kind, sku=sku, warehouse_id=warehouse_id, old=old,
                                          new=new, lang="en", names=names))


@dataclass(frozen=True)
class AlertView:
    """One alert as the board shows it, in both languages."""

    ts: datetime
    kind: str  # "light", "swap_to", "tier", "safety" (others may be written by other tools)
    sku: str | None
    warehouse_id: str | None
    old_value: str | None
    new_value: str | None
    message: str
    message_zh: str


def alert_view(*, ts: datetime, kind: str, sku: str | None, warehouse_id: str | None,
               old: str | None, new: str | None, message: str,
               names: Mapping[str, str] | None = None) -> AlertView:
    """A stored alert in both languages (products by `names`, sku -> name, where the
    alert names them); `message` (as stored) for a kind the board did not write."""
    en = alert_message(kind, sku=sku, warehouse_id=warehouse_id, old=old, new=new, lang="en",
                       names=names)
    zh = alert_message(kind, sku=sku, warehouse_id=warehouse_id, old=old, new=new, lang="zh",
                       names=names)
    return AlertView(ts=ts, kind=kind, sku=sku, warehouse_id=warehouse_id, old_value=old,
                     new_value=new, message=en or message, message_zh=zh or message)


def alert_message(kind: str, *, sku: str | None, warehouse_id: str | None, old: str | None,
                  new: str | None, lang: str,
                  names: Mapping[str, str] | None = None) -> str | None:
    """The text of one of the board's alerts in `lang`; None for a kind it did not write.
    A "swap_to" alert names its products (`names`: sku -> name; a sku without one as is)."""
    if kind == "swap_to" and sku is not None and new:
        named = names or {}
        return t("alert.swap_to", lang, product=named.get(sku, sku),
                 target=named.get(new, new))
    if kind == "light" and old in _LIGHT_VALUES and new in _LIGHT_VALUES:
        return t("alert.light", lang, sku=sku, old=t(f"light.{old}", lang),
                 new=t(f"light.{new}", lang))
    if kind == "tier" and old in _TIER_VALUES and new in _TIER_VALUES:
        return t("alert.tier", lang, old=t(f"tier.{old}", lang), new=t(f"tier.{new}", lang))
    if kind == "safety":
        return t("alert.safety", lang, sku=sku, warehouse=warehouse_id, available=new,
                 safety=old)
    return None


_LIGHT_VALUES = {light.value for light in Light}
_TIER_VALUES = {tier.value for tier in Tier}
