"""POST /api/v1/case-bundles/: a whole case in one request, in the open-data format.

A bundle is what the public data set holds for a case (docs/open-data.md): the case with its
participants, detentions, charges, rulings, events and citations, and the people,
organizations, legal articles and sources they name. Records refer to each other by their
keys inside the bundle (a person's slug, a source's uid), so one instance's export imports
into another. Everything is checked first and every error named by its path in the bundle;
then all is written in one transaction, the cases as drafts. An `Idempotency-Key` header
makes a retry answer the first upload's result instead of writing again.
"""

from __future__ import annotations

import re

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiExample, OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import status as http
from rest_framework.exceptions import ValidationError
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response
from rest_framework.views import APIView

from cases.api.permissions import ReadOrStaffWrite
from cases.models import Case, CaseBundleReceipt
from cases.open_data.dataset import (
    ARTICLE_FIELDS,
    CASE_FIELDS,
    DATE_TEXTS,
    ORGANIZATION_FIELDS,
    PERSON_FIELDS,
    RECORD_FIELDS,
    RECORD_LINKS,
    SOURCE_FIELDS,
)
from cases.open_data.importing import ImportFailed, import_cases
from tracker import roles
from tracker.visibility import Visibility

BUNDLE_KEYS = frozenset({"format", "generated_at", "cases", "people", "organizations", "articles", "sources"})
RECORD_LISTS = ("people", "organizations", "articles", "sources")
CASE_RECORD_LISTS = ("participants", "detentions", "charges", "rulings", "events")
# The keys each row may hold: what the open data prints, and who sees the record.
KNOWN_KEYS = {
    "cases": {*CASE_FIELDS, *CASE_RECORD_LISTS, "citations"},
    "people": {*PERSON_FIELDS, "names", "visibility"},
    "organizations": {*ORGANIZATION_FIELDS, "visibility"},
    "articles": set(ARTICLE_FIELDS),
    "sources": {*SOURCE_FIELDS, "publisher", "visibility"},
    **{
        key: {*RECORD_FIELDS[key], *RECORD_LINKS[key], *DATE_TEXTS[key], "citations", "label", "visibility", "uid"}
        for key in CASE_RECORD_LISTS
    },
}

CASE_LABEL = re.compile(r" \([^)]*\)")

EXAMPLE = {
    "format": "case-tracker/1",
    "cases": [
        {
            "slug": "example-2019",
            "title": "Detention of A. Example (2019)",
            "country": "KZ",
            "status": "detained",
            "participants": [{"person": "a-example", "role": "detainee", "visibility": "public"}],
            "events": [
                {
                    "kind": "arrest",
                    "title": "Detained at home",
                    "occurred": "2019-03-10T02:30:00+06:00",
                    "citations": [{"source": "7d4f0a52-7a51-4a62-9d0c-6a1b6f0c7e11", "quote": "detained"}],
                }
            ],
        }
    ],
    "people": [{"slug": "a-example", "name": "A. Example", "names": [{"name": "А. Пример", "language": "ru"}]}],
    "sources": [{"uid": "7d4f0a52-7a51-4a62-9d0c-6a1b6f0c7e11", "kind": "news_article", "title": "A report"}],
}


class CaseBundleView(APIView):
    permission_classes = [IsAuthenticated, ReadOrStaffWrite]

    @extend_schema(
        operation_id="case_bundles_create",
        request=OpenApiTypes.OBJECT,
        parameters=[
            OpenApiParameter(
                "Idempotency-Key",
                str,
                OpenApiParameter.HEADER,
                description="Any text unique to this upload; a retry with the same key is answered, not written.",
            )
        ],
        responses={
            201: OpenApiResponse(OpenApiTypes.OBJECT, description="Created: the public id of every record."),
            200: OpenApiResponse(OpenApiTypes.OBJECT, description="A retry: the first upload's answer."),
            400: OpenApiResponse(OpenApiTypes.OBJECT, description="Each error by its path in the bundle."),
            401: OpenApiResponse(description="No or a wrong token."),
            403: OpenApiResponse(description="Only staff and editors write."),
        },
        examples=[OpenApiExample("A small case", value=EXAMPLE, request_only=True)],
    )
    def post(self, request):
        key = request.headers.get("Idempotency-Key", "").strip()[:200]
        if key:
            receipt = CaseBundleReceipt.objects.filter(received_by=request.user, key=key).first()
            if receipt is not None:
                return Response(receipt.answer, status=http.HTTP_200_OK)
        bundle = request.data
        _check_shape(bundle, editor=roles.is_editor(request.user))
        try:
            with transaction.atomic():
                report = import_cases(bundle, by=request.user, publish=False, visibility=Visibility.INTERNAL)
                answer = {"cases": [row["slug"] for row in bundle["cases"]], "created": report.created_ids}
                if key:
                    CaseBundleReceipt.objects.create(received_by=request.user, key=key, answer=answer)
        except ImportFailed as failure:
            raise ValidationError(_errors_by_path(failure.errors)) from failure
        except IntegrityError:
            # The same key arrived twice at once; the other upload's answer stands.
            receipt = CaseBundleReceipt.objects.filter(received_by=request.user, key=key).first()
            if receipt is None:
                raise
            return Response(receipt.answer, status=http.HTTP_200_OK)
        return Response(answer, status=http.HTTP_201_CREATED)


def _check_shape(bundle, *, editor: bool) -> None:
    """What the importer would not refuse by itself: unknown keys, existing cases, levels set by non-editors."""
    if not isinstance(bundle, dict) or not isinstance(bundle.get("cases"), list) or not bundle["cases"]:
        raise ValidationError({"cases": [_("A bundle holds a list of one or more cases.")]})
    errors: dict[str, list[str]] = {}
    for name in set(bundle) - BUNDLE_KEYS:
        errors[name] = [_("Unknown key. A bundle holds: %(keys)s.") % {"keys": ", ".join(sorted(BUNDLE_KEYS))}]
    for index, case in enumerate(bundle["cases"]):
        slug = case.get("slug") if isinstance(case, dict) else None
        if slug and Case.objects.filter(slug=slug).exists():
            errors[f"cases[{index}].slug"] = [_("A case with this slug exists; a bundle creates new cases only.")]
    for path, row, kind in _rows(bundle):
        for name in sorted(set(row) - KNOWN_KEYS[kind]):
            errors[f"{path}.{name}"] = [
                _("Unknown key. Here go: %(keys)s.") % {"keys": ", ".join(sorted(KNOWN_KEYS[kind]))}
            ]
        if not isinstance(row.get("citations", []), list):
            errors[f"{path}.citations"] = [_("A list of citations.")]
    if not editor:
        for path in _paths_with_visibility(bundle):
            errors[path] = [_("Only an editor may set who sees a record.")]
    if errors:
        raise ValidationError(errors)


def _rows(bundle: dict):
    """Every row of the bundle with its path and its kind; rows that are not objects are refused."""
    for key in ("cases", *RECORD_LISTS):
        rows = bundle.get(key) or []
        if not isinstance(rows, list):
            raise ValidationError({key: [_("A list.")]})
        for index, row in enumerate(rows):
            if not isinstance(row, dict):
                raise ValidationError({f"{key}[{index}]": [_("An object.")]})
            yield f"{key}[{index}]", row, key
            if key != "cases":
                continue
            for record_key in CASE_RECORD_LISTS:
                records = row.get(record_key) or []
                if not isinstance(records, list) or not all(isinstance(record, dict) for record in records):
                    raise ValidationError({f"cases[{index}].{record_key}": [_("A list of objects.")]})
                for record_index, record in enumerate(records):
                    yield f"cases[{index}].{record_key}[{record_index}]", record, record_key


def _paths_with_visibility(bundle: dict):
    for path, row, _kind in _rows(bundle):
        if "visibility" in row:
            yield f"{path}.visibility"


def _errors_by_path(errors: list[str]) -> dict[str, list[str]]:
    by_path: dict[str, list[str]] = {}
    for error in errors:
        path, _sep, message = error.partition(": ")
        path = CASE_LABEL.sub("", path)  # "cases[0] (slug).events[1]" -> "cases[0].events[1]"
        by_path.setdefault(path, []).append(message)
    return by_path
