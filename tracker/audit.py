"""Who changed a record, when, from where and why: django-simple-history plus our origin.

Every audited model keeps a history table (cases/models/history.py, people/models.py).
The user comes from simple-history's request middleware; the origin (admin, staff
page, API, import, command) from the request path or from `audit_context`, which
imports and commands wrap around their writes:

    with audit_context(origin=Origin.IMPORT, reason="import of cases.json", user=editor):
        ...
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar

from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history import register
from simple_history.models import HistoricalRecords


class Origin(models.TextChoices):
    ADMIN = "admin", _("admin")
    STAFF = "staff", _("staff page")
    API = "api", _("API")
    IMPORT = "import", _("import")
    COMMAND = "command", _("command or task")


_origin: ContextVar[str | None] = ContextVar("audit_origin", default=None)
_reason: ContextVar[str] = ContextVar("audit_reason", default="")
_user: ContextVar[object | None] = ContextVar("audit_user", default=None)


@contextmanager
def audit_context(*, origin: str, reason: str = "", user=None) -> Iterator[None]:
    """Mark every history row written inside the block with this origin, reason and user."""
    tokens = (_origin.set(origin), _reason.set(reason), _user.set(user))
    try:
        yield
    finally:
        _origin.reset(tokens[0])
        _reason.reset(tokens[1])
        _user.reset(tokens[2])


def _current_request():
    return getattr(HistoricalRecords.context, "request", None)


def current_origin() -> str:
    """The origin of the change being recorded; the default of every history row's origin."""
    explicit = _origin.get()
    if explicit:
        return explicit
    request = _current_request()
    if request is None:
        return Origin.COMMAND
    path = request.path_info or ""
    if path.startswith("/admin/"):
        return Origin.ADMIN
    if path.startswith("/api/"):
        return Origin.API
    return Origin.STAFF


class AuditFields(models.Model):
    """Added to every history table next to simple-history's user, date and reason."""

    history_origin = models.CharField(_("changed from"), max_length=10, choices=Origin.choices, default=current_origin)

    class Meta:
        abstract = True


class AuditedHistory(HistoricalRecords):
    """simple-history with our origin column, and reason and user from audit_context."""

    def __init__(self, **kwargs) -> None:
        kwargs.setdefault("bases", [AuditFields])
        super().__init__(**kwargs)

    def get_change_reason_for_object(self, instance, history_type, using):
        return super().get_change_reason_for_object(instance, history_type, using) or _reason.get() or None

    def get_history_user(self, instance):
        if not hasattr(instance, "_history_user") and _user.get() is not None:
            return _user.get()
        return super().get_history_user(instance)


def register_history(model, **options) -> None:
    register(model, app=model._meta.app_label, records_class=AuditedHistory, **options)
