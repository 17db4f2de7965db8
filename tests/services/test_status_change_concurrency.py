"""Two people changing a case's status at once: the row lock keeps the history a chain."""

import threading

import pytest
from django.core.exceptions import ValidationError
from django.db import connection

from cases.models import Case
from cases.services.status import case_change_status
from tests.factories import CaseFactory


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_concurrent_changes_form_one_chain(staff_member, editor):
    case = CaseFactory(status="detained")
    barrier = threading.Barrier(2)
    outcomes: list[str] = []

    def change(user, status):
        try:
            barrier.wait()
            case_change_status(case=Case.objects.get(pk=case.pk), status=status, by=user)
            outcomes.append(status)
        except ValidationError as exc:
            outcomes.append(f"refused: {exc}")
        finally:
            connection.close()  # a thread's own connection, or teardown cannot drop the test database

    threads = [
        threading.Thread(target=change, args=(staff_member, "charged")),
        threading.Thread(target=change, args=(editor, "charged")),
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)

    history = list(Case.objects.get(pk=case.pk).status_changes.values_list("from_status", "to_status"))
    # One wins; the other sees the case already "charged" under the lock and is told so.
    assert history == [("", "detained"), ("detained", "charged")]
    assert sorted(o.split(":")[0] for o in outcomes) == ["charged", "refused"]
