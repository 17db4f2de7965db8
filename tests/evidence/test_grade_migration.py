"""Today's reliability values move onto the Admiralty scale, and back, without losing a source."""

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

BEFORE = [("cases", "0010_search_indexes")]
AFTER = [("cases", "0012_capture_roles")]
OLD_VALUES = [("RFE/RL", "confirmed"), ("Azattyq", "reliable"), ("Blog", "disputed"), ("Post", "unverified")]


def migrate(targets=None) -> None:
    """To `targets`, or with none to the latest state of every app, as the rest of the suite expects."""
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets or executor.loader.graph.leaf_nodes())


# PostgreSQL only: SQLite cannot take later migrations back over its rebuilt citation table.
@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_reliability_values_are_mapped_onto_the_admiralty_scale():
    migrate(BEFORE)
    try:
        with connection.cursor() as cursor:
            for number, (title, value) in enumerate(OLD_VALUES):
                cursor.execute(
                    "INSERT INTO cases_source (uid, kind, title, author, language, url, archive_url, captured_by, "
                    "file, sha256, reliability, visibility, notes, created_at) VALUES "
                    "(%s, 'news_article', %s, '', 'en', '', '', '', '', '', %s, 'internal', '', CURRENT_TIMESTAMP)",
                    [f"00000000-0000-4000-8000-00000000000{number}", title, value],
                )
        migrate(AFTER)
        with connection.cursor() as cursor:
            cursor.execute("SELECT title, reliability FROM cases_source ORDER BY title")
            assert cursor.fetchall() == [("Azattyq", "B"), ("Blog", "D"), ("Post", "F"), ("RFE/RL", "A")]
    finally:
        # Going back to 0010 also undid the migrations of other features that came after it.
        migrate()
