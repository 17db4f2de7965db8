from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class CaseBundleReceipt(models.Model):
    """A case bundle received through the API, kept by the client's idempotency key, so that a
    retried upload (the answer was lost on a bad connection) is answered again, not written twice."""

    key = models.CharField(_("idempotency key"), max_length=200)
    received_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("received from")
    )
    received_at = models.DateTimeField(_("received"), auto_now_add=True)
    # The answer the first upload got: every created record's public id.
    answer = models.JSONField(_("answer"))

    class Meta:
        verbose_name = _("case bundle receipt")
        verbose_name_plural = _("case bundle receipts")
        constraints = [
            # One receipt per client key and user: a key is the client's, not global.
            models.UniqueConstraint(fields=["received_by", "key"], name="bundlereceipt_unique_key"),
        ]

    def __str__(self) -> str:
        return self.key
