"""What an editor checks before publishing: public facts that cite nothing, and records the public will not see.

Both lists come from projections, the same reads the public page and the preview use, so the
checklist cannot disagree with what publishing would show.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.urls import reverse
from django.utils.translation import gettext as _

from cases.labels import choice_label
from cases.models import Case
from cases.selectors.printout import person_name
from cases.selectors.timeline import charge_label
from cases.visibility import PUBLIC_ONLY, CaseProjection, case_projection, levels_for
from cases.visibility.rules import shows_person_name
from tracker.visibility import Visibility


@dataclass(frozen=True)
class RecordLine:
    kind: str
    label: str
    url: str
    visibility: str = Visibility.PUBLIC

    @property
    def visibility_label(self) -> str:
        return str(Visibility(self.visibility).label)


@dataclass
class Checklist:
    uncited: list[RecordLine] = field(default_factory=list)
    not_public: list[RecordLine] = field(default_factory=list)

    @property
    def clear(self) -> bool:
        return not self.uncited and not self.not_public


def _lines(projection: CaseProjection):
    """(citation key, record, line) for every record of the projection."""
    for participant in projection.participants:
        label = f"{person_name(projection, participant)} ({choice_label(participant, 'role')})"
        yield "participant", participant, _line(_("person"), label, participant)
    for detention in projection.detentions:
        yield "detention", detention, _line(_("detention"), str(detention), detention)
    for charge in projection.charges:
        yield "charge", charge, _line(_("charge"), charge_label(charge), charge)
    for ruling in projection.rulings:
        court = projection.organization_label(ruling.court, _("a court"))
        yield "ruling", ruling, _line(_("ruling"), f"{court}, {ruling.decided}", ruling)
    for event in projection.events:
        yield "event", event, _line(_("event"), f"{event.occurred}: {event.title}", event)


def _line(kind: str, label: str, record) -> RecordLine:
    url = reverse(f"admin:cases_{record._meta.model_name}_change", args=[record.pk])
    return RecordLine(kind=str(kind), label=label, url=url, visibility=record.visibility)


def publication_checklist(case: Case, user) -> Checklist:
    checklist = Checklist()
    public = case_projection(case, PUBLIC_ONLY)
    for fact, record, line in _lines(public):
        # A public part whose person stays unnamed cannot show a citation anyway: nothing to fix there.
        if fact == "participant" and not shows_person_name(record, public.levels):
            continue
        if not public.citations_of(fact, record.pk):
            checklist.uncited.append(line)
    staff = case_projection(case, levels_for(user, case))
    checklist.not_public = [line for _fact, record, line in _lines(staff) if record.visibility != Visibility.PUBLIC]
    return checklist
