"""Surfaces that once decided visibility themselves now ask the gate (cases.visibility, tracker.roles)."""

import pytest
from django.urls import reverse

from cases.evidence.tasks import editor_emails
from cases.models import Case
from cases.visibility import PUBLIC_ONLY
from tests.factories import UserFactory

NOTE = "CANARY-INTERNAL-case-internal_notes"


def test_the_notifications_page_of_a_case_the_gate_hides_is_the_404_of_a_missing_one(
    client, staff_member, case, monkeypatch
):
    client.force_login(staff_member)
    # Staff read every case today; the page must still follow the gate if that ever narrows.
    monkeypatch.setattr("cases.alerts.views.cases_visible_to", lambda user: Case.objects.none())
    hidden = client.get(reverse("alerts:case_notifications", kwargs={"slug": case.slug}))
    missing = client.get(reverse("alerts:case_notifications", kwargs={"slug": "no-such-case"}))
    assert hidden.status_code == missing.status_code == 404


@pytest.mark.django_db
def test_superusers_are_editors_for_the_document_check():
    UserFactory(username="root", email="root@example.org", is_superuser=True)
    UserFactory(username="nobody", email="nobody@example.org")
    assert editor_emails() == ["root@example.org"]


def test_the_staff_timeline_reads_internal_notes_through_the_projection(client, lawyer, case, monkeypatch, settings):
    settings.TRACKER_PAGE_CACHE_SECONDS = 60
    Case.objects.filter(pk=case.pk).update(internal_notes=NOTE)
    client.force_login(lawyer)
    # Whoever reads the case without INTERNAL must not get its notes in the page header.
    monkeypatch.setattr("cases.staff.views.levels_for", lambda user, case: PUBLIC_ONLY)
    url = reverse("cases:staff-timeline", kwargs={"slug": case.slug})
    # Twice: the second answer takes its entries from the fragment cache, so no projection
    # is built that could blank the notes by the way.
    bodies = [client.get(url).content.decode() for _ in range(2)]
    for body in bodies:
        assert "<h1>" in body
        assert NOTE not in body
