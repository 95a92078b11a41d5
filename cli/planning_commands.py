"""Commands between and after streams: the forecast, the plan, the review."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from cli.app import AtOption, DbOption, app, fail, parse_at, store


@app.command()
def forecast(
    session: Annotated[str | None, typer.Option("--session", help="The session to forecast.")]
    = None,
    at: AtOption = None,
    backtest: Annotated[bool, typer.Option(
        "--backtest", help="Replay every past session as if upcoming and compare WAPE and "
                           "range coverage with two naive baselines.")] = False,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
    db: DbOption = None,
) -> None:
    """The session's forecast per product: low, expected, high units, and past accuracy."""
    from cli import plan_report
    from core.forecast import service as forecast_service

    moment = parse_at(at)
    if backtest == (session is not None):
        raise fail("give either --session S or --backtest")
    with store(db) as engine:
        if backtest:
            typer.echo(plan_report.backtest_text(forecast_service.backtest(engine, at=moment),
                                                 as_json=as_json))
            return
        assert session is not None
        result = forecast_service.session_forecast(engine, session_id=session, at=moment)
        typer.echo(plan_report.forecast_text(result, as_json=as_json))


@app.command()
def plan(
    at: AtOption = None,
    batch: Annotated[int, typer.Option(
        "--batch", min=1, help="Order in steps of at least this many units (whole cartons "
                               "of the product's case_pack).")] = 1,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
    db: DbOption = None,
) -> None:
    """The replenishment plan per product and warehouse: transfers from the seller's own
    warehouses first when cheaper and in time, air only for the gap, sea for the rest; in
    whole cartons and at least the MOQ; one shipment cost per lane, shared."""
    from cli import plan_report
    from core.planning import service as planning

    moment = parse_at(at)
    with store(db) as engine:
        lines = planning.replenishment_plan(engine, at=moment, batch_units=batch)
    typer.echo(plan_report.plan_text(lines, as_json=as_json))


# ---------------------------------------------------------------------------------------
# Real orders in: platform exports (livestock import ...) and webhooks (serve-webhooks).


@app.command()
def review(
    session: Annotated[str, typer.Option("--session", help="The session to review "
                                                           "(session_id of sessions.csv).")],
    at: AtOption = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print the review JSON (docs/json.md): "
                                                         "session_id, products, ab_tests.")]
    = False,
    html: Annotated[Path | None, typer.Option(
        "--html", help="Also write a self-contained HTML report (charts included, works "
                       "offline) to this file.")] = None,
    csv: Annotated[Path | None, typer.Option(
        "--csv", help="Also write the review's tables as review_*.csv into this folder.")]
    = None,
    lang: Annotated[str, typer.Option(
        "--lang", help="The HTML report's language: en or zh (like the command's own "
                       "output: English).")] = "en",
    tz: Annotated[str, typer.Option("--tz", help="The HTML report's time zone (IANA name; "
                                                 "like the command's own output: UTC).")]
    = "UTC",
    db: DbOption = None,
) -> None:
    """The post-stream review: units, revenue, stock-outs, lost sales, forecast vs actual,
    and A/B results; with --html, the report a team shares.

    Stock-outs, lost sales and the lights use only what was known at --at (default now).
    """
    from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

    from cli import review_export
    from core.common.timeutil import utc_now
    from core.review import service as review_service

    moment = parse_at(at)
    if lang not in ("zh", "en"):
        raise fail(f"--lang: use zh or en, not {lang!r}")
    try:
        zone = ZoneInfo(tz)
    except (ZoneInfoNotFoundError, ValueError):
        raise fail(f"--tz: unknown time zone {tz!r} (e.g. Asia/Shanghai, "
                   "America/New_York)") from None
    with store(db) as engine:
        result = review_service.review_session(engine, session_id=session, at=moment)
        lights, alerts, plan = None, [], []
        if html is not None or csv is not None:
            lights = review_service.light_timeline(engine, session_id=session, at=moment)
            alerts = review_service.session_alerts(engine, session_id=session, at=moment)
            plan = review_service.replenishment_now(engine, session_id=session, at=moment)
        if html is not None and lights is not None:
            from dashboard.report import report_html

            html.write_text(report_html(result, lights=lights, alerts=alerts, plan=plan,
                                        lang=lang,
                                        tz=zone, made_at=utc_now()), encoding="utf-8")
    if csv is not None:
        written = review_export.write_csv(csv, review_export.csv_tables(
            result, lights=lights, alerts=alerts, plan=plan))
        typer.echo(f"wrote {len(written)} tables to {csv}", err=True)
    if html is not None:
        typer.echo(f"wrote the report to {html}", err=True)
    typer.echo(review_export.review_json_text(result) if as_json
               else review_export.review_text(result))
