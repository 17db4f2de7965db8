"""What every API viewset shares: the audience in the serializer context, paging, throttling."""

from django.db.models import ProtectedError
from django.utils import formats, timezone
from django.utils.translation import gettext_lazy as _
from rest_framework import viewsets
from rest_framework.exceptions import APIException
from rest_framework.permissions import SAFE_METHODS, IsAuthenticatedOrReadOnly

from cases.api.guarded import NewRecordRulesMixin
from cases.api.permissions import EditorDelete, ReadOrStaffWrite
from cases.visibility import Audience
from tracker import roles
from tracker.api_strict import StrictPages
from tracker.audit import current_version
from tracker.page_cache import public_page

# What a slug or a UUID in an API path may hold: anything else (a NUL, which PostgreSQL
# refuses to compare) matches no route and is a 404 before any query.
SLUG_PATTERN = "[-a-zA-Z0-9_]+"
UUID_PATTERN = "[0-9a-fA-F-]{36}"


class Pages(StrictPages):
    page_size = 25
    page_size_query_param = "page_size"
    max_page_size = 100


class AudienceMixin:
    """Hands serializers the Audience: which levels and names this user may see, per case.

    Anonymous reads (no credentials, no session) are answered from the page cache, as the
    public pages are (tracker/page_cache.py); anything with a token or a session never is.
    """

    @classmethod
    def as_view(cls, *args, **kwargs):
        return public_page(super().as_view(*args, **kwargs))

    def __init_subclass__(cls, **kwargs) -> None:
        super().__init_subclass__(**kwargs)
        # Every route's id has the shape of its lookup, so a NUL or a slash never reaches the database.
        if "lookup_value_regex" not in cls.__dict__:
            cls.lookup_value_regex = UUID_PATTERN if getattr(cls, "lookup_field", "") == "uid" else SLUG_PATTERN

    def get_serializer_context(self):
        context = super().get_serializer_context()
        if not hasattr(self.request, "_audience"):
            self.request._audience = Audience(self.request.user)
        context["audience"] = self.request._audience
        return context


class VersionedMixin:
    """Optimistic concurrency: an ETag on each record's answer; a write with a stale If-Match gets 412.

    The ETag is the record's version (tracker/audit.py current_version), the same one the admin's
    forms carry, so an API client and an admin user editing at once cannot overwrite each other.
    """

    def get_object(self):
        record = super().get_object()
        # Once, before the write: a view that reads the record again afterwards sees its own change.
        if self.request.method not in SAFE_METHODS and getattr(self, "_versioned", None) is None:
            check_if_match(self.request, record)
        self._versioned = record
        return record

    def finalize_response(self, request, response, *args, **kwargs):
        response = super().finalize_response(request, response, *args, **kwargs)
        record = getattr(self, "_versioned", None)
        # Only to those who may write: a version moves with every change, internal and restricted records
        # included, so a public ETag would tell outsiders when hidden parts of a case were edited.
        writer = roles.is_staff_member(request.user)
        if writer and record is not None and 200 <= response.status_code < 300 and request.method != "DELETE":
            response["ETag"] = f'"{current_version(type(record), record.pk).token}"'
        return response


def check_if_match(request, record) -> None:
    wanted = request.headers.get("If-Match")
    if not wanted or wanted.strip() == "*":
        return
    current = current_version(type(record), record.pk)
    tags = {tag.strip().removeprefix("W/").strip('"') for tag in wanted.split(",")}
    if current.token not in tags:
        raise PreconditionFailed(
            _("%(user)s changed this record at %(time)s, after the copy you sent was read. Read it again, then retry.")
            % {
                "user": current.by or _("someone"),
                "time": formats.date_format(timezone.localtime(current.at), "DATETIME_FORMAT") if current.at else "—",
            }
        )


class PreconditionFailed(APIException):
    status_code = 412
    default_detail = _("The record changed after the copy you sent was read.")
    default_code = "stale"


class TrackerViewSet(VersionedMixin, NewRecordRulesMixin, AudienceMixin, viewsets.ModelViewSet):
    # IsAuthenticatedOrReadOnly first: it also tells the OpenAPI schema that reads need no credentials.
    permission_classes = [IsAuthenticatedOrReadOnly, ReadOrStaffWrite, EditorDelete]
    pagination_class = Pages
    http_method_names = ["get", "post", "patch", "delete", "head", "options"]

    def perform_destroy(self, instance) -> None:
        try:
            instance.delete()
        except ProtectedError as error:
            raise Conflict() from error


class Conflict(APIException):
    status_code = 409
    default_detail = _("Other records still refer to this one; remove those references first.")
    default_code = "protected"


class ReadOnlyTrackerViewSet(AudienceMixin, viewsets.ReadOnlyModelViewSet):
    pagination_class = Pages
