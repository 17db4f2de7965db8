"""Visibility levels shared by every record that can hold something non-public."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Visibility(models.TextChoices):
    PUBLIC = "public", _("public")
    INTERNAL = "internal", _("internal")
    RESTRICTED = "restricted", _("restricted")


def visibility_field(default: str = Visibility.INTERNAL) -> models.CharField:
    # Internal by default: a record becomes public only by a deliberate choice.
    return models.CharField(
        _("visibility"),
        max_length=10,
        choices=Visibility.choices,
        default=default,
        db_index=True,
        help_text=_(
            "public: shown once the case is published; internal: signed-in staff and the case's lawyers; "
            "restricted: only the case team and editors."
        ),
    )


def visibility_constraint(model: str) -> models.CheckConstraint:
    return models.CheckConstraint(
        condition=models.Q(visibility__in=Visibility.values), name=f"{model}_visibility_valid"
    )
