"""/healthz for monitoring: is the web process up and its database answering, and how old is the last backup.

Anonymous on purpose (a monitor has no account), so it says nothing else: no version,
no path, no archive name, no counts, only whether things work and times.
"""

from django.db import DatabaseError, connection
from django.http import HttpRequest, JsonResponse
from django.utils import timezone
from django.views.decorators.http import require_GET

from tracker.backups.selectors import backup_age


def _database_answers() -> bool:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            return cursor.fetchone() == (1,)
    except DatabaseError:
        return False


@require_GET
def healthz(request: HttpRequest) -> JsonResponse:
    database_ok = _database_answers()
    age = backup_age(timezone.now())
    body = {
        "status": "ok" if database_ok else "error",
        "database": "ok" if database_ok else "unavailable",
        "backup": {
            "last_verified_at": age.last_verified.isoformat(timespec="seconds") if age.last_verified else None,
            "age_hours": None if age.age_hours is None else round(age.age_hours, 1),
            "max_age_hours": age.max_age_hours,
            # A stale backup is the operators' alarm, not the web process's failure: still 200.
            "stale": age.stale,
        },
    }
    return JsonResponse(body, status=200 if database_ok else 503)
