from django.urls import path

from cases import feeds, staff_views, views
from tracker.page_cache import public_page

app_name = "cases"

urlpatterns = [
    path("", views.case_list, name="list"),
    path("cases/<slug:slug>/", views.case_detail, name="detail"),
    path("cases/<slug:slug>/feed/", public_page(feeds.CaseStatusFeed()), name="case-feed"),
    path("feeds/status-changes/", public_page(feeds.StatusChangesFeed()), name="feed"),
    path("stats/", views.stats, name="stats"),
    path("sitemap.xml", views.sitemap, name="sitemap"),
    path("staff/", staff_views.staff_case_list, name="staff-list"),
    path("staff/cases/<slug:slug>/timeline/", staff_views.case_timeline, name="staff-timeline"),
    path("staff/cases/<slug:slug>/preview/", staff_views.case_preview, name="staff-preview"),
    path("staff/cases/<slug:slug>/publication/", staff_views.case_publication, name="staff-publication"),
]
