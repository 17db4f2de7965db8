from django.urls import path

from cases import history_views

app_name = "history"

urlpatterns = [
    path("cases/<slug:slug>/", history_views.case_history_view, name="case"),
]
