"""Duplicate people: the same name folded across scripts, and on PostgreSQL close transliterations."""

import pytest

from people.services import person_sync_primary_name, possible_duplicates
from tests.factories import PersonFactory, PersonNameFactory


def _person(name: str, *spellings: str):
    person = PersonFactory(name=name)
    person_sync_primary_name(person)
    for spelling in spellings:
        PersonNameFactory(person=person, name=spelling)
    return person


def test_the_same_name_in_another_script_is_a_possible_duplicate(db):
    existing = _person("Serikzhan Bilash")
    newcomer = _person("Серикжан Билаш")
    _person("Aiman Umarova")

    assert list(possible_duplicates(newcomer)) == [existing]


@pytest.mark.postgres
def test_postgres_also_finds_another_transliteration(db):
    existing = _person("Serikzhan Bilash", "Серикжан Билаш")
    newcomer = _person("Serikjan Bilash")
    _person("Serik Bolat")

    assert list(possible_duplicates(newcomer)) == [existing]
