from django.urls import path

from cases import views

app_name = "people"

urlpatterns = [
    path("<slug:slug>/", views.person_detail, name="detail"),
]
