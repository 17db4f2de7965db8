import datetime as dt

import pytest
from django.urls import reverse

from tests.case_data import build_bilash_case
from tests.factories import (
    CaseFactory,
    ChargeFactory,
    DetentionFactory,
    LegalArticleFactory,
    ParticipantFactory,
    PersonFactory,
)

LIST = reverse("cases:list")


@pytest.fixture
def cases(db):
    bilash = build_bilash_case()
    other = CaseFactory(title="Detention of Aigerim Tleuzhan (2020)", slug="tleuzhan", country="UZ", status="released")
    ParticipantFactory(case=other, person=PersonFactory(name="Aigerim Tleuzhan"))
    DetentionFactory(case=other, started_on=dt.date(2020, 5, 1))
    CaseFactory(title="Draft case never listed", publication="draft")
    return bilash, other


def titles(response) -> list[str]:
    return titles_in(response.content.decode())


def titles_in(body: str) -> list[str]:
    return [title for title in ("Serikzhan Bilash", "Aigerim Tleuzhan", "Draft case never listed") if title in body]


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ({}, ["Serikzhan Bilash", "Aigerim Tleuzhan"]),
        ({"status": "released"}, ["Aigerim Tleuzhan"]),
        ({"country": "KZ"}, ["Serikzhan Bilash"]),
        ({"year": "2020"}, ["Aigerim Tleuzhan"]),
        ({"year": "2019"}, ["Serikzhan Bilash"]),
        ({"q": "Серикжан"}, ["Serikzhan Bilash"]),
        ({"q": "SERIKZHAN bilash"}, ["Serikzhan Bilash"]),
        ({"q": "Біләш"}, ["Serikzhan Bilash"]),
        ({"q": "Tleuzhan (2020)"}, ["Aigerim Tleuzhan"]),
        ({"q": "nobody at all"}, []),
    ],
)
def test_filters(cases, client, query, expected):
    response = client.get(LIST, query)
    assert response.status_code == 200
    assert titles(response) == expected


def test_article_filter_uses_the_article_slug(cases, client):
    bilash, _other = cases
    article = bilash.charges.get().article
    assert titles(client.get(LIST, {"article": article.slug})) == ["Serikzhan Bilash"]


def test_a_restricted_charge_cannot_be_filtered_on(cases, client):
    _bilash, other = cases
    secret_article = LegalArticleFactory(slug="secret-article", number="999", title="Secret article")
    ChargeFactory(case=other, article=secret_article, visibility="restricted")
    secret = client.get(LIST, {"article": "secret-article"}).content.decode()
    unknown = client.get(LIST, {"article": "no-such-article"}).content.decode()
    # The same answer as for an article that does not exist: a refused choice, nothing filtered.
    assert "Select a valid choice" in secret
    assert titles_in(secret) == titles_in(unknown.replace("no-such-article", "secret-article"))
    assert "Secret article" not in secret


def test_sorting_and_pagination_keep_the_filter_in_the_url(db, client):
    for index in range(30):
        CaseFactory(title=f"Detention of Sample {index:02d}", country="KZ")
    response = client.get(LIST, {"country": "KZ", "sort": "title"})
    body = response.content.decode()
    assert "Detention of Sample 00" in body
    assert "Detention of Sample 29" not in body
    assert 'href="?country=KZ&amp;sort=title&amp;page=2"' in body
    assert "Detention of Sample 29" in client.get(LIST, {"country": "KZ", "sort": "title", "page": 2}).content.decode()


@pytest.mark.parametrize("size", [5, 500])
def test_list_queries_do_not_grow(db, client, django_assert_num_queries, size):
    article = LegalArticleFactory()
    for _index in range(size):
        case = CaseFactory()
        ParticipantFactory(case=case)
        ChargeFactory(case=case, article=article)
    with django_assert_num_queries(5):
        response = client.get(LIST, {"q": "Person"})
    assert response.status_code == 200
