from django.urls import path

from cases.alerts import views

app_name = "alerts"

# Tokens are URL-safe base64, so <slug:> matches every real one; anything else (a NUL, which
# PostgreSQL refuses to compare) is a 404 before it reaches the database.
urlpatterns = [
    path("subscribe/case/<slug:slug>/", views.subscribe_case, name="subscribe_case"),
    path("subscribe/country/<str:code>/", views.subscribe_country, name="subscribe_country"),
    path("subscribe/article/<slug:slug>/", views.subscribe_article, name="subscribe_article"),
    path("confirm/<slug:token>/", views.confirm, name="confirm"),
    path("unsubscribe/<slug:token>/", views.unsubscribe, name="unsubscribe"),
    path("staff/cases/<slug:slug>/follow/", views.follow, name="follow"),
    path("staff/cases/<slug:slug>/notifications/", views.case_notifications, name="case_notifications"),
    path(
        "staff/subscriptions/<int:pk>/notifications/",
        views.subscription_notifications,
        name="subscription_notifications",
    ),
    path("staff/notifications/<int:pk>/retry/", views.retry, name="retry"),
]
