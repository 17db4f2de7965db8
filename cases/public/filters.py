"""The case list's filters, shared by the public list and the staff list.

Each filter that looks into a case's records goes through the gate with the list's
visibility levels, so that filtering cannot reveal a record the reader may not see
(a case found by a restricted charge's article would betray the charge).
"""

from __future__ import annotations

import django_filters
from django import forms
from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _
from django_countries import countries

from cases.models import Case, CaseStatus, Charge, Detention, LegalArticle
from cases.visibility import PUBLIC_ONLY, cases_matching_text, visible_records
from tracker.dates import EARLIEST_FACT_DATE, latest_fact_date


class YearFilter(django_filters.NumberFilter):
    """A whole year within the bounds of a fact's date: "2019.5", "1e5" or "0" is a form error."""

    field_class = forms.IntegerField

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.extra["min_value"] = EARLIEST_FACT_DATE.year


class CaseFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(
        label=_("Name or title"),
        method="filter_text",
        help_text=_("Any spelling, in any script."),
    )
    status = django_filters.ChoiceFilter(label=_("Status"), choices=CaseStatus.choices, empty_label=_("any status"))
    country = django_filters.ChoiceFilter(label=_("Country"), choices=[], empty_label=_("any country"))
    article = django_filters.ModelChoiceFilter(
        label=_("Legal article"),
        queryset=LegalArticle.objects.none(),
        method="filter_article",
        to_field_name="slug",
        empty_label=_("any legal article"),
    )
    year = YearFilter(
        label=_("Detained in (year)"),
        method="filter_detention_year",
        widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
    )
    sort = django_filters.OrderingFilter(
        label=_("Sort by"),
        fields=(("status_changed_at", "changed"), ("title", "title"), ("country", "country")),
        empty_label=None,
    )

    class Meta:
        model = Case
        fields: list[str] = []

    def __init__(self, *args, levels: frozenset[str] = PUBLIC_ONLY, **kwargs) -> None:
        self.levels = levels
        super().__init__(*args, **kwargs)
        self.filters["country"].extra["choices"] = list(countries)
        self.filters["year"].extra["max_value"] = latest_fact_date().year
        self.filters["article"].queryset = LegalArticle.objects.filter(
            pk__in=visible_records(Charge.objects.all(), levels).values("article_id")
        )
        self.filters["sort"].extra["choices"] = [
            ("-changed", _("latest status change first")),
            ("changed", _("oldest status change first")),
            ("title", _("title A–Z")),
            ("-title", _("title Z–A")),
            ("country", _("country")),
        ]

    def filter_text(self, cases: QuerySet[Case], name: str, value: str) -> QuerySet[Case]:
        return cases_matching_text(cases, value, self.levels)

    def filter_article(self, cases: QuerySet[Case], name: str, value: LegalArticle) -> QuerySet[Case]:
        charges = visible_records(Charge.objects.filter(article=value), self.levels)
        return cases.filter(pk__in=charges.values("case_id"))

    def filter_detention_year(self, cases: QuerySet[Case], name: str, value) -> QuerySet[Case]:
        detentions = visible_records(Detention.objects.filter(started_on__year=value), self.levels)
        return cases.filter(Q(pk__in=detentions.values("case_id")))
