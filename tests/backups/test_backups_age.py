"""The backup's age in plain sight: the admin index, `manage.py check` in production, and /healthz."""

import datetime as dt
import os

import pytest
import time_machine
from django.db import OperationalError
from django.urls import reverse

from tests.backups.backup_data import make_keys
from tests.security.test_production_settings import run
from tracker.backups.services import backup_create

NOW = dt.datetime(2031, 5, 6, 12, 0, tzinfo=dt.UTC)


def _archive_at(directory, when: dt.datetime) -> None:
    """A finished archive (final name) whose time is `when`, as backup_create leaves one."""
    directory.mkdir(parents=True, exist_ok=True)
    path = directory / f"tracker-backup-{when:%Y%m%dT%H%M%S}000000Z.tar.age"
    path.write_bytes(b"age-encryption.org/v1\n")
    os.utime(path, (when.timestamp(), when.timestamp()))


@pytest.fixture
def backup_dir(settings, tmp_path):
    settings.BACKUP_DIR = tmp_path / "backups"
    return settings.BACKUP_DIR


@pytest.mark.parametrize(
    ("archive_age", "css", "text"),
    [
        (None, "warning", "No verified backup exists. Set up backups (docs/backups.md)"),
        (dt.timedelta(hours=25), "warning", "The last verified backup was taken at 2031-05-05 11:00 UTC, more than 24"),
        (dt.timedelta(hours=2), "info", "Last verified backup: 2031-05-06 10:00 UTC."),
    ],
)
def test_admin_index_shows_the_last_verified_backup(client, editor, backup_dir, archive_age, css, text):
    if archive_age is not None:
        _archive_at(backup_dir, NOW - archive_age)
    with time_machine.travel(NOW, tick=False):
        client.force_login(editor)
        response = client.get(reverse("admin:index"))

    assert response.status_code == 200
    page = response.content.decode()
    assert f'<ul class="messagelist" id="backup-age">\n  \n  <li class="{css}">{text}' in page.replace("\n\n", "\n")
    assert str(backup_dir) not in page


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_real_backup_counts_as_verified(client, editor, backup_dir, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    recipients, _identity = make_keys(tmp_path)
    backup_create(directory=backup_dir, recipients_text=recipients)
    client.force_login(editor)

    page = client.get(reverse("admin:index")).content.decode()

    assert '<li class="info">Last verified backup:' in page


def test_production_check_reports_a_missing_backup_at_info_level_only(tmp_path):
    empty = run(["manage.py", "check", "--deploy", "--fail-level", "WARNING"], BACKUP_DIR=str(tmp_path / "none"))
    _archive_at(tmp_path / "fresh", dt.datetime.now(dt.UTC) - dt.timedelta(hours=1))
    _archive_at(tmp_path / "stale", dt.datetime(2031, 1, 1, tzinfo=dt.UTC) - dt.timedelta(days=3650))
    fresh = run(["manage.py", "check", "--deploy", "--fail-level", "WARNING"], BACKUP_DIR=str(tmp_path / "fresh"))
    stale = run(["manage.py", "check", "--deploy", "--fail-level", "WARNING"], BACKUP_DIR=str(tmp_path / "stale"))

    assert empty.returncode == 0, empty.stderr
    assert "INFOS:\n?: (tracker.I002) No verified backup exists yet in BACKUP_DIR; see docs/backups.md." in empty.stderr
    assert "WARNINGS" not in empty.stdout + empty.stderr
    assert fresh.returncode == 0 and "System check identified no issues (0 silenced)." in fresh.stdout
    assert stale.returncode == 0, stale.stderr
    assert "(tracker.I002) The last verified backup is " in stale.stderr
    assert "older than BACKUP_MAX_AGE_HOURS=24." in stale.stderr


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("archive_age", "backup"),
    [
        (None, {"last_verified_at": None, "age_hours": None, "max_age_hours": 24, "stale": True}),
        (
            dt.timedelta(hours=30),
            {"last_verified_at": "2031-05-05T06:00:00+00:00", "age_hours": 30.0, "max_age_hours": 24, "stale": True},
        ),
        (
            dt.timedelta(minutes=90),
            {"last_verified_at": "2031-05-06T10:30:00+00:00", "age_hours": 1.5, "max_age_hours": 24, "stale": False},
        ),
    ],
)
def test_healthz_reports_the_web_process_and_the_backup_age_only(
    client, backup_dir, archive_age, backup, django_assert_max_num_queries
):
    if archive_age is not None:
        _archive_at(backup_dir, NOW - archive_age)

    with time_machine.travel(NOW, tick=False), django_assert_max_num_queries(1):
        response = client.get(reverse("healthz"))

    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    assert response.json() == {"status": "ok", "database": "ok", "backup": backup}
    assert b"tracker-backup-" not in response.content and str(backup_dir).encode() not in response.content


@pytest.mark.django_db
def test_healthz_is_503_when_the_database_does_not_answer(client, backup_dir, monkeypatch):
    def refuse(*args, **kwargs):
        raise OperationalError("connection refused to 10.0.0.5")

    monkeypatch.setattr("tracker.health.connection.cursor", refuse)
    response = client.get(reverse("healthz"))

    assert response.status_code == 503
    assert response.json()["database"] == "unavailable"
    assert b"10.0.0.5" not in response.content
    assert client.post(reverse("healthz")).status_code == 405
