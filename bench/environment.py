"""The bench's own database and environment, derived from DATABASE_URL and REDIS_URL."""

from __future__ import annotations

import os
import secrets
import sys
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import psycopg
from psycopg import sql

ROOT = Path(__file__).resolve().parent.parent


def bench_database_url(database_url: str) -> str:
    """The same server, database "<name>_bench": the dev database is never touched."""
    parts = urlsplit(database_url)
    if parts.scheme not in ("postgres", "postgresql"):
        sys.exit("make bench needs DATABASE_URL pointing at PostgreSQL, e.g. postgres://postgres@127.0.0.1/tracker")
    name = os.environ.get("BENCH_DATABASE_NAME") or f"{parts.path.lstrip('/') or 'tracker'}_bench"
    return urlunsplit(parts._replace(path=f"/{name}"))


def recreate_database(url: str) -> None:
    parts = urlsplit(url)
    name = parts.path.lstrip("/")
    admin_url = urlunsplit(parts._replace(path="/postgres"))
    with psycopg.connect(admin_url, autocommit=True) as conn:
        conn.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name)))
        conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))


def bench_environ(database_url: str, redis_url: str) -> dict[str, str]:
    """Production settings for local http: DEBUG off, a throwaway key, no HTTPS redirect."""
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "bench.settings",
        "DATABASE_URL": database_url,
        "REDIS_URL": redis_url,
        "SECRET_KEY": os.environ.get("BENCH_SECRET_KEY") or secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "SECURE_SSL_REDIRECT": "false",
        "STATIC_ROOT": str(ROOT / "var" / "bench-static"),
        "CELERY_QUEUE": "bench",
        "LOG_LEVEL": "WARNING",
        "PYTHONPATH": str(ROOT),
    }
