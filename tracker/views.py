"""The user's own security pages: two-factor set-up and the second step, and "sign out everywhere"."""

from __future__ import annotations

import segno
from django import forms
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.contrib.auth.signals import user_login_failed
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST
from django_otp import login as otp_login
from django_otp import match_token, user_has_device

from tracker import services
from tracker.two_factor import SESSION_NEEDS_2FA, is_verified, pending_totp_device, role_requires_two_factor


class CodeForm(forms.Form):
    code = forms.CharField(
        label=_("One-time code"),
        max_length=16,
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "autofocus": True}),
    )

    def clean_code(self) -> str:
        return self.cleaned_data["code"].replace(" ", "")


def _next_url(request: HttpRequest) -> str:
    target = request.POST.get("next") or request.GET.get("next") or "/"
    if url_has_allowed_host_and_scheme(target, {request.get_host()}, require_https=request.is_secure()):
        return target
    return "/"


@login_required
def two_factor(request: HttpRequest) -> HttpResponse:
    """Set up an authenticator, or give the code of the one already set up."""
    if user_has_device(request.user, confirmed=True):
        if is_verified(request.user):
            return render(request, "tracker/two_factor_status.html", two_factor_status(request))
        return two_factor_verify(request)
    return two_factor_setup(request)


def two_factor_verify(request: HttpRequest) -> HttpResponse:
    form = CodeForm(request.POST or None)
    if form.is_valid():
        device = match_token(request.user, form.cleaned_data["code"])
        if device is not None:
            otp_login(request, device)
            return redirect(_next_url(request))
        user_login_failed.send(sender=__name__, credentials={"username": request.user.get_username()}, request=request)
        form.add_error("code", _("This code is not valid. Try the next one from your app, or a recovery code."))
    return render(request, "tracker/two_factor_verify.html", {"form": form, "next": _next_url(request)})


def two_factor_setup(request: HttpRequest) -> HttpResponse:
    device = pending_totp_device(request.user)
    form = CodeForm(request.POST or None)
    if form.is_valid():
        codes = services.two_factor_confirm(
            user=request.user, device=device, token=form.cleaned_data["code"], request=request
        )
        if codes is not None:
            otp_login(request, device)
            request.session[SESSION_NEEDS_2FA] = True
            return render(request, "tracker/two_factor_codes.html", {"codes": codes, "next": _next_url(request)})
        form.add_error("code", _("This code does not match. Check the time on your phone and try again."))
    context = {
        "form": form,
        "qr_svg": segno.make(device.config_url, error="m").svg_inline(scale=4, title=str(_("QR code"))),
        "secret": _base32(device.bin_key),
        "required": role_requires_two_factor(request.user),
        "next": _next_url(request),
    }
    return render(request, "tracker/two_factor_setup.html", context)


def two_factor_status(request: HttpRequest) -> dict:
    return {"required": role_requires_two_factor(request.user)}


@require_POST
@login_required
def two_factor_recovery_codes(request: HttpRequest) -> HttpResponse:
    if not is_verified(request.user):
        return redirect("two_factor_setup")
    codes = services.two_factor_new_recovery_codes(user=request.user, request=request)
    return render(request, "tracker/two_factor_codes.html", {"codes": codes, "next": "/"})


@require_POST
@login_required
def two_factor_disable(request: HttpRequest) -> HttpResponse:
    # Editors and staff may not turn it off where it is required; lawyers who chose it may.
    if not is_verified(request.user) or role_requires_two_factor(request.user):
        messages.error(request, _("Two-factor sign-in is required for your role and cannot be turned off."))
        return redirect("two_factor_setup")
    services.two_factor_disable(user=request.user, request=request)
    request.session[SESSION_NEEDS_2FA] = False
    messages.success(request, _("Two-factor sign-in is off."))
    return redirect("two_factor_setup")


@require_POST
@login_required
def sign_out_everywhere(request: HttpRequest) -> HttpResponse:
    """End every session of this user, on every device, this one included."""
    user = request.user
    services.user_end_sessions(user=user, request=request, reason="Asked by the user.")
    services.user_delete_tokens(user=user, request=request, reason="Signed out everywhere.")
    logout(request)
    return redirect("login")


def _base32(key: bytes) -> str:
    from base64 import b32encode

    secret = b32encode(key).decode()
    return " ".join(secret[i : i + 4] for i in range(0, len(secret), 4))
