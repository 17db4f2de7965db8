"""What every API viewset shares: the audience in the serializer context, paging, throttling."""

from rest_framework import viewsets
from rest_framework.pagination import PageNumberPagination

from cases.api_permissions import EditorDelete, ReadOrStaffWrite
from cases.visibility import Audience


class Pages(PageNumberPagination):
    page_size = 25
    page_size_query_param = "page_size"
    max_page_size = 100


class TrackerViewSet(viewsets.ModelViewSet):
    permission_classes = [ReadOrStaffWrite, EditorDelete]
    pagination_class = Pages
    http_method_names = ["get", "post", "patch", "delete", "head", "options"]

    def get_serializer_context(self):
        context = super().get_serializer_context()
        if not hasattr(self.request, "_audience"):
            self.request._audience = Audience(self.request.user)
        context["audience"] = self.request._audience
        return context


class ReadOnlyTrackerViewSet(viewsets.ReadOnlyModelViewSet):
    pagination_class = Pages
    get_serializer_context = TrackerViewSet.get_serializer_context
