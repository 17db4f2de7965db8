"""The model refuses any write of a guarded field outside its service, and never writes one back by accident."""

import pytest
from django.core.exceptions import ValidationError

from cases.models import Case, Event
from cases.services.publication import case_set_publication, record_set_visibility
from cases.services.status import case_change_status, case_create
from people.models import Person
from tests.factories import CaseFactory, EventFactory, PersonFactory


@pytest.mark.parametrize("field, value", [("status", "released"), ("publication", "withdrawn")])
def test_saving_a_changed_case_field_is_refused(db, field, value):
    case = Case.objects.get(pk=CaseFactory().pk)
    setattr(case, field, value)

    with pytest.raises(ValidationError, match="changes only through its own action"):
        case.save()

    assert getattr(Case.objects.get(pk=case.pk), field) != value


@pytest.mark.parametrize(
    "make, model",
    [(EventFactory, Event), (PersonFactory, Person)],
)
def test_saving_a_changed_visibility_is_refused(db, make, model):
    record = model.objects.get(pk=make(visibility="internal").pk)
    record.visibility = "public"

    with pytest.raises(ValidationError, match="changes only through its own action"):
        record.save()

    assert model.objects.get(pk=record.pk).visibility == "internal"


@pytest.mark.parametrize(
    "queryset, fields",
    [
        (lambda: Case.objects.all(), {"publication": "published"}),
        (lambda: Case.objects.all(), {"status": "released"}),
        (lambda: Event.objects.all(), {"visibility": "public"}),
        (lambda: Person.objects.all(), {"visibility": "public"}),
    ],
)
def test_a_queryset_update_of_a_guarded_field_is_refused(db, queryset, fields):
    EventFactory(visibility="internal")

    with pytest.raises(ValidationError, match="changes only through its own action"):
        queryset().update(**fields)


def test_bulk_update_of_a_guarded_field_is_refused(db):
    event = EventFactory(visibility="internal")
    event.visibility = "public"

    with pytest.raises(ValidationError):
        Event.objects.bulk_update([event], ["visibility"])


def test_a_new_case_is_a_draft_unless_published_by_the_service(db, editor):
    with pytest.raises(ValidationError, match="changes only through its own action"):
        case_create(case=Case(slug="x", title="X", country="KZ", publication="published"), by=editor)

    assert not Case.objects.exists()


def test_a_full_save_of_an_old_copy_does_not_undo_a_status_change(db, staff_member):
    case = CaseFactory(status="detained")
    old_copy = Case.objects.get(pk=case.pk)  # e.g. a form opened before the change

    case_change_status(case=case, status="released", by=staff_member)
    old_copy.title = "Renamed"
    old_copy.save()

    stored = Case.objects.get(pk=case.pk)
    assert (stored.title, stored.status) == ("Renamed", "released")


def test_a_full_save_of_an_old_copy_does_not_undo_a_publication_or_visibility_change(db, editor, second_editor):
    case = CaseFactory(publication="in_review", by=editor)
    event = EventFactory(case=case, visibility="internal")
    old_case, old_event = Case.objects.get(pk=case.pk), Event.objects.get(pk=event.pk)

    record_set_visibility(record=event, visibility="public", by=editor)
    case_set_publication(case=case, target="published", by=second_editor)
    old_case.summary, old_event.title = "New summary", "New title"
    old_case.save()
    old_event.save()

    assert Case.objects.get(pk=case.pk).publication == "published"
    assert Event.objects.get(pk=event.pk).visibility == "public"
