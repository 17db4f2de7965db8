"""The app's URLs plus /bench/bare/: never part of tracker.urls, so never in production."""

from django.http import HttpRequest, HttpResponse
from django.urls import path

from tracker.urls import urlpatterns as tracker_urlpatterns


def bare(request: HttpRequest) -> HttpResponse:
    # The ceiling: the same server, middleware and Python, but no database and no template.
    return HttpResponse(b"ok\n", content_type="text/plain")


urlpatterns = [path("bench/bare/", bare, name="bench-bare"), *tracker_urlpatterns]
