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


def _error(description: str) -> dict:
    return {
        "description": description,
        "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}},
    }


def document_errors(result, generator, request, public):
    result.setdefault("components", {}).setdefault("schemas", {})["Error"] = ERROR_BODY
    for path, operations in result.get("paths", {}).items():
        for method, operation in operations.items():
            responses = operation.setdefault("responses", {})
            answers = {
                "400": "Bad input: each offending field or parameter is named.",
                "401": "Credentials were given but are wrong, or a write came without any.",
                "429": "Too many requests from this address; wait and retry.",
            }
            if method in WRITE_METHODS:
                answers["403"] = "Your role may not do this."
            if "{" in path:
                answers["404"] = "No such record, or one you may not see."
            if method in WRITE_METHODS and "{" in path:
                answers["409"] = "Other records still refer to this one."
            for code, description in answers.items():
                responses.setdefault(code, _error(description))
    return result
