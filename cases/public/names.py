"""People's names in the reader's script: "Серикжан Билаш" first for a Russian or Kazakh reader.

Only the spelling changes; which people may be named is decided before this runs
(cases/visibility), so it touches Person objects already cleared for display.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.utils.translation import get_language

from people.models import Person, PersonName
from people.names import detect_script

# The script each interface language is read in.
READER_SCRIPTS = {"en": PersonName.Script.LATIN, "ru": PersonName.Script.CYRILLIC, "kk": PersonName.Script.CYRILLIC}
KIND_ORDER = {PersonName.Kind.PRIMARY: 0, PersonName.Kind.TRANSLITERATION: 1, PersonName.Kind.FORMER: 2}


def reader_language() -> str:
    return (get_language() or "en").split("-")[0]


def names_in_reader_script(people: Iterable[Person]) -> None:
    """Set each person's `name` to a spelling in the reader's script, keeping the staff name as
    `name_as_entered`; one query for any number of people."""
    language = reader_language()
    script = READER_SCRIPTS.get(language)
    # Each relation fetched with select_related is its own Person object: change every copy.
    pending: dict[int, list[Person]] = {}
    for person in people:
        if person is not None and _needs_spelling(person, script):
            pending.setdefault(person.pk, []).append(person)
    if not pending:
        return
    best: dict[int, PersonName] = {}
    spellings = PersonName.objects.filter(person_id__in=pending, script=script).exclude(kind=PersonName.Kind.ALIAS)
    for spelling in spellings.order_by("pk"):
        kept = best.get(spelling.person_id)
        if kept is None or _rank(spelling, language) < _rank(kept, language):
            best[spelling.person_id] = spelling
    for person_id, spelling in best.items():
        for person in pending[person_id]:
            person.name_as_entered = person.name
            person.name = spelling.name


def _needs_spelling(person: Person, script: str | None) -> bool:
    return script is not None and not hasattr(person, "name_as_entered") and detect_script(person.name) != script


def _rank(spelling: PersonName, language: str) -> tuple:
    # The reader's own language first (a Kazakh spelling for a Kazakh reader), then the primary name.
    return (spelling.language != language, KIND_ORDER.get(spelling.kind, 3), spelling.pk)
