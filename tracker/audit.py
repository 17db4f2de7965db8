"""Who changed a record, when, from where and why: django-simple-history plus our origin.

Every audited model keeps a history table (cases/models/history.py, people/models.py).
The user comes from simple-history's request middleware; the origin (admin, staff
page, API, import, command) from the request path or from `audit_context`, which
imports and commands wrap around their writes:

    with audit_context(origin=Origin.IMPORT, reason="import of cases.json", user=editor):
        ...
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass

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
        # "Why" is kept whole: a publication or status note can be longer than simple-history's 100 characters.
        kwargs.setdefault("history_change_reason_field", models.TextField(null=True))
        super().__init__(**kwargs)

    def get_change_reason_for_object(self, instance, history_type, using):
        return super().get_change_reason_for_object(instance, history_type, using) or _reason.get() or None

    def get_history_user(self, instance):
        if not hasattr(instance, "_history_user") and _user.get() is not None:
            return _user.get()
        return super().get_history_user(instance)


def register_history(model, **options) -> None:
    register(model, app=model._meta.app_label, records_class=AuditedHistory, **options)


def attribute_change(record: models.Model, *, by=None, reason: str = "") -> None:
    """Name who makes the next save of `record`, and why, in the history row it writes."""
    if by is not None:
        record._history_user = by
    if reason:
        record._change_reason = reason


@dataclass(frozen=True)
class Version:
    """Which state of a record a form or an API client last saw, and who made it."""

    token: str
    by: object = None
    at: dt.datetime | None = None


def current_version(model, pk) -> Version:
    """The record's newest history row; for a model with `updated_at`, that time too.

    A case is marked as changed whenever any of its records is (cases/history/four_eyes.py),
    so a case's version moves with an edit of any of its facts.
    """
    row = model.history.filter(**{model._meta.pk.attname: pk}).select_related("history_user").order_by("-history_id")
    latest = row.first()
    version = Version(str(latest.history_id), latest.history_user, latest.history_date) if latest else Version("0")
    names = {field.name for field in model._meta.concrete_fields}
    if "updated_at" not in names:
        return version
    columns = ["updated_at", *(["updated_by"] if "updated_by" in names else [])]
    stamp = model._base_manager.filter(pk=pk).values(*columns).first()
    if stamp is None or stamp["updated_at"] is None:
        return version
    by = version.by
    if stamp.get("updated_by") is not None and stamp["updated_by"] != getattr(by, "pk", None):
        by = model._meta.get_field("updated_by").related_model._base_manager.filter(pk=stamp["updated_by"]).first()
    return Version(f"{version.token}.{int(stamp['updated_at'].timestamp() * 1_000_000)}", by, stamp["updated_at"])
