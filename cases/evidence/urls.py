from django.urls import path

from cases.evidence import views

app_name = "documents"

urlpatterns = [
    path("<uuid:uid>/", views.document_download, name="download"),
]
