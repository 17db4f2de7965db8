"""API viewsets for cases and their records: permission, queryset from the gate, filterset."""

from django.core.exceptions import ValidationError as DjangoValidationError
from django.db.models import Prefetch, Q
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework import status as http
from rest_framework.decorators import action
from rest_framework.exceptions import PermissionDenied
from rest_framework.renderers import BrowsableAPIRenderer, JSONRenderer
from rest_framework.response import Response

from cases import visibility
from cases.api import filters as api_filters
from cases.api import serializers as api_serializers
from cases.api.base import SLUG_PATTERN, UUID_PATTERN, ReadOnlyTrackerViewSet, TrackerViewSet
from cases.api.guarded import PublicationActionMixin, VisibilityActionMixin
from cases.api.renderers import CaseCSVRenderer
from cases.evidence.serializers import CaptureSerializer
from cases.evidence.services import capture_request, may_capture
from cases.models import (
    Case,
    CaseStatusChange,
    Charge,
    Citation,
    CourtRuling,
    Detention,
    Event,
    LegalArticle,
    Participant,
    Source,
)
from cases.services.status import case_change_status
from tracker.api_base import drf_errors
from tracker.security_log import Kind, security_log


def _visible(user, model, *related: str):
    return visibility.records_visible_to(user, model.objects.select_related(*related))


class CaseViewSet(PublicationActionMixin, TrackerViewSet):
    lookup_field = "slug"
    lookup_value_regex = SLUG_PATTERN
    filterset_class = api_filters.CaseFilter
    ordering_fields = ["title", "status_changed_at", "updated_at", "created_at"]
    renderer_classes = [JSONRenderer, BrowsableAPIRenderer, CaseCSVRenderer]

    def get_queryset(self):
        user = self.request.user
        cases = visibility.cases_visible_to(user).order_by("-status_changed_at", "title")
        participants = _visible(user, Participant, "person")
        cases = cases.prefetch_related(Prefetch("participants", participants, to_attr="visible_participants"))
        if self.action != "retrieve":
            return cases
        return cases.prefetch_related(
            Prefetch("charges", _visible(user, Charge, "defendant", "article"), to_attr="visible_charges"),
            Prefetch(
                "detentions", _visible(user, Detention, "detainee", "place", "authority"), to_attr="visible_detentions"
            ),
            Prefetch(
                "rulings",
                _visible(user, CourtRuling, "court", "defendant", "judge", "appeal_of").prefetch_related("charges"),
                to_attr="visible_rulings",
            ),
            Prefetch("events", _visible(user, Event, "place"), to_attr="visible_events"),
            Prefetch(
                "status_changes", CaseStatusChange.objects.select_related("changed_by"), to_attr="all_status_changes"
            ),
        )

    def get_serializer_class(self):
        if self.action == "list":
            return api_serializers.CaseListSerializer
        if self.action == "retrieve":
            return api_serializers.CaseDetailSerializer
        return api_serializers.CaseWriteSerializer

    def _wants_csv(self) -> bool:
        return getattr(self.request.accepted_renderer, "format", None) == "csv"

    def paginate_queryset(self, queryset):
        # The CSV data set is the whole list in one file, not one page of it.
        if self._wants_csv():
            return None
        return super().paginate_queryset(queryset)

    def list(self, request, *args, **kwargs):
        response = super().list(request, *args, **kwargs)
        if self._wants_csv() and visibility.sees_internal_fields(request.user):
            # A file of internal records can leave the building: who took one, and how large, is logged.
            security_log(Kind.EXPORT_NON_PUBLIC, request=request, detail=f"cases.csv, {len(response.data)} rows")
        return response

    def get_object(self):
        case = super().get_object()
        if self.action == "retrieve":
            case.visible_sources = list(self._sources_of(case))
        return case

    # The case's readable facts, prefetched by get_queryset, by citation foreign key.
    FACT_ATTRIBUTES = (
        ("participant", "visible_participants"),
        ("charge", "visible_charges"),
        ("detention", "visible_detentions"),
        ("ruling", "visible_rulings"),
        ("event", "visible_events"),
    )

    def _sources_of(self, case: Case):
        # By the prefetched fact ids, one indexed `<fact>_id IN (...)` per kind: joining each fact
        # to its case instead made PostgreSQL scan all citations (1 s at 600,000). The gate's
        # readable_citations_q still decides what may be read.
        facts = Q(case=case)
        for fact, attribute in self.FACT_ATTRIBUTES:
            ids = [record.pk for record in getattr(case, attribute)]
            if ids:
                facts |= Q(**{f"{fact}_id__in": ids})
        citations = Citation.objects.filter(facts).filter(visibility.readable_citations_q(self.request.user))
        return Source.objects.filter(pk__in=citations.values("source_id")).select_related("publisher")

    def _detail(self, slug: str, status_code: int = http.HTTP_200_OK) -> Response:
        self.action = "retrieve"
        self.kwargs["slug"] = slug
        case = self.get_object()
        return Response(
            api_serializers.CaseDetailSerializer(case, context=self.get_serializer_context()).data, status=status_code
        )

    @extend_schema(responses=api_serializers.CaseDetailSerializer)
    def create(self, request, *args, **kwargs):
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        case = serializer.save()
        return self._detail(case.slug, http.HTTP_201_CREATED)

    @extend_schema(responses=api_serializers.CaseDetailSerializer)
    def partial_update(self, request, *args, **kwargs):
        case = self.get_object()
        serializer = self.get_serializer(case, data=request.data, partial=True)
        serializer.is_valid(raise_exception=True)
        serializer.save()
        return self._detail(case.slug)

    @extend_schema(
        request=api_serializers.StatusChangeRequestSerializer, responses=api_serializers.CaseDetailSerializer
    )
    @action(detail=True, methods=["post"], url_path="status")
    def change_status(self, request, slug=None):
        case = self.get_object()
        serializer = api_serializers.StatusChangeRequestSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        try:
            case_change_status(case=case, by=request.user, **serializer.validated_data)
        except DjangoValidationError as error:
            raise drf_errors(error) from error
        return self._detail(case.slug)

    def get_serializer(self, *args, **kwargs):
        if self.action == "change_status":
            kwargs.setdefault("context", self.get_serializer_context())
            return api_serializers.StatusChangeRequestSerializer(*args, **kwargs)
        return super().get_serializer(*args, **kwargs)


class CaseRecordViewSet(VisibilityActionMixin, TrackerViewSet):
    lookup_field = "uid"
    lookup_value_regex = UUID_PATTERN
    related: tuple[str, ...] = ()
    many: tuple[str, ...] = ()

    def get_queryset(self):
        records = _visible(self.request.user, self.serializer_class.Meta.model, "case", *self.related)
        return records.prefetch_related(*self.many)


class ChargeViewSet(CaseRecordViewSet):
    serializer_class = api_serializers.ChargeSerializer
    filterset_class = api_filters.ChargeFilter
    related = ("defendant", "article")
    ordering_fields = ["filed_on", "closed_on"]


class DetentionViewSet(CaseRecordViewSet):
    serializer_class = api_serializers.DetentionSerializer
    filterset_class = api_filters.DetentionFilter
    related = ("detainee", "place", "authority")
    ordering_fields = ["started_on", "ended_on"]


class CourtRulingViewSet(CaseRecordViewSet):
    serializer_class = api_serializers.CourtRulingSerializer
    filterset_class = api_filters.CourtRulingFilter
    related = ("court", "defendant", "judge", "appeal_of")
    many = ("charges",)
    ordering_fields = ["decided_on"]


class EventViewSet(CaseRecordViewSet):
    serializer_class = api_serializers.EventSerializer
    filterset_class = api_filters.EventFilter
    related = ("place",)
    ordering_fields = ["occurred_on"]


class StatusChangeViewSet(ReadOnlyTrackerViewSet):
    serializer_class = api_serializers.StatusChangeSerializer
    filterset_class = api_filters.StatusChangeFilter
    lookup_field = "uid"
    lookup_value_regex = UUID_PATTERN
    ordering_fields = ["changed_at"]

    def get_queryset(self):
        cases = visibility.cases_visible_to(self.request.user)
        return CaseStatusChange.objects.filter(case__in=cases.values("pk")).select_related("case", "changed_by")


class SourceViewSet(VisibilityActionMixin, TrackerViewSet):
    serializer_class = api_serializers.SourceSerializer
    filterset_class = api_filters.SourceFilter
    lookup_field = "uid"
    lookup_value_regex = UUID_PATTERN
    ordering_fields = ["published_on", "title"]

    def get_queryset(self):
        return visibility.sources_visible_to(self.request.user).select_related("publisher")

    @extend_schema(request=None, responses={202: CaptureSerializer})
    @action(detail=True, methods=["post"], url_path="capture")
    def capture(self, request, uid=None):
        """Queue a capture of the source's web page (docs/evidence.md); the body must be empty."""
        source = self.get_object()
        if request.data:
            raise drf_errors(DjangoValidationError({name: _("This action takes no fields.") for name in request.data}))
        if not may_capture(request.user, source):
            raise PermissionDenied
        try:
            capture = capture_request(source=source, by=request.user)
        except DjangoValidationError as error:
            raise drf_errors(error) from error
        return Response(CaptureSerializer(capture).data, status=http.HTTP_202_ACCEPTED)


class LegalArticleViewSet(TrackerViewSet):
    serializer_class = api_serializers.LegalArticleSerializer
    queryset = LegalArticle.objects.all()
    lookup_field = "slug"
    lookup_value_regex = SLUG_PATTERN
    filterset_fields = ["jurisdiction", "code", "number"]
    ordering_fields = ["number", "title"]
