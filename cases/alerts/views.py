"""Alert pages: public subscribe / confirm / unsubscribe, and staff follow, delivery log, retry.

Thin: access checks, a form, a service call. Hidden and missing give the same 404.
"""

from __future__ import annotations

from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods, require_POST
from django_countries import countries

from cases.alerts import services, subscriptions
from cases.alerts.selectors import notifications_for_case, notifications_for_subscription
from cases.models import Case, LegalArticle, Notification, Subscription
from cases.visibility import cases_visible_to, public_cases
from tracker import rate_limit, roles
from tracker.security_log import client_ip

LIST_LIMIT = 500


class SubscribeForm(forms.Form):
    email = forms.EmailField(label=gettext_lazy("Your email address"), max_length=254)
    language = forms.ChoiceField(label=gettext_lazy("Language of the alerts"), choices=settings.LANGUAGES)


def _message(request: HttpRequest, title: str, text: str) -> HttpResponse:
    """The one-line outcome pages of the public alert flow."""
    return render(request, "alerts/message.html", {"title": title, "text": text})


def _subscribe(request: HttpRequest, target_label: str, **target) -> HttpResponse:
    form = SubscribeForm(request.POST or None, initial={"language": get_language()})
    if request.method == "POST" and not rate_limit.hit(
        "subscribe-ip", client_ip(request) or "unknown", limit=settings.ALERTS_SUBSCRIBE_PER_IP_HOUR, seconds=3600
    ):
        form.add_error(None, _("Too many subscription requests from your network. Please try again in an hour."))
        context = {"form": form, "target_label": target_label}
        return render(request, "alerts/subscribe.html", context, status=429)
    if request.method == "POST" and form.is_valid():
        subscriptions.subscription_request(
            email=form.cleaned_data["email"], language=form.cleaned_data["language"], **target
        )
        # The same words whatever happened, so the form reveals nobody's subscriptions; and only
        # what is true in every case: the mail is queued, not yet sent, and not sent at all when the
        # address already confirmed or had its share of confirmation mails today.
        return _message(
            request,
            _("Almost done"),
            _(
                "Unless this address is already subscribed, a confirmation link is on its way to it. "
                "Alerts start once you follow the link. Nothing within an hour? Check the spam folder, "
                "or ask again tomorrow."
            ),
        )
    return render(request, "alerts/subscribe.html", {"form": form, "target_label": target_label})


@require_http_methods(["GET", "POST"])
def subscribe_case(request: HttpRequest, slug: str) -> HttpResponse:
    case = get_object_or_404(public_cases(), slug=slug)
    return _subscribe(request, case.title, case=case)


@require_http_methods(["GET", "POST"])
def subscribe_country(request: HttpRequest, code: str) -> HttpResponse:
    code = code.upper()
    if code not in dict(countries):
        raise Http404
    return _subscribe(request, _("all cases in %(country)s") % {"country": countries.name(code)}, country=code)


@require_http_methods(["GET", "POST"])
def subscribe_article(request: HttpRequest, slug: str) -> HttpResponse:
    article = get_object_or_404(LegalArticle, slug=slug)
    return _subscribe(request, _("all cases under %(article)s") % {"article": article}, article=article)


@require_http_methods(["GET", "POST"])
def confirm(request: HttpRequest, token: str) -> HttpResponse:
    # GET only shows a button: mail scanners that open links must not confirm on someone's behalf.
    subscription = get_object_or_404(Subscription, token=token, user__isnull=True, unsubscribed_at__isnull=True)
    if request.method == "POST":
        subscriptions.subscription_confirm(subscription=subscription)
        return _message(
            request,
            _("Subscription confirmed"),
            _("You will receive an email when the status changes: %(scope)s.") % {"scope": subscription.scope_label},
        )
    return render(request, "alerts/confirm.html", {"subscription": subscription})


@csrf_exempt  # RFC 8058 one-click: the mail client POSTs without a session; the token is the credential.
@require_http_methods(["GET", "POST"])
def unsubscribe(request: HttpRequest, token: str) -> HttpResponse:
    subscription = get_object_or_404(Subscription, token=token)
    if request.method == "POST":
        subscriptions.subscription_unsubscribe(subscription=subscription)
        return _message(
            request,
            _("Unsubscribed"),
            _("You will receive no more alerts about: %(scope)s.") % {"scope": subscription.scope_label},
        )
    return render(request, "alerts/unsubscribe.html", {"subscription": subscription})


def access_case_for_follow(user, slug: str) -> Case:
    return get_object_or_404(cases_visible_to(user), slug=slug)


def require_staff(user) -> None:
    if not roles.is_staff_member(user):
        raise Http404


@login_required
@require_POST
def follow(request: HttpRequest, slug: str) -> HttpResponse:
    case = access_case_for_follow(request.user, slug)
    if not (roles.is_staff_member(request.user) or roles.is_lawyer(request.user)):
        raise Http404
    if request.POST.get("action") == "unfollow":
        subscriptions.subscription_unfollow(user=request.user, case=case)
        messages.success(request, _("You no longer follow this case."))
    else:
        subscriptions.subscription_follow(user=request.user, case=case)
        messages.success(request, _("You follow this case: its status changes will be emailed to you."))
    target = request.POST.get("next", "")
    if url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        return redirect(target)
    return redirect("alerts:case_notifications", slug=case.slug)


@login_required
def case_notifications(request: HttpRequest, slug: str) -> HttpResponse:
    require_staff(request.user)
    case = get_object_or_404(cases_visible_to(request.user), slug=slug)
    following = Subscription.objects.filter(
        user=request.user, case=case, unsubscribed_at__isnull=True, confirmed_at__isnull=False
    ).exists()
    rows = notifications_for_case(case)[:LIST_LIMIT]
    return render(request, "alerts/notifications.html", {"case": case, "notifications": rows, "following": following})


@login_required
def subscription_notifications(request: HttpRequest, pk: int) -> HttpResponse:
    require_staff(request.user)
    subscription = get_object_or_404(Subscription.objects.select_related("user", "webhook", "case", "article"), pk=pk)
    rows = notifications_for_subscription(subscription)[:LIST_LIMIT]
    return render(request, "alerts/notifications.html", {"subscription": subscription, "notifications": rows})


@login_required
@require_POST
def retry(request: HttpRequest, pk: int) -> HttpResponse:
    require_staff(request.user)
    notification = get_object_or_404(Notification.objects.select_related("change__case"), pk=pk)
    if services.notification_retry(notification=notification):
        messages.success(request, _("The notification will be sent again."))
    else:
        messages.error(request, _("Only failed notifications can be retried."))
    if notification.change is None:  # a confirmation mail: its subscription's log
        return redirect("alerts:subscription_notifications", pk=notification.subscription_id)
    return redirect("alerts:case_notifications", slug=notification.change.case.slug)
