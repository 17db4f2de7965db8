"""Backups you can restore: one encrypted archive with a database snapshot, every
uploaded document and a manifest that proves both (docs/backups.md).

keys.py makes and reads age keys, databases.py snapshots and restores each database
vendor, archive.py writes and checks the archive, services.py ties them together.
"""

from tracker.backups.errors import BackupError

__all__ = ["BackupError"]
