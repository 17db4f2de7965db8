"""Indexes that let cases/search.py answer from indexes instead of scanning every row.

PostgreSQL only, and kept out of the model state on purpose (as people/0003): SQLite has
no GIN index, and search falls back to substring matches there. Each expression is
written exactly as Django renders the query's, or the planner would not use the index.
"""

from django.db import migrations

INDEXES = {
    # search_cases: the full-text match `document @@ websearch_to_tsquery('simple', q)`.
    "case_search_document": (
        "cases_case USING gin ((setweight(to_tsvector('simple'::regconfig, COALESCE(title, '')), 'A') || "
        "setweight(to_tsvector('simple'::regconfig, COALESCE(summary, '')), 'B')))"
    ),
    # search_cases: title__icontains / summary__icontains, i.e. UPPER(col::text) LIKE UPPER('%q%').
    "case_title_upper_trgm": "cases_case USING gin (upper(title::text) gin_trgm_ops)",
    "case_summary_upper_trgm": "cases_case USING gin (upper(summary::text) gin_trgm_ops)",
    # search_sources: title__icontains and author__icontains.
    "source_title_upper_trgm": "cases_source USING gin (upper(title::text) gin_trgm_ops)",
    "source_author_upper_trgm": "cases_source USING gin (upper(author::text) gin_trgm_ops)",
    # search_charges: description__icontains.
    "charge_description_upper_trgm": "cases_charge USING gin (upper(description::text) gin_trgm_ops)",
}


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for name, definition in INDEXES.items():
            schema_editor.execute(f"CREATE INDEX IF NOT EXISTS {name} ON {definition}")


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for name in INDEXES:
            schema_editor.execute(f"DROP INDEX IF EXISTS {name}")


class Migration(migrations.Migration):
    # pg_trgm is created by people/0003.
    dependencies = [("cases", "0009_history_api_uids"), ("people", "0003_search_trigram")]

    operations = [migrations.RunPython(forwards, backwards)]
