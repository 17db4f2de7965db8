"""The restricted-read log: who opened a restricted record in the admin, or downloaded a restricted document."""

from __future__ import annotations

from django.contrib.contenttypes.models import ContentType

from cases.models import Participant, RestrictedRead
from tracker.visibility import Visibility


def is_restricted(record) -> bool:
    if getattr(record, "visibility", None) == Visibility.RESTRICTED:
        return True
    # A participant exposes the person: their identity may be restricted even in a visible role.
    return isinstance(record, Participant) and record.person.visibility == Visibility.RESTRICTED


def log_restricted_read(user, record, *, path: str = "") -> RestrictedRead | None:
    """Record that `user` was shown `record`, if it is restricted; call it wherever one is shown."""
    if not user.is_authenticated or not is_restricted(record):
        return None
    return RestrictedRead.objects.create(
        user=user,
        content_type=ContentType.objects.get_for_model(record),
        object_id=str(record.pk),
        label=str(record)[:300],
        path=path[:300],
    )
