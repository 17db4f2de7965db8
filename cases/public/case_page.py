"""Shaping the public case page: one entry per happening, names in the reader's script, alert links."""

from __future__ import annotations

from django.urls import reverse

from cases.models import Detention, Event
from cases.public.names import names_in_reader_script
from cases.selectors.timeline import TimelineEntry
from cases.visibility import CaseProjection, participant_label

# Event kinds that report the same happening as the start of a detention on the same day.
STARTS_DETENTION = {Event.Kind.ARREST}


def people_shown(projection: CaseProjection) -> list:
    people = [participant.person for participant in projection.participants]
    people += [detention.detainee for detention in projection.detentions]
    people += [charge.defendant for charge in projection.charges]
    for ruling in projection.rulings:
        people += [ruling.defendant, ruling.judge]
    return people


def use_reader_script(projection: CaseProjection) -> None:
    """Names in the reader's script everywhere the projection names someone."""
    names_in_reader_script(people_shown(projection))
    projection.participant_labels = {
        participant.pk: participant_label(participant, projection.levels) for participant in projection.participants
    }


def merge_arrests(entries: list[TimelineEntry]) -> list[TimelineEntry]:
    """An arrest event and the detention that began that day are one happening: keep the event
    (staff's own words), give it the detention's citations, and drop the generated start entry."""
    arrests = {}
    for entry in entries:
        if isinstance(entry.record, Event) and entry.record.kind in STARTS_DETENTION:
            arrests.setdefault(entry.date.on, entry)
    merged = []
    for entry in entries:
        arrest = arrests.get(entry.date.on)
        starts = isinstance(entry.record, Detention) and entry.date == entry.record.started
        if arrest is not None and starts and entry.record.kind == Detention.Kind.ARREST:
            arrest.citations = [*arrest.citations, *entry.citations]
            continue
        merged.append(entry)
    return merged


def alert_links(request, projection: CaseProjection) -> dict:
    """The "Get email alerts" block: this case, its country and the articles of its public charges."""
    case = projection.case
    articles = {charge.article.pk: charge.article for charge in projection.charges if charge.article}
    return {
        "country_code": case.country.code,
        "country_name": case.country.name,
        "alert_articles": sorted(articles.values(), key=lambda article: article.short_name),
        "feed_url": request.build_absolute_uri(reverse("cases:case-feed", kwargs={"slug": case.slug})),
    }
