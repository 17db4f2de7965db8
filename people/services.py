"""Writes and checks on people that admin, API and imports share."""

from __future__ import annotations

from dataclasses import dataclass, field

from anyascii import anyascii
from django.db import connection
from django.db.models import Q, QuerySet
from django.utils.text import slugify

from people.models import Person, PersonName
from people.names import fold_name


def person_sync_primary_name(person: Person) -> None:
    """Keep the display name among the person's names, so every search finds it."""
    if not person.names.filter(name=person.name).exists():
        PersonName.objects.create(person=person, name=person.name, kind=PersonName.Kind.PRIMARY)


def people_with_same_name(name: str, *, exclude: Person | None = None):
    """Other people who already carry exactly this name (letter case aside)."""
    matches = Person.objects.filter(Q(name__iexact=name) | Q(names__name__iexact=name))
    if exclude is not None and exclude.pk:
        matches = matches.exclude(pk=exclude.pk)
    return matches.distinct()


@dataclass(frozen=True)
class NameCheck:
    """What the names of a new or edited person meet among the people the user may see."""

    # Someone else already carries exactly this name: refused unless marked as a namesake.
    identical: list[Person] = field(default_factory=list)
    # Someone else has a name that folds or sounds alike, often in another script: a warning.
    similar: list[Person] = field(default_factory=list)


def person_name_check(names, *, among: QuerySet[Person], exclude: Person | None = None) -> NameCheck:
    """The one rule for a person's names, for the admin (forms and pop-ups) and the API alike.

    `among` is who the user may see: a namesake hidden from them is answered as no namesake,
    since naming a restricted witness in a message would leak them.
    """
    names = [name for name in names if name and name.strip()]
    identical: dict[int, Person] = {}
    for name in names:
        for person in people_with_same_name(name, exclude=exclude).filter(pk__in=among.values("pk"))[:5]:
            identical[person.pk] = person
    keys = {fold_name(name) for name in names}
    similar = _with_similar_names(keys, exclude=exclude).filter(pk__in=among.values("pk"))
    similar = similar.exclude(pk__in=list(identical))
    return NameCheck(identical=list(identical.values()), similar=list(similar[:5]))


def possible_duplicates(person: Person):
    """Other people with a name that folds to the same key in any script: Билаш ~ Bilash."""
    keys = {fold_name(person.name), *person.names.values_list("folded", flat=True)}
    return _with_similar_names(keys, exclude=person)


def _with_similar_names(keys: set[str], *, exclude: Person | None):
    keys = set(keys)
    keys.discard("")
    if not keys:
        return Person.objects.none()
    matches = Q(names__folded__in=keys)
    if connection.vendor == "postgresql":
        matches |= Q(pk__in=_similar_spellings(keys))
    people = Person.objects.filter(matches)
    if exclude is not None and exclude.pk:
        people = people.exclude(pk=exclude.pk)
    return people.distinct()


# Similarity at which two folded names are probably one name transliterated twice (Serikzhan ~ Serikjan).
DUPLICATE_SIMILARITY = 0.6


def _similar_spellings(keys: set[str]):
    from django.contrib.postgres.search import TrigramSimilarity

    ordered = sorted(keys)
    names = PersonName.objects.annotate(
        **{f"similarity_{index}": TrigramSimilarity("folded", key) for index, key in enumerate(ordered)}
    )
    condition = Q()
    for index in range(len(ordered)):
        condition |= Q(**{f"similarity_{index}__gte": DUPLICATE_SIMILARITY})
    return names.filter(condition).values("person_id")


def new_person_slug(name: str) -> str:
    """A free slug made from the name in Latin letters: "Серикжан Билаш" -> "serikzhan-bilash" (or "-2", ...)."""
    base = slugify(anyascii(name))[:100] or "person"
    slug, number = base, 1
    while Person.objects.filter(slug=slug).exists():
        number += 1
        slug = f"{base}-{number}"
    return slug
