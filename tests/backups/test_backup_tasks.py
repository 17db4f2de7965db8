"""The scheduled backup, its retention, and the alerts when backups fail or stop."""

import json
import os
import subprocess
import sys
import tarfile
import time
import uuid

import pyrage
import pytest
from django.conf import settings as django_settings
from django.core import mail

from tests.backups.backup_data import SIGNING_KEY, make_keys
from tests.factories import CaseFactory, PersonFactory
from tracker import tasks
from tracker.backups.keys import identities_read
from tracker.backups.services import archives_list
from tracker.celery import app

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


@pytest.fixture
def backup_settings(settings, tmp_path):
    settings.BACKUP_DIR = tmp_path / "backups"
    settings.BACKUP_RECIPIENTS, _identity = make_keys(tmp_path)
    settings.BACKUP_KEEP = 2
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.ADMINS = [("Admin", "admin@example.org")]
    return settings


def test_beat_runs_the_backup_daily_and_the_freshness_check():
    schedule = {entry["task"]: entry["schedule"] for entry in django_settings.CELERY_BEAT_SCHEDULE.values()}
    assert {"tracker.tasks.backup_run", "tracker.tasks.backup_check_freshness"} <= set(schedule)
    assert schedule["tracker.tasks.backup_run"].hour == {django_settings.BACKUP_HOUR_UTC}
    app.loader.import_default_modules()
    assert {"tracker.tasks.backup_run", "tracker.tasks.backup_check_freshness"} <= set(app.tasks)


def test_daily_backup_keeps_the_newest_n(backup_settings, editor):
    CaseFactory()
    made = [tasks.backup_run.apply().get() for _ in range(3)]

    kept = archives_list(backup_settings.BACKUP_DIR)
    assert [str(path) for path in kept] == made[1:]
    assert mail.outbox == []


def test_failed_backup_tells_editors_and_admins_without_case_data(backup_settings, editor, staff_member):
    PersonFactory(name="Planted Restricted Witness", visibility="restricted")
    backup_settings.BACKUP_RECIPIENTS = ""

    assert tasks.backup_run.apply().get() is None

    assert archives_list(backup_settings.BACKUP_DIR) == []
    to_editors, to_admins = mail.outbox
    assert to_editors.to == ["editor@example.org"]  # editors, not every staff member
    assert to_admins.to == ["admin@example.org"]
    assert to_editors.subject == "Case tracker: backups need attention"
    assert "The backup failed: No public key to encrypt backups with" in to_editors.body
    assert "No good backup was found." in to_editors.body
    assert "Planted Restricted Witness" not in to_editors.body + to_admins.body


@pytest.mark.parametrize(
    ("archive_age_hours", "alerted"),
    [(None, True), (1, False), (25, True)],
)
def test_freshness_check_alerts_when_no_backup_for_over_a_day(backup_settings, editor, archive_age_hours, alerted):
    if archive_age_hours is not None:
        path = tasks.backup_run.apply().get()
        then = time.time() - archive_age_hours * 3600
        os.utime(path, (then, then))

    assert tasks.backup_check_freshness.apply().get() is (not alerted)

    assert len(mail.outbox) == (2 if alerted else 0)
    if alerted:
        assert "No backup has succeeded for more than 24 hours." in mail.outbox[0].body


@pytest.mark.postgres
@pytest.mark.redis
@pytest.mark.celery_worker
def test_a_real_worker_makes_the_backup_beat_asks_for(tmp_path):
    """The task goes through Redis to a real `celery worker` process using the test database."""
    from django.db import connection

    CaseFactory()
    recipients, identity = make_keys(tmp_path)
    queue = f"backup-test-{uuid.uuid4().hex[:8]}"  # no other test's worker may take this task
    env = {
        **os.environ,
        "DATABASE_URL": _url_for(connection.settings_dict),
        "REDIS_URL": django_settings.REDIS_URL,
        "TRACKER_VAR_DIR": str(tmp_path / "var"),
        "BACKUP_DIR": str(tmp_path / "backups"),
        "BACKUP_RECIPIENTS": recipients,
        "BACKUP_SIGNING_KEY": SIGNING_KEY,
    }
    command = [sys.executable, "-m", "celery", "-A", "tracker", "worker", "--pool=solo", "-Q", queue, "-l", "WARNING"]
    worker = subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    try:
        tasks.backup_run.apply_async(queue=queue)
        deadline = time.monotonic() + 90
        while not archives_list(tmp_path / "backups") and time.monotonic() < deadline and worker.poll() is None:
            time.sleep(0.5)
    finally:
        worker.terminate()
        _out, errors = worker.communicate(timeout=30)
    (archive,) = archives_list(tmp_path / "backups")
    plain = tmp_path / "plain.tar"
    pyrage.decrypt_file(str(archive), str(plain), identities_read(identity))
    with tarfile.open(plain) as tar:
        manifest = json.load(tar.extractfile("manifest.json"))
    assert manifest["counts"]["cases.Case"] == 1, errors


def _url_for(settings_dict: dict) -> str:
    user = settings_dict.get("USER") or "postgres"
    password = f":{settings_dict['PASSWORD']}" if settings_dict.get("PASSWORD") else ""
    host = settings_dict.get("HOST") or "127.0.0.1"
    port = settings_dict.get("PORT") or 5432
    return f"postgres://{user}{password}@{host}:{port}/{settings_dict['NAME']}"


def test_a_document_missing_from_disk_is_backed_up_around_and_reported(backup_settings, editor, tmp_path):
    from django.core.files.base import ContentFile

    from tests.factories import SourceFactory

    source = SourceFactory()
    source.file.save("lost-ruling.pdf", ContentFile(b"%PDF lost"))
    os.unlink(source.file.path)

    path = tasks.backup_run.apply().get()

    assert path is not None
    (alert, _to_admins) = mail.outbox
    assert "1 document(s) that records refer to are missing from the media folder" in alert.body
    assert f"e.g. {source.file.name}." in alert.body
