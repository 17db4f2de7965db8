from django.urls import path

from cases import document_views

app_name = "documents"

urlpatterns = [
    path("<uuid:uid>/", document_views.document_download, name="download"),
]
