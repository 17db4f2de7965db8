"""What every API viewset shares: the audience in the serializer context, paging, throttling."""

from django.db.models import ProtectedError
from django.utils.translation import gettext_lazy as _
from rest_framework import viewsets
from rest_framework.exceptions import APIException
from rest_framework.pagination import PageNumberPagination
from rest_framework.permissions import IsAuthenticatedOrReadOnly

from cases.api.permissions import EditorDelete, ReadOrStaffWrite
from cases.visibility import Audience
from tracker.page_cache import public_page

# What a slug or a UUID in an API path may hold: anything else (a NUL, which PostgreSQL
# refuses to compare) matches no route and is a 404 before any query.
SLUG_PATTERN = "[-a-zA-Z0-9_]+"
UUID_PATTERN = "[0-9a-fA-F-]{36}"


class Pages(PageNumberPagination):
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

    def get_serializer_context(self):
        context = super().get_serializer_context()
        if not hasattr(self.request, "_audience"):
            self.request._audience = Audience(self.request.user)
        context["audience"] = self.request._audience
        return context


class TrackerViewSet(AudienceMixin, viewsets.ModelViewSet):
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
