import datetime as dt

from django.urls import reverse

from tests.case_data import build_bilash_case
from tests.factories import CaseFactory, DetentionFactory


def test_stats_count_public_data_in_charts_and_tables(db, client):
    build_bilash_case()
    draft = CaseFactory(publication="draft", status="released", country="UZ")
    DetentionFactory(case=draft, started_on=dt.date(2018, 1, 5))
    response = client.get(reverse("cases:stats"))
    assert response.status_code == 200
    body = response.content.decode()
    assert body.count('<svg role="img"') == 4
    assert '<tr><th scope="row">detained</th><td>1</td></tr>' in body
    assert '<tr><th scope="row">Kazakhstan</th><td>1</td></tr>' in body
    assert '<tr><th scope="row">Criminal Code, Art. 174</th><td>1</td></tr>' in body
    assert '<tr><th scope="row">2019-03</th><td>1</td></tr>' in body
    assert "Uzbekistan" not in body
    assert "2018-01" not in body
    assert ">released<" not in body
