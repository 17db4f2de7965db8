"""The API's addresses: /api/v1/ resources, the OpenAPI schema and its browsable docs."""

from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerView
from rest_framework.routers import DefaultRouter

from cases.api import views as api_views
from cases.api.bundles import CaseBundleView
from cases.api.case_parts import InvolvementViewSet, ParticipantViewSet, TeamMemberViewSet
from cases.api.citations import CitationViewSet
from cases.api.people import OrganizationViewSet, PersonNameViewSet, PersonViewSet
from cases.api.places import PlaceViewSet
from tracker.api_token import ObtainTokenView

router = DefaultRouter()
router.register("cases", api_views.CaseViewSet, basename="case")
router.register("people", PersonViewSet, basename="person")
router.register("organizations", OrganizationViewSet, basename="organization")
router.register("legal-articles", api_views.LegalArticleViewSet, basename="legalarticle")
router.register("charges", api_views.ChargeViewSet, basename="charge")
router.register("detentions", api_views.DetentionViewSet, basename="detention")
router.register("rulings", api_views.CourtRulingViewSet, basename="ruling")
router.register("events", api_views.EventViewSet, basename="event")
router.register("sources", api_views.SourceViewSet, basename="source")
router.register("status-changes", api_views.StatusChangeViewSet, basename="statuschange")
router.register("participants", ParticipantViewSet, basename="participant")
router.register("involvements", InvolvementViewSet, basename="involvement")
router.register("team-members", TeamMemberViewSet, basename="teammember")
router.register("citations", CitationViewSet, basename="citation")
router.register("person-names", PersonNameViewSet, basename="personname")
router.register("places", PlaceViewSet, basename="place")

urlpatterns = [
    path("api/v1/", include(router.urls)),
    path("api/v1/token/", ObtainTokenView.as_view(), name="api-token"),
    path("api/v1/case-bundles/", CaseBundleView.as_view(), name="case-bundles"),
    path("api/schema/", SpectacularAPIView.as_view(), name="api-schema"),
    path("api/docs/", SpectacularSwaggerView.as_view(url_name="api-schema"), name="api-docs"),
]
