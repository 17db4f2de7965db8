"""The case page as a reader meets it: citation marks, one entry per happening, alerts, names, numbers."""

import re

from django.urls import reverse
from django.utils import translation

from tests.case_data import build_bilash_case
from tests.factories import CitationFactory, DetentionFactory, SourceFactory


def case_page(client, case, language: str = "en") -> str:
    response = client.get(reverse("cases:detail", kwargs={"slug": case.slug}), headers={"accept-language": language})
    translation.deactivate()  # the locale middleware leaves the request's language active in this thread
    assert response.status_code == 200
    return response.content.decode()


def test_a_fact_cited_twice_by_one_source_shows_one_mark(db, client):
    case = build_bilash_case()
    charge = case.charges.get()
    news = charge.citations.get().source
    CitationFactory(source=news, charge=charge, quote="a second passage")
    body = case_page(client, case)
    assert "[1]</a></sup><sup" not in body
    assert 'title="inciting national discord or hatred / a second passage"' in body


def test_summary_citations_sit_at_the_end_of_the_summary_not_on_a_line_of_their_own(db, client):
    case = build_bilash_case()
    CitationFactory(source=SourceFactory(title="Summary source"), case=case, quote="the whole story")
    body = case_page(client, case)
    summary = re.search(r'<div class="summary">(.*?)</div>', body, re.S).group(1)
    assert summary.endswith('[2]</a></sup></p>')
    assert "</div><sup" not in body


def test_citation_links_have_distinct_accessible_names(db, client):
    body = case_page(client, build_bilash_case())
    names = re.findall(r'<sup class="cite"><a [^>]*aria-label="([^"]+)"', body)
    assert len(names) >= 4
    assert len(set(names)) == len(names)


def test_arrest_event_and_the_arrest_detention_are_one_timeline_entry(db, client):
    case = build_bilash_case()
    news = SourceFactory(title="Second report")
    arrest = DetentionFactory(case=case, detainee=case.participants.get(role="detainee").person, kind="arrest")
    CitationFactory(source=news, detention=arrest, quote="taken into custody")
    body = case_page(client, case)
    timeline = re.search(r'<ol class="timeline">(.*?)</ol>', body, re.S).group(1)
    assert "Arrest of Serikzhan Bilash began" not in timeline
    entries = re.findall(r'<li class="entry kind-event">(.*?)</li>', timeline, re.S)
    arrest_entry = next(entry for entry in entries if "Detained at a hotel" in entry)
    assert 'title="taken into custody"' in arrest_entry  # the detention's source stays with the event
    assert "Pre-trial detention of Serikzhan Bilash began" in timeline  # a different detention stays
    assert "<strong>arrest</strong>" in body  # the Detentions section still lists it


def test_case_page_offers_email_alerts_for_the_case_its_country_and_its_articles(db, client):
    case = build_bilash_case()
    body = case_page(client, case)
    block = re.search(r'<aside class="alerts-block".*?</aside>', body, re.S).group(0)
    assert ">Get email alerts</h2>" in block
    assert reverse("alerts:subscribe_case", kwargs={"slug": case.slug}) in block
    assert reverse("alerts:subscribe_country", kwargs={"code": "KZ"}) in block
    assert reverse("alerts:subscribe_article", kwargs={"slug": case.charges.get().article.slug}) in block
    # The feed is offered as an address for feed readers; the link people click explains it.
    assert f"<code class=\"url\">http://testserver/cases/{case.slug}/feed/</code>" in block
    assert f'<a href="/cases/{case.slug}/feed/"' not in body
    assert '<a href="/alerts/#feeds">What is a feed?</a>' in block
    assert f'rel="alternate" type="application/atom+xml" title="Status changes: {case.title}"' in body


def test_a_list_narrowed_to_a_country_or_an_article_offers_alerts_for_it(db, client):
    case = build_bilash_case()
    article = case.charges.get().article
    assert "alerts-block" not in client.get("/").content.decode()
    by_country = client.get("/?country=KZ").content.decode()
    assert reverse("alerts:subscribe_country", kwargs={"code": "KZ"}) in by_country
    by_article = client.get(f"/?article={article.slug}").content.decode()
    assert reverse("alerts:subscribe_article", kwargs={"slug": article.slug}) in by_article


def test_time_elements_carry_valid_datetimes_without_microseconds(db, client):
    body = case_page(client, build_bilash_case()) + client.get("/").content.decode()
    values = re.findall(r'<time datetime="([^"]+)"', body)
    assert values
    for value in values:
        assert re.fullmatch(r"\d{4}(-\d{2}(-\d{2}(T\d{2}:\d{2})?)?)?", value), value


def test_russian_reader_sees_cyrillic_names_first_localised_numbers_and_agreeing_filters(db, client):
    case = build_bilash_case()
    body = case_page(client, case, "ru")
    assert ">Серикжан Билаш</a> (Serikzhan Bilash), задержанный" in body
    assert "штраф 252\xa0000 KZT" in body
    assert "252,000" not in body
    listing = client.get("/", headers={"accept-language": "ru"}).content.decode()
    translation.deactivate()
    assert "Серикжан Билаш" in listing
    assert "любая страна" in listing and "любой статус" in listing
    assert ">любой</option>" not in listing


def test_english_reader_keeps_the_latin_name(db, client):
    body = case_page(client, build_bilash_case())
    assert ">Serikzhan Bilash</a>, detainee" in body


def test_kazakh_interface_with_records_in_the_language_they_were_entered_in(db, client):
    case = build_bilash_case()
    body = case_page(client, case, "kk")
    assert '<html lang="kk">' in body
    assert ">Істер</a>" in body and ">Хронология</h2>" in body
    assert ">Серікжан Біләш</a> (Serikzhan Bilash)" in body  # the Kazakh spelling before the Russian one
    assert f"<h1>{case.title}</h1>" in body  # the record as staff entered it
    assert '<option value="kk" selected>' in body
