"""The OpenAPI schema says every answer an endpoint can give, not only its successes.

drf-spectacular documents the success codes it sees; this hook adds the errors every endpoint
shares (bad input, no or wrong token, not allowed, hidden or missing, throttled), so a client
generated from the schema, and schemathesis, expect them.
"""

from __future__ import annotations

ERROR_BODY = {
    "type": "object",
    "description": "Messages by field, parameter or path; `detail` for one message about the whole request.",
    "additionalProperties": True,
    "example": {"colour": ["Unknown field."]},
}
WRITE_METHODS = {"post", "put", "patch", "delete"}
NO_NUL = "^[^\\x00]*$"
SLUG = "^[-a-zA-Z0-9_]+$"


def _error(description: str) -> dict:
    return {
        "description": description,
        "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}},
    }


# What the paging parameters accept (tracker/api_strict.py StrictPages): anything else is a 400.
PAGING = {"page": {"minimum": 1}, "page_size": {"minimum": 1, "maximum": 100}}


def document_errors(result, generator, request, public):
    schemas = result.setdefault("components", {}).setdefault("schemas", {})
    schemas["Error"] = ERROR_BODY
    for name, component in schemas.items():
        if name.endswith("Request") and component.get("type") == "object":
            # Unknown fields are refused with a 400 naming them (tracker/api_base.py), never ignored.
            component["additionalProperties"] = False
    for path, operations in result.get("paths", {}).items():
        for method, operation in operations.items():
            for parameter in operation.get("parameters", []):
                _describe_parameter(parameter)
            responses = operation.setdefault("responses", {})
            answers = {
                "400": "Bad input: each offending field or parameter is named.",
                "401": "Credentials were given but are wrong, or a write came without any.",
                "429": "Too many requests from this address; wait and retry.",
            }
            if method in WRITE_METHODS:
                answers["403"] = "Your role may not do this."
            paged = any(parameter.get("name") == "page" for parameter in operation.get("parameters", []))
            if "{" in path:
                answers["404"] = "No such record, or one you may not see."
            elif paged:
                answers["404"] = "No such page: past the last one."
            if method in WRITE_METHODS and "{" in path:
                answers["409"] = "Other records still refer to this one."
            for code, description in answers.items():
                responses.setdefault(code, _error(description))
            _document_csv(operation)
            if path.endswith("/token/"):
                # A locked-out address gets the sign-in lock-out page, as the admin does.
                responses["429"]["content"]["text/html"] = {"schema": {"type": "string"}}
    return result


def _describe_parameter(parameter: dict) -> None:
    schema = parameter.setdefault("schema", {})
    if parameter.get("in") == "path" and parameter.get("name") == "slug":
        # Django's <slug:> converter: anything else is no address at all.
        schema.setdefault("pattern", SLUG)
    if parameter.get("in") != "query":
        return
    if parameter.get("name") in PAGING:
        schema.update(PAGING[parameter["name"]])
    elif schema.get("type") == "string" and "enum" not in schema and "format" not in schema:
        # PostgreSQL stores no NUL character: a text containing one is refused with a 400.
        schema.setdefault("pattern", NO_NUL)


def _document_csv(operation: dict) -> None:
    """Where ?format=csv is offered, every answer may come as CSV (an error as field,message lines)."""
    offers_csv = any(parameter.get("name") == "format" for parameter in operation.get("parameters", []))
    if not offers_csv:
        return
    for response in operation.get("responses", {}).values():
        response.setdefault("content", {}).setdefault("text/csv", {"schema": {"type": "string"}})
