from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils.translation import gettext_lazy as _


class RestrictedRead(models.Model):
    """Someone opened a restricted record (a witness's identity, a restricted source)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="restricted_reads", verbose_name=_("who")
    )
    read_at = models.DateTimeField(_("when"), auto_now_add=True)
    content_type = models.ForeignKey(ContentType, on_delete=models.PROTECT, verbose_name=_("kind of record"))
    object_id = models.CharField(_("record id"), max_length=64)
    record = GenericForeignKey("content_type", "object_id")
    # Kept as text: the record may later be deleted or renamed, the log must still read.
    label = models.CharField(_("record"), max_length=300)
    path = models.CharField(_("where"), max_length=300, blank=True, help_text=_("The page that showed it."))

    class Meta:
        verbose_name = _("restricted read")
        verbose_name_plural = _("restricted reads")
        ordering = ["-read_at"]
        indexes = [
            # "Who looked at this record?": reads of one record, newest first.
            models.Index(fields=["content_type", "object_id", "-read_at"], name="restrictedread_record"),
        ]

    def __str__(self) -> str:
        return f"{self.user} · {self.label}"
