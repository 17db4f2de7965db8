"""The timeline: one chronological list merged from every kind of record a case holds."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.utils import formats
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from cases.labels import choice_label
from cases.models import Charge
from cases.visibility import (
    CaseProjection,
)
from tracker.dates import DatePrecision, FuzzyDate
from tracker.visibility import Visibility

# --- The timeline: one chronological list merged from every kind of record.


@dataclass
class TimelineEntry:
    date: FuzzyDate
    kind: str
    kind_label: str
    title: str
    detail: str = ""
    # Staff-written prose (an event's description) is Markdown; generated details stay plain text.
    detail_is_markdown: bool = False
    visibility: str = Visibility.PUBLIC
    citations: list = field(default_factory=list)
    anchor: str = ""
    # The record the entry was made from, where a page needs to recognise it (e.g. a detention's start).
    record: object = None

    @property
    def sort_key(self) -> tuple:
        return self.date.sort_key

    @property
    def visibility_label(self) -> str:
        return str(Visibility(self.visibility).label)


TIMELINE_KINDS = {
    "event": gettext_lazy("event"),
    "detention": gettext_lazy("detention"),
    "charge": gettext_lazy("charge"),
    "ruling": gettext_lazy("ruling"),
    "status": gettext_lazy("status change"),
    "source": gettext_lazy("source"),
}


def timeline_kinds() -> list[tuple[str, str]]:
    return [
        ("event", _("events")),
        ("detention", _("detentions")),
        ("charge", _("charges")),
        ("ruling", _("rulings")),
        ("status", _("status changes")),
        ("source", _("source dates")),
    ]


def build_timeline(projection: CaseProjection, *, with_sources: bool = False) -> list[TimelineEntry]:
    entries = [
        *_event_entries(projection),
        *_detention_entries(projection),
        *_charge_entries(projection),
        *_ruling_entries(projection),
        *_status_entries(projection),
    ]
    if with_sources:
        entries.extend(_source_entries(projection))
    return sorted(entries, key=lambda entry: entry.sort_key)


def with_place(title: str, place) -> str:
    """ "Court hearing (Almaty)", but never "Court hearing in Almaty (Almaty)"."""
    if place is None or place.name.casefold() in title.casefold():
        return title
    return f"{title} ({place.name})"


def _event_entries(projection: CaseProjection):
    for event in projection.events:
        yield TimelineEntry(
            date=event.occurred,
            kind="event",
            kind_label=str(choice_label(event, "kind")),
            title=with_place(event.title, event.place),
            detail=event.description,
            detail_is_markdown=True,
            visibility=event.visibility,
            citations=projection.citations_of("event", event.pk),
            record=event,
        )


def _detention_entries(projection: CaseProjection):
    for detention in projection.detentions:
        who = projection.person_label(detention.detainee, _("the detainee"))
        where = detention.facility or (detention.place.name if detention.place else "")
        title = capfirst(_("%(kind)s of %(who)s began") % {"kind": choice_label(detention, "kind"), "who": who})
        citations = projection.citations_of("detention", detention.pk)
        yield TimelineEntry(
            date=detention.started,
            kind="detention",
            kind_label=str(TIMELINE_KINDS["detention"]),
            title=f"{title}{f' — {where}' if where else ''}",
            detail=projection.organization_label(detention.authority, ""),
            visibility=detention.visibility,
            citations=citations,
            record=detention,
        )
        if detention.ended:
            yield TimelineEntry(
                date=detention.ended,
                kind="detention",
                kind_label=str(TIMELINE_KINDS["detention"]),
                title=capfirst(_("%(kind)s of %(who)s ended") % {"kind": choice_label(detention, "kind"), "who": who}),
                visibility=detention.visibility,
                citations=citations,
            )


def charge_label(charge: Charge) -> str:
    if charge.article:
        return f"{charge.article.short_name} — {charge.article.title}"
    return charge.description


def _charge_entries(projection: CaseProjection):
    for charge in projection.charges:
        who = projection.person_label(charge.defendant, _("the defendant"))
        citations = projection.citations_of("charge", charge.pk)
        if charge.filed:
            yield TimelineEntry(
                date=charge.filed,
                kind="charge",
                kind_label=str(TIMELINE_KINDS["charge"]),
                title=capfirst(_("%(who)s charged: %(charge)s") % {"who": who, "charge": charge_label(charge)}),
                visibility=charge.visibility,
                citations=citations,
            )
        if charge.closed:
            yield TimelineEntry(
                date=charge.closed,
                kind="charge",
                kind_label=str(TIMELINE_KINDS["charge"]),
                title=charge_outcome(charge, who),
                visibility=charge.visibility,
                citations=citations,
            )


def charge_outcome(charge: Charge, who: str) -> str:
    """The end of a charge as a sentence: "Serikzhan Bilash convicted: ...", "Charge dropped: ..."."""
    phrases = {
        Charge.Status.CONVICTED: _("%(who)s convicted: %(charge)s"),
        Charge.Status.ACQUITTED: _("%(who)s acquitted: %(charge)s"),
        Charge.Status.DROPPED: _("Charge dropped: %(charge)s"),
    }
    phrase = phrases.get(charge.status, _("Charge closed: %(charge)s"))
    return capfirst(phrase % {"who": who, "charge": charge_label(charge)})


def _ruling_entries(projection: CaseProjection):
    for ruling in projection.rulings:
        court = projection.organization_label(ruling.court, _("a court"))
        yield TimelineEntry(
            date=ruling.decided,
            kind="ruling",
            kind_label=str(choice_label(ruling, "proceeding")),
            title=_("%(court)s: %(verdict)s") % {"court": court, "verdict": choice_label(ruling, "verdict")},
            detail=sentence_text(ruling),
            visibility=ruling.visibility,
            citations=projection.citations_of("ruling", ruling.pk),
        )


def status_since(projection: CaseProjection) -> FuzzyDate | None:
    return status_since_of(projection.status_changes)


def status_since_of(changes) -> FuzzyDate | None:
    """When the current status began: the date it happened where known, else when it was recorded.

    The case page and the case list both say it, from a case's changes oldest first.
    """
    if not changes:
        return None
    latest = changes[-1]
    return latest.effective or FuzzyDate(on=latest.changed_at.date(), precision=DatePrecision.DAY)


def _status_entries(projection: CaseProjection):
    for change in projection.status_changes:
        date = change.effective or FuzzyDate(on=change.changed_at.date())
        yield TimelineEntry(
            date=date,
            kind="status",
            kind_label=str(TIMELINE_KINDS["status"]),
            title=_("Status: %(status)s") % {"status": choice_label(change, "to_status")},
            detail=change.note,
            visibility=Visibility.PUBLIC,
            anchor=f"status-{change.pk}",
        )


def _source_entries(projection: CaseProjection):
    for number, source in enumerate(projection.sources, start=1):
        if source.published_on is None:
            continue
        yield TimelineEntry(
            date=FuzzyDate(on=source.published_on),
            kind="source",
            kind_label=str(choice_label(source, "kind")),
            title=_("[%(number)s] published: %(title)s") % {"number": number, "title": source.title},
            visibility=source.visibility,
        )


def sentence_text(ruling) -> str:
    """The sentence in words: prison term, fine in its currency with any reported equivalent, bans."""
    parts = []
    if ruling.prison_term_months:
        term = _("%(months)s months in prison") % {"months": ruling.prison_term_months}
        parts.append(_("%(term)s, suspended") % {"term": term} if ruling.sentence_suspended else term)
    if ruling.fine_amount is not None:
        fine = _("fine of %(amount)s %(currency)s") % {
            "amount": money(ruling.fine_amount),
            "currency": ruling.fine_currency,
        }
        if ruling.fine_equivalent_amount is not None:
            fine += " " + _("(reported as about %(amount)s %(currency)s)") % {
                "amount": money(ruling.fine_equivalent_amount),
                "currency": ruling.fine_equivalent_currency,
            }
        parts.append(fine)
    if ruling.restriction_months:
        parts.append(_("%(months)s months of restricted freedom") % {"months": ruling.restriction_months})
    if ruling.ban:
        parts.append(ruling.ban)
    return "; ".join(str(part) for part in parts)


def money(amount) -> str:
    """252000.00 -> "252,000" in English, "252 000" in Russian; cents only where there are any."""
    places = 0 if amount == int(amount) else 2
    return formats.number_format(amount, places, use_l10n=True, force_grouping=True)


def filter_timeline(entries, *, kinds: set[str] | None, start: dt.date | None, end: dt.date | None):
    """Entries of the chosen kinds whose date falls in [start, end]."""
    return [
        entry
        for entry in entries
        if (not kinds or entry.kind in kinds)
        and (start is None or (entry.date.until or entry.date.on) >= start)
        and (end is None or entry.date.on <= end)
    ]
