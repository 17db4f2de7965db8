"""Staff and lawyer pages: sign-in required; a case the user may not open is a 404, never a 403."""

from __future__ import annotations

import datetime as dt
import re
from functools import wraps

from django import forms
from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_safe

from cases.models import Case
from cases.public.views import case_page_context, paginate_cases
from cases.selectors import printout, timeline
from cases.services.publication import allowed_transitions, case_set_publication
from cases.staff.checklist import publication_checklist
from cases.visibility import PUBLIC_ONLY, case_projection, cases_visible_to, levels_for
from cases.visibility.projection import case_fields_for
from tracker import roles
from tracker.page_cache import private_fragment


def staff_required(view):
    """Signed in as staff or a lawyer; anyone else is sent to sign in or gets a 404."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args, **kwargs):
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path(), reverse("login"))
        if not (roles.is_staff_member(request.user) or roles.is_lawyer(request.user)):
            raise Http404(_("Page not found."))
        return view(request, *args, **kwargs)

    return wrapper


def access_case(user, slug: str) -> Case:
    """The case if `user` may open it; "hidden" and "missing" give the same 404."""
    case = cases_visible_to(user).filter(slug=slug).first()
    if case is None:
        raise Http404(_("Page not found."))
    return case


@require_safe
@staff_required
def staff_case_list(request: HttpRequest) -> HttpResponse:
    return render(request, "cases/staff_case_list.html", paginate_cases(request, request.user))


class TimelineFilterForm(forms.Form):
    kind = forms.MultipleChoiceField(
        label=gettext_lazy("Show"), required=False, widget=forms.CheckboxSelectMultiple, choices=()
    )
    start = forms.DateField(label=gettext_lazy("From"), required=False, widget=forms.DateInput(attrs={"type": "date"}))
    end = forms.DateField(label=gettext_lazy("To"), required=False, widget=forms.DateInput(attrs={"type": "date"}))

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = timeline.timeline_kinds()

    def clean(self) -> dict:
        data = super().clean()
        start: dt.date | None = data.get("start")
        end: dt.date | None = data.get("end")
        if start and end and end < start:
            raise ValidationError(_("The end of the period is before its start."))
        return data


@require_safe
@staff_required
def case_timeline(request: HttpRequest, slug: str) -> HttpResponse:
    case = access_case(request.user, slug)
    levels = levels_for(request.user, case)
    form = TimelineFilterForm(request.GET or None)

    projections: list = []

    def projection():
        # Built once, and only if a fragment below is not already kept.
        if not projections:
            projections.append(case_projection(case, levels))
        return projections[0]

    def header_html() -> str:
        context = {
            "header": printout.case_header(projection()),
            "people": printout.people_rows(projection()),
            "team": printout.team_rows(projection()),
        }
        return render_to_string("cases/_staff_case_header.html", context)

    def entries_html() -> str:
        entries = timeline.build_timeline(projection(), with_sources=True)
        if form.is_valid():
            entries = timeline.filter_timeline(
                entries,
                kinds=set(form.cleaned_data["kind"]),
                start=form.cleaned_data["start"],
                end=form.cleaned_data["end"],
            )
        return render_to_string("cases/_staff_timeline_entries.html", {"projection": projection(), "entries": entries})

    # Both depend on the case, the levels this user reads it at (and the entries on the filters):
    # the same for every user with those levels, so a render is kept (in this process only).
    levels_key = tuple(sorted(levels))
    header = private_fragment(("staff-case-header", case.pk, levels_key), header_html)
    entries = private_fragment(("staff-timeline", case.pk, levels_key, request.GET.urlencode()), entries_html)
    context = {
        "case": case_fields_for(case, levels),
        "form": form,
        "header_html": mark_safe(header),  # noqa: S308 - rendered by our template
        "entries_html": mark_safe(entries),  # noqa: S308 - rendered by our template
    }
    return render(request, "cases/staff_timeline.html", context)


@require_safe
@staff_required
def case_print_css(request: HttpRequest, slug: str) -> HttpResponse:
    """The printed timeline's running title and page numbers (CSS paged media).

    A stylesheet of its own because the page's Content-Security-Policy allows no inline style,
    and CSS cannot otherwise put the case's title in the page margins.
    """
    case = access_case(request.user, slug)
    title = css_string(_("%(title)s — timeline") % {"title": case.title})
    # "page 2 of 5" in the reader's language, the numbers filled in by the printer's counters.
    parts = re.split(r"(%\(pages?\)s)", _("page %(page)s of %(pages)s"))
    counters = {"%(page)s": "counter(page)", "%(pages)s": "counter(pages)"}
    numbers = " ".join(counters.get(part) or css_string(part) for part in parts if part)
    css = (
        f"@page {{\n  @top-left {{ content: {title}; font-size: 8pt; }}\n"
        f"  @bottom-right {{ content: {numbers}; font-size: 8pt; }}\n}}\n"
    )
    response = HttpResponse(css, content_type="text/css; charset=utf-8")
    response["Cache-Control"] = "private, no-store"
    return response


def css_string(text: str) -> str:
    """`text` as a CSS string literal: letters and digits as they are, anything else escaped."""
    escaped = "".join(char if char.isalnum() or char == " " else f"\\{ord(char):x} " for char in text)
    return f'"{escaped}"'


@require_safe
@staff_required
def case_preview(request: HttpRequest, slug: str) -> HttpResponse:
    """Exactly what the public will see, rendered through the same gate, whatever the publication state."""
    case = access_case(request.user, slug)
    if not roles.is_staff_member(request.user):
        raise Http404(_("Page not found."))
    # The public page as it will be, inside the staff layout (who is signed in, sign-out).
    context = {
        **case_page_context(case_projection(case, PUBLIC_ONLY)),
        "preview": True,
        "base_template": "cases/staff_base.html",
    }
    return render(request, "cases/case_detail.html", context)


@require_http_methods(["GET", "HEAD", "POST"])
@staff_required
def case_publication(request: HttpRequest, slug: str) -> HttpResponse:
    case = access_case(request.user, slug)
    if not roles.is_staff_member(request.user):
        raise Http404(_("Page not found."))
    if request.method == "POST":
        try:
            case_set_publication(
                case=case,
                target=request.POST.get("target", ""),
                by=request.user,
                note=request.POST.get("note", "")[:2000],
            )
        except ValidationError as error:
            for text in error.messages:
                messages.error(request, text)
        else:
            messages.success(request, _("The case is now “%(state)s”.") % {"state": case.get_publication_display()})
            return redirect("cases:staff-publication", slug=case.slug)
    transitions = [
        (target, Case.Publication(target).label) for target in allowed_transitions(case=case, by=request.user)
    ]
    return render(
        request,
        "cases/staff_publication.html",
        {
            "case": case,
            "transitions": transitions,
            "last_changed_by": case.updated_by,
            "checklist": publication_checklist(case, request.user),
        },
        status=400 if request.method == "POST" else 200,
    )
