"""The API's password-for-token exchange (kept apart from api_auth, which DRF's settings import)."""

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema, inline_serializer
from rest_framework import exceptions, serializers
from rest_framework.authtoken.models import Token
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.views import APIView

from tracker import roles
from tracker.api_auth import axes_authenticate, token_refusal
from tracker.services import api_token_issue
from tracker.two_factor import two_factor_required


class TokenRequestSerializer(serializers.Serializer):
    # Length-bounded and NUL-free (DRF's CharField refuses NUL): PostgreSQL cannot compare a NUL.
    username = serializers.CharField(max_length=150)
    password = serializers.CharField(max_length=4096, trim_whitespace=False)

    def validate(self, attrs):
        # A misspelt field ("user", "pass") is named, not silently ignored.
        unknown = sorted(set(self.initial_data) - set(self.fields))
        if unknown:
            raise serializers.ValidationError({name: [_("Unknown field.")] for name in unknown})
        return attrs


class ObtainTokenView(APIView):
    """Trade a username and password for an API token, under the same lock-out as every sign-in.

    Someone who must sign in with a second factor cannot get a token with a password alone:
    that would bypass the second factor. They create one on /accounts/api-token/ after a full sign-in.
    """

    authentication_classes: list = []
    permission_classes = [AllowAny]

    @extend_schema(
        operation_id="token_create",
        request=TokenRequestSerializer,
        responses={200: inline_serializer("Token", {"token": serializers.CharField(read_only=True)})},
    )
    def post(self, request):
        given = TokenRequestSerializer(data=request.data)
        given.is_valid(raise_exception=True)
        user = axes_authenticate(request, given.validated_data["username"], given.validated_data["password"])
        if not (roles.is_staff_member(user) or roles.is_lawyer(user)):
            raise exceptions.PermissionDenied(_("This account has no role that may use the API."))
        if two_factor_required(user):
            raise exceptions.PermissionDenied(
                _("Your role signs in with a second factor: create a token on your API token page after signing in.")
            )
        token = Token.objects.select_related("record").filter(user=user).first()
        if token is not None and token_refusal(user, token) is None:
            return Response({"token": token.key})
        return Response({"token": api_token_issue(user=user, with_two_factor=False, request=request)})
