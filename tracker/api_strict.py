"""Nothing a client sends is ignored in silence: unknown filters, bad paging and empty choices are 400s.

A partner's script that misspells a filter must learn it at once, not publish a report built on
the whole unfiltered list.
"""

from __future__ import annotations

from django.utils.translation import gettext as _
from django_filters import filters as filter_types
from django_filters.rest_framework import DjangoFilterBackend
from rest_framework.exceptions import ValidationError
from rest_framework.pagination import PageNumberPagination

# Query parameters every list understands, besides its filters.
COMMON_PARAMETERS = frozenset({"page", "page_size", "format", "ordering"})
CHOICE_FILTERS = (filter_types.ChoiceFilter, filter_types.MultipleChoiceFilter)


class StrictFilterBackend(DjangoFilterBackend):
    def filter_queryset(self, request, queryset, view):
        filterset_class = self.get_filterset_class(view, queryset)
        known = set(filterset_class.base_filters) if filterset_class else set()
        errors = {}
        for name in request.query_params:
            if name in known or name in COMMON_PARAMETERS:
                continue
            errors[name] = [_("Unknown filter. This list filters by: %(known)s.") % {"known": _listing(known)}]
        for name in known & set(request.query_params):
            is_choice = isinstance(filterset_class.base_filters[name], CHOICE_FILTERS)
            if is_choice and "" in request.query_params.getlist(name):
                errors[name] = [_("Choose a value; an empty one filters nothing.")]
        if errors:
            raise ValidationError(errors)
        return super().filter_queryset(request, queryset, view)


class StrictPages(PageNumberPagination):
    """Page numbers and sizes that are not whole numbers are refused, not replaced by a default."""

    def get_page_size(self, request):
        raw = request.query_params.get(self.page_size_query_param)
        if raw is not None and not (raw.isascii() and raw.isdigit() and 1 <= int(raw) <= self.max_page_size):
            raise ValidationError(
                {
                    self.page_size_query_param: [
                        _("Give a whole number from 1 to %(largest)s.") % {"largest": self.max_page_size}
                    ]
                }
            )
        return super().get_page_size(request)


def _listing(names) -> str:
    return ", ".join(sorted(names)) or _("nothing")
