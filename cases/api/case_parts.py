"""API for the parts of a case that are not dated facts: participants, the team, organizations'
involvement. Each reads through the gate (cases.visibility) like every other record."""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.utils.translation import gettext_lazy as _
from rest_framework import permissions, serializers

from cases import visibility
from cases.api import filters as api_filters
from cases.api.base import TrackerViewSet
from cases.api.serializers import (
    CaseRecordSerializer,
    ParticipantSerializer,
    VisibleSlugRelatedField,
    slug_field,
)
from cases.api.views import CaseRecordViewSet
from cases.models import Case, CaseTeamMember, OrganizationInvolvement, Participant
from people.models import Organization
from tracker import roles


class ParticipantViewSet(CaseRecordViewSet):
    serializer_class = ParticipantSerializer
    filterset_class = api_filters.record_filter(Participant, ["role"])
    related = ("person",)
    ordering_fields = ["role"]


class InvolvementSerializer(CaseRecordSerializer):
    internal_fields = ("notes",)
    organization = slug_field(Organization, help_text=_("Slug of the organization."))

    class Meta:
        model = OrganizationInvolvement
        fields = ["uid", "case", "organization", "role", "description", "visibility", "notes"]


class InvolvementViewSet(CaseRecordViewSet):
    """An organization's part in a case without a person acting for it: support, representation."""

    serializer_class = InvolvementSerializer
    filterset_class = api_filters.record_filter(OrganizationInvolvement, ["role"])
    related = ("organization",)
    ordering_fields = ["role"]


class EditorWrite(permissions.BasePermission):
    """Who works on a case is an editor's decision: they assign and remove team members."""

    def has_permission(self, request, view) -> bool:
        return request.method in permissions.SAFE_METHODS or roles.is_editor(request.user)


class TeamMemberSerializer(CaseRecordSerializer):
    user = serializers.SlugRelatedField(
        slug_field="username",
        queryset=get_user_model().objects.filter(is_active=True),
        help_text=_("Username of the staff member or lawyer."),
    )
    case = VisibleSlugRelatedField(slug_field="slug", queryset=Case.objects.all(), help_text=_("The case's slug."))

    class Meta:
        model = CaseTeamMember
        fields = ["uid", "case", "user", "role"]

    def validate(self, attrs):
        user = attrs.get("user", getattr(self.instance, "user", None))
        role = attrs.get("role", getattr(self.instance, "role", None))
        if role == CaseTeamMember.Role.STAFF and not roles.is_staff_member(user):
            raise serializers.ValidationError({"user": [_("This user is not a staff member.")]})
        if role == CaseTeamMember.Role.LAWYER and not roles.is_lawyer(user):
            raise serializers.ValidationError({"user": [_("This user is not a lawyer.")]})
        return attrs


class TeamMemberViewSet(TrackerViewSet):
    """A case's team is internal: staff read every team, a lawyer the teams they are on."""

    serializer_class = TeamMemberSerializer
    permission_classes = [*TrackerViewSet.permission_classes, EditorWrite]
    filterset_class = api_filters.TeamMemberFilter
    lookup_field = "uid"

    def get_queryset(self):
        user = self.request.user
        members = CaseTeamMember.objects.select_related("case", "user").order_by("case", "role", "pk")
        if visibility.sees_internal_fields(user):
            return members.filter(case__in=visibility.cases_visible_to(user).values("pk"))
        if user.is_authenticated and user.is_active and roles.is_lawyer(user):
            return members.filter(case__in=Case.objects.with_team_member(user).values("pk"))
        return members.none()
