"""The OpenAPI schema is exact: what is read-only is not required, errors are documented, times are local."""

import json

import pytest
from django.urls import reverse


@pytest.fixture
def schema(client, db):
    response = client.get(reverse("api-schema") + "?format=json")
    assert response.status_code == 200
    return json.loads(response.content)


def _operations(schema):
    for path, operations in schema["paths"].items():
        for method, operation in operations.items():
            yield path, method, operation


def test_every_operation_documents_its_errors(schema):
    for path, method, operation in _operations(schema):
        codes = set(operation["responses"])
        assert {"400", "401", "429"} <= codes, (path, method)
        if "{" in path:
            assert "404" in codes, (path, method)
        if method in ("post", "patch", "delete"):
            assert "403" in codes, (path, method)


def test_read_only_fields_are_not_required_in_requests(schema):
    components = schema["components"]["schemas"]
    for name, component in components.items():
        if not name.endswith("Request"):
            continue
        read_only = {field for field, spec in component.get("properties", {}).items() if spec.get("readOnly")}
        assert not read_only & set(component.get("required", [])), name
    assert "publication" not in components["CaseWriteRequest"].get("required", [])
    assert "active_since" not in components["OrganizationRequest"].get("required", [])
    assert "place" not in components["EventRequest"].get("required", [])


def test_times_are_local_wall_clock_times_not_rfc3339(schema):
    text = json.dumps(schema)
    assert '"format": "time"' not in text
    assert schema["components"]["schemas"]["Event"]["properties"]["occurred_time"]["pattern"]


def test_the_token_endpoint_documents_its_body(schema):
    body = schema["paths"]["/api/v1/token/"]["post"]["requestBody"]["content"]["application/json"]["schema"]
    component = schema["components"]["schemas"][body["$ref"].rsplit("/", 1)[1]]
    assert set(component["required"]) == {"username", "password"}


def test_an_empty_csv_still_has_its_header(client, db):
    response = client.get(reverse("case-list"), {"format": "csv", "country": "ZZ"})
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    assert response.content.decode().splitlines() == [
        "slug,title,country,status,publication,status_changed_at,updated_at,detainees"
    ]
