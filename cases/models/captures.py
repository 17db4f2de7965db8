"""Captures of a source's web page: the files taken, their hashes, the trusted timestamp, the checks."""

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class CaptureState(models.TextChoices):
    PENDING = "pending", _("waiting")
    RUNNING = "running", _("capturing")
    RETRYING = "retrying", _("failed, will retry")
    SUCCEEDED = "succeeded", _("captured")
    FAILED = "failed", _("failed")


class Integrity(models.TextChoices):
    UNCHECKED = "unchecked", _("not yet checked")
    INTACT = "intact", _("intact")
    TAMPERED = "tampered", _("tampered")


class SourceCapture(models.Model):
    """One attempt-series at capturing a source's URL; its files are stored only when all succeeded."""

    State = CaptureState
    Integrity = Integrity

    uid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    source = models.ForeignKey("cases.Source", on_delete=models.PROTECT, related_name="captures")
    url = models.URLField(_("requested URL"), max_length=1000)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    requested_at = models.DateTimeField(_("requested"), auto_now_add=True)
    state = models.CharField(_("state"), max_length=10, choices=CaptureState.choices, default=CaptureState.PENDING)
    step = models.CharField(_("step"), max_length=100, blank=True, help_text=_("What the capture is doing now."))
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    # Backoff lives here, not in a broker countdown: the sweep queues what is due.
    next_attempt_at = models.DateTimeField(_("next attempt"), null=True, blank=True)
    claimed_until = models.DateTimeField(null=True, blank=True, editable=False)
    failure_reason = models.TextField(_("failure reason"), blank=True)
    captured_at = models.DateTimeField(_("captured at (UTC)"), null=True, blank=True)
    final_url = models.URLField(_("final URL"), max_length=2000, blank=True)
    http_status = models.PositiveSmallIntegerField(_("HTTP status"), null=True, blank=True)
    response_headers = models.JSONField(_("response headers"), default=dict, blank=True)
    method = models.CharField(
        _("method and version"), max_length=200, blank=True, help_text=_("The software and browser that captured.")
    )
    manifest = models.FileField(_("hash manifest"), upload_to="captures/%Y/%m/", blank=True)
    manifest_sha256 = models.CharField(_("manifest SHA-256"), max_length=64, blank=True)
    timestamp_token = models.FileField(_("timestamp token (.tsr)"), upload_to="captures/%Y/%m/", blank=True)
    timestamp_token_sha256 = models.CharField(max_length=64, blank=True, editable=False)
    timestamp_authority = models.CharField(_("timestamp authority"), max_length=300, blank=True)
    timestamped_at = models.DateTimeField(_("timestamped at (UTC)"), null=True, blank=True)
    integrity = models.CharField(_("integrity"), max_length=10, choices=Integrity.choices, default=Integrity.UNCHECKED)
    integrity_problems = models.TextField(_("integrity problems"), blank=True)
    verified_at = models.DateTimeField(_("last verified"), null=True, blank=True)

    class Meta:
        verbose_name = _("capture")
        verbose_name_plural = _("captures")
        ordering = ["-requested_at"]
        constraints = [
            models.CheckConstraint(condition=Q(state__in=CaptureState.values), name="capture_state_valid"),
            models.CheckConstraint(condition=Q(integrity__in=Integrity.values), name="capture_integrity_valid"),
        ]
        indexes = [
            # The sweep: captures due for a (re)try.
            models.Index(fields=["state", "next_attempt_at"], name="capture_due_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.url} ({self.get_state_display()})"

    @property
    def sha256(self) -> str:
        """The hash that stands for the whole capture: its manifest's."""
        return self.manifest_sha256


class CaptureFileKind(models.TextChoices):
    HTML = "html", _("HTML snapshot")
    SCREENSHOT = "png", _("full-page screenshot")
    PDF = "pdf", _("PDF print")
    WARC = "warc", _("WARC record")
    HEADERS = "headers", _("response headers")


class CaptureFile(models.Model):
    """One stored file of a capture, with the hash and size recorded when it was written."""

    Kind = CaptureFileKind

    capture = models.ForeignKey(SourceCapture, on_delete=models.CASCADE, related_name="files")
    kind = models.CharField(_("kind"), max_length=10, choices=CaptureFileKind.choices)
    file = models.FileField(_("file"), upload_to="captures/%Y/%m/")
    sha256 = models.CharField(_("SHA-256"), max_length=64)
    size = models.PositiveBigIntegerField(_("size in bytes"))
    content_type = models.CharField(_("content type"), max_length=100)

    class Meta:
        verbose_name = _("captured file")
        verbose_name_plural = _("captured files")
        ordering = ["capture", "kind"]
        constraints = [
            models.UniqueConstraint(fields=["capture", "kind"], name="capture_file_one_per_kind"),
            models.CheckConstraint(condition=Q(kind__in=CaptureFileKind.values), name="capture_file_kind_valid"),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} ({self.sha256[:12]}…)"

    @property
    def name(self) -> str:
        return self.file.name.rsplit("/", 1)[-1]
