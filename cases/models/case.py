import uuid
import zoneinfo

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField

from cases.models.status import CaseStatus
from tracker.guarded import GuardedModel, GuardedQuerySet, VisibilityGuarded, refusal
from tracker.visibility import visibility_constraint, visibility_field


class CaseQuerySet(GuardedQuerySet):
    def published(self) -> "CaseQuerySet":
        return self.filter(publication=Case.Publication.PUBLISHED)

    def with_team_member(self, user) -> "CaseQuerySet":
        return self.filter(team_members__user=user)


class Publication(models.TextChoices):
    DRAFT = "draft", _("draft")
    IN_REVIEW = "in_review", _("in review")
    PUBLISHED = "published", _("published")
    WITHDRAWN = "withdrawn", _("withdrawn")


class Case(GuardedModel):
    Publication = Publication
    # Status moves by case_change_status, publication by case_set_publication (tracker/guarded.py).
    guarded_fields = ("status", "publication")

    slug = models.SlugField(_("slug"), max_length=140, unique=True, help_text=_("Used in public addresses."))
    title = models.CharField(_("title"), max_length=250, help_text=_('e.g. "Detention of Serikzhan Bilash (2019)".'))
    summary = models.TextField(_("public summary"), blank=True, help_text=_("Shown on the public page once published."))
    how_to_help = models.TextField(
        _("how to help"),
        blank=True,
        help_text=_(
            "Public: where to write letters to the detainee, which embassy to contact, the family's public appeal."
        ),
    )
    internal_notes = models.TextField(
        _("internal notes"), blank=True, help_text=_("For staff and the case's lawyers only.")
    )
    country = CountryField(_("country"), help_text=_("The country whose authorities hold or held the person."))
    status = models.CharField(_("status"), max_length=30, choices=CaseStatus.choices, default=CaseStatus.REPORTED)
    status_changed_at = models.DateTimeField(_("status changed"), null=True, blank=True, editable=False)
    publication = models.CharField(
        _("publication"),
        max_length=12,
        choices=Publication.choices,
        default=Publication.DRAFT,
        help_text=_("Nothing of an unpublished case is shown publicly."),
    )
    published_at = models.DateTimeField(_("first published"), null=True, blank=True, editable=False)
    team = models.ManyToManyField(
        settings.AUTH_USER_MODEL, through="CaseTeamMember", related_name="team_cases", verbose_name=_("team")
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True, db_index=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        editable=False,
        verbose_name=_("last changed by"),
    )

    objects = CaseQuerySet.as_manager()

    class Meta:
        verbose_name = _("case")
        verbose_name_plural = _("cases")
        ordering = ["-status_changed_at", "title"]
        indexes = [
            # Public list: published cases filtered by status and country, newest change first.
            models.Index(fields=["publication", "status", "-status_changed_at"], name="case_pub_status_recent"),
            # Public list filtered by country.
            models.Index(fields=["publication", "country"], name="case_pub_country"),
        ]
        constraints = [
            models.CheckConstraint(condition=Q(status__in=CaseStatus.values), name="case_status_valid"),
            models.CheckConstraint(
                condition=Q(publication__in=Publication.values),
                name="case_publication_valid",
            ),
            models.CheckConstraint(condition=~Q(slug=""), name="case_slug_not_empty"),
        ]

    def __str__(self) -> str:
        return self.title

    def guard_insert(self, closed: list[str]) -> None:
        # A case starts as a draft: it reaches the public only through review (four eyes).
        if "publication" in closed and self.publication != Publication.DRAFT:
            raise refusal(Case, ["publication"])

    def get_absolute_url(self) -> str:
        from django.urls import reverse

        return reverse("cases:detail", kwargs={"slug": self.slug})


class CaseTeamMember(models.Model):
    class Role(models.TextChoices):
        STAFF = "staff", _("staff")
        LAWYER = "lawyer", _("lawyer")

    # The API's public id: primary keys never leave the database (docs/architecture.md).
    uid = models.UUIDField(
        _("public id"), default=uuid.uuid4, unique=True, editable=False, help_text=_("Stable public identifier.")
    )
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="team_members")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="case_memberships")
    role = models.CharField(_("role"), max_length=10, choices=Role.choices)

    class Meta:
        verbose_name = _("team member")
        verbose_name_plural = _("team")
        constraints = [
            models.UniqueConstraint(fields=["case", "user"], name="teammember_unique"),
            models.CheckConstraint(condition=Q(role__in=["staff", "lawyer"]), name="teammember_role_valid"),
        ]

    def __str__(self) -> str:
        return f"{self.user} ({self.get_role_display()})"


class Place(models.Model):
    # The API's public id: primary keys never leave the database (docs/architecture.md).
    uid = models.UUIDField(
        _("public id"), default=uuid.uuid4, unique=True, editable=False, help_text=_("Stable public identifier.")
    )
    name = models.CharField(_("name"), max_length=200, help_text=_('e.g. "Almaty" or "a hotel in Almaty".'))
    country = CountryField(_("country"))
    region = models.CharField(_("region"), max_length=120, blank=True)
    timezone = models.CharField(
        _("time zone"),
        max_length=64,
        default="Asia/Almaty",
        help_text=_("IANA zone of the place; times in the records are local to it."),
    )

    class Meta:
        verbose_name = _("place")
        verbose_name_plural = _("places")
        ordering = ["country", "name"]
        constraints = [models.UniqueConstraint(fields=["name", "country", "region"], name="place_unique")]

    def __str__(self) -> str:
        return f"{self.name}, {self.country.name}" if self.country else self.name

    def clean(self) -> None:
        if self.timezone not in zoneinfo.available_timezones():
            raise ValidationError({"timezone": _("Unknown time zone; use an IANA name such as Asia/Almaty.")})


class ParticipantRole(models.TextChoices):
    DETAINEE = "detainee", _("detainee")
    FAMILY = "family", _("family member")
    LAWYER = "lawyer", _("lawyer")
    WITNESS = "witness", _("witness")
    OFFICIAL = "official", _("official")
    JUDGE = "judge", _("judge")
    PROSECUTOR = "prosecutor", _("prosecutor")
    SPOKESPERSON = "spokesperson", _("spokesperson")
    COLLEAGUE = "colleague", _("colleague")
    OTHER = "other", _("other")


class Participant(VisibilityGuarded):
    """A person's role in a case. Its visibility is the person's visibility in this case."""

    Role = ParticipantRole

    # The API's public id: primary keys never leave the database (docs/architecture.md).
    uid = models.UUIDField(
        _("public id"), default=uuid.uuid4, unique=True, editable=False, help_text=_("Stable public identifier.")
    )
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="participants")
    # PROTECT: a person who appears in a case cannot be deleted out from under it.
    person = models.ForeignKey("people.Person", on_delete=models.PROTECT, related_name="participations")
    role = models.CharField(_("role"), max_length=20, choices=Role.choices)
    relationship = models.CharField(
        _("relationship"), max_length=120, blank=True, help_text=_('To the detainee, e.g. "wife", "brother".')
    )
    organization = models.ForeignKey(
        "people.Organization",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="participations",
        verbose_name=_("on behalf of"),
        help_text=_("The organization the person acts for in this case."),
    )
    visibility = visibility_field()
    notes = models.TextField(_("internal notes"), blank=True)

    class Meta:
        verbose_name = _("participant")
        verbose_name_plural = _("participants")
        ordering = ["case", "role", "pk"]
        indexes = [
            # The public list filters cases by their detainee.
            models.Index(fields=["role", "person"], name="participant_role_person"),
        ]
        constraints = [
            models.UniqueConstraint(fields=["case", "person", "role"], name="participant_unique_role"),
            models.CheckConstraint(
                condition=Q(role__in=ParticipantRole.values),
                name="participant_role_valid",
            ),
            visibility_constraint("participant"),
        ]

    def __str__(self) -> str:
        return f"{self.person} ({self.get_role_display()})"
