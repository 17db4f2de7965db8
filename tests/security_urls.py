"""Test-only URLs: the API sign-in paths (until the API exists) and views that fail on purpose."""

from django.core.exceptions import PermissionDenied, SuspiciousOperation
from django.http import Http404, HttpResponse
from django.urls import include, path
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response
from rest_framework.views import APIView

from tracker.api_auth import LockoutTokenAuthentication, axes_authenticate
from tracker.urls import urlpatterns as tracker_urlpatterns

PLANTED = "Witness Zhanar Restricted-Name at 12 Secret Street"


class WhoAmI(APIView):
    authentication_classes = [LockoutTokenAuthentication]
    permission_classes = [IsAuthenticated]

    def get(self, request):
        return Response({"username": request.user.get_username()})


class ObtainToken(APIView):
    authentication_classes = []
    permission_classes = []

    def post(self, request):
        from tracker.services import api_token_issue

        user = axes_authenticate(request, request.data.get("username", ""), request.data.get("password", ""))
        return Response({"token": api_token_issue(user=user, with_two_factor=False)})


def fail_500(request):
    raise RuntimeError(f"SELECT * FROM cases_participant WHERE name = '{PLANTED}'")


def fail_403(request):
    raise PermissionDenied(PLANTED)


def fail_404(request):
    raise Http404(PLANTED)


def fail_400(request):
    raise SuspiciousOperation(PLANTED)


def inline_script_page(request):
    # What the CSP must block: proves the browser test's violation detector is not blind.
    return HttpResponse("<html><body><p style='color:red'>x</p><script>document.title='ran'</script></body></html>")


def public_page(request):
    return HttpResponse("public")


urlpatterns = [
    path("test-api/me/", WhoAmI.as_view(), name="test_api_me"),
    path("test-api/token/", ObtainToken.as_view(), name="test_api_token"),
    path("test-fail/500/", fail_500),
    path("test-fail/403/", fail_403),
    path("test-fail/404/", fail_404),
    path("test-fail/400/", fail_400),
    path("test-public/", public_page, name="test_public"),
    path("test-inline-script/", inline_script_page),
    path("", include(tracker_urlpatterns)),
]
