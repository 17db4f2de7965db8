"""A backup taken while staff write is a snapshot of one instant: no row refers to a missing row,
and every write transaction is either wholly in it or wholly out of it."""

import sqlite3
import threading
import time
import uuid

import psycopg
import pytest
from django.db import connection, transaction

from tests import factories
from tests.backups.backup_data import make_keys, scratch_postgres
from tracker.backups import databases
from tracker.backups.services import backup_create, backup_restore

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


class Writer(threading.Thread):
    """Writes one parent with its children per transaction until stopped."""

    def __init__(self, write_one) -> None:
        super().__init__(daemon=True)
        self.write_one = write_one
        self.stop = threading.Event()
        self.written = 0
        self.error: BaseException | None = None

    def run(self) -> None:
        try:
            while not self.stop.is_set():
                self.write_one(self.written)
                self.written += 1
        except BaseException as exc:  # reported by the test, not lost in the thread
            self.error = exc
        finally:
            connection.close()  # this thread's own Django connection, if it opened one

    def finish(self) -> int:
        self.stop.set()
        self.join(timeout=30)
        assert self.error is None, self.error
        return self.written


def _backup_while(writer: Writer, tmp_path, database: dict | None = None):
    recipients, identity = make_keys(tmp_path)
    writer.start()
    while writer.written < 5:
        # A writer that failed would never reach 5: say why instead of waiting forever.
        assert writer.error is None and writer.is_alive(), writer.error
        time.sleep(0.01)
    before = writer.written
    path = backup_create(directory=tmp_path / "backups", recipients_text=recipients, database=database).path
    during = writer.written - before
    written = writer.finish()
    assert during > 0, "the writer must have been writing while the backup ran"
    return path, identity, before, written


def test_sqlite_snapshot_taken_during_writes_is_consistent(tmp_path, settings):
    settings.MEDIA_ROOT = tmp_path / "media"
    live = {"ENGINE": "django.db.backends.sqlite3", "NAME": tmp_path / "live.sqlite3"}
    if connection.vendor != "sqlite":
        pytest.skip("the SQLite path runs in the suite without DATABASE_URL")
    # A file database in WAL mode, as the embedded default runs, so writer and backup really overlap.
    databases.snapshot_take(connection.settings_dict, live["NAME"])
    with sqlite3.connect(live["NAME"]) as conn:
        conn.execute("PRAGMA journal_mode=WAL")

    def write_one(number: int) -> None:
        conn = sqlite3.connect(live["NAME"], timeout=30, isolation_level=None)
        try:
            conn.execute("BEGIN IMMEDIATE")
            cursor = conn.execute(
                "INSERT INTO people_person (slug, name, visibility, born_in, citizenship, description, created_at,"
                " updated_at) VALUES (?, ?, 'public', '', '', '', datetime('now'), datetime('now'))",
                (f"w-{number}", f"Written {number}"),
            )
            for alias in ("A", "B"):
                conn.execute(
                    "INSERT INTO people_personname (uid, person_id, name, kind, script, language, folded)"
                    " VALUES (?, ?, ?, 'alias', 'latin', '', ?)",
                    (uuid.uuid4().hex, cursor.lastrowid, f"{alias} {number}", f"{alias.lower()} {number}"),
                )
            conn.execute("COMMIT")
        finally:
            conn.close()

    path, identity, before, written = _backup_while(Writer(write_one), tmp_path, live)
    target = {"ENGINE": "django.db.backends.sqlite3", "NAME": tmp_path / "restored.sqlite3"}
    report = backup_restore(archive_path=path, identity_path=identity, database=target, media_root=tmp_path / "m")

    with sqlite3.connect(target["NAME"]) as conn:
        assert conn.execute("PRAGMA foreign_key_check").fetchall() == []
        names = conn.execute("SELECT COUNT(*) FROM people_personname WHERE name LIKE 'A %' OR name LIKE 'B %'")
        assert names.fetchone()[0] == 2 * report.counts["people.Person"]
    assert before <= report.counts["people.Person"] <= written


@pytest.mark.postgres
def test_postgres_snapshot_taken_during_writes_is_consistent(tmp_path, settings):
    settings.MEDIA_ROOT = tmp_path / "media"

    def write_one(number: int) -> None:
        with transaction.atomic():
            case = factories.CaseFactory(slug=f"w-{number}")
            person = factories.PersonFactory(slug=f"w-{number}")
            factories.ParticipantFactory(case=case, person=person)
            factories.PersonNameFactory(person=person)

    path, identity, before, written = _backup_while(Writer(write_one), tmp_path)

    with scratch_postgres() as target:
        # pg_restore creates the foreign keys after loading: a dangling row would make it fail.
        report = backup_restore(archive_path=path, identity_path=identity, database=target, media_root=tmp_path / "m")
        with psycopg.connect(**databases._pg_params(target)) as conn:
            counts = conn.execute(
                "SELECT (SELECT COUNT(*) FROM cases_case WHERE slug LIKE 'w-%'),"
                " (SELECT COUNT(*) FROM people_person WHERE slug LIKE 'w-%'),"
                " (SELECT COUNT(*) FROM cases_participant p JOIN cases_case c ON c.id = p.case_id"
                "  WHERE c.slug LIKE 'w-%'),"
                " (SELECT COUNT(*) FROM cases_casestatuschange s JOIN cases_case c ON c.id = s.case_id"
                "  WHERE c.slug LIKE 'w-%')"
            ).fetchone()
    cases = counts[0]
    assert counts == (cases, cases, cases, cases)
    assert before <= cases <= written
    assert report.counts["cases.Case"] == cases
