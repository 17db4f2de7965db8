"""Statistics of published cases: public data only, each a list of (label, count) pairs."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from django.db.models import Count
from django.db.models.functions import TruncMonth
from django.utils import formats

from cases.evidence.corroboration import independent_key
from cases.models import Case, CaseStatus, Charge, Citation, CourtRuling, Detention, Event, LegalArticle, Participant
from cases.visibility import (
    public_cases,
    public_record_filter,
)
from tracker.visibility import Visibility

# --- Statistics: public data only, each a list of (label, count) pairs.


def stats_by_status() -> list[tuple[str, int]]:
    counts = dict(public_cases().values_list("status").annotate(n=Count("pk")).values_list("status", "n"))
    return [(str(label), counts[value]) for value, label in CaseStatus.choices if counts.get(value)]


def stats_by_country() -> list[tuple[str, int]]:
    rows = public_cases().values("country").annotate(n=Count("pk")).order_by("-n", "country")
    return [(Case(country=row["country"]).country.name, row["n"]) for row in rows]


def stats_by_article() -> list[tuple[str, int]]:
    rows = (
        LegalArticle.objects.filter(charges__in=Charge.objects.filter(public_record_filter()))
        .annotate(n=Count("charges__case", distinct=True))
        .order_by("-n", "code", "number")
    )
    return [(article.short_name, article.n) for article in rows]


def stats_detentions_by_month() -> list[tuple[str, int]]:
    rows = (
        Detention.objects.filter(public_record_filter())
        .annotate(month=TruncMonth("started_on"))
        .values("month")
        .annotate(n=Count("pk"))
        .order_by("month")
    )
    # "March 2019" in the reader's language, never "2019-03".
    return [(formats.date_format(row["month"], "YEAR_MONTH_FORMAT"), row["n"]) for row in rows]


@dataclass(frozen=True)
class Corroboration:
    facts: int
    corroborated: int  # resting on two or more independent public sources

    @property
    def percent(self) -> int:
        return round(100 * self.corroborated / self.facts) if self.facts else 0


def stats_corroboration() -> Corroboration:
    """Public facts, and how many rest on two or more independent public sources: two queries per kind of fact."""
    kinds = [(Participant, "participant"), (Detention, "detention"), (Charge, "charge"),
             (CourtRuling, "ruling"), (Event, "event")]  # fmt: skip
    public_sources = Citation.objects.filter(source__visibility=Visibility.PUBLIC)
    facts = corroborated = 0
    for model, field in [(Case, "case"), *kinds]:
        public = public_cases() if model is Case else model.objects.filter(public_record_filter())
        facts += public.count()
        rows = public_sources.filter(**{f"{field}__in": public.values("pk")}).values_list(
            field, "source_id", "source__publisher_id"
        )
        independent = defaultdict(set)
        for fact_id, source_id, publisher_id in rows:
            independent[fact_id].add(independent_key(source_id, publisher_id))
        corroborated += sum(1 for keys in independent.values() if len(keys) >= 2)
    return Corroboration(facts=facts, corroborated=corroborated)


@dataclass
class Chart:
    slug: str
    title: str
    rows: list[tuple[str, int]]

    @property
    def total(self) -> int:
        return sum(count for _label, count in self.rows)

    @property
    def rows_with_share(self) -> list[dict]:
        """Each row with its bar's length in percent of the largest count; labels stay HTML text,
        so they keep the page's font size on any screen."""
        top = max((count for _label, count in self.rows), default=0) or 1
        return [
            {"label": label, "count": count, "percent": max(1, round(100 * count / top))} for label, count in self.rows
        ]


def chart(slug: str, title: str, rows: list[tuple[str, int]]) -> Chart:
    return Chart(slug=slug, title=title, rows=rows)
