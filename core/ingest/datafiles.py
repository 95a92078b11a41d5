"""LiveStock's data files (docs/data-files.md): their columns and what each may hold.

`FILES` lists the ten files in dependency order (warehouses and products before what refers
to them); each `FileSpec` names its table, its key, its columns and the rules between them.
Tables are named, not imported: only the loader's reads, writes and service turn a name
into the store's table.
"""

from __future__ import annotations

from dataclasses import dataclass

from core.common.choices import LANE_MODES, ORDER_STATUSES, TRAFFIC_KINDS, WAREHOUSE_MODES


@dataclass(frozen=True)
class Column:
    """One column of a data file: how its text becomes a value.

    kind: id (text of at most 64 characters), text, country, currency, choice, decimal
    (a number >= 0), whole (an integer >= 0), positive (an integer >= 1), flag
    (true/false), instant (ISO 8601 with an offset), platform (a platform id; display names
    such as "TikTok Shop" read as tiktok), platforms (";"-separated platform ids).
    `default`: the text an empty cell (or a missing optional column, on insert) reads as.
    """

    name: str
    kind: str
    required: bool = True
    empty_ok: bool = False
    choices: tuple[str, ...] = ()
    refers_to: str | None = None
    default: str | None = None


@dataclass(frozen=True)
class InOrder:
    """`earlier` must not come after `later` (or must come strictly before when strict)."""

    earlier: str
    later: str
    strict: bool
    blame: str
    says: str


@dataclass(frozen=True)
class FileSpec:
    name: str
    table: str  # the store's table the file fills, by name (e.g. "order_line")
    key: tuple[str, ...]
    columns: tuple[Column, ...]
    provides: str | None = None
    in_order: tuple[InOrder, ...] = ()
    source: str | None = None  # order_line.source; default load:<file>

    def column(self, name: str) -> Column:
        return next(c for c in self.columns if c.name == name)


def _fees(*names: str) -> tuple[Column, ...]:
    return tuple(Column(name, "decimal") for name in names)


FILES: tuple[FileSpec, ...] = (
    FileSpec("warehouses.csv", "warehouse", ("warehouse_id",), (
        Column("warehouse_id", "id"), Column("name", "text"), Column("country", "country"),
        Column("mode", "choice", choices=WAREHOUSE_MODES), Column("currency", "currency"),
        *_fees("storage_fee_unit_day", "inbound_fee_unit", "outbound_fee_order",
               "return_fee_unit"),
        Column("serves", "platforms", required=False, empty_ok=True),
        Column("receiving_days", "whole", required=False, empty_ok=True, default="0"),
    ), provides="warehouse"),
    FileSpec("products.csv", "product", ("sku",), (
        Column("sku", "id"), Column("name", "text"), Column("category", "text"),
        Column("substitute_group", "text", required=False, empty_ok=True),
        *_fees("unit_cost", "price"), Column("currency", "currency"),
        Column("presale_allowed", "flag"), Column("supplier_lead_days", "whole"),
        Column("moq", "positive", required=False, empty_ok=True, default="1"),
        Column("case_pack", "positive", required=False, empty_ok=True, default="1"),
    ), provides="sku"),
    FileSpec("lanes.csv", "lane", ("warehouse_id", "mode", "from_warehouse_id"), (
        Column("warehouse_id", "id", refers_to="warehouse"),
        Column("mode", "choice", choices=LANE_MODES),
        *_fees("transit_days", "transit_days_sd", "cost_unit", "cost_shipment"),
        # Empty = from the supplier; kept as "" since it is part of the key.
        Column("from_warehouse_id", "id", required=False, empty_ok=True, default="",
               refers_to="warehouse"),
    )),
    FileSpec("stock.csv", "stock_count", ("sku", "warehouse_id", "counted_at"), (
        Column("sku", "id", refers_to="sku"), Column("warehouse_id", "id", refers_to="warehouse"),
        Column("counted_at", "instant"), Column("on_hand", "whole"), Column("reserved", "whole"),
    )),
    FileSpec("inbound.csv", "inbound", ("shipment_id", "sku"), (
        Column("shipment_id", "id"), Column("sku", "id", refers_to="sku"),
        Column("warehouse_id", "id", refers_to="warehouse"), Column("qty", "whole"),
        Column("mode", "choice", choices=LANE_MODES), Column("shipped_at", "instant"),
        Column("eta", "instant"),
        Column("received_at", "instant", required=False, empty_ok=True),
    ), in_order=(InOrder("shipped_at", "eta", strict=False, blame="eta",
                         says="eta {later} is before shipped_at {earlier}"),
                 InOrder("shipped_at", "received_at", strict=False, blame="received_at",
                         says="received_at {later} is before shipped_at {earlier}"))),
    FileSpec("sessions.csv", "live_session", ("session_id",), (
        Column("session_id", "id"), Column("title", "text"), Column("platform", "platform"),
        Column("market", "country"), Column("warmup_start", "instant", empty_ok=True),
        Column("start", "instant"), Column("end", "instant"),
        Column("traffic", "choice", choices=TRAFFIC_KINDS),
        Column("expected_viewers", "decimal", required=False, empty_ok=True),
    ), provides="session", in_order=(
        InOrder("start", "end", strict=True, blame="end",
                says="end {later} is not after start {earlier}"),
        InOrder("warmup_start", "start", strict=False, blame="warmup_start",
                says="warmup_start {earlier} is after start {later}"),
    )),
    FileSpec("lineup.csv", "lineup", ("session_id", "sku"), (
        Column("session_id", "id", refers_to="session"), Column("sku", "id", refers_to="sku"),
        Column("slot", "whole"), Column("price", "decimal"),
        Column("variant", "text", required=False, empty_ok=True),
    )),
    FileSpec("viewers.csv", "viewer_sample", ("session_id", "ts"), (
        Column("session_id", "id", refers_to="session"), Column("ts", "instant"),
        Column("viewers", "whole"),
        Column("interactions", "whole", required=False, empty_ok=True),
    )),
    FileSpec("funnel.csv", "funnel_sample", ("session_id", "sku", "ts"), (
        Column("session_id", "id", refers_to="session"), Column("sku", "id", refers_to="sku"),
        Column("ts", "instant"), Column("impressions", "whole"), Column("clicks", "whole"),
    ), in_order=(InOrder("clicks", "impressions", strict=False, blame="clicks",
                         says="clicks {earlier} exceed impressions {later}"),)),
    FileSpec("orders.csv", "order_line", ("order_id", "sku"), (
        Column("order_id", "id"), Column("sku", "id", refers_to="sku"), Column("ts", "instant"),
        Column("qty", "positive"), Column("unit_price", "decimal"),
        Column("currency", "currency"),
        Column("session_id", "id", required=False, empty_ok=True, refers_to="session"),
        Column("warehouse_id", "id", required=False, empty_ok=True, refers_to="warehouse"),
        Column("customer_id", "text", required=False, empty_ok=True),
        Column("status", "choice", required=False, empty_ok=True, choices=ORDER_STATUSES,
               default="paid"),
        Column("platform", "platform", required=False, empty_ok=True),
        Column("market", "country", required=False, empty_ok=True),
    )),
)
FILE_NAMES = tuple(spec.name for spec in FILES)

# What a column may refer to: the table and key column that hold it, and the file that fills it.
REFERENCE_SOURCES = {
    "warehouse": ("warehouse", "warehouse_id", "warehouses.csv"),
    "sku": ("product", "sku", "products.csv"),
    "session": ("live_session", "session_id", "sessions.csv"),
}
