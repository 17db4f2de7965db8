"""The site's own pages: about, alerts and feeds explained, robots.txt, the favicon, organizations."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse, HttpResponsePermanentRedirect
from django.shortcuts import render
from django.templatetags.static import static
from django.urls import reverse
from django.views.decorators.http import require_safe
from django_countries import countries

from cases.models import Charge, LegalArticle
from cases.public.views import not_found
from cases.visibility import (
    organization_cases,
    organization_participations,
    public_cases,
    public_organizations,
    public_record_filter,
)
from tracker.page_cache import public_page

# Addresses that hold nothing for search engines: sign-in, staff pages, one-time links.
ROBOTS_DISALLOW = ("/staff/", "/accounts/", "/alerts/confirm/", "/alerts/unsubscribe/", "/documents/")


@require_safe
@public_page
def about(request: HttpRequest) -> HttpResponse:
    return render(request, "cases/about.html")


@require_safe
@public_page
def alerts(request: HttpRequest) -> HttpResponse:
    """How to follow cases: email alerts (per case, country, legal article), Atom feeds and webhooks."""
    codes = public_cases().order_by().values_list("country", flat=True).distinct()
    country_names = dict(countries)
    articles = LegalArticle.objects.filter(
        pk__in=Charge.objects.filter(public_record_filter()).values("article_id")
    ).order_by("jurisdiction", "code", "number")
    context = {
        "countries": sorted(((code, country_names.get(code, code)) for code in codes), key=lambda pair: pair[1]),
        "articles": articles,
        "feed_url": request.build_absolute_uri(reverse("cases:feed")),
    }
    return render(request, "cases/alerts.html", context)


@require_safe
def robots_txt(request: HttpRequest) -> HttpResponse:
    lines = ["User-agent: *", *(f"Disallow: {path}" for path in ROBOTS_DISALLOW)]
    lines.append(f"Sitemap: {request.build_absolute_uri(reverse('cases:sitemap'))}")
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain; charset=utf-8")


@require_safe
def favicon(request: HttpRequest) -> HttpResponse:
    # Browsers and crawlers ask for /favicon.ico whatever the page links; the icon is an SVG.
    return HttpResponsePermanentRedirect(static("cases/favicon.svg"))


@require_safe
@public_page
def organization_detail(request: HttpRequest, slug: str) -> HttpResponse:
    organization = public_organizations().filter(slug=slug).first()
    if organization is None:
        raise not_found()
    cases = organization_cases(organization).order_by("title")
    participations = (
        organization_participations(organization).select_related("person", "case").order_by("person__name", "pk")
    )
    people: dict = {}
    for participation in participations:
        people.setdefault(participation.person, []).append(participation)
    context = {"organization": organization, "cases": cases, "people": people}
    return render(request, "cases/organization_detail.html", context)
