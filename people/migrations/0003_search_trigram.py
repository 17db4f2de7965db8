"""pg_trgm and a trigram index on folded names, for cross-script search (cases/search.py).

PostgreSQL only, and kept out of the model state on purpose: SQLite has no GIN index,
and the search falls back to a plain substring match there.
"""

from django.contrib.postgres.operations import TrigramExtension
from django.db import migrations

# The search's "names like this one" query: folded %> 'bilash' and similarity ranking.
CREATE = "CREATE INDEX IF NOT EXISTS personname_folded_trgm ON people_personname USING gin (folded gin_trgm_ops)"
DROP = "DROP INDEX IF EXISTS personname_folded_trgm"


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(CREATE)


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(DROP)


class Migration(migrations.Migration):
    dependencies = [("people", "0002_history")]

    operations = [
        TrigramExtension(),
        migrations.RunPython(forwards, backwards),
    ]
