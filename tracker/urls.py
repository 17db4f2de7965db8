from django.conf import settings
from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from tracker.health import healthz

urlpatterns = [
    path("healthz", healthz, name="healthz"),
    path(settings.ADMIN_URL, admin.site.urls),
    path("alerts/", include("cases.alert_urls")),
    path("accounts/", include("tracker.account_urls")),
    path("", include("tracker.api")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("staff/history/", include("cases.history_urls")),
    path("search/", include("cases.search_urls")),
    path("data/", include("cases.open_data_urls")),
    path("documents/", include("cases.document_urls")),
    path("accounts/login/", auth_views.LoginView.as_view(next_page="cases:staff-list"), name="login"),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("people/", include("people.urls")),
    path("", include("cases.urls")),
]
