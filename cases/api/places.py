"""API for places. A place's name can say more than a city ("a flat in Almaty"), so the public
reads only the places of records it may read; staff read them all."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from cases import visibility
from cases.api.base import TrackerViewSet
from cases.models import Place
from tracker.api_base import ModelRulesSerializer


class PlaceSerializer(ModelRulesSerializer):
    class Meta:
        model = Place
        fields = ["uid", "name", "country", "region", "timezone"]
        extra_kwargs = {"uid": {"help_text": _("Public id: give it as `place` on events and detentions.")}}


class PlaceViewSet(TrackerViewSet):
    serializer_class = PlaceSerializer
    filterset_fields = ["country", "name"]
    lookup_field = "uid"
    ordering_fields = ["name", "country"]

    def get_queryset(self):
        return visibility.places_visible_to(self.request.user).order_by("country", "name", "pk")
