"""/search/?q=: one box for everyone; what each finds is decided by the gate."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_GET

from cases.search.selectors import search
from tracker.page_cache import public_page


def case_url(slug: str) -> str:
    return reverse("cases:detail", kwargs={"slug": slug})


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
    return render(request, "search/results.html", {"query": query, "results": results})
