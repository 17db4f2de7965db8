"""Reads for the case list and the case page. Visibility is decided in cases.visibility; these only shape data."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Prefetch, QuerySet
from django.utils.translation import gettext as _

from cases.labels import choice_label
from cases.models import Case, Charge, Participant
from cases.selectors.timeline import charge_label, sentence_text
from cases.visibility import (
    CaseProjection,
    list_levels_for,
    listed_cases,
    participant_label,
    shows_person_name,
    visible_records,
)


def case_list(user) -> tuple[QuerySet[Case], frozenset[str]]:
    """The cases `user` may list, with what each row shows prefetched (3 queries for any page)."""
    levels = list_levels_for(user)
    cases = listed_cases(user).prefetch_related(
        Prefetch(
            "participants",
            # Only parts the list may show: a hidden detention is not even a role on the list.
            queryset=visible_records(Participant.objects.filter(role=Participant.Role.DETAINEE), levels).select_related(
                "person"
            ),
            to_attr="detainee_participants",
        ),
        Prefetch(
            "charges",
            queryset=visible_records(Charge.objects.select_related("article"), levels),
            to_attr="listed_charges",
        ),
    )
    return cases, levels


@dataclass
class CaseRow:
    case: Case
    detainees: list[str]
    charges: list[str]


def case_row(case: Case, levels: frozenset[str]) -> CaseRow:
    return CaseRow(
        case=case,
        detainees=[participant_label(p, levels) for p in case.detainee_participants],
        charges=sorted(
            {charge.article.short_name if charge.article else charge.description for charge in case.listed_charges}
        ),
    )


def case_page_sections(projection: CaseProjection) -> dict:
    people = [
        {
            "participant": participant,
            "label": projection.participant_labels[participant.pk],
            "named": shows_person_name(participant, projection.levels),
            "role": choice_label(participant, "role"),
            "organization": projection.organization_label(participant.organization, ""),
            "citations": projection.citations_of("participant", participant.pk),
        }
        for participant in projection.participants
    ]
    detentions = [
        {
            "detention": detention,
            "who": projection.person_label(detention.detainee, _("the detainee")),
            "authority": projection.organization_label(detention.authority, ""),
            "citations": projection.citations_of("detention", detention.pk),
        }
        for detention in projection.detentions
    ]
    charges = [
        {
            "charge": charge,
            "label": charge_label(charge),
            "who": projection.person_label(charge.defendant, _("the defendant")),
            "citations": projection.citations_of("charge", charge.pk),
        }
        for charge in projection.charges
    ]
    rulings = [
        {
            "ruling": ruling,
            "court": projection.organization_label(ruling.court, _("a court")),
            "who": projection.person_label(ruling.defendant, _("the defendant")),
            "judge": projection.person_label(ruling.judge, _("a judge")),
            "sentence": sentence_text(ruling),
            "charges": [charge_label(charge) for charge in ruling.charges.all()],
            "citations": projection.citations_of("ruling", ruling.pk),
        }
        for ruling in projection.rulings
    ]
    return {
        "people": people,
        "detentions": detentions,
        "charges": charges,
        "rulings": rulings,
        "case_citations": projection.citations_of("case", projection.case.pk),
        "sources": [
            {
                "number": number,
                "source": source,
                "kind": choice_label(source, "kind"),
                "publisher": projection.organization_label(source.publisher, ""),
            }
            for number, source in enumerate(projection.sources, start=1)
        ],
    }
