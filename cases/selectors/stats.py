"""Statistics of published cases: public data only, each a list of (label, count) pairs."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from django.db.models import Count
from django.db.models.functions import TruncMonth

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
    return [(row["month"].strftime("%Y-%m"), row["n"]) for row in rows]


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

    BAR_HEIGHT = 28
    LABEL_WIDTH = 260
    BAR_SPACE = 360

    @property
    def total(self) -> int:
        return sum(count for _label, count in self.rows)

    @property
    def height(self) -> int:
        return max(1, len(self.rows)) * self.BAR_HEIGHT + 8

    @property
    def width(self) -> int:
        return self.LABEL_WIDTH + self.BAR_SPACE + 60

    @property
    def bars(self) -> list[dict]:
        """Geometry of each bar, scaled to the largest count, computed here so the SVG needs no script."""
        top = max((count for _label, count in self.rows), default=0) or 1
        return [
            {
                "label": label,
                "count": count,
                "y": index * self.BAR_HEIGHT + 4,
                "text_y": index * self.BAR_HEIGHT + 22,
                "x": self.LABEL_WIDTH,
                "width": max(2, round(self.BAR_SPACE * count / top)),
                "count_x": self.LABEL_WIDTH + max(2, round(self.BAR_SPACE * count / top)) + 6,
            }
            for index, (label, count) in enumerate(self.rows)
        ]


def chart(slug: str, title: str, rows: list[tuple[str, int]]) -> Chart:
    return Chart(slug=slug, title=title, rows=rows)
