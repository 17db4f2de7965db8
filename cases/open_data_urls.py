from django.urls import path

from cases import open_data_views

app_name = "open_data"

urlpatterns = [
    path("", open_data_views.data_page, name="index"),
    path("cases.json", open_data_views.data_json, name="json"),
    path("<slug:table>.csv", open_data_views.data_csv, name="csv"),
]
