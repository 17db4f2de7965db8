from django.urls import path

from cases.evidence import views

app_name = "documents"

urlpatterns = [
    path("<uuid:uid>/", views.document_download, name="download"),
    path("sources/<uuid:uid>/", views.source_page, name="source"),
    path("captures/<uuid:uid>/bundle.zip", views.capture_bundle, name="capture-bundle"),
    path("captures/<uuid:uid>/<slug:kind>/", views.capture_file, name="capture-file"),
]
