"""Cases waiting for review: what an editor can publish, and what another editor must."""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from cases.models import Case
from cases.staff.views import staff_required
from cases.visibility import cases_visible_to
from tracker import roles


@require_safe
@staff_required
def review_list(request: HttpRequest) -> HttpResponse:
    if not roles.is_staff_member(request.user):
        raise Http404(_("Page not found."))
    waiting = (
        cases_visible_to(request.user)
        .filter(publication=Case.Publication.IN_REVIEW)
        .select_related("updated_by")
        .order_by("updated_at")
    )
    rows = [
        {"case": case, "yours": case.updated_by_id == request.user.pk, "editor": roles.is_editor(request.user)}
        for case in waiting
    ]
    return render(request, "cases/staff_review.html", {"rows": rows})
