"""docs/backups.md's recovery runbook and its standalone-tools recipe, run as written.

The bash blocks of those sections run in order in one shell. Only the "Fill in:" values
change (to a scratch checkout, database and folder), and two steps that download are
stood in for by what is already installed, by commands of the same name first on PATH:
`apt-get` checks that each named package is installed; `make .venv/.installed-runtime`
gives the clone a .venv that runs this test's Python and its libraries.
"""

import os
import re
import shlex
import shutil
import subprocess
import sys
import textwrap
import uuid
from pathlib import Path

import psycopg
import pytest
from django.db import connection

from tests.backups.backup_data import (
    SIGNING_PUBLIC,
    file_hashes,
    make_keys,
    populate,
    record_upload_hashes,
    source_rows,
    target_rows,
)
from tracker.backups import databases
from tracker.backups.services import backup_create

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True, serialized_rollback=True)]
ROOT = Path(__file__).resolve().parents[2]
APT_GET = """#!/bin/sh
for package in "$@"; do
  case "$package" in install|-*) continue ;; esac
  dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q 'ok installed' \\
    || { echo "not installed: $package" >&2; exit 1; }
done
"""
MAKE = """#!/bin/sh
if [ "$1" = .venv/.installed-runtime ]; then
  mkdir -p .venv/bin && touch .venv/bin/activate
  printf '#!/bin/sh\\nexec %s "$@"\\n' > .venv/bin/python && chmod +x .venv/bin/python
  touch .venv/.installed-runtime
fi
exec {make} "$@"
"""


def _blocks(section: str) -> list[str]:
    text = (ROOT / "docs" / "backups.md").read_text()
    body = text.split(f"\n## {section}", 1)[1].split("\n## ", 1)[0]
    return [textwrap.dedent(block) for block in re.findall(r"```bash\n(.*?)```", body, re.S)]


def _filled(block: str, values: dict[str, str]) -> str:
    assert block.startswith("# Fill in:"), block
    names = re.findall(r"^export (\w+)=", block, re.M)
    assert set(names) <= set(values), set(names) - set(values)
    return "\n".join(f"export {name}={shlex.quote(values[name])}" for name in names) + "\n"


def _run(script: str, tmp_path: Path) -> subprocess.CompletedProcess:
    shims = tmp_path / "shims"
    shims.mkdir(exist_ok=True)
    (shims / "apt-get").write_text(APT_GET)
    (shims / "make").write_text(MAKE.replace("%s", shlex.quote(sys.executable)).replace("{make}", shutil.which("make")))
    for shim in shims.iterdir():
        shim.chmod(0o755)
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DATABASE_URL", "REDIS_URL", "PG", "BACKUP_"))}
    env.update(PATH=f"{shims}:{env['PATH']}", HOME=str(tmp_path))
    return subprocess.run(
        ["bash", "-euo", "pipefail", "-c", script], env=env, capture_output=True, text=True, timeout=600
    )


@pytest.fixture
def archive(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    populate(generated_cases=2)
    record_upload_hashes()
    recipients, identity = make_keys(tmp_path)
    path = backup_create(directory=tmp_path / "backups", recipients_text=recipients).path
    return path, identity


@pytest.fixture
def scratch_names():
    names = {"restored": f"tracker_runbook_{uuid.uuid4().hex[:8]}", "opened": f"tracker_opened_{uuid.uuid4().hex[:8]}"}
    yield names
    admin = {**databases._pg_params(connection.settings_dict), "dbname": "postgres"}
    with psycopg.connect(**admin, autocommit=True) as conn:
        for name in names.values():
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def _values(tmp_path: Path, archive_path: Path, identity: Path, names: dict[str, str]) -> dict[str, str]:
    params = databases._pg_params(connection.settings_dict)
    key_copy = tmp_path / "restore" / "backup-key.txt"
    key_copy.parent.mkdir(exist_ok=True)
    shutil.copy(identity, key_copy)
    return {
        "TRACKER_REPOSITORY": str(ROOT),
        "TRACKER_HOME": str(tmp_path / "srv" / "tracker"),
        "TRACKER_VAR_DIR": str(tmp_path / "srv" / "tracker-data"),
        "PGHOST": params.get("host", "127.0.0.1"),
        "PGUSER": params.get("user", "postgres"),
        "TRACKER_DB": names["restored"],
        "ARCHIVE": str(archive_path),
        "AGE_KEY": str(key_copy),
        "BACKUP_TRUSTED_SIGNERS": SIGNING_PUBLIC,
        "OPENED": str(tmp_path / "restore" / "opened"),
        "OPENED_DB": names["opened"],
    }


def test_the_recovery_runbook_restores_a_verified_copy_on_a_new_machine(archive, tmp_path, settings, scratch_names):
    fill_in, *steps = _blocks("Recovery runbook")
    values = _values(tmp_path, *archive, scratch_names)

    result = _run(_filled(fill_in, values) + "\n".join(steps), tmp_path)

    assert result.returncode == 0, result.stdout + result.stderr
    assert "Restored and verified:" in result.stdout
    assert "Signed by backup key " in result.stdout
    assert "All documents match their recorded SHA-256." in result.stdout
    assert not Path(values["AGE_KEY"]).exists()
    target = {**connection.settings_dict, "NAME": scratch_names["restored"]}
    assert target_rows(target) == source_rows()
    assert file_hashes(Path(values["TRACKER_VAR_DIR"]) / "media") == file_hashes(settings.MEDIA_ROOT)


def test_the_standalone_tools_open_and_check_an_archive(archive, tmp_path, settings, scratch_names):
    fill_in, *steps = _blocks("Opening an archive without the application")
    values = _values(tmp_path, *archive, scratch_names)

    result = _run(_filled(fill_in, values) + "\n".join(steps), tmp_path)

    assert result.returncode == 0, result.stdout + result.stderr
    assert "Signature and comment signature verified" in result.stdout
    opened = Path(values["OPENED"])
    assert file_hashes(opened / "media") == file_hashes(settings.MEDIA_ROOT)
    assert target_rows({**connection.settings_dict, "NAME": scratch_names["opened"]}) == source_rows()


def test_the_standalone_check_fails_on_a_changed_document(archive, tmp_path, scratch_names):
    fill_in, *steps = _blocks("Opening an archive without the application")
    values = _values(tmp_path, *archive, scratch_names)
    checks = "\n".join(steps).split("createdb")[0]
    corrupt = 'printf forged >> "$(find media -type f | head -n 1)"\n'
    verify = "\n".join(line for line in checks.splitlines() if line.startswith(("jq", "minisign")))
    opening = "\n".join(line for line in checks.splitlines() if not line.startswith(("jq", "minisign")))

    result = _run(_filled(fill_in, values) + opening + "\n" + corrupt + verify, tmp_path)

    assert result.returncode != 0
    assert "FAILED" in result.stdout + result.stderr
