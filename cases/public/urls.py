from django.urls import path

from cases.public import feeds, pages, views
from tracker.page_cache import public_page

urlpatterns = [
    path("", views.case_list, name="list"),
    path("cases/<slug:slug>/", views.case_detail, name="detail"),
    path("cases/<slug:slug>/feed/", public_page(feeds.CaseStatusFeed()), name="case-feed"),
    path("feeds/status-changes/", public_page(feeds.StatusChangesFeed()), name="feed"),
    path("stats/", views.stats, name="stats"),
    path("sitemap.xml", views.sitemap, name="sitemap"),
    path("robots.txt", pages.robots_txt, name="robots"),
    path("favicon.ico", pages.favicon, name="favicon"),
    path("about/", pages.about, name="about"),
    path("alerts/", pages.alerts, name="alerts"),
    path("organizations/<slug:slug>/", pages.organization_detail, name="organization"),
]

# Mounted under /people/ in the "people" namespace.
people_urlpatterns = [
    path("<slug:slug>/", views.person_detail, name="detail"),
]
