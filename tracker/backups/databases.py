"""Snapshot and restore of the database, one strategy per vendor.

Both work from a Django settings dict (not a Django connection) so a restore can
target a database the running site is not using, as a restore rehearsal does.
"""

import os
import re
import shutil
import sqlite3
import subprocess
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

import psycopg
from django.apps import apps
from django.db import models
from django.utils.translation import gettext as _

from tracker.backups.errors import BackupError

CHUNK = 1024 * 1024

# Rows `migrate` itself creates; a database holding only these is still empty.
SEEDED_BY_MIGRATE = {"contenttypes.ContentType", "auth.Permission", "auth.Group", "auth.Group_permissions"}


@dataclass
class State:
    """What a database holds, as the manifest records it and a restore checks it."""

    counts: dict[str, int] = field(default_factory=dict)
    documents: list[str] = field(default_factory=list)
    migrations: list[list[str]] = field(default_factory=list)
    # Document name -> the SHA-256 its record kept from the upload (where the model keeps one).
    recorded_hashes: dict[str, str] = field(default_factory=dict)


@dataclass
class Snapshot:
    """What the database held at one instant: the state is read in the same snapshot as the dump."""

    vendor: str
    server_version: str
    tool_version: str
    state: State


def tracked_models() -> list[type[models.Model]]:
    return [
        model for model in apps.get_models(include_auto_created=True) if model._meta.managed and not model._meta.proxy
    ]


def _quote(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def _hash_column(model: type[models.Model], file_field: models.FileField) -> str | None:
    """The column where the model keeps the upload's SHA-256: `<field>_sha256`, or `sha256` beside a lone file."""
    names = {f.name: f.column for f in model._meta.concrete_fields}
    file_fields = [f for f in model._meta.concrete_fields if isinstance(f, models.FileField)]
    if f"{file_field.name}_sha256" in names:
        return names[f"{file_field.name}_sha256"]
    return names.get("sha256") if len(file_fields) == 1 else None


def _read_documents(cursor: Any, model: type[models.Model], state: State) -> None:
    table = _quote(model._meta.db_table)
    for file_field in (f for f in model._meta.concrete_fields if isinstance(f, models.FileField)):
        column, hash_column = _quote(file_field.column), _hash_column(model, file_field)
        selected = f"{column}, {_quote(hash_column)}" if hash_column else f"{column}, ''"
        cursor.execute(f"SELECT {selected} FROM {table} WHERE {column} <> ''")  # noqa: S608 - names from the models
        for name, recorded in cursor.fetchall():
            state.documents.append(name)
            if recorded:
                state.recorded_hashes[name] = recorded


def _read_state(cursor: Any, existing_tables: set[str]) -> State:
    """Counts per model, documents referenced by file fields with their recorded hashes, and applied migrations."""
    state = State()
    for model in tracked_models():
        table = model._meta.db_table
        if table not in existing_tables:
            continue
        cursor.execute(f"SELECT COUNT(*) FROM {_quote(table)}")  # noqa: S608 - table names come from the models
        state.counts[model._meta.label] = cursor.fetchone()[0]
        _read_documents(cursor, model, state)
    state.documents = sorted(set(state.documents))
    if "django_migrations" in existing_tables:
        cursor.execute("SELECT app, name FROM django_migrations ORDER BY app, name")
        state.migrations = [list(row) for row in cursor.fetchall()]
    return state


def vendor_of(settings_dict: dict) -> str:
    engine = settings_dict["ENGINE"]
    if engine.endswith("postgresql"):
        return "postgresql"
    if engine.endswith("sqlite3"):
        return "sqlite"
    raise BackupError(_("Backups support PostgreSQL and SQLite, not %(engine)s.") % {"engine": engine})


# --- SQLite: the online backup API copies a consistent image while others write.


def _sqlite_connect(settings_dict: dict) -> sqlite3.Connection:
    name = str(settings_dict["NAME"])
    return sqlite3.connect(name, uri=name.startswith("file:"), timeout=30)


def _sqlite_tables(conn: sqlite3.Connection) -> set[str]:
    return {row[0] for row in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}


def _sqlite_snapshot(settings_dict: dict, dump_path: Path) -> Snapshot:
    source = _sqlite_connect(settings_dict)
    copy = sqlite3.connect(dump_path)
    try:
        # Take the read lock ourselves, within the busy timeout: Connection.backup would retry a locked
        # database forever. One step (pages=-1) then copies under that lock: no half transaction gets in.
        source.execute("BEGIN")
        source.execute("SELECT COUNT(*) FROM sqlite_master").fetchone()
        source.backup(copy)
        source.rollback()
        copy.execute("PRAGMA journal_mode=DELETE")  # a self-contained file, no -wal beside it
        state = _read_state(copy.cursor(), _sqlite_tables(copy))
    except sqlite3.OperationalError as exc:
        raise BackupError(_("The database could not be read for the backup: %(error)s") % {"error": exc}) from exc
    finally:
        copy.close()
        source.close()
    return Snapshot("sqlite", sqlite3.sqlite_version, f"sqlite3 {sqlite3.sqlite_version}", state)


def _sqlite_restore(settings_dict: dict, dump_path: Path) -> None:
    if str(settings_dict["NAME"]).startswith(("file:", ":memory:")):
        raise BackupError(_("A restore needs an SQLite database file, not an in-memory database."))
    Path(settings_dict["NAME"]).parent.mkdir(parents=True, exist_ok=True)
    snapshot = sqlite3.connect(dump_path)
    target = _sqlite_connect(settings_dict)
    try:
        # The backup API replaces the whole target in one write transaction: all or nothing.
        snapshot.backup(target)
    except sqlite3.Error as exc:
        raise BackupError(_("Restoring the SQLite database failed: %(error)s") % {"error": exc}) from exc
    finally:
        target.close()
        snapshot.close()


# --- PostgreSQL: pg_dump from an exported snapshot, restored in one transaction.


def _pg_params(settings_dict: dict) -> dict[str, Any]:
    params = {
        "dbname": settings_dict["NAME"],
        "user": settings_dict.get("USER") or None,
        "password": settings_dict.get("PASSWORD") or None,
        "host": settings_dict.get("HOST") or None,
        "port": str(settings_dict["PORT"]) if settings_dict.get("PORT") else None,
    }
    return {key: value for key, value in params.items() if value}


def _pg_env(settings_dict: dict) -> dict[str, str]:
    """Connection for the client tools through the environment, so no password shows in `ps`."""
    names = {"dbname": "PGDATABASE", "user": "PGUSER", "password": "PGPASSWORD", "host": "PGHOST", "port": "PGPORT"}
    env = {key: value for key, value in os.environ.items() if not key.startswith("PG")}
    env.update({names[key]: str(value) for key, value in _pg_params(settings_dict).items()})
    return env


def _pg_tool(name: str, server_major: int) -> tuple[str, str]:
    path = shutil.which(name)
    if not path:
        raise BackupError(_("%(tool)s is not installed; install the PostgreSQL client tools.") % {"tool": name})
    version = subprocess.run([path, "--version"], capture_output=True, text=True, check=True).stdout.strip()  # noqa: S603
    match = re.search(r"(\d+)(?:\.\d+)?", version)
    if not match or int(match.group(1)) < server_major:
        raise BackupError(
            _("%(tool)s (%(version)s) is older than the database server (%(server)s); install a newer client.")
            % {"tool": name, "version": version, "server": server_major}
        )
    return path, version


def _pg_tables(conn: psycopg.Connection) -> set[str]:
    rows = conn.execute("SELECT tablename FROM pg_tables WHERE schemaname = current_schema()").fetchall()
    return {row[0] for row in rows}


@contextmanager
def _pg_connect(settings_dict: dict) -> Iterator[psycopg.Connection]:
    try:
        conn = psycopg.connect(**_pg_params(settings_dict))
    except psycopg.Error as exc:
        raise BackupError(_("Cannot connect to the database: %(error)s") % {"error": exc}) from exc
    with conn:
        yield conn


def _pg_snapshot(settings_dict: dict, dump_path: Path) -> Snapshot:
    with _pg_connect(settings_dict) as conn:
        conn.isolation_level = psycopg.IsolationLevel.REPEATABLE_READ
        conn.read_only = True
        server_major = conn.info.server_version // 10000
        pg_dump, version = _pg_tool("pg_dump", server_major)
        with conn.transaction():
            # pg_dump joins this transaction's snapshot, so the counts below describe exactly the dump.
            snapshot_id = conn.execute("SELECT pg_export_snapshot()").fetchone()[0]
            result = subprocess.run(  # noqa: S603
                [pg_dump, "--format=custom", f"--snapshot={snapshot_id}", f"--file={dump_path}"],
                env=_pg_env(settings_dict),
                capture_output=True,
                text=True,
            )
            if result.returncode != 0:
                raise BackupError(_("pg_dump failed: %(error)s") % {"error": result.stderr.strip()})
            state = _read_state(conn.cursor(), _pg_tables(conn))
        server_version = conn.execute("SHOW server_version").fetchone()[0]
    return Snapshot("postgresql", server_version, version, state)


def _tail(handle: IO[bytes], limit: int = 4000) -> str:
    handle.seek(0, os.SEEK_END)
    handle.seek(max(0, handle.tell() - limit))
    return handle.read().decode(errors="replace").strip()


def _pg_stream(
    pg_restore: list[str], psql: list[str], env: dict[str, str], prologue: bytes
) -> tuple[int, str, int, str]:
    """Pipe pg_restore's SQL into psql a chunk at a time; return both exit codes and error messages.

    The script is never whole in memory, whatever the database's size. COMMIT is written only
    after pg_restore succeeded: if it, or this process, dies first, psql reaches the end of its
    input inside the open transaction and the server rolls everything back.
    """
    with tempfile.TemporaryFile() as dump_errors, tempfile.TemporaryFile() as load_errors:
        loader = subprocess.Popen(psql, env=env, stdin=subprocess.PIPE, stdout=subprocess.DEVNULL, stderr=load_errors)  # noqa: S603
        dumper = subprocess.Popen(pg_restore, env=env, stdout=subprocess.PIPE, stderr=dump_errors)  # noqa: S603
        try:
            loader.stdin.write(prologue)
            shutil.copyfileobj(dumper.stdout, loader.stdin, CHUNK)
            if dumper.wait() == 0:
                loader.stdin.write(b"COMMIT;\n")
            else:
                loader.kill()
            loader.stdin.close()
        except BrokenPipeError:
            pass  # psql stopped at an error (ON_ERROR_STOP); its own message says which
        finally:
            dumper.stdout.close()
            if dumper.poll() is None:
                dumper.kill()
            dumped, loaded = dumper.wait(), loader.wait()
        return dumped, _tail(dump_errors), loaded, _tail(load_errors)


def _pg_restore(settings_dict: dict, dump_path: Path) -> None:
    with _pg_connect(settings_dict) as conn:
        server_major = conn.info.server_version // 10000
        tables = sorted(_pg_tables(conn))
    pg_restore, _version = _pg_tool("pg_restore", server_major)
    psql, _version = _pg_tool("psql", server_major)
    # Dropping what migrate left and loading the dump run in ONE transaction: a failure leaves the target as it was.
    drops = "".join(f"DROP TABLE IF EXISTS {_quote(table)} CASCADE;\n" for table in tables)
    dumped, dump_error, loaded, load_error = _pg_stream(
        [pg_restore, "--no-owner", "--no-privileges", "--file=-", str(dump_path)],
        [psql, "--quiet", "--no-psqlrc", "-v", "ON_ERROR_STOP=1", "--file=-"],
        _pg_env(settings_dict),
        b"BEGIN;\n" + drops.encode(),
    )
    if dumped != 0:
        raise BackupError(_("pg_restore failed; nothing was changed: %(error)s") % {"error": dump_error})
    if loaded != 0:
        raise BackupError(_("Loading the database failed; nothing was changed: %(error)s") % {"error": load_error})


# --- The vendor-neutral interface the services use.


def snapshot_take(settings_dict: dict, dump_path: Path) -> Snapshot:
    if vendor_of(settings_dict) == "postgresql":
        return _pg_snapshot(settings_dict, dump_path)
    return _sqlite_snapshot(settings_dict, dump_path)


def snapshot_load(settings_dict: dict, dump_path: Path) -> None:
    if vendor_of(settings_dict) == "postgresql":
        _pg_restore(settings_dict, dump_path)
    else:
        _sqlite_restore(settings_dict, dump_path)


def state_read(settings_dict: dict) -> State:
    """Counts, documents and migrations of a live database (used before and after a restore)."""
    if vendor_of(settings_dict) == "postgresql":
        with _pg_connect(settings_dict) as conn:
            return _read_state(conn.cursor(), _pg_tables(conn))
    name = str(settings_dict["NAME"])
    if not name.startswith("file:") and not Path(name).exists():
        return State()
    conn = _sqlite_connect(settings_dict)
    try:
        return _read_state(conn.cursor(), _sqlite_tables(conn))
    finally:
        conn.close()


def holds_data(counts: dict[str, int]) -> list[str]:
    """The models with rows that `migrate` alone would not have put there."""
    return sorted(label for label, count in counts.items() if count and label not in SEEDED_BY_MIGRATE)
