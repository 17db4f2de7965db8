import uuid

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from tracker.dates import FuzzyDateField, clean_fuzzy_date, fuzzy_date_constraints, precision_field
from tracker.guarded import VisibilityGuarded
from tracker.visibility import visibility_constraint, visibility_field


class DetentionKind(models.TextChoices):
    ARREST = "arrest", _("arrest")
    PRE_TRIAL = "pre_trial", _("pre-trial detention")
    HOUSE_ARREST = "house_arrest", _("house arrest")
    ADMINISTRATIVE = "administrative", _("administrative detention")
    PRISON = "prison", _("prison")
    CAMP = "camp", _("camp")


class Detention(VisibilityGuarded):
    """A period of deprivation of liberty."""

    Kind = DetentionKind

    # The API's public id: primary keys never leave the database (docs/architecture.md).
    uid = models.UUIDField(
        _("public id"), default=uuid.uuid4, unique=True, editable=False, help_text=_("Stable public identifier.")
    )
    case = models.ForeignKey("cases.Case", on_delete=models.CASCADE, related_name="detentions")
    detainee = models.ForeignKey("people.Person", on_delete=models.PROTECT, related_name="detentions")
    kind = models.CharField(_("kind"), max_length=20, choices=DetentionKind.choices)
    place = models.ForeignKey(
        "cases.Place",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="detentions",
        help_text=_("Where the person is or was held."),
    )
    facility = models.CharField(
        _("facility"), max_length=250, blank=True, help_text=_("e.g. a named detention centre.")
    )
    authority = models.ForeignKey(
        "people.Organization",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="detentions",
        help_text=_("The body that holds the person."),
    )
    started_on = models.DateField(_("started on"))
    started_time = models.TimeField(_("time"), null=True, blank=True, help_text=_("Local time at the place."))
    started_precision = precision_field()
    started_approximate = models.BooleanField(_("approximate"), default=False)
    started = FuzzyDateField("started")
    ended_on = models.DateField(_("ended on"), null=True, blank=True, help_text=_("Empty while it lasts."))
    ended_precision = precision_field()
    ended = FuzzyDateField("ended")
    visibility = visibility_field()
    notes = models.TextField(_("internal notes"), blank=True)

    class Meta:
        verbose_name = _("detention")
        verbose_name_plural = _("detentions")
        ordering = ["case", "started_on", "pk"]
        indexes = [
            # Statistics and the public list's year filter read detention starts.
            models.Index(fields=["started_on"], name="detention_started"),
        ]
        constraints = [
            models.CheckConstraint(condition=Q(kind__in=DetentionKind.values), name="detention_kind_valid"),
            models.CheckConstraint(
                condition=Q(ended_on__isnull=True) | Q(ended_on__gte=F("started_on")), name="detention_ends_after_start"
            ),
            *fuzzy_date_constraints("started", "detention", has_time=True),
            *fuzzy_date_constraints("ended", "detention"),
            visibility_constraint("detention"),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}, {self.started}"

    def clean(self) -> None:
        errors = {**clean_fuzzy_date(self, "started"), **clean_fuzzy_date(self, "ended")}
        if self.started_on and self.ended_on and self.ended_on < self.started_on:
            errors["ended_on"] = _("A detention cannot end before it starts.")
        if errors:
            raise ValidationError(errors)
