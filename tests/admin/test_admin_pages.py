"""Every admin page renders for staff; lawyers and the public get no admin."""

import pytest
from django.apps import apps
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from cases.demo import CASE_SLUG
from cases.models import Case, Subscription, WebhookEndpoint
from cases.services.status import case_change_status
from tests.factories import TeamMemberFactory

# History tables are shown on each record's history page; the read log has its own test (test_audit).
ADMIN_MODELS = [
    m
    for m in apps.get_models()
    if m._meta.app_label in ("cases", "people")
    and not m.__name__.startswith("Historical")
    and m.__name__ != "RestrictedRead"
]
# Staff read the team but only editors change it (cases/services/publication.py).
READ_ONLY = {"casestatuschange", "caseteammember", "notification"}


@pytest.fixture
def demo(db, staff_member):
    call_command("load_demo", verbosity=0)
    case = Case.objects.get(slug=CASE_SLUG)
    TeamMemberFactory(case=case, user=staff_member, role="staff")
    # One of each alerts record: a partner's webhook following the case, and the delivery it is owed.
    endpoint = WebhookEndpoint.objects.create(name="Partner NGO", url="https://partner.example.org/hook")
    Subscription.objects.create(webhook=endpoint, scope="case", case=case, confirmed_at=timezone.now())
    case_change_status(case=case, status="charged", by=staff_member)
    return case


def admin_url(model, view: str, *args) -> str:
    return reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_{view}", args=args)


@pytest.mark.parametrize("model", ADMIN_MODELS, ids=lambda m: m._meta.model_name)
def test_list_add_and_change_pages_render_for_staff(client, demo, staff_member, model):
    client.force_login(staff_member)

    assert client.get(admin_url(model, "changelist")).status_code == 200
    if model._meta.model_name not in READ_ONLY:
        assert client.get(admin_url(model, "add")).status_code == 200
    record = model.objects.order_by("pk").first()
    assert record is not None, "the demo has one of each"
    assert client.get(admin_url(model, "change", record.pk)).status_code == 200


def test_case_page_shows_the_whole_case(client, demo, staff_member):
    client.force_login(staff_member)
    page = client.get(admin_url(Case, "change", demo.pk)).content.decode().lower()
    for text in [
        "Serikzhan Bilash",
        "Leila Adilzhan",
        "252000",
        "KZT",
        "Criminal Code, Art. 174",
        "status history",
        "Change status to",
        "taken into custody at around 2:30",
    ]:
        assert text.lower() in page


@pytest.mark.parametrize("user_fixture", ["lawyer", "other_lawyer"])
def test_lawyers_get_no_admin(db, client, request, user_fixture):
    client.force_login(request.getfixturevalue(user_fixture))
    response = client.get(reverse("admin:index"))
    assert response.status_code == 302
    assert reverse("admin:login") in response["Location"]


def test_anonymous_gets_the_login(client, db):
    response = client.get(admin_url(Case, "changelist"))
    assert response.status_code == 302


def test_search_finds_a_case_by_any_spelling_of_its_detainee(client, demo, staff_member):
    client.force_login(staff_member)
    for term in ["Билаш", "Біләш", "bilash"]:
        response = client.get(admin_url(Case, "changelist"), {"q": term})
        assert demo.title in response.content.decode(), term


def test_staff_off_the_team_do_not_see_a_restricted_person_in_the_participant_list(client, db, staff_member):
    from tests.factories import CaseFactory, ParticipantFactory, PersonFactory

    case = CaseFactory()
    witness = PersonFactory(name="Zhanar Plantedwitness", visibility="restricted")
    ParticipantFactory(case=case, person=witness, role="witness", visibility="internal")
    client.force_login(staff_member)

    page = client.get(reverse("admin:cases_participant_changelist")).content.decode()

    assert "Plantedwitness" not in page
    TeamMemberFactory(case=case, user=staff_member, role="staff")
    assert "Plantedwitness" in client.get(reverse("admin:cases_participant_changelist")).content.decode()
