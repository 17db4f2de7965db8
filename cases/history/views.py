"""Staff page: a case's audit trail. The public never sees history, only "last updated"."""

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render

from cases import visibility
from cases.history.selectors import case_history
from tracker import roles


def access_case_history(user, slug: str):
    """Staff, and the lawyers on the case's team; anyone else gets the same 404 as a missing case."""
    case = get_object_or_404(visibility.cases_visible_to(user), slug=slug)
    if not (roles.is_staff_member(user) or visibility.is_on_team(user, case)):
        raise Http404
    return case


@login_required
def case_history_view(request: HttpRequest, slug: str) -> HttpResponse:
    case = access_case_history(request.user, slug)
    entries = case_history(case, request.user)
    return render(request, "cases/history.html", {"case": case, "entries": entries})
