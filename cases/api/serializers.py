"""API representations of cases and their records.

What a user may see is decided in cases.visibility; the views hand these serializers only
rows the gate let through, plus an Audience that says whose names may be shown. Here a
hidden person becomes null (and their role stays), nothing more is decided.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError as DjangoValidationError
from django.utils.translation import gettext_lazy as _
from django_countries.serializers import CountryFieldMixin
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from cases.models import (
    Case,
    CaseStatus,
    CaseStatusChange,
    Charge,
    CourtRuling,
    Detention,
    Event,
    LegalArticle,
    Participant,
    Place,
    Source,
)
from cases.services.status import case_create
from cases.visibility import (
    cases_visible_to,
    organizations_visible_to,
    participant_label,
    people_visible_to,
    records_visible_to,
)
from people.models import Organization, Person
from tracker.api_base import ModelRulesSerializer, audience_of, blank_if_null, drf_errors, unwritable_fields
from tracker.api_dates import DateTextField, date_key, effective_kwargs


def _visible_to(model, user):
    """The rows of `model` a reference may name: a hidden one answers as a missing one does."""
    if model is Person:
        return people_visible_to(user)
    if model is Organization:
        return organizations_visible_to(user)
    if model is Case:
        return cases_visible_to(user)
    if model in (CourtRuling, Charge):
        return records_visible_to(user, model.objects.all())
    return model.objects.all()


class VisibleSlugRelatedField(serializers.SlugRelatedField):
    """A reference by slug that resolves (and lists, in the browsable API) only what the user may see."""

    def get_queryset(self):
        request = self.context.get("request")
        if request is None:
            return self.queryset.none()
        return _visible_to(self.queryset.model, request.user)

    def to_internal_value(self, data):
        # No slug holds a NUL, and PostgreSQL refuses to compare one: answer as for any unknown slug.
        if isinstance(data, str) and "\x00" in data:
            self.fail("does_not_exist", slug_name=self.slug_field, value="\\x00")
        return super().to_internal_value(data)


def slug_field(model, *, help_text: str, **kwargs) -> serializers.SlugRelatedField:
    return VisibleSlugRelatedField(slug_field="slug", queryset=model.objects.all(), help_text=help_text, **kwargs)


@extend_schema_field({"type": "string", "nullable": True})
class PersonNameField(serializers.Field):
    """The name of the record's person where the gate lets it be shown, else null."""

    def __init__(self, person_field: str, **kwargs) -> None:
        self.person_field = person_field
        kwargs.update(source="*", read_only=True)
        kwargs.setdefault("help_text", _("The person's name, or null where only their role may be shown."))
        super().__init__(**kwargs)

    def to_representation(self, record):
        person = getattr(record, self.person_field)
        shown = audience_of(self.parent).shows_person(person, record.case)
        return person.name if shown else None


class CaseRecordSerializer(ModelRulesSerializer):
    """A record that belongs to one case; people in it are named only where the gate allows."""

    case = VisibleSlugRelatedField(slug_field="slug", queryset=Case.objects.all(), help_text=_("The case's slug."))
    # Person-valued fields: the slug (and `<field>_name`) are null when the person is hidden.
    person_fields: tuple[str, ...] = ()

    def get_fields(self):
        fields = super().get_fields()
        for name in self.person_fields:
            fields[f"{name}_name"] = PersonNameField(name)
        return fields

    def to_representation(self, instance):
        data = super().to_representation(instance)
        audience = audience_of(self)
        for name in self.person_fields:
            if not audience.shows_person(getattr(instance, name), instance.case):
                data[name] = None
        return data


def place_ref(help_text: str) -> serializers.SlugRelatedField:
    return serializers.SlugRelatedField(
        slug_field="uid", queryset=Place.objects.all(), allow_null=True, required=False, help_text=help_text
    )


class PlaceNameField(serializers.CharField):
    def __init__(self, **kwargs) -> None:
        kwargs.update(source="place", read_only=True, allow_null=True)
        kwargs.setdefault("help_text", _('The place as people read it, e.g. "Almaty, Kazakhstan".'))
        super().__init__(**kwargs)


def person_ref(help_text: str, **kwargs) -> serializers.SlugRelatedField:
    return slug_field(Person, help_text=help_text, allow_null=True, **kwargs)


class ChargeSerializer(CaseRecordSerializer):
    person_fields = ("defendant",)
    defendant = person_ref(_("Slug of the accused person; null where the person is not shown."))
    article = slug_field(
        LegalArticle, help_text=_("Slug of the legal article, if sources name it."), allow_null=True, required=False
    )
    filed = DateTextField()
    closed = DateTextField()

    class Meta:
        model = Charge
        fields = [
            "uid", "case", "defendant", "article", "description", "status",
            "filed_on", "filed_precision", "filed", "closed_on", "closed_precision", "closed", "visibility",
        ]  # fmt: skip


class DetentionSerializer(CaseRecordSerializer):
    person_fields = ("detainee",)
    internal_fields = ("notes",)
    detainee = person_ref(_("Slug of the detained person; null where the person is not shown."))
    authority = slug_field(
        Organization, help_text=_("Slug of the body that holds the person."), allow_null=True, required=False
    )
    place = place_ref(_("Public id of the place where the person is or was held (see /api/v1/places/)."))
    place_name = PlaceNameField()
    started = DateTextField()
    ended = DateTextField()

    class Meta:
        model = Detention
        fields = [
            "uid", "case", "detainee", "kind", "place", "place_name", "facility", "authority",
            "started_on", "started_time", "started_precision", "started_approximate", "started",
            "ended_on", "ended_precision", "ended", "visibility", "notes",
        ]  # fmt: skip


class CourtRulingSerializer(CaseRecordSerializer):
    person_fields = ("defendant", "judge")
    court = slug_field(Organization, help_text=_("Slug of the court."))
    defendant = person_ref(_("Slug of the defendant; null where the person is not shown."))
    judge = person_ref(_("Slug of the judge, if known."), required=False)
    appeal_of = VisibleSlugRelatedField(
        slug_field="uid",
        queryset=CourtRuling.objects.all(),
        allow_null=True,
        required=False,
        help_text=_("Public id of the ruling this one reviews."),
    )
    decided = DateTextField()
    charges = VisibleSlugRelatedField(
        slug_field="uid",
        queryset=Charge.objects.all(),
        many=True,
        required=False,
        help_text=_("Public ids of the charges this ruling decided, all in the ruling's case."),
    )

    class Meta:
        model = CourtRuling
        fields = [
            "uid", "case", "court", "defendant", "judge", "decided_on", "decided_precision", "decided_approximate",
            "decided", "proceeding", "appeal_of", "verdict", "plea", "prison_term_months", "sentence_suspended",
            "fine_amount", "fine_currency", "fine_equivalent_amount", "fine_equivalent_currency",
            "restriction_months", "ban", "summary", "charges", "visibility",
        ]  # fmt: skip

    def validate(self, attrs):
        attrs = super().validate(attrs)
        charges = attrs.get("charges")
        case = attrs.get("case", getattr(self.instance, "case", None))
        if charges is None:
            return attrs
        if any(charge.case_id != getattr(case, "pk", None) for charge in charges):
            raise serializers.ValidationError({"charges": [_("A ruling decides charges of its own case only.")]})
        probe = CourtRuling(decided_on=attrs.get("decided_on", getattr(self.instance, "decided_on", None)))
        problems = probe.charge_date_errors(charges)
        if problems:
            raise serializers.ValidationError({"charges": list(problems.values())})
        return attrs

    def to_representation(self, instance):
        data = super().to_representation(instance)
        levels = audience_of(self).levels(instance.case)
        appealed = instance.appeal_of
        # The reviewed ruling may itself be hidden: do not hand out its id.
        if appealed is not None and appealed.visibility not in levels:
            data["appeal_of"] = None
        # Nor the id of a charge the reader may not see.
        data["charges"] = [str(charge.uid) for charge in instance.charges.all() if charge.visibility in levels]
        return data


class EventSerializer(CaseRecordSerializer):
    place = place_ref(_("Public id of the place where it happened (see /api/v1/places/)."))
    place_name = PlaceNameField()
    occurred = DateTextField()

    class Meta:
        model = Event
        fields = [
            "uid", "case", "kind", "title", "description", "occurred_on", "occurred_time", "occurred_precision",
            "occurred_approximate", "occurred_until", "occurred", "place", "place_name", "visibility",
        ]  # fmt: skip


class ParticipantSerializer(CaseRecordSerializer):
    person_fields = ("person",)
    internal_fields = ("notes",)
    person = person_ref(_("Slug of the person; null where only the role may be shown."))
    label = serializers.SerializerMethodField(help_text=_('The name, or the role alone ("witness").'))

    class Meta:
        model = Participant
        fields = ["uid", "case", "person", "label", "role", "relationship", "visibility", "notes"]

    def get_label(self, participant: Participant) -> str:
        return participant_label(participant, audience_of(self).levels(participant.case))


class StatusChangeSerializer(serializers.ModelSerializer):
    case = serializers.SlugRelatedField(slug_field="slug", read_only=True, help_text=_("The case's slug."))
    effective = DateTextField(read_only=True)
    note = serializers.CharField(
        read_only=True, allow_null=True, help_text=_("Why the status changed; null for the public.")
    )
    changed_by = serializers.SlugRelatedField(
        slug_field="username", read_only=True, allow_null=True, help_text=_("Who recorded it; null for the public.")
    )

    class Meta:
        model = CaseStatusChange
        fields = ["uid", "case", "from_status", "to_status", "changed_at", "effective", "note", "changed_by"]

    def to_representation(self, instance):
        data = super().to_representation(instance)
        if not audience_of(self).sees_internal(instance):
            data["note"] = None
            data["changed_by"] = None
        return data


class StatusChangeRequestSerializer(serializers.Serializer):
    status = serializers.ChoiceField(choices=CaseStatus.choices, help_text=_("The new status."))
    note = serializers.CharField(required=False, allow_blank=True, default="", help_text=_("Why; kept internal."))
    effective = DateTextField(
        help_text=_('When it became true, as precisely as known: "2019-03-10", "2021-05~" (around May 2021).')
    )

    def to_internal_value(self, data):
        errors = unwritable_fields(self, data)
        if errors:
            raise serializers.ValidationError(errors)
        values = super().to_internal_value(data)
        effective = effective_kwargs(values.pop(date_key("effective"), None), "effective")
        return {**values, **effective}


class LegalArticleSerializer(ModelRulesSerializer):
    class Meta:
        model = LegalArticle
        fields = ["slug", "jurisdiction", "code", "number", "part", "title", "text"]


class SourceSerializer(ModelRulesSerializer):
    internal_fields = ("notes",)
    publisher = slug_field(
        Organization, help_text=_("Slug of the publishing organization."), allow_null=True, required=False
    )

    class Meta:
        model = Source
        fields = [
            "uid", "kind", "title", "publisher", "author", "language", "url", "published_on", "accessed_on",
            "archive_url", "sha256", "reliability", "visibility", "notes",
        ]  # fmt: skip


class CaseListSerializer(CountryFieldMixin, serializers.ModelSerializer):
    """The compact form lists use: one row per case, detainees by name or role."""

    detainees = serializers.SerializerMethodField(help_text=_("Detainees' names, or their role where hidden."))

    class Meta:
        model = Case
        fields = ["slug", "title", "country", "status", "publication", "status_changed_at", "updated_at", "detainees"]

    @extend_schema_field({"type": "array", "items": {"type": "string"}})
    def get_detainees(self, case: Case) -> list[str]:
        levels = audience_of(self).levels(case)
        return [
            participant_label(participant, levels)
            for participant in case.visible_participants
            if participant.role == Participant.Role.DETAINEE
        ]


class CaseDetailSerializer(CountryFieldMixin, serializers.ModelSerializer):
    """A case with its visible records nested: one request gives a lawyer the whole timeline."""

    internal_notes = serializers.CharField(read_only=True, allow_null=True, help_text=_("Null for the public."))
    participants = ParticipantSerializer(many=True, read_only=True, source="visible_participants")
    charges = ChargeSerializer(many=True, read_only=True, source="visible_charges")
    detentions = DetentionSerializer(many=True, read_only=True, source="visible_detentions")
    rulings = CourtRulingSerializer(many=True, read_only=True, source="visible_rulings")
    events = EventSerializer(many=True, read_only=True, source="visible_events")
    sources = SourceSerializer(many=True, read_only=True, source="visible_sources")
    status_changes = StatusChangeSerializer(many=True, read_only=True, source="all_status_changes")

    class Meta:
        model = Case
        fields = [
            "slug", "title", "summary", "internal_notes", "country", "status", "status_changed_at", "publication",
            "published_at", "created_at", "updated_at", "participants", "charges", "detentions", "rulings",
            "events", "sources", "status_changes",
        ]  # fmt: skip

    def to_representation(self, instance):
        data = super().to_representation(instance)
        if not audience_of(self).sees_internal(instance):
            data["internal_notes"] = None
        return data


class CaseWriteSerializer(ModelRulesSerializer):
    """Create and edit a case. The status is set at creation only; later it moves via /status/."""

    internal_fields = ("internal_notes",)
    note = serializers.CharField(
        write_only=True, required=False, allow_blank=True, help_text=_("Why the case is opened; kept internal.")
    )
    effective = DateTextField(
        write_only=True,
        help_text=_('Since when the first status holds, e.g. "2019-03-10~" (detained since around 10 March 2019).'),
    )

    class Meta:
        model = Case
        fields = ["slug", "title", "summary", "internal_notes", "country", "status", "publication", "note", "effective"]

    def get_fields(self):
        fields = super().get_fields()
        if self.instance is not None:
            fields["status"].read_only = True
        return fields

    def validate(self, attrs):
        attrs = super().validate(attrs)
        if self.instance is None and self.initial_data.get("publication") not in (None, "", Case.Publication.DRAFT):
            raise serializers.ValidationError(
                {
                    "publication": [
                        _(
                            "A new case starts as a draft. Another editor publishes it after review, through "
                            "POST /api/v1/cases/<slug>/publication/."
                        )
                    ]
                }
            )
        return attrs

    def create(self, validated_data):
        note = validated_data.pop("note", "")
        validated_data.pop("publication", None)
        effective = effective_kwargs(validated_data.pop(date_key("effective"), None), "effective")
        # As _save does for every other write: a null internal note means an empty one, not a 500.
        case = Case(**blank_if_null(validated_data, self.internal_fields))
        try:
            return case_create(case=case, by=self.context["request"].user, note=note, **effective)
        except DjangoValidationError as error:
            raise drf_errors(error) from error

    def update(self, instance, validated_data):
        given = [name for name in ("note", "effective") if name in validated_data or date_key(name) in validated_data]
        if given:
            message = _("Set when a case is opened; later status changes carry theirs through /status/.")
            raise serializers.ValidationError({name: [message] for name in given})
        instance.updated_by = self.context["request"].user
        return super().update(instance, validated_data)


class OrganizationSerializer(ModelRulesSerializer):
    active_since = DateTextField()

    class Meta:
        model = Organization
        fields = [
            "slug", "name", "other_names", "kind", "country", "city", "active_since_on", "active_since_precision",
            "active_since", "visibility", "description",
        ]  # fmt: skip
