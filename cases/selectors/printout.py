"""The lawyers' printout: the case at a glance, and who is who, as one reader may see them.

Names come from the projection, so cases/visibility/rules.py alone decides which names a
reader sees: a restricted witness is named to the case's team and editors, and appears to
no one else, not even as a role.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from cases.labels import choice_label
from cases.models import CaseTeamMember, Participant
from cases.selectors.timeline import charge_label
from cases.visibility import CaseProjection
from cases.visibility.rules import shows_person_name


@dataclass
class CaseHeader:
    detainees: list[str] = field(default_factory=list)
    courts: list[str] = field(default_factory=list)
    case_numbers: list[str] = field(default_factory=list)
    lawyers: list[str] = field(default_factory=list)
    charges: list[str] = field(default_factory=list)


@dataclass
class PersonRow:
    name: str
    role: str
    detail: str = ""


def _unique(values) -> list[str]:
    return list(dict.fromkeys(value for value in values if value))


def person_name(projection: CaseProjection, participant: Participant) -> str:
    if shows_person_name(participant, projection.levels):
        return participant.person.name
    return _("%(role)s (name withheld)") % {"role": choice_label(participant, "role")}


def case_header(projection: CaseProjection) -> CaseHeader:
    """Detainee, court, case number, lawyers and charges: what a judge's clerk asks for first."""
    by_role = {
        role: [person_name(projection, p) for p in projection.participants if p.role == role]
        for role in Participant.Role
    }
    return CaseHeader(
        detainees=_unique(by_role[Participant.Role.DETAINEE]),
        courts=_unique(projection.organization_label(ruling.court, _("a court")) for ruling in projection.rulings),
        case_numbers=_unique(ruling.case_number for ruling in projection.rulings),
        lawyers=_unique(by_role[Participant.Role.LAWYER]),
        charges=_unique(f"{charge_label(charge)} ({choice_label(charge, 'status')})" for charge in projection.charges),
    )


def people_rows(projection: CaseProjection) -> list[PersonRow]:
    """Everyone in the case the reader may see: the name where they may read it, else the role alone."""
    rows = []
    for participant in projection.participants:
        detail = ", ".join(
            _unique(
                [
                    participant.relationship,
                    projection.organization_label(participant.organization, ""),
                ]
            )
        )
        rows.append(
            PersonRow(
                name=person_name(projection, participant),
                role=str(choice_label(participant, "role")),
                detail=detail,
            )
        )
    return rows


def team_rows(projection: CaseProjection) -> list[PersonRow]:
    """The staff and lawyers assigned to the case (one query)."""
    members = CaseTeamMember.objects.filter(case=projection.case).select_related("user").order_by("role", "pk")
    return [
        PersonRow(name=member.user.get_full_name() or member.user.get_username(), role=member.get_role_display())
        for member in members
    ]
