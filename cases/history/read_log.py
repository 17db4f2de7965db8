"""Reads of restricted records are logged: who looked at a witness's identity, and when."""

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


def log_restricted_reads(user, records, *, path: str = "") -> int:
    """The same for a page showing several records at once, in one insert."""
    if not user.is_authenticated:
        return 0
    rows = [
        RestrictedRead(
            user=user,
            content_type=ContentType.objects.get_for_model(record),
            object_id=str(record.pk),
            label=str(record)[:300],
            path=path[:300],
        )
        for record in records
        if is_restricted(record)
    ]
    RestrictedRead.objects.bulk_create(rows)
    return len(rows)
