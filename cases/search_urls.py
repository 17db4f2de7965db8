from django.urls import path

from cases import search_views

app_name = "search"

urlpatterns = [
    path("", search_views.search_view, name="search"),
]
