"""One layout for every public page, the about and alerts pages, robots.txt and the favicon."""

import re

import pytest
from django.urls import reverse

from tests.case_data import build_bilash_case

NAV = ["Cases", "Search", "Statistics", "Open data", "Alerts", "About"]


def public_addresses(case) -> list[str]:
    return [
        reverse("cases:list"),
        reverse("cases:detail", kwargs={"slug": case.slug}),
        reverse("cases:stats"),
        reverse("cases:about"),
        reverse("cases:alerts"),
        reverse("search:search"),
        reverse("search:search") + "?q=Bilash",
        reverse("open_data:index"),
        reverse("alerts:subscribe_case", kwargs={"slug": case.slug}),
        reverse("alerts:subscribe_country", kwargs={"code": "KZ"}),
        reverse("people:detail", kwargs={"slug": case.participants.get(role="detainee").person.slug}),
        reverse("cases:organization", kwargs={"slug": f"court-{case.slug}"}),
    ]


def test_every_public_page_has_the_site_layout_and_navigation(db, client):
    case = build_bilash_case()
    for address in public_addresses(case):
        response = client.get(address)
        assert response.status_code == 200, address
        body = response.content.decode()
        assert 'href="/static/cases/site.css"' in body, address
        nav = re.search(r'<nav class="site-nav".*?</nav>', body, re.S).group(0)
        assert re.findall(r">([^<>]+)</a>", nav) == NAV, address
        assert 'rel="icon"' in body, address


@pytest.mark.parametrize(
    ("name", "current"),
    [("cases:list", "Cases"), ("search:search", "Search"), ("cases:stats", "Statistics"),
     ("open_data:index", "Open data"), ("cases:alerts", "Alerts"), ("cases:about", "About")],
)  # fmt: skip
def test_navigation_marks_the_current_page(db, client, name, current):
    body = client.get(reverse(name)).content.decode()
    assert re.findall(r'aria-current="page">([^<]+)<', body) == [current]


def test_alerts_page_explains_email_feeds_and_webhooks_and_links_each_subscription(db, client):
    case = build_bilash_case()
    body = client.get("/alerts/").content.decode()
    for heading in ("Email alerts", "Feeds", "Webhooks for partner organizations"):
        assert f">{heading}</h2>" in body
    assert reverse("alerts:subscribe_country", kwargs={"code": "KZ"}) in body
    article = case.charges.get().article
    assert reverse("alerts:subscribe_article", kwargs={"slug": article.slug}) in body
    assert "<code class=\"url\">http://testserver/feeds/status-changes/</code>" in body


def test_robots_txt_points_at_the_sitemap_and_keeps_crawlers_off_staff_pages(db, client):
    response = client.get("/robots.txt")
    assert response.status_code == 200
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    lines = response.content.decode().splitlines()
    assert "Sitemap: http://testserver/sitemap.xml" in lines
    assert "Disallow: /staff/" in lines
    assert not any("admin" in line for line in lines)  # the admin's address is not advertised


def test_favicon_exists(db, client):
    response = client.get("/favicon.ico")
    assert response.status_code == 301
    icon = client.get(response["Location"])
    assert icon.status_code == 200
    assert b"<svg" in b"".join(icon.streaming_content)


def test_about_page_says_what_is_never_published(db, client):
    body = client.get(reverse("cases:about")).content.decode()
    assert "<h1>About this site</h1>" in body
    assert "What is never published" in body
