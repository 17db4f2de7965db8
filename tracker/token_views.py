"""The user's API token page: issue, see when it was last used, revoke.

The way for staff and editors to get a token: after a full sign-in (with the second
factor where their role needs one), never with a password alone.
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods
from rest_framework.authtoken.models import Token

from tracker import roles, services
from tracker.api_auth import token_refusal
from tracker.two_factor import is_verified, two_factor_required


@login_required
@require_http_methods(["GET", "POST"])
def api_token(request: HttpRequest) -> HttpResponse:
    user = request.user
    may_use_api = roles.is_staff_member(user) or roles.is_lawyer(user)
    needs_code = two_factor_required(user) and not is_verified(user)
    if request.method == "POST" and may_use_api:
        if request.POST.get("action") == "revoke":
            services.user_delete_tokens(user=user, request=request, reason="Revoked by the user.")
            messages.success(request, _("Your API token is revoked."))
            return redirect("api_token_page")
        if needs_code:
            messages.error(request, _("Give your one-time code first: tokens are issued after a two-factor sign-in."))
            return redirect(f"{reverse('two_factor_setup')}?next={request.path}")
        key = services.api_token_issue(user=user, with_two_factor=is_verified(user), request=request)
        # Shown once, on this response only: the page never shows a stored key again.
        context = {"new_key": key, "may_use_api": True, **_status(user)}
        return render(request, "tracker/api_token.html", context, status=201)
    return render(request, "tracker/api_token.html", {"may_use_api": may_use_api, **_status(user)})


def _status(user) -> dict:
    token = Token.objects.select_related("record").filter(user=user).first()
    if token is None:
        return {"token": None}
    return {
        "token": token,
        "record": getattr(token, "record", None),
        "expires_at": token.created + dt.timedelta(days=settings.TRACKER_API_TOKEN_DAYS),
        "refusal": token_refusal(user, token),
    }
