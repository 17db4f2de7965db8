"""The API's password-for-token exchange (kept apart from api_auth, which DRF's settings import)."""

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema, inline_serializer
from rest_framework import exceptions, serializers
from rest_framework.authtoken.models import Token
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.views import APIView

from tracker.api_auth import axes_authenticate
from tracker.two_factor import two_factor_required


class ObtainTokenView(APIView):
    """Trade a username and password for an API token, under the same lock-out as every sign-in.

    Someone who must sign in with a second factor cannot get a token with a password alone:
    that would bypass the second factor. They create one in the admin after a full sign-in.
    """

    authentication_classes: list = []
    permission_classes = [AllowAny]

    @extend_schema(
        operation_id="token_create",
        request=inline_serializer(
            "TokenRequest",
            {"username": serializers.CharField(), "password": serializers.CharField(style={"input_type": "password"})},
        ),
        responses={200: inline_serializer("Token", {"token": serializers.CharField(read_only=True)})},
    )
    def post(self, request):
        username = str(request.data.get("username", ""))
        password = str(request.data.get("password", ""))
        if not username or not password:
            raise exceptions.ValidationError({"username": [_("Give a username and a password.")]})
        user = axes_authenticate(request, username, password)
        if two_factor_required(user):
            raise exceptions.PermissionDenied(
                _("Your role signs in with a second factor: create a token in the admin after signing in there.")
            )
        token, _created = Token.objects.get_or_create(user=user)
        return Response({"token": token.key})
