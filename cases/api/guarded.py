"""The API's doors to the guarded fields (tracker/guarded.py): publication and visibility.

Ordinary edits refuse these fields with a 400 that names the action below. Each action calls
the field's one service, so the API applies the same rules as the admin and the staff pages
(four eyes, the editor rule) and writes the same attributed history row.
"""

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.decorators import action
from rest_framework.exceptions import PermissionDenied

from cases.api.serializers import CaseDetailSerializer
from cases.models import Case
from cases.services.publication import case_set_publication, record_set_visibility, visibility_change_allowed
from tracker.api_base import drf_errors
from tracker.visibility import Visibility


class PublicationRequestSerializer(serializers.Serializer):
    target = serializers.ChoiceField(choices=Case.Publication.choices, help_text=gettext_lazy("The new state."))
    note = serializers.CharField(
        required=False, allow_blank=True, default="", max_length=2000, help_text=gettext_lazy("Why; kept internal.")
    )


class VisibilityRequestSerializer(serializers.Serializer):
    visibility = serializers.ChoiceField(choices=Visibility.choices, help_text=gettext_lazy("Who may see it."))
    note = serializers.CharField(
        required=False, allow_blank=True, default="", max_length=2000, help_text=gettext_lazy("Why; kept internal.")
    )


class NewRecordRulesMixin:
    """A record created through the API may be public at once only where the editor rule allows."""

    def check_new_record(self, record) -> None:
        if "visibility" not in getattr(record, "guarded_fields", ()):
            return
        if not visibility_change_allowed(self.request.user, record, None, record.visibility):
            raise serializers.ValidationError(
                {"visibility": [_("Only an editor may make this public: it belongs to a published case.")]}
            )


def apply_service(service, **kwargs) -> None:
    """Run a guarded field's service; its refusals become the API's 400 and 403."""
    try:
        service(**kwargs)
    except DjangoPermissionDenied as error:
        raise PermissionDenied(str(error)) from error
    except DjangoValidationError as error:
        raise drf_errors(error) from error


class VisibilityActionMixin:
    """POST <record>/visibility/ with {visibility, note}."""

    @extend_schema(request=VisibilityRequestSerializer)
    @action(detail=True, methods=["post"], url_path="visibility")
    def set_visibility(self, request, **kwargs):
        record = self.get_object()
        serializer = VisibilityRequestSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        apply_service(record_set_visibility, record=record, by=request.user, **serializer.validated_data)
        return self.retrieve(request, **kwargs)


class PublicationActionMixin:
    """POST /cases/<slug>/publication/ with {target, note}."""

    @extend_schema(request=PublicationRequestSerializer, responses=CaseDetailSerializer)
    @action(detail=True, methods=["post"], url_path="publication")
    def set_publication(self, request, slug=None):
        case = self.get_object()
        serializer = PublicationRequestSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        apply_service(case_set_publication, case=case, by=request.user, **serializer.validated_data)
        return self._detail(case.slug)

