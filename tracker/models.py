"""The security log and the record of each user's signed-in sessions."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class SecurityEvent(models.Model):
    """One security-relevant happening; written by tracker.security_log, read by editors only."""

    class Kind(models.TextChoices):
        SIGN_IN = "sign-in", _("sign-in")
        SIGN_OUT = "sign-out", _("sign-out")
        FAILURE = "failure", _("sign-in failure")
        LOCK_OUT = "lock-out", _("lock-out")
        PERMISSION_DENIED = "permission-denied", _("permission denied")
        EXPORT_NON_PUBLIC = "export-non-public", _("export of non-public data")
        SESSION_REVOKED = "session-revoked", _("sessions ended")
        SESSION_EXPIRED = "session-expired", _("session timed out")
        TWO_FACTOR = "two-factor", _("two-factor change")
        USER_DEACTIVATED = "user-deactivated", _("user deactivated")
        API_TOKEN = "api-token", _("API token issued or revoked")

    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    # Kept when the user is deleted: the log outlives accounts.
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    username = models.CharField(_("username"), max_length=150, blank=True, help_text=_("As typed, for failures."))
    ip = models.GenericIPAddressField(_("IP address"), null=True, blank=True)
    path = models.CharField(_("path"), max_length=300, blank=True)
    detail = models.TextField(_("detail"), blank=True)
    happened_at = models.DateTimeField(_("when"), auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = _("security event")
        verbose_name_plural = _("security log")
        ordering = ["-happened_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(
                    kind__in=[
                        "sign-in",
                        "sign-out",
                        "failure",
                        "lock-out",
                        "permission-denied",
                        "export-non-public",
                        "session-revoked",
                        "session-expired",
                        "two-factor",
                        "user-deactivated",
                        "api-token",
                    ]
                ),
                name="securityevent_kind_valid",
            )
        ]
        # The editors' screen: one user's or one kind's events, newest first.
        indexes = [models.Index(fields=["kind", "-happened_at"]), models.Index(fields=["user", "-happened_at"])]

    def __str__(self) -> str:
        return f"{self.happened_at:%Y-%m-%d %H:%M} {self.kind} {self.username or self.user_id or ''}"


class UserSession(models.Model):
    """A session a user signed in with, so all of them can be ended at once, whatever the session store."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    session_key = models.CharField(max_length=64, unique=True)
    ip = models.GenericIPAddressField(null=True, blank=True)
    user_agent = models.CharField(max_length=300, blank=True)
    signed_in_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("signed-in session")
        # "Sign out everywhere" and deactivation: all of one user's sessions.
        indexes = [models.Index(fields=["user"])]

    def __str__(self) -> str:
        return f"{self.user_id} {self.signed_in_at:%Y-%m-%d %H:%M}"


class ApiTokenRecord(models.Model):
    """What an API token was issued under, and when it was last used (DRF's Token holds the key).

    A token stands only as long as what it was issued under: the password (the user's
    session hash, as Django checks for sessions), a role, and for those who must sign in
    with a second factor, a sign-in that gave one. tracker/api_auth.py checks all three.
    """

    token = models.OneToOneField(
        "authtoken.Token", on_delete=models.CASCADE, primary_key=True, related_name="record", verbose_name=_("token")
    )
    password_hash = models.CharField(max_length=128, help_text=_("The user's session hash when it was issued."))
    with_two_factor = models.BooleanField(
        _("issued after a two-factor sign-in"), default=False, help_text=_("Staff tokens must be.")
    )
    last_used_at = models.DateTimeField(_("last used"), null=True, blank=True)
    last_used_ip = models.GenericIPAddressField(_("last used from"), null=True, blank=True)

    class Meta:
        verbose_name = _("API token record")
        verbose_name_plural = _("API token records")

    def __str__(self) -> str:
        return f"{self.token_id[:6]}…"
