"""Sign-in, failure, lock-out and sign-out go to the security log; sign-in also starts the session clocks.

Receivers only record; nothing here changes what a user may do.
"""

from axes.signals import user_locked_out
from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.dispatch import receiver
from django.utils import timezone

from tracker.models import UserSession
from tracker.security_log import Kind, client_ip, security_log
from tracker.two_factor import SESSION_NEEDS_2FA, two_factor_required

SESSION_SIGNED_IN_AT = "_tracker_signed_in_at"
SESSION_LAST_SEEN = "_tracker_last_seen"


@receiver(user_logged_in, dispatch_uid="tracker_signed_in")
def signed_in(sender, request, user, **kwargs) -> None:
    if request is None or not hasattr(request, "session"):
        return
    now = int(timezone.now().timestamp())
    request.session[SESSION_SIGNED_IN_AT] = now
    request.session[SESSION_LAST_SEEN] = now
    request.session[SESSION_NEEDS_2FA] = two_factor_required(user)
    if request.session.session_key is None:
        request.session.save()
    UserSession.objects.update_or_create(
        session_key=request.session.session_key,
        defaults={
            "user": user,
            "ip": client_ip(request),
            "user_agent": request.META.get("HTTP_USER_AGENT", "")[:300],
        },
    )
    verified = getattr(user, "otp_device", None) is not None
    security_log(Kind.SIGN_IN, request=request, user=user, detail="with one-time code" if verified else "")


@receiver(user_logged_out, dispatch_uid="tracker_signed_out")
def signed_out(sender, request, user, **kwargs) -> None:
    if user is None or request is None:
        return
    if request.session.session_key:
        UserSession.objects.filter(session_key=request.session.session_key).delete()
    security_log(Kind.SIGN_OUT, request=request, user=user)


@receiver(user_login_failed, dispatch_uid="tracker_sign_in_failed")
def sign_in_failed(sender, credentials, request=None, **kwargs) -> None:
    username = str(credentials.get("username", ""))
    detail = "locked out" if getattr(request, "axes_locked_out", False) else "wrong credentials"
    security_log(Kind.FAILURE, request=request, user=None, username=username, detail=detail)


@receiver(user_locked_out, dispatch_uid="tracker_locked_out")
def locked_out(sender, request, username, ip_address, **kwargs) -> None:
    security_log(Kind.LOCK_OUT, request=request, user=None, username=username or "", detail=f"from {ip_address}")
