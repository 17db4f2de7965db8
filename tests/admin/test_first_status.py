"""The first status is dated: "detained since" the day it began, not the day it was typed in."""

import datetime as dt

import pytest
import time_machine
from django.urls import reverse

from cases.demo import CASE_SLUG, load_demo
from cases.models import Case, CaseStatusChange
from tests.admin.test_admin_entry import empty_inlines
from tests.factories import set_publication


def add_case(client, **fields):
    data = {
        "title": "Detention of A. Example (2024)",
        "slug": "a-example-2024",
        "country": "KZ",
        "status": "detained",
        "publication": "published",
        **fields,
        **empty_inlines(),
    }
    return client.post(reverse("admin:cases_case_add"), data)


@time_machine.travel(dt.datetime(2026, 12, 2, 9, 0, tzinfo=dt.UTC))
def test_the_add_page_dates_the_first_status(client, editor):
    client.force_login(editor)

    response = add_case(
        client,
        status_effective="around March 2019",
    )

    assert response.status_code == 302, response.context and response.context["adminform"].form.errors
    first = CaseStatusChange.objects.get(case__slug="a-example-2024")
    assert (first.effective_on, first.effective_precision, first.effective_approximate) == (
        dt.date(2019, 3, 1),
        "month",
        True,
    )
    assert first.changed_at.date() == dt.date(2026, 12, 2)  # the day of entry stays in the history

    set_publication(first.case, "published")  # new cases are drafts; review is tested elsewhere
    page = client.get(reverse("cases:detail", args=["a-example-2024"])).content.decode()
    assert 'since <time datetime="2019-03">around March 2019</time>' in page
    assert page.count("2 December 2026") == 1  # "Last updated" only


def test_the_add_page_without_a_date_falls_back_to_the_day_of_entry(client, editor):
    client.force_login(editor)

    assert add_case(client).status_code == 302

    first = CaseStatusChange.objects.get(case__slug="a-example-2024")
    assert first.effective_on is None
    assert first.effective_approximate is False


@time_machine.travel(dt.datetime(2026, 12, 2, 9, 0, tzinfo=dt.UTC))
def test_a_first_status_in_the_future_is_refused_and_nothing_saved(client, editor):
    client.force_login(editor)

    response = add_case(client, status_effective="01.01.2027")

    assert response.status_code == 200
    assert response.context["adminform"].form.errors["status_effective"] == ["A status cannot begin in the future."]
    assert not Case.objects.exists()


@pytest.mark.django_db
@time_machine.travel(dt.datetime(2026, 12, 2, 9, 0, tzinfo=dt.UTC))
def test_the_demo_case_is_detained_since_around_10_march_2019(client):
    load_demo()

    page = client.get(reverse("cases:detail", args=[CASE_SLUG])).content.decode()

    assert 'since <time datetime="2019-03-10">around 10 March 2019</time>' in page
    # Its timeline ends with the 2019 entries, not with a status dated the day it was loaded.
    # The day it was loaded appears once, as the page's "Last updated", and nowhere on the timeline.
    assert page.count("2 December 2026") == 1
    assert page.index("Status: detained") > page.index("Offices of Volunteers of the Fatherland searched")


@pytest.mark.django_db
@time_machine.travel(dt.datetime(2026, 12, 2, 9, 0, tzinfo=dt.UTC))
def test_the_case_list_row_says_since_when_not_the_day_of_entry(client):
    load_demo()

    page = client.get(reverse("cases:list")).content.decode()

    assert '<time datetime="2019-03-10">around 10 March 2019</time>' in page
    assert "2 December 2026" not in page
