"""The admin site: a one-time code at sign-in for those who need one, and no entry without it."""

from django import forms
from django.contrib.admin import AdminSite
from django.contrib.admin.forms import AdminAuthenticationForm
from django.contrib.auth.signals import user_login_failed
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_otp import match_token, user_has_device

from tracker.backups.selectors import backup_age
from tracker.two_factor import is_verified, two_factor_required


class TwoFactorAdminAuthenticationForm(AdminAuthenticationForm):
    otp_token = forms.CharField(
        label=_("One-time code"),
        required=False,
        max_length=16,
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric"}),
        help_text=_("From your authenticator app, or one of your recovery codes."),
    )

    def clean(self):
        cleaned = super().clean()
        user = self.get_user()
        if user is None or not user_has_device(user, confirmed=True):
            return cleaned
        token = (cleaned.get("otp_token") or "").replace(" ", "")
        device = match_token(user, token) if token else None
        if device is None:
            # A wrong code counts as a failed sign-in, so lock-out covers the second factor too.
            user_login_failed.send(sender=__name__, credentials={"username": user.get_username()}, request=self.request)
            raise forms.ValidationError(_("Enter a valid one-time code."), code="otp_invalid")
        # django_otp's user_logged_in receiver stores this device in the session (verified).
        user.otp_device = device
        return cleaned


class TrackerAdminSite(AdminSite):
    site_header = _("Case tracker")
    site_title = _("Case tracker admin")
    login_form = TwoFactorAdminAuthenticationForm
    login_template = "tracker/admin_login.html"

    def has_permission(self, request) -> bool:
        if not super().has_permission(request):
            return False
        # Checked live here (not from the session flag) so a role given mid-session applies at once.
        return not two_factor_required(request.user) or is_verified(request.user)

    def index(self, request, extra_context=None):
        # The backup's age where staff look every day (templates/admin/index.html), not only in an email.
        extra_context = {**(extra_context or {}), "backup_age": backup_age(timezone.now())}
        return super().index(request, extra_context)
