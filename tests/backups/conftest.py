"""Every backup test signs with one test key and trusts it, as a configured server does."""

import pytest

from tests.backups.backup_data import SIGNING_KEY, SIGNING_PUBLIC


@pytest.fixture(autouse=True)
def backup_signing(settings):
    settings.BACKUP_SIGNING_KEY = SIGNING_KEY
    settings.BACKUP_TRUSTED_SIGNERS = SIGNING_PUBLIC
