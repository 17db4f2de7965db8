"""Alert test helpers: a case with a team, planted secrets, eager Celery, real receivers."""

import pytest
from django.contrib.auth.models import Group

from cases.models import Subscription, WebhookEndpoint
from tests.alerts.servers import SmtpServer, WebhookReceiver
from tests.factories import CaseFactory, ParticipantFactory, PersonFactory, TeamMemberFactory, UserFactory
from tracker import roles
from tracker.celery import app as celery_app

PLANTED_NOTE = "PLANTED-INTERNAL-NOTE moved to the basement of the DIA building"
PLANTED_NAME = "Plantedname Restrictedwitness"


def user_with_role(group_name: str, **kwargs):
    # get_or_create: transactional tests flush the groups the data migration made.
    user = UserFactory(**kwargs)
    user.groups.add(Group.objects.get_or_create(name=group_name)[0])
    return user


def team_case(**kwargs):
    """A published case with a staff member and a lawyer on its team, and a restricted witness."""
    staff = user_with_role(roles.STAFF, username=f"staff-{kwargs.get('slug', 'x')}", is_staff=True)
    lawyer = user_with_role(roles.LAWYER, username=f"lawyer-{kwargs.get('slug', 'x')}")
    case = CaseFactory(**kwargs)
    TeamMemberFactory(case=case, user=staff, role="staff")
    TeamMemberFactory(case=case, user=lawyer, role="lawyer")
    witness = PersonFactory(name=PLANTED_NAME, visibility="restricted")
    ParticipantFactory(case=case, person=witness, role="witness", visibility="restricted")
    return case, staff, lawyer


def email_subscription(case=None, confirmed=True, **kwargs) -> Subscription:
    from django.utils import timezone

    target = {"scope": "case", "case": case} if case is not None else {}
    return Subscription.objects.create(**{**target, **kwargs}, confirmed_at=timezone.now() if confirmed else None)


def webhook_subscription(url: str, case, name: str = "Partner NGO") -> Subscription:
    from django.utils import timezone

    endpoint = WebhookEndpoint.objects.create(name=name, url=url, secret="s3cret-shared-with-partner")
    return Subscription.objects.create(webhook=endpoint, scope="case", case=case, confirmed_at=timezone.now())


@pytest.fixture(autouse=True)
def fast_passwords(settings):
    # Users are made per test here; the production hasher would dominate the run time.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def eager_celery(request):
    """In-process tests run tasks eagerly (as the embedded default does), even with REDIS_URL set."""
    if request.node.get_closest_marker("celery_worker"):
        yield
        return
    previous = celery_app.conf.task_always_eager
    celery_app.conf.task_always_eager = True
    yield
    celery_app.conf.task_always_eager = previous


@pytest.fixture(scope="module")
def smtp_server():
    with SmtpServer() as server:
        yield server


@pytest.fixture
def smtp(smtp_server, settings):
    """A real SMTP conversation with a local aiosmtpd server."""
    smtp_server.handler.reset()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = "127.0.0.1"
    settings.EMAIL_PORT = smtp_server.port
    settings.EMAIL_USE_TLS = False
    settings.EMAIL_HOST_USER = ""
    settings.EMAIL_HOST_PASSWORD = ""
    settings.EMAIL_TIMEOUT = 5
    return smtp_server.handler


@pytest.fixture
def webhook_receiver():
    with WebhookReceiver() as receiver:
        yield receiver
