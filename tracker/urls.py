from django.conf import settings
from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from cases.public.urls import people_urlpatterns
from tracker.health import healthz

urlpatterns = [
    path("healthz", healthz, name="healthz"),
    path(settings.ADMIN_URL, admin.site.urls),
    path("alerts/", include("cases.alerts.urls")),
    path("accounts/", include("tracker.account_urls")),
    path("", include("tracker.api")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("staff/history/", include("cases.history.urls")),
    path("search/", include("cases.search.urls")),
    path("data/", include("cases.open_data.urls")),
    path("documents/", include("cases.evidence.urls")),
    path("accounts/login/", auth_views.LoginView.as_view(next_page="cases:staff-list"), name="login"),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("people/", include((people_urlpatterns, "people"))),
    path("", include("cases.urls")),
]
