"""The OpenAPI schema and its docs page are served; tests/api/test_fuzz_schema.py fuzzes the API against it."""

from django.urls import reverse


def test_schema_and_docs_are_served(db, client):
    assert client.get(reverse("api-schema")).status_code == 200
    docs = client.get(reverse("api-docs"))
    assert docs.status_code == 200
    assert b"cdn" not in docs.content.lower()
