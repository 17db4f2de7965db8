from django.urls import path

from cases import alert_views

app_name = "alerts"

urlpatterns = [
    path("subscribe/case/<slug:slug>/", alert_views.subscribe_case, name="subscribe_case"),
    path("subscribe/country/<str:code>/", alert_views.subscribe_country, name="subscribe_country"),
    path("subscribe/article/<slug:slug>/", alert_views.subscribe_article, name="subscribe_article"),
    path("confirm/<str:token>/", alert_views.confirm, name="confirm"),
    path("unsubscribe/<str:token>/", alert_views.unsubscribe, name="unsubscribe"),
    path("staff/cases/<slug:slug>/follow/", alert_views.follow, name="follow"),
    path("staff/cases/<slug:slug>/notifications/", alert_views.case_notifications, name="case_notifications"),
    path(
        "staff/subscriptions/<int:pk>/notifications/",
        alert_views.subscription_notifications,
        name="subscription_notifications",
    ),
    path("staff/notifications/<int:pk>/retry/", alert_views.retry, name="retry"),
]
