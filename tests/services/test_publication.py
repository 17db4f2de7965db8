import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from cases.models import Case
from cases.services.publication import case_set_publication, record_set_visibility, require_editor_to_publicize
from tests.conftest import _user_with_role
from tests.factories import CaseFactory, EventFactory, ParticipantFactory
from tracker import roles


@pytest.fixture
def second_editor(db):
    return _user_with_role(roles.EDITOR, username="editor-2", is_staff=True)


def test_draft_goes_through_review_to_published_with_four_eyes(db, staff_member, editor, second_editor):
    case = CaseFactory(publication="draft", by=editor)
    case_set_publication(case=case, target="in_review", by=editor)
    with pytest.raises(ValidationError, match="another editor must review"):
        case_set_publication(case=case, target="published", by=editor)
    with pytest.raises(ValidationError, match="Only an editor"):
        case_set_publication(case=case, target="published", by=staff_member)
    case_set_publication(case=case, target="published", by=second_editor)
    case.refresh_from_db()
    assert (case.publication, case.updated_by, case.published_at is not None) == ("published", second_editor, True)


def test_refused_transition_changes_nothing(db, editor):
    case = CaseFactory(publication="draft")
    with pytest.raises(ValidationError, match="cannot become"):
        case_set_publication(case=case, target="published", by=editor)
    assert Case.objects.get(pk=case.pk).publication == "draft"


def test_publication_page(db, client, editor, second_editor):
    case = CaseFactory(publication="in_review", by=editor)
    url = reverse("cases:staff-publication", kwargs={"slug": case.slug})
    client.force_login(editor)
    response = client.post(url, {"target": "published"})
    assert response.status_code == 400
    assert "another editor must review" in response.content.decode()
    client.force_login(second_editor)
    assert 'value="published"' in client.get(url).content.decode()
    assert client.post(url, {"target": "published"}).status_code == 302
    assert Case.objects.get(pk=case.pk).publication == "published"


def test_making_a_record_of_a_published_case_public_needs_an_editor(db, staff_member, editor):
    case = CaseFactory(publication="published")
    event = EventFactory(case=case, visibility="internal")
    with pytest.raises(PermissionDenied):
        record_set_visibility(record=event, visibility="public", by=staff_member)
    assert event.__class__.objects.get(pk=event.pk).visibility == "internal"
    record_set_visibility(record=event, visibility="public", by=editor)
    assert event.__class__.objects.get(pk=event.pk).visibility == "public"


def test_people_in_published_cases_need_an_editor_too(db, staff_member):
    participant = ParticipantFactory(case=CaseFactory(publication="published"))
    person = participant.person
    person.visibility = "public"
    with pytest.raises(PermissionDenied):
        require_editor_to_publicize(staff_member, person, "restricted")
    draft_event = EventFactory(case=CaseFactory(publication="draft"), visibility="public")
    require_editor_to_publicize(staff_member, draft_event, "internal")  # drafts are staff's to shape
