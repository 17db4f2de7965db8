from django.contrib import admin
from django.urls import include, path
from django.views.generic import RedirectView

urlpatterns = [
    path("admin/", admin.site.urls),
    path("i18n/", include("django.conf.urls.i18n")),
    path("staff/history/", include("cases.history_urls")),
    path("search/", include("cases.search_urls")),
    path("data/", include("cases.open_data_urls")),
    path("documents/", include("cases.document_urls")),
    path("", RedirectView.as_view(pattern_name="admin:index", permanent=False)),
]
