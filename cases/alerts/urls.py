from django.urls import path

from cases.alerts import views

app_name = "alerts"

urlpatterns = [
    path("subscribe/case/<slug:slug>/", views.subscribe_case, name="subscribe_case"),
    path("subscribe/country/<str:code>/", views.subscribe_country, name="subscribe_country"),
    path("subscribe/article/<slug:slug>/", views.subscribe_article, name="subscribe_article"),
    path("confirm/<str:token>/", views.confirm, name="confirm"),
    path("unsubscribe/<str:token>/", views.unsubscribe, name="unsubscribe"),
    path("staff/cases/<slug:slug>/follow/", views.follow, name="follow"),
    path("staff/cases/<slug:slug>/notifications/", views.case_notifications, name="case_notifications"),
    path(
        "staff/subscriptions/<int:pk>/notifications/",
        views.subscription_notifications,
        name="subscription_notifications",
    ),
    path("staff/notifications/<int:pk>/retry/", views.retry, name="retry"),
]
