import datetime as dt
import re

import pytest
from django.urls import reverse

from cases.services.publication import case_set_publication
from cases.services.status import case_change_status
from tests.case_data import build_bilash_case
from tests.factories import CaseFactory, CitationFactory, EventFactory, ParticipantFactory, SourceFactory


def test_case_page_shows_the_public_record(db, client):
    case = build_bilash_case()
    response = client.get(reverse("cases:detail", kwargs={"slug": case.slug}))
    assert response.status_code == 200
    html = response.content.decode()
    for expected in (
        "<title>Detention of Serikzhan Bilash (2019) — Case tracker</title>",
        'rel="canonical" href="http://testserver/cases/serikzhan-bilash-2019/"',
        "print.css",
        "Serikzhan Bilash",
        "detained",
        "How to help",
        "Write to the detainee care of",
        "Criminal Code, Art. 174",
        "Deliberate acts aimed at inciting",
        "fine of 252,000 KZT (reported as about 670 USD)",
        "ban on public activity for 7 years",
        "around 10 March 2019, 02:30",
        "spring 2017",
        '<a href="#source-1"',
        'id="source-1"',
        "Kazakh Activist Bilash Detained In Almaty",
        "Last updated",
    ):
        assert expected in html, expected
    assert html.index("spring 2017") < html.index("around 10 March 2019, 02:30")


@pytest.mark.parametrize("publication", ["draft", "in_review", "withdrawn"])
def test_unpublished_case_is_the_same_404_as_an_unknown_one(db, client, publication):
    case = CaseFactory(publication=publication, title="Unpublished title QX")
    hidden = client.get(reverse("cases:detail", kwargs={"slug": case.slug}))
    missing = client.get(reverse("cases:detail", kwargs={"slug": "no-such-case"}))
    assert hidden.status_code == missing.status_code == 404
    # Identical but for the address itself, which the reader typed, and the per-response CSRF mask.
    assert _comparable(hidden.content.decode().replace(case.slug, "no-such-case")) == _comparable(
        missing.content.decode()
    )
    assert b"Unpublished title QX" not in hidden.content


def _comparable(html: str) -> str:
    return re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", html)


def _case_with(size: int):
    case = CaseFactory()
    for index in range(size):
        source = SourceFactory()
        event = EventFactory(case=case, title=f"Event {index}")
        CitationFactory(source=source, event=event)
        ParticipantFactory(case=case, role="witness")
    return case


@pytest.mark.parametrize("size", [5, 500])
def test_case_page_queries_do_not_grow_with_the_case(db, client, django_assert_num_queries, size):
    case = _case_with(size)
    with django_assert_num_queries(8):
        response = client.get(reverse("cases:detail", kwargs={"slug": case.slug}))
    assert response.content.decode().count('class="entry kind-event"') == size


def test_status_change_is_visible_on_the_next_request(db, client):
    case = build_bilash_case()
    url = reverse("cases:detail", kwargs={"slug": case.slug})
    assert "status-convicted" not in client.get(url).content.decode()
    change = case_change_status(
        case=case, status="convicted", by=None, effective_on=dt.date(2019, 8, 16), effective_precision="day"
    )
    body = client.get(url).content.decode()
    assert 'class="badge status-convicted">convicted</span>' in body
    assert 'since <time datetime="2019-08-16">16 August 2019</time>' in body
    assert f'id="status-{change.pk}"' in body


def test_withdrawn_case_disappears_on_the_next_request(db, client, editor):
    case = build_bilash_case()
    url = reverse("cases:detail", kwargs={"slug": case.slug})
    assert client.get(url).status_code == 200
    case_set_publication(case=case, target="withdrawn", by=editor)
    assert client.get(url).status_code == 404
