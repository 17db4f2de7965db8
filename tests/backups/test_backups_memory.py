"""A restore's memory does not grow with the database: a dump larger than the cap restores under it.

Each restore runs as `manage.py restore` in its own process; its peak resident set size, and
that of the pg_restore and psql it runs, comes from the kernel through wait4().
"""

import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from django.db import connection

from tests.backups.backup_data import SIGNING_PUBLIC, make_keys, scratch_postgres
from tests.backups.test_backup_tasks import _url_for
from tracker.backups import databases
from tracker.backups.services import backup_create

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)
ROOT = Path(__file__).resolve().parents[2]
DUMP_MB = 200  # the dump is made larger than this
TIME = "/usr/bin/time"  # GNU time (Debian package "time"), installed by .ci/run
CAP_MB = 256  # the ceiling docs/backups.md gives for the restore's peak
ROWS = 280  # of about 1 MB each: the dump comes out larger than DUMP_MB


def _restore_peak_rss_mb(tmp_path: Path, archive: Path, identity: Path, database_url: str | None) -> float:
    env = {k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "REDIS_URL"}}
    env.update(TRACKER_VAR_DIR=str(tmp_path / "restored"), BACKUP_TRUSTED_SIGNERS=SIGNING_PUBLIC)
    if database_url:
        env["DATABASE_URL"] = database_url
    # Measured by GNU time, whose own child the restore is: a child of this test process would
    # report the test process's size too, since Linux keeps the high-water mark across fork and exec.
    measured = tmp_path / "restore.rss"
    with open(tmp_path / "restore.out", "w+") as out:
        command = [sys.executable, "manage.py", "restore", str(archive), "--identity", str(identity)]
        timed = [TIME, "-f", "%M", "-o", str(measured), *command]
        process = subprocess.run(timed, cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT, check=False)
        out.seek(0)
        assert process.returncode == 0, out.read()
        assert "Restored and verified:" in out.read()
    peak = int(measured.read_text().split()[-1]) / 1024  # kilobytes
    print(f"peak RSS of the restore: {peak:.0f} MB")  # the figure docs/backups.md quotes
    return peak


def _dump_mb(result) -> float:
    return result.path.stat().st_size / 1024 / 1024


@pytest.mark.postgres
def test_postgres_restore_of_a_dump_larger_than_the_cap_stays_under_it(tmp_path, settings):
    settings.MEDIA_ROOT = tmp_path / "media"
    with connection.cursor() as cursor:
        # About 1 MB of base64 from random bytes per row: it compresses little, so the dump stays large.
        cursor.execute(
            "INSERT INTO tracker_securityevent (kind, username, path, detail, happened_at)"
            " SELECT 'failure', '', '', encode(decode((SELECT string_agg(md5(random()::text || g || i), '')"
            "  FROM generate_series(1, 49152) i), 'hex'), 'base64'), now() FROM generate_series(1, %s) g",
            [ROWS],
        )
    recipients, identity = make_keys(tmp_path)
    result = backup_create(directory=tmp_path / "backups", recipients_text=recipients)
    assert _dump_mb(result) > DUMP_MB

    with scratch_postgres() as target:
        peak = _restore_peak_rss_mb(tmp_path, result.path, identity, _url_for(target))

    assert peak < CAP_MB


def test_sqlite_restore_of_a_database_larger_than_the_cap_stays_under_it(tmp_path, settings):
    if connection.vendor != "sqlite":
        pytest.skip("the SQLite path runs in the suite without DATABASE_URL")
    settings.MEDIA_ROOT = tmp_path / "media"
    live = {"ENGINE": "django.db.backends.sqlite3", "NAME": tmp_path / "live.sqlite3"}
    databases.snapshot_take(connection.settings_dict, live["NAME"])
    with sqlite3.connect(live["NAME"]) as conn:
        conn.execute(
            "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < ?)"
            " INSERT INTO tracker_securityevent (kind, username, path, detail, happened_at)"
            " SELECT 'failure', '', '', hex(randomblob(524288)), datetime('now') FROM n",
            [ROWS],
        )
    recipients, identity = make_keys(tmp_path)
    result = backup_create(directory=tmp_path / "backups", recipients_text=recipients, database=live)
    assert _dump_mb(result) > DUMP_MB

    peak = _restore_peak_rss_mb(tmp_path, result.path, identity, None)

    assert peak < CAP_MB
