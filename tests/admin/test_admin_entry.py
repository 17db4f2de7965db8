"""Entering and correcting a case in the admin: history recorded, bad input refused at the field."""

import datetime as dt

import pytest
from anyascii import anyascii
from django.contrib.messages import get_messages
from django.urls import reverse
from django.utils.text import slugify

from cases.models import Case, CaseStatusChange, CourtRuling, Event, Source
from people.models import Person
from tests.admin_post import admin_post_data
from tests.factories import (
    CaseFactory,
    ChargeFactory,
    OrganizationFactory,
    PersonFactory,
    PersonNameFactory,
)

CASE_INLINE_PREFIXES = [
    "team_members",
    "participants",
    "detentions",
    "charges",
    "rulings",
    "events",
    "involvements",
    "citations",
    "status_changes",
]


def empty_inlines() -> dict:
    data = {}
    for prefix in CASE_INLINE_PREFIXES:
        data.update(
            {
                f"{prefix}-TOTAL_FORMS": "0",
                f"{prefix}-INITIAL_FORMS": "0",
                f"{prefix}-MIN_NUM_FORMS": "0",
                f"{prefix}-MAX_NUM_FORMS": "1000",
            }
        )
    return data


def test_adding_a_case_records_its_first_status_with_the_user(client, staff_member):
    client.force_login(staff_member)
    data = {
        "title": "Detention of A. Example (2024)",
        "slug": "a-example-2024",
        "country": "KZ",
        "status": "detained",
        "status_note": "Reported by a relative",
        **empty_inlines(),
    }

    response = client.post(reverse("admin:cases_case_add"), data)

    assert response.status_code == 302, response.context["adminform"].form.errors if response.context else ""
    case = Case.objects.get(slug="a-example-2024")
    change = case.status_changes.get()
    assert (change.to_status, change.changed_by, change.note) == ("detained", staff_member, "Reported by a relative")
    assert case.publication == "draft"


def test_changing_the_status_on_the_case_page_goes_through_the_service(client, staff_member):
    case = CaseFactory(status="detained")
    client.force_login(staff_member)
    url = reverse("admin:cases_case_change", args=[case.pk])
    data = admin_post_data(client.get(url))
    data.update(
        new_status="charged",
        status_note="Indictment",
        status_effective="15.03.2019",
    )

    response = client.post(url, data)

    assert response.status_code == 302
    change = CaseStatusChange.objects.filter(case=case).latest()
    assert (change.from_status, change.to_status, change.changed_by, change.note) == (
        "detained",
        "charged",
        staff_member,
        "Indictment",
    )
    assert change.effective_on == dt.date(2019, 3, 15)


def test_staff_cannot_publish(client, staff_member):
    case = CaseFactory(publication="draft")
    client.force_login(staff_member)
    url = reverse("admin:cases_case_change", args=[case.pk])
    data = admin_post_data(client.get(url))
    data["publication"] = "published"

    client.post(url, data)

    assert Case.objects.get(pk=case.pk).publication == "draft"


def ruling_form(case, **overrides) -> dict:
    court = OrganizationFactory(kind="court")
    data = {
        "case": case.pk,
        "court": court.pk,
        "defendant": PersonFactory().pk,
        "decided": "20.03.2019",
        "proceeding": "first_instance",
        "verdict": "guilty",
        "visibility": "public",
        "citations-TOTAL_FORMS": "0",
        "citations-INITIAL_FORMS": "0",
    }
    data.update(overrides)
    return data


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"decided": "01.03.2019"}, "decided", "before the charge"),
        ({"fine_amount": "1000", "fine_currency": "XYZ"}, "fine_currency", "not an ISO 4217 currency"),
        ({"fine_amount": "1000"}, "fine_currency", "Give the currency"),
        ({"fine_amount": "-5", "fine_currency": "KZT"}, "fine_amount", "greater than or equal to 0"),
        (
            {"fine_equivalent_amount": "670", "fine_equivalent_currency": "USD"},
            "fine_equivalent_amount",
            "needs the fine",
        ),
    ],
)
def test_ruling_bad_input_is_refused_at_the_field(client, staff_member, overrides, field, message):
    case = CaseFactory()
    charge = ChargeFactory(case=case, filed_on=dt.date(2019, 3, 10))
    client.force_login(staff_member)

    response = client.post(reverse("admin:cases_courtruling_add"), ruling_form(case, charges=[charge.pk], **overrides))

    assert response.status_code == 200
    errors = response.context["adminform"].form.errors
    assert message in " ".join(errors.get(field, [])), errors
    assert not CourtRuling.objects.exists()


def test_a_source_url_must_be_a_url(client, staff_member):
    client.force_login(staff_member)
    data = {
        "kind": "news_article",
        "title": "Report",
        "url": "not a url",
        "language": "xx",
        "reliability": "B",
        "visibility": "public",
        "citations-TOTAL_FORMS": "0",
        "citations-INITIAL_FORMS": "0",
    }

    response = client.post(reverse("admin:cases_source_add"), data)

    errors = response.context["adminform"].form.errors
    assert "Enter a valid URL." in errors["url"]
    assert "not an ISO 639-1 language code" in errors["language"][0]
    assert not Source.objects.exists()


def person_form(name: str, alias: str, **alias_extra) -> dict:
    data = {
        "name": name,
        "slug": slugify(anyascii(name)),
        "visibility": "public",
        "names-TOTAL_FORMS": "1",
        "names-INITIAL_FORMS": "0",
        "names-0-name": alias,
        "names-0-kind": "transliteration",
    }
    data.update({f"names-0-{k}": v for k, v in alias_extra.items()})
    return data


def test_an_alias_identical_to_another_persons_name_is_refused(client, staff_member):
    PersonNameFactory(person=PersonFactory(name="Kairat Baitullah"), name="Кайрат Байтулла")
    client.force_login(staff_member)

    response = client.post(reverse("admin:people_person_add"), person_form("K. Baitulla", "Кайрат Байтулла"))

    assert response.status_code == 200
    errors = response.context["inline_admin_formsets"][0].formset.errors[0]
    assert "already a name of <a href=" in errors["name"][0] and "Kairat Baitullah</a>" in errors["name"][0]
    assert not Person.objects.filter(name="K. Baitulla").exists()


def test_a_namesake_can_be_confirmed(client, staff_member):
    PersonFactory(name="Aigerim Nurlanova")
    client.force_login(staff_member)

    response = client.post(
        reverse("admin:people_person_add"), person_form("Aigerim N.", "Aigerim Nurlanova", namesake="on")
    )

    assert response.status_code == 302
    assert Person.objects.filter(name="Aigerim N.").exists()


def test_a_similar_name_in_another_script_warns_but_saves(client, staff_member):
    existing = PersonFactory(name="Serikzhan Bilash")
    PersonNameFactory(person=existing, name="Serikzhan Bilash")
    client.force_login(staff_member)

    response = client.post(reverse("admin:people_person_add"), person_form("Серикжан Билаш", "Serikzhan Biläsh"))

    assert response.status_code == 302
    warnings = [str(m) for m in get_messages(response.wsgi_request)]
    assert any("Possible duplicate" in m and "Serikzhan Bilash" in m for m in warnings), warnings
    assert Person.objects.filter(name="Серикжан Билаш").exists()


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("around May 2021", ("2021-05-01", "month", True, None)),
        ("16.08.2019 14:30", ("2019-08-16", "minute", False, "14:30:00")),
        ("spring 2017", ("2017-03-01", "season", False, None)),
        ("2021", ("2021-01-01", "year", False, None)),
    ],
)
def test_an_event_date_is_typed_as_staff_say_it(client, staff_member, typed, expected):
    case = CaseFactory()
    client.force_login(staff_member)
    data = {
        "case": case.pk,
        "kind": "hearing",
        "title": "A hearing",
        "occurred": typed,
        "visibility": "internal",
        "citations-TOTAL_FORMS": "0",
        "citations-INITIAL_FORMS": "0",
    }
    response = client.post(reverse("admin:cases_event_add"), data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    event = Event.objects.get(case=case)
    on, precision, approximate, time = expected
    assert (str(event.occurred_on), event.occurred_precision, event.occurred_approximate) == (
        on,
        precision,
        approximate,
    )
    assert (str(event.occurred_time) if event.occurred_time else None) == time


def test_a_date_the_tracker_cannot_read_is_refused_at_its_box(client, staff_member):
    client.force_login(staff_member)
    data = {
        "case": CaseFactory().pk,
        "kind": "hearing",
        "title": "A",
        "occurred": "31.02.2019",
        "visibility": "internal",
        "citations-TOTAL_FORMS": "0",
        "citations-INITIAL_FORMS": "0",
    }
    response = client.post(reverse("admin:cases_event_add"), data)
    assert response.status_code == 200
    assert "does not exist" in " ".join(response.context["adminform"].form.errors["occurred"])
    assert not Event.objects.exists()
