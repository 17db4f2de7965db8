import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from tracker.dates import FuzzyDateField, fuzzy_date_constraints, precision_field


class CaseStatus(models.TextChoices):
    REPORTED = "reported", _("reported")
    DETAINED = "detained", _("detained")
    UNDER_INVESTIGATION = "under_investigation", _("under investigation")
    CHARGED = "charged", _("charged")
    ON_TRIAL = "on_trial", _("on trial")
    CONVICTED = "convicted", _("convicted")
    RELEASED_WITH_RESTRICTIONS = "released_with_restrictions", _("released with restrictions")
    RELEASED = "released", _("released")
    DISAPPEARED = "disappeared", _("disappeared")
    TRANSFERRED = "transferred", _("transferred to another state")
    DIED_IN_CUSTODY = "died_in_custody", _("died in custody")
    CLOSED = "closed", _("closed")


class CaseStatusChange(models.Model):
    """One change of a case's status: written only by cases.services.case_change_status."""

    # The API's public id: primary keys never leave the database (docs/architecture.md).
    uid = models.UUIDField(
        _("public id"), default=uuid.uuid4, unique=True, editable=False, help_text=_("Stable public identifier.")
    )
    case = models.ForeignKey("cases.Case", on_delete=models.CASCADE, related_name="status_changes")
    from_status = models.CharField(
        _("from"), max_length=30, choices=CaseStatus.choices, blank=True, help_text=_("Empty for the first status.")
    )
    to_status = models.CharField(_("to"), max_length=30, choices=CaseStatus.choices)
    changed_at = models.DateTimeField(_("recorded at"), db_index=True)
    # PROTECT: who changed a status is evidence; deactivate users instead of deleting them.
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("recorded by"),
        help_text=_("Empty only for changes made by the system itself."),
    )
    note = models.TextField(
        _("internal note"), blank=True, help_text=_("Why the status changed. Never shown publicly.")
    )
    effective_on = models.DateField(
        _("happened on"), null=True, blank=True, help_text=_("When the change happened, if known.")
    )
    effective_precision = precision_field()
    effective_approximate = models.BooleanField(_("approximate"), default=False, help_text=_('"around", "about".'))
    effective = FuzzyDateField("effective")

    class Meta:
        verbose_name = _("status change")
        verbose_name_plural = _("status changes")
        ordering = ["case", "changed_at", "pk"]
        get_latest_by = "changed_at"
        indexes = [
            # Feeds and alerts list a case's changes newest first.
            models.Index(fields=["case", "-changed_at"], name="statuschange_case_recent"),
        ]
        constraints = [
            models.CheckConstraint(condition=Q(to_status__in=CaseStatus.values), name="statuschange_to_valid"),
            models.CheckConstraint(
                condition=Q(from_status="") | Q(from_status__in=CaseStatus.values), name="statuschange_from_valid"
            ),
            models.CheckConstraint(condition=~Q(from_status=models.F("to_status")), name="statuschange_is_a_change"),
            *fuzzy_date_constraints("effective", "statuschange"),
        ]

    def __str__(self) -> str:
        if not self.from_status:
            return str(self.get_to_status_display())
        return f"{self.get_from_status_display()} → {self.get_to_status_display()}"
