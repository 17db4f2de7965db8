from django.urls import path

from cases.history import views

app_name = "history"

urlpatterns = [
    path("cases/<slug:slug>/", views.case_history_view, name="case"),
]
