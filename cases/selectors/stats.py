"""Statistics of published cases: public data only, each a list of (label, count) pairs."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Count
from django.db.models.functions import TruncMonth

from cases.models import Case, CaseStatus, Charge, Detention, LegalArticle
from cases.visibility import (
    public_cases,
    public_record_filter,
)

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
