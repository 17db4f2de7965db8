"""The admin guides the person typing: errors linked from the top, sections to jump to, defaults said."""

import re

import pytest
from django.core.management import call_command
from django.urls import reverse

from cases.demo import CASE_SLUG
from cases.models import Case, Event
from tests.admin.test_first_status import add_case
from tests.admin_post import admin_post_data
from tests.factories import CaseFactory, TeamMemberFactory


@pytest.fixture
def demo(db, staff_member):
    call_command("load_demo", verbosity=0)
    case = Case.objects.get(slug=CASE_SLUG)
    TeamMemberFactory(case=case, user=staff_member, role="staff")
    return case


def change_url(case) -> str:
    return reverse("admin:cases_case_change", args=[case.pk])


def summary_links(page: str) -> list[tuple[str, str]]:
    summary = re.search(r'<div class="error-summary".*?</div>', page, re.S)
    assert summary, "no error summary at the top"
    return re.findall(r'<li><a href="([^"]+)">([^<]+)</a></li>', summary.group(0))


def test_the_error_summary_sits_at_the_top_and_links_to_each_field(client, editor):
    client.force_login(editor)

    page = add_case(client, title="", status_effective="not a date").content.decode()

    links = summary_links(page)
    assert ("#id_title", "Title: This field is required.") in links
    assert any(href == "#id_status_effective" and "is not a date this tracker reads" in text for href, text in links)
    # Above the first field, and each target exists on the page.
    assert page.index('class="error-summary"') < page.index('id="id_title"')
    for href, _text in links:
        assert f'id="{href[1:]}"' in page
    assert not Case.objects.exists()


def test_an_error_in_a_record_links_to_its_row_and_opens_its_group(client, demo, staff_member):
    client.force_login(staff_member)
    url = change_url(demo)
    data = admin_post_data(client.get(url))
    first_event = Event.objects.filter(case=demo).order_by("pk").first()
    row = next(
        key.split("-")[1]
        for key, value in data.items()
        if key.startswith("events-") and key.endswith("-id") and str(value) == str(first_event.pk)
    )
    data[f"events-{row}-title"] = ""

    page = client.post(url, data).content.decode()

    assert (f"#id_events-{row}-title", f"Events, row {int(row) + 1}: Title: This field is required.") in (
        summary_links(page)
    )
    events_group = page[page.index('id="events-group"') :]
    assert "<details>" not in events_group[: events_group.index("</fieldset>")]  # open: the error shows
    assert Event.objects.get(pk=first_event.pk).title == first_event.title


def test_the_case_page_has_jump_links_and_folded_groups(client, demo, staff_member):
    client.force_login(staff_member)

    page = client.get(change_url(demo)).content.decode()

    nav = page[page.index('class="section-links"') : page.index("</nav>", page.index('class="section-links"'))]
    for target, text in [
        ("#fieldset-0-0-heading", "Case"),
        ("#fieldset-0-1-heading", "Status"),
        ("#participants-group", "Participants (4)"),
        ("#events-group", "Events (7)"),
        ("#status_changes-group", "Status history (1)"),
    ]:
        assert f'<a href="{target}">{text}</a>' in nav
        assert f'id="{target[1:]}"' in page
    # Every group of records is folded until opened: a native <details>, no script needed.
    for prefix in ("team_members", "participants", "detentions", "charges", "rulings", "events", "citations"):
        group = page[page.index(f'id="{prefix}-group"') :]
        assert group[: group.index("<h2")].rstrip().endswith("<details><summary>"), prefix


def test_a_new_record_says_it_will_be_internal(client, demo, staff_member):
    client.force_login(staff_member)

    page = client.get(change_url(demo)).content.decode()

    assert "A new record is internal unless you choose otherwise" in page
    response = client.get(reverse("admin:cases_event_add"))
    assert "the public page will not show it until it is “public”" in response.content.decode()


@pytest.mark.parametrize(
    ("publication", "link", "label"),
    [
        ("published", "/cases/{slug}/", "View on site"),
        ("draft", "/staff/cases/{slug}/preview/", "Preview (not public)"),
        ("withdrawn", "/staff/cases/{slug}/preview/", "Preview (not public)"),
    ],
)
def test_view_on_site_only_for_a_published_case(client, editor, publication, link, label):
    case = CaseFactory(publication=publication)
    client.force_login(editor)

    page = client.get(change_url(case)).content.decode()

    assert f'<a href="{link.format(slug=case.slug)}" class="viewsitelink">{label}</a>' in page
    if publication != "published":
        assert f'href="/cases/{case.slug}/"' not in page
        assert "/admin/r/" not in page
