import datetime as dt

from django.urls import reverse
from django.utils import translation

from tests.case_data import build_bilash_case
from tests.factories import CaseFactory, DetentionFactory


def test_stats_count_public_data_in_charts_and_tables(db, client):
    build_bilash_case()
    draft = CaseFactory(publication="draft", status="released", country="UZ")
    DetentionFactory(case=draft, started_on=dt.date(2018, 1, 5))
    response = client.get(reverse("cases:stats"))
    assert response.status_code == 200
    body = response.content.decode()
    assert body.count('<ul class="bar-chart">') == 4
    assert '<tr><th scope="row">detained</th><td>1</td></tr>' in body
    assert '<tr><th scope="row">Kazakhstan</th><td>1</td></tr>' in body
    assert '<tr><th scope="row">Criminal Code, Art. 174</th><td>1</td></tr>' in body
    assert '<tr><th scope="row">March 2019</th><td>1</td></tr>' in body
    assert "Uzbekistan" not in body
    assert "2018" not in body
    assert ">released<" not in body


def test_each_chart_s_table_is_behind_a_show_data_disclosure(db, client):
    build_bilash_case()
    body = client.get(reverse("cases:stats")).content.decode()
    # Every table sits inside a closed <details>, so a phone does not show each chart twice.
    assert body.count('<details class="chart-data">') == body.count("<table>") == 4
    assert body.count("<summary>Show data") == 4
    assert "<svg role=\"img\"" not in body  # labels are page text, not SVG text scaled down with the chart


def test_months_are_words_in_the_reader_s_language(db, client):
    build_bilash_case()
    english = client.get(reverse("cases:stats")).content.decode()
    russian = client.get(reverse("cases:stats"), headers={"accept-language": "ru"}).content.decode()
    translation.deactivate()  # the locale middleware leaves the last request's language active in this thread
    assert '<span class="bar-label">March 2019</span>' in english
    assert '<span class="bar-label">Март 2019 г.</span>' in russian
    assert "2019-03" not in english + russian
