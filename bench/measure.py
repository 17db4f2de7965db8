"""Per-endpoint figures (queries, load, memory), the alert run, and the Markdown report."""

from __future__ import annotations

import time

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext, override_settings

from bench import alerts
from bench.generate import STAFF_USERNAME
from bench.load import LoadResult, gunicorn, run_wrk, worker_rss_mb

TARGET_P99_MS = 100
TARGET_SEARCH_P95_MS = 50
TARGET_PUBLIC_RATIO = 1 / 3
TARGET_RSS_MB = 150
TARGET_ALERT_SECONDS = 60
TARGET_ALERT_RATIO = 3


# What makes the page cache pass a visitor by (tracker/page_cache.py): a messages cookie, as
# after a form. Every such request is rendered, so these rows measure the render itself.
BYPASS_COOKIE = "messages=bench-bypasses-the-page-cache"


def count_queries(client: Client, path: str) -> tuple[int, int]:
    """(status, queries) of one rendered request after a warm-up, in this process, on the bench database.

    With the page cache off: a page served from the cache makes none, so this is the
    figure that must stay constant whatever the data size.
    """
    with override_settings(TRACKER_PAGE_CACHE_SECONDS=0):
        client.get(path)
        with CaptureQueriesContext(connection) as captured:
            status = client.get(path).status_code
    return status, len(captured)


def signed_in_with_second_factor(client: Client, user) -> None:
    """A staff session past the one-time code, as production requires (TRACKER_REQUIRE_2FA).

    Without it every staff request is a redirect to the code form, which is what the first
    run measured by mistake. The device is a django-otp static one made for the bench user.
    """
    from django_otp import DEVICE_ID_SESSION_KEY
    from django_otp.plugins.otp_static.models import StaticDevice

    device, _created = StaticDevice.objects.get_or_create(user=user, name="bench", defaults={"confirmed": True})
    client.force_login(user)
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()


def run_all(endpoints, env: dict[str, str], args) -> dict:
    anonymous, staff = Client(), Client()
    signed_in_with_second_factor(staff, get_user_model().objects.get(username=STAFF_USERNAME))
    cookie = f"{settings.SESSION_COOKIE_NAME}={staff.cookies[settings.SESSION_COOKIE_NAME].value}"
    rows = []
    for endpoint in endpoints:
        status, queries = count_queries(staff if endpoint.staff else anonymous, endpoint.path)
        rows.append({"endpoint": endpoint, "status": status, "queries": queries})
    with gunicorn(env, args.workers) as (server, base):
        for row in rows:
            endpoint = row["endpoint"]
            print(f"loading {endpoint.path} for {args.seconds} s ...", flush=True)
            extra = {"cookie": cookie} if endpoint.staff else {"cookie": BYPASS_COOKIE} if endpoint.bypass_cache else {}
            run_wrk(base + endpoint.path, seconds=2, connections=args.concurrency, **extra)  # warm-up
            row["load"] = run_wrk(base + endpoint.path, seconds=args.seconds, connections=args.concurrency, **extra)
        rss = worker_rss_mb(server.pid)
    alert = None
    if not args.skip_alerts:
        print(f"alerts: {args.alerts} subscribers ...", flush=True)
        began = time.monotonic()
        alert = alerts.run_alerts(env, args.alerts)
        print(f"alerts done in {time.monotonic() - began:.0f} s", flush=True)
    return {"rows": rows, "rss": rss, "alert": alert}


def _verdict(ok: bool) -> str:
    return "met" if ok else "**missed**"


def markdown(report: dict) -> str:
    args, sizes, rows = report["args"], report["sizes"], report["rows"]
    bare: LoadResult = rows[0]["load"]
    lines = [
        f"Scale {args.scale}: {sizes.cases:,} cases, {sizes.people:,} people, {sizes.events:,} events, "
        f"{sizes.sources:,} sources, {sizes.subscribers:,} subscribers"
        + (f" (generated in {report['generated_in']:.0f} s)." if report["generated_in"] else " (reused)."),
        f"Machine: {report['machine']}.",
        "Load average (1, 5, 15 min) before: {:.2f} {:.2f} {:.2f}; after: {:.2f} {:.2f} {:.2f}.".format(
            *report["load_before"], *report["load_after"]
        ),
        f"gunicorn {args.workers} sync workers; wrk, {args.concurrency} connections, {args.seconds} s per endpoint. "
        f"Whole run: {report['total_seconds'] / 60:.1f} min.",
        "",
        "| Endpoint | Requests/s | p50 ms | p95 ms | p99 ms | SQL queries (rendered) | × bare view | Errors |",
        "|---|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for row in rows:
        load: LoadResult = row["load"]
        ratio = load.rps / bare.rps if bare.rps else 0
        errors = load.errors + load.non2xx if row["status"] == 200 else f"status {row['status']}"
        lines.append(
            f"| {row['endpoint'].name} (`{row['endpoint'].path}`) | {load.rps:,.0f} | {load.p50_ms:.1f} | "
            f"{load.p95_ms:.1f} | {load.p99_ms:.1f} | {row['queries']} | {ratio:.2f} | "
            f"{errors} |"
        )
    alert = report["alert"]
    lines += [
        "",
        (
            f"Alerts: {alert.count:,} emails from one status change accepted by the SMTP sink in "
            f"**{alert.alert_seconds:.1f} s** ({alert.count / alert.alert_seconds:,.0f}/s; "
            f"{alert.delivered:,} rows sent); {alert.count:,} empty Celery tasks: {alert.empty_seconds:.1f} s "
            f"({alert.count / alert.empty_seconds:,.0f}/s); ratio {alert.ratio:.1f}×. Two worker processes (solo pool)."
            if alert
            else "Alerts: not run (--skip-alerts)."
        ),
        f"Web worker RSS after the run: {', '.join(f'{mb:.0f}' for mb in report['rss'])} MB.",
        "",
        *targets(rows, bare, alert, report["rss"]),
    ]
    return "\n".join(lines) + "\n"


def _latency(row: dict, attribute: str) -> float:
    # No request finished within wrk's 10 s timeout: slower than anything measured.
    load: LoadResult = row["load"]
    return getattr(load, attribute) if load.requests else float("inf")


def targets(rows, bare: LoadResult, alert, rss: list[float]) -> list[str]:
    # With --only some rows are absent: their targets are left out rather than judged on nothing.
    lines = ["Targets (judged on requests as served; cache-bypassed rows are reported apart):"]
    served = [row for row in rows[1:] if not row["endpoint"].bypass_cache]
    bypassed = [row for row in rows[1:] if row["endpoint"].bypass_cache]
    if served:
        slowest = max(served, key=lambda row: _latency(row, "p99_ms"))
        lines.append(
            f"- p99 < {TARGET_P99_MS} ms: {_verdict(_latency(slowest, 'p99_ms') < TARGET_P99_MS)} "
            f"(worst: {slowest['endpoint'].name}, {_latency(slowest, 'p99_ms'):.0f} ms)"
        )
    public = [row for row in rows if row["endpoint"].public_page]
    if public:
        weakest = min(public, key=lambda row: row["load"].rps)
        lines.append(
            f"- public pages ≥ 1/3 of the bare view: {_verdict(weakest['load'].rps >= bare.rps * TARGET_PUBLIC_RATIO)} "
            f"(weakest: {weakest['endpoint'].name}, {weakest['load'].rps / bare.rps:.2f})"
        )
    searches = [row for row in served if row["endpoint"].path.startswith("/search/")]
    if searches:
        search_p95 = max(_latency(row, "p95_ms") for row in searches)
        lines.append(
            f"- search p95 < {TARGET_SEARCH_P95_MS} ms: {_verdict(search_p95 < TARGET_SEARCH_P95_MS)} "
            f"({search_p95:.0f} ms)"
        )
    if alert:
        lines.append(
            f"- alerts < {TARGET_ALERT_SECONDS} s and within {TARGET_ALERT_RATIO}× of empty tasks: "
            f"{_verdict(alert.alert_seconds < TARGET_ALERT_SECONDS and alert.ratio <= TARGET_ALERT_RATIO)}"
        )
    lines.append(f"- web worker RSS < {TARGET_RSS_MB} MB: {_verdict(max(rss, default=0) < TARGET_RSS_MB)}")
    for row in bypassed:
        lines.append(
            f"- for comparison, {row['endpoint'].name}: p95 {_latency(row, 'p95_ms'):.0f} ms, "
            f"p99 {_latency(row, 'p99_ms'):.0f} ms (p99 target {TARGET_P99_MS} ms: "
            f"{_verdict(_latency(row, 'p99_ms') < TARGET_P99_MS)})"
        )
    return lines
