import secrets

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.urls import reverse

from cases.demo import CASE_SLUG
from cases.models import Case, CaseTeamMember
from tracker import roles


def sign_in_url(address: str) -> str:
    """The admin's address on the server runserver starts with `address` ("8001", "0:8001", "host:port")."""
    host, _sep, port = address.rpartition(":")
    if not port.isdigit() or not 0 < int(port) < 65536:
        raise CommandError(f"--address must end in a port number, e.g. 127.0.0.1:8001 (got {address!r}).")
    # runserver's "0" and "0.0.0.0" listen everywhere; the browser reaches them on the loopback.
    if host in ("", "0", "0.0.0.0"):  # noqa: S104 - read from the address, not bound here
        host = "127.0.0.1"
    return f"http://{host}:{port}{reverse('admin:index')}"


class Command(BaseCommand):
    help = "Create (or reset) the local admin account with a freshly generated password, and print it."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--username", default="admin")
        parser.add_argument(
            "--address",
            default="127.0.0.1:8000",
            help="host:port that runserver listens on, as given to it (default 127.0.0.1:8000).",
        )

    @transaction.atomic
    def handle(self, *args, username: str, address: str, **options) -> None:
        from django.conf import settings

        admin_url = sign_in_url(address)
        if not settings.DEBUG:
            raise CommandError("demo_admin is for a local demo (DEBUG on); create real accounts with createsuperuser.")
        password = secrets.token_urlsafe(12)
        user, _ = get_user_model().objects.get_or_create(username=username, defaults={"email": f"{username}@localhost"})
        user.is_staff = user.is_superuser = user.is_active = True
        user.set_password(password)
        user.save()
        user.groups.add(Group.objects.get(name=roles.EDITOR))
        # On the demo case's team, so a status change there shows its alert email in the console.
        demo_case = Case.objects.filter(slug=CASE_SLUG).first()
        if demo_case is not None:
            CaseTeamMember.objects.get_or_create(
                case=demo_case, user=user, defaults={"role": CaseTeamMember.Role.STAFF}
            )
        self.stdout.write(
            f"\n  Sign in at {admin_url}\n"
            f"  username: {username}\n  password: {password}\n"
            "  (a new password is generated each time `make run` starts)\n"
        )
