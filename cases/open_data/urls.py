from django.urls import path

from cases.open_data import views

app_name = "open_data"

urlpatterns = [
    path("", views.data_page, name="index"),
    path("cases.json", views.data_json, name="json"),
    path("datapackage.json", views.data_package, name="datapackage"),
    path("<slug:table>.csv", views.data_csv, name="csv"),
]
