"""What the admin may show a user of rows that point across records: citations and people in them.

Derived from the gate's rules (cases.visibility.rules) for rows the rules do not name themselves.
"""

from __future__ import annotations

from django.db.models import Exists, OuterRef, Q

from cases.visibility.rules import readable_citations_q, staff_people_filter
from people.models import Person
from tracker import roles


def visible_people(user):
    return Person.objects.filter(staff_people_filter(user))


def citations_filter(user) -> Q:
    """Citations whose source and fact the user may read, and whose cited person, if any, they may see."""
    if roles.is_editor(user):
        return Q()
    person_shown = Q(participant__isnull=True) | Q(participant__person__in=visible_people(user).values("pk"))
    return readable_citations_q(user) & person_shown


def with_person_shown(participants, user, path: str = "person"):
    """Annotate `person_shown`: whether the user may see the name of the participation's person."""
    if roles.is_editor(user):
        return participants.annotate(person_shown=Q(pk__isnull=False))
    shown = visible_people(user).filter(pk=OuterRef(f"{path}_id"))
    return participants.annotate(person_shown=Exists(shown))
