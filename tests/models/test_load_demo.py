"""The demo case holds what the RFE/RL report tells, each fact citing it; loading twice changes nothing."""

from decimal import Decimal

import pytest
from django.apps import apps
from django.core.management import call_command
from django.utils import translation

from cases.demo import CASE_SLUG
from cases.models import Case, Citation

MODELS = [m for m in apps.get_models() if m._meta.app_label in ("cases", "people")]


def row_counts() -> dict[str, int]:
    return {m._meta.label: m.objects.count() for m in MODELS}


@pytest.fixture
def demo(db):
    call_command("load_demo", verbosity=0)
    return Case.objects.get(slug=CASE_SLUG)


def test_loading_twice_changes_nothing(demo):
    before = row_counts()
    snapshot = {m._meta.label: list(m.objects.order_by("pk").values()) for m in MODELS}

    call_command("load_demo", verbosity=0)

    assert row_counts() == before
    assert {m._meta.label: list(m.objects.order_by("pk").values()) for m in MODELS} == snapshot


def test_the_detainee_has_latin_and_cyrillic_names(demo):
    detainee = demo.participants.get(role="detainee").person
    names = set(detainee.names.values_list("name", "script"))
    assert {("Serikzhan Bilash", "latin"), ("Серикжан Билаш", "cyrillic"), ("Серікжан Біләш", "cyrillic")} <= names


def test_the_night_arrest_in_almaty_in_local_time(demo):
    arrest = demo.detentions.get(kind="arrest")
    assert arrest.place.name == "Almaty"
    assert arrest.place.timezone == "Asia/Almaty"
    with translation.override("en"):
        assert str(arrest.started) == "around 10 March 2019, 02:30"
    assert demo.events.filter(kind="transfer", place__name="Astana").exists()


def test_the_charge_and_the_february_conviction(demo):
    charge = demo.charges.get(article__number="174")
    assert charge.article.code == "Criminal Code"
    assert "discord" in charge.description
    ruling = demo.rulings.get()
    with translation.override("en"):
        assert str(ruling.decided) == "February 2019"
    assert (ruling.fine_amount, ruling.fine_currency) == (Decimal("252000"), "KZT")
    assert (ruling.fine_equivalent_amount, ruling.fine_equivalent_currency) == (Decimal("670"), "USD")
    assert ruling.plea == "not_guilty"
    assert ruling.charges.get().status == "convicted"


def test_the_group_active_since_spring_2017(demo):
    group = demo.participants.get(role="spokesperson").organization
    with translation.override("en"):
        assert str(group.active_since) == "spring 2017"
    assert "Atajurt" in group.aliases


def test_the_people_around_the_detainee(demo):
    roles = dict(demo.participants.values_list("person__name", "role"))
    assert roles == {
        "Serikzhan Bilash": "detainee",
        "Kairat Baitullah": "spokesperson",
        "Leila Adilzhan": "family",
        "Aiman Umarova": "lawyer",
    }
    assert demo.events.filter(kind="search").exists()


def test_every_fact_cites_the_article(demo):
    facts = [
        *demo.participants.all(),
        *demo.detentions.all(),
        *demo.charges.all(),
        *demo.rulings.all(),
        *demo.events.all(),
    ]
    for fact in facts:
        citations = list(fact.citations.all())
        assert citations, f"{fact!r} cites nothing"
        assert all(c.source.publisher.slug == "rferl" for c in citations)
        assert all(0 < len(c.quote) < 120 for c in citations), "citations are short quotes"
    assert Citation.objects.filter(case=demo).exists()


def test_history_starts_with_the_first_status(demo):
    assert list(demo.status_changes.values_list("from_status", "to_status")) == [("", "detained")]
