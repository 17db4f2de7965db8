"""/search/?q=: one box for everyone; what each finds is decided by the gate."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_GET

from cases.search.selectors import search
from cases.visibility import public_organizations, public_people
from tracker.page_cache import public_page


def case_url(slug: str) -> str:
    return reverse("cases:detail", kwargs={"slug": slug})


def link_pages(results) -> None:
    """People and organizations link to their public pages, where the gate gives them one."""
    people = {hit.slug for hit in results.people}
    with_page = set(public_people().filter(slug__in=people).values_list("slug", flat=True)) if people else set()
    for hit in results.people:
        if hit.slug in with_page:
            hit.url = reverse("people:detail", kwargs={"slug": hit.slug})
    organizations = {hit.slug for hit in results.organizations}
    public = organizations and set(
        public_organizations().filter(slug__in=organizations).values_list("slug", flat=True)
    )
    for hit in results.organizations:
        if public and hit.slug in public:
            hit.url = reverse("cases:organization", kwargs={"slug": hit.slug})


@require_GET
@public_page
def search_view(request: HttpRequest) -> HttpResponse:
    query = request.GET.get("q", "")
    results = search(query, request.user) if query.strip() else None
    if results is not None:
        for group in (results.cases, results.charges):
            for hit in group:
                hit.url = case_url(hit.case_slug)
        for hit in results.people:
            for ref in hit.cases:
                ref.url = case_url(ref.slug)
        link_pages(results)
    return render(request, "search/results.html", {"query": query, "results": results})
