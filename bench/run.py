"""`python -m bench`: generate, serve, load, measure, report. See docs/performance.md."""

from __future__ import annotations

import argparse
import datetime as dt
import os
import platform
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote

from bench.environment import ROOT, bench_database_url, bench_environ, recreate_database


@dataclass
class Endpoint:
    name: str
    path: str
    staff: bool = False
    public_page: bool = False  # held to a third of the bare view's throughput
    bypass_cache: bool = False  # a visitor the page cache cannot serve: every request is rendered


def endpoints(heavy: str) -> list[Endpoint]:
    searches = [
        ("search, Cyrillic name", "/search/?q=" + quote("Серикжан Билаш")),
        ("search, Latin name", "/search/?q=" + quote("Nurlan Abdulov")),
    ]
    public = [
        ("public case list, filtered", "/?status=detained&country=KZ&sort=-changed", True),
        ("public case page, 200 entries", f"/cases/{heavy}/", True),
        *((name, path, False) for name, path in searches),
    ]
    api = [("API case list", "/api/v1/cases/?country=KZ"), ("API case detail", f"/api/v1/cases/{heavy}/")]
    return [
        Endpoint("bare Django view (ceiling)", "/bench/bare/"),
        *(Endpoint(name, path, public_page=page) for name, path, page in public),
        Endpoint("staff timeline (signed in)", f"/staff/cases/{heavy}/timeline/", staff=True),
        *(Endpoint(name, path) for name, path in api),
        *(
            Endpoint(f"{name}, cache bypassed", path, bypass_cache=True)
            for name, path in [*((name, path) for name, path, _page in public), *api]
        ),
    ]


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__)
    parser.add_argument("--scale", type=float, default=1.0, help="1 = 40,000 cases; 0.05 for a quick run")
    parser.add_argument("--seed", type=int, default=8)
    parser.add_argument("--seconds", type=int, default=15, help="load time per endpoint")
    parser.add_argument("--concurrency", type=int, default=8)
    parser.add_argument("--workers", type=int, default=4, help="gunicorn sync workers")
    parser.add_argument("--alerts", type=int, default=10_000, help="email subscribers of the one status change")
    parser.add_argument("--reuse", action="store_true", help="keep the bench database from the last run")
    parser.add_argument("--output", type=Path, default=ROOT / "bench-results")
    parser.add_argument(
        "--only",
        default="",
        help="comma-separated words; load only the endpoints whose name contains one (the bare view always runs)",
    )
    parser.add_argument("--skip-alerts", action="store_true", help="leave out the alert run")
    return parser.parse_args()


def main() -> None:
    args = parse_args()
    database_url = os.environ.get("DATABASE_URL", "")
    redis_url = os.environ.get("REDIS_URL", "")
    if not redis_url:
        sys.exit("make bench needs REDIS_URL (the Celery broker), e.g. redis://127.0.0.1:6379/8")
    env = bench_environ(bench_database_url(database_url), redis_url)
    os.environ.update(env)
    started = time.monotonic()
    load_before = os.getloadavg()
    if not args.reuse:
        recreate_database(env["DATABASE_URL"])
    manage = [sys.executable, str(ROOT / "manage.py")]
    subprocess.run([*manage, "migrate", "--no-input", "-v0"], env=env, check=True)  # noqa: S603
    subprocess.run([*manage, "collectstatic", "--no-input", "-v0"], env=env, check=True)  # noqa: S603

    import django

    django.setup()
    from bench import measure
    from bench.generate import HEAVY_SLUG, Sizes, generate

    generated_in = None
    sizes = Sizes.at(args.scale)
    if not args.reuse:
        print(f"generating the data set at scale {args.scale} ...", flush=True)
        began = time.monotonic()
        sizes = generate(scale=args.scale, seed=args.seed)
        generated_in = time.monotonic() - began
        print(f"generated in {generated_in:.0f} s", flush=True)
    report = measure.run_all(selected(endpoints(HEAVY_SLUG), args.only), env, args)
    report.update(
        sizes=sizes,
        generated_in=generated_in,
        load_before=load_before,
        load_after=os.getloadavg(),
        total_seconds=time.monotonic() - started,
        args=args,
        machine=machine(),
    )
    text = measure.markdown(report)
    print(text)
    args.output.mkdir(parents=True, exist_ok=True)
    stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S")
    for name in (f"bench-{stamp}.md", "latest.md"):
        (args.output / name).write_text(text)
    print(f"written to {args.output / 'latest.md'}")


def selected(all_endpoints: list[Endpoint], only: str) -> list[Endpoint]:
    """The bare view (every figure's ceiling) plus the endpoints named by --only; all without it."""
    words = [word.strip().lower() for word in only.split(",") if word.strip()]
    if not words:
        return all_endpoints
    bare, *rest = all_endpoints
    return [bare, *(e for e in rest if any(word in e.name.lower() for word in words))]


def machine() -> str:
    cpu = next(
        (
            line.split(":", 1)[1].strip()
            for line in Path("/proc/cpuinfo").read_text().splitlines()
            if line.startswith("model name")
        ),
        platform.processor(),
    )
    memory_kb = int(
        next(line.split()[1] for line in Path("/proc/meminfo").read_text().splitlines() if line.startswith("MemTotal"))
    )
    return f"{os.cpu_count()} CPUs ({cpu}), {memory_kb / 1024 / 1024:.1f} GB RAM, Python {platform.python_version()}"
