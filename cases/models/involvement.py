import uuid

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from tracker.guarded import VisibilityGuarded
from tracker.visibility import visibility_constraint, visibility_field


class InvolvementRole(models.TextChoices):
    SUPPORT = "support", _("support")
    REPRESENTATION = "representation", _("legal representation")
    MONITORING = "monitoring", _("trial monitoring")
    ADVOCACY = "advocacy", _("advocacy")
    OTHER = "other", _("other")


class OrganizationInvolvement(VisibilityGuarded):
    """An organization's part in a case as an organization (it supports the detainee, a law firm
    represents them), where no one person acts for it; a person acting for one is a Participant."""

    Role = InvolvementRole

    # The API's public id: primary keys never leave the database (docs/architecture.md).
    uid = models.UUIDField(
        _("public id"), default=uuid.uuid4, unique=True, editable=False, help_text=_("Stable public identifier.")
    )
    case = models.ForeignKey("cases.Case", on_delete=models.CASCADE, related_name="involvements")
    # PROTECT: an organization that took part in a case cannot be deleted out from under it.
    organization = models.ForeignKey(
        "people.Organization", on_delete=models.PROTECT, related_name="involvements", verbose_name=_("organization")
    )
    role = models.CharField(_("role"), max_length=20, choices=InvolvementRole.choices)
    description = models.CharField(
        _("description"), max_length=300, blank=True, help_text=_('e.g. "pays for the defence lawyer".')
    )
    visibility = visibility_field()
    notes = models.TextField(_("internal notes"), blank=True)

    class Meta:
        verbose_name = _("organization's involvement")
        verbose_name_plural = _("organizations' involvement")
        ordering = ["case", "role", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["case", "organization", "role"], name="involvement_unique_role"),
            models.CheckConstraint(condition=Q(role__in=InvolvementRole.values), name="involvement_role_valid"),
            visibility_constraint("involvement"),
        ]

    def __str__(self) -> str:
        return f"{self.organization} ({self.get_role_display()})"
