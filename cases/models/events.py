import uuid

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from tracker.dates import FuzzyDateField, clean_fuzzy_date, fuzzy_date_constraints, precision_field
from tracker.guarded import VisibilityGuarded
from tracker.visibility import visibility_constraint, visibility_field


class EventKind(models.TextChoices):
    ARREST = "arrest", _("arrest")
    TRANSFER = "transfer", _("transfer")
    SEARCH = "search", _("search")
    INTERROGATION = "interrogation", _("interrogation")
    CHARGE = "charge", _("charge")
    HEARING = "hearing", _("hearing")
    RULING = "ruling", _("ruling")
    STATEMENT = "statement", _("statement")
    ACTIVITY = "activity", _("activity")
    RELEASE = "release", _("release")
    DISAPPEARANCE = "disappearance", _("disappearance")
    OTHER = "other", _("other")


class Event(VisibilityGuarded):
    """A dated entry on a case's timeline."""

    Kind = EventKind

    # The API's public id: primary keys never leave the database (docs/architecture.md).
    uid = models.UUIDField(
        _("public id"), default=uuid.uuid4, unique=True, editable=False, help_text=_("Stable public identifier.")
    )
    case = models.ForeignKey("cases.Case", on_delete=models.CASCADE, related_name="events")
    kind = models.CharField(_("kind"), max_length=20, choices=EventKind.choices)
    title = models.CharField(_("title"), max_length=250)
    description = models.TextField(_("description"), blank=True)
    occurred_on = models.DateField(_("date"))
    occurred_time = models.TimeField(_("time"), null=True, blank=True, help_text=_("Local time at the place."))
    occurred_precision = precision_field()
    occurred_approximate = models.BooleanField(_("approximate"), default=False, help_text=_('"around", "about".'))
    occurred_until = models.DateField(_("until"), null=True, blank=True, help_text=_("End of a date range."))
    occurred = FuzzyDateField("occurred")
    place = models.ForeignKey("cases.Place", on_delete=models.PROTECT, null=True, blank=True, related_name="events")
    visibility = visibility_field()

    class Meta:
        verbose_name = _("event")
        verbose_name_plural = _("events")
        ordering = ["case", "occurred_on", "occurred_time", "pk"]
        indexes = [
            # The timeline reads a case's events in date order.
            models.Index(fields=["case", "occurred_on"], name="event_case_date"),
        ]
        constraints = [
            models.CheckConstraint(condition=Q(kind__in=EventKind.values), name="event_kind_valid"),
            *fuzzy_date_constraints("occurred", "event", has_time=True, has_until=True),
            visibility_constraint("event"),
        ]

    def __str__(self) -> str:
        return f"{self.occurred}: {self.title}"

    def clean(self) -> None:
        errors = clean_fuzzy_date(self, "occurred")
        if errors:
            raise ValidationError(errors)
