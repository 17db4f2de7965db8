"""Public pages: thin views over cases.selectors and the gate in cases.visibility."""

from __future__ import annotations

from django.contrib.auth.models import AnonymousUser
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe
from django_countries import countries

from cases.public import case_page
from cases.public.filters import CaseFilter
from cases.public.names import names_in_reader_script
from cases.selectors import listing, timeline
from cases.selectors import stats as statistics
from cases.visibility import (
    PUBLIC_ONLY,
    CaseProjection,
    public_case_projection,
    public_cases,
    public_organizations,
    public_participations,
    public_people,
)
from tracker.page_cache import public_page

PAGE_SIZE = 25


def not_found() -> Http404:
    # The same words for unknown, unpublished and withdrawn: a 404 tells nothing about existence.
    return Http404(_("Page not found."))


def paginate_cases(request: HttpRequest, user) -> dict:
    """The filtered, sorted and paginated list shared by the public and staff lists."""
    cases, levels = listing.case_list(user)
    case_filter = CaseFilter(request.GET or None, queryset=cases, levels=levels)
    page = Paginator(case_filter.qs, PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    rows = [listing.case_row(case, levels) for case in page.object_list]
    return {"filter": case_filter, "page": page, "rows": rows, "query": query.urlencode()}


@require_safe
@public_page
def case_list(request: HttpRequest) -> HttpResponse:
    # Always the public's view, even for a signed-in editor: this is the public site.
    context = paginate_cases(request, AnonymousUser())
    names_in_reader_script(p.person for row in context["rows"] for p in row.case.detainee_participants)
    context["rows"] = [listing.case_row(row.case, PUBLIC_ONLY) for row in context["rows"]]
    return render(request, "cases/case_list.html", {**context, **filter_alert_links(context["filter"])})


def filter_alert_links(case_filter: CaseFilter) -> dict:
    """A list narrowed to one country or one legal article offers alerts for it, like a case page."""
    if not case_filter.is_bound or not case_filter.is_valid():
        return {}
    country = case_filter.form.cleaned_data.get("country")
    article = case_filter.form.cleaned_data.get("article")
    if not country and not article:
        return {}
    return {
        "country_code": country or "",
        "country_name": dict(countries).get(country, "") if country else "",
        "alert_articles": [article] if article else [],
        "show_alerts": True,
    }


def case_page_context(projection: CaseProjection) -> dict:
    case_page.use_reader_script(projection)
    return {
        "projection": projection,
        "case": projection.case,
        "timeline": case_page.merge_arrests(timeline.build_timeline(projection)),
        "status_since": timeline.status_since(projection),
        **listing.case_page_sections(projection),
    }


@require_safe
@public_page
def case_detail(request: HttpRequest, slug: str) -> HttpResponse:
    projection = public_case_projection(slug)
    if projection is None:
        raise not_found()
    context = {**case_page_context(projection), **case_page.alert_links(request, projection)}
    return render(request, "cases/case_detail.html", context)


@require_safe
@public_page
def person_detail(request: HttpRequest, slug: str) -> HttpResponse:
    person = public_people().filter(slug=slug).prefetch_related("names").first()
    if person is None:
        raise not_found()
    participations = public_participations().filter(person=person).select_related("case")
    names_in_reader_script([person])
    return render(request, "people/person_detail.html", {"person": person, "participations": participations})


@require_safe
@public_page
def stats(request: HttpRequest) -> HttpResponse:
    charts = [
        statistics.chart("by-status", _("Cases by status"), statistics.stats_by_status()),
        statistics.chart("by-country", _("Cases by country"), statistics.stats_by_country()),
        statistics.chart("by-article", _("Cases by legal article"), statistics.stats_by_article()),
        statistics.chart("by-month", _("New detentions per month"), statistics.stats_detentions_by_month()),
    ]
    context = {"charts": charts, "corroboration": statistics.stats_corroboration()}
    return render(request, "cases/stats.html", context)


@require_safe
@public_page
def sitemap(request: HttpRequest) -> HttpResponse:
    """Public addresses for search engines; only what the gate calls public."""
    cases = public_cases().only("slug", "updated_at").order_by("slug")
    people = public_people().only("slug", "updated_at").order_by("slug")
    organizations = public_organizations().only("slug").order_by("slug")
    return render(
        request,
        "cases/sitemap.xml",
        {
            "cases": cases,
            "people": people,
            "organizations": organizations,
            "base": f"{request.scheme}://{request.get_host()}",
        },
        content_type="application/xml",
    )
