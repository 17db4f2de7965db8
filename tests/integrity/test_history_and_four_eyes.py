"""Every change of a guarded field leaves an attributed history row; every write marks the case's last author."""

import pytest
from django.core.exceptions import ValidationError

from cases.demo import load_demo
from cases.models import Case, Citation
from cases.services.publication import case_set_publication, record_set_visibility
from tests.factories import CaseFactory, CitationFactory, EventFactory, ParticipantFactory, SourceFactory
from tracker.audit import audit_context


def test_publication_changes_are_history_rows_with_who_when_from_to_and_why(db, editor, second_editor):
    case = CaseFactory(publication="draft", by=editor)

    case_set_publication(case=case, target="in_review", by=editor, note="Ready: all facts cited.")
    case_set_publication(case=case, target="published", by=second_editor, note="Checked against the sources.")
    case_set_publication(case=case, target="withdrawn", by=second_editor, note="The family asked us to.")

    rows = list(case.history.order_by("history_id").values_list("publication", "history_user", "history_change_reason"))
    assert rows[-3:] == [
        ("in_review", editor.pk, "Ready: all facts cited."),
        ("published", second_editor.pk, "Checked against the sources."),
        ("withdrawn", second_editor.pk, "The family asked us to."),
    ]
    assert Case.objects.get(pk=case.pk).published_at is not None


def test_visibility_changes_are_history_rows(db, editor):
    event = EventFactory(case=CaseFactory(publication="draft"), visibility="internal")

    record_set_visibility(record=event, visibility="restricted", by=editor, note="A witness is named.")

    row = event.history.order_by("-history_id").first()
    assert (row.visibility, row.history_user, row.history_change_reason) == (
        "restricted",
        editor,
        "A witness is named.",
    )


def test_published_at_is_kept_from_the_first_publication(db, editor, second_editor):
    case = CaseFactory(publication="in_review", by=editor)
    case_set_publication(case=case, target="published", by=second_editor)
    first = Case.objects.get(pk=case.pk).published_at

    case_set_publication(case=case, target="withdrawn", by=second_editor)
    case_set_publication(case=case, target="in_review", by=second_editor)
    case_set_publication(case=case, target="published", by=editor)

    assert Case.objects.get(pk=case.pk).published_at == first


def test_the_demo_case_is_published_with_its_date(db):
    case = load_demo()

    assert case.publication == "published"
    assert case.published_at is not None
    assert case.history.filter(publication="published", history_change_reason__contains="Demo").exists()


@pytest.mark.parametrize(
    "write",
    [
        pytest.param(lambda case: EventFactory(case=case), id="a new event"),
        pytest.param(lambda case: CitationFactory(event=EventFactory(case=case)), id="a citation"),
        pytest.param(lambda case: ParticipantFactory(case=case).person.save(), id="a person's edit"),
    ],
)
def test_any_write_to_a_case_or_its_records_counts_as_the_last_change(db, editor, second_editor, write):
    from simple_history.utils import get_history_manager_for_model  # noqa: F401  (ensures history is loaded)

    from tracker.audit import audit_context

    case = CaseFactory(publication="in_review", by=second_editor)
    with audit_context(origin="admin", user=editor):
        write(case)

    with pytest.raises(ValidationError, match="another editor must review and publish it"):
        case_set_publication(case=case, target="published", by=editor)
    case_set_publication(case=case, target="published", by=second_editor)


def test_editing_a_source_marks_every_case_citing_it(db, editor, second_editor):
    source = SourceFactory()
    cited_case = CaseFactory(publication="in_review", by=second_editor)
    Citation.objects.create(source=source, event=EventFactory(case=cited_case))
    with audit_context(origin="admin", user=editor):
        source.title = "Corrected title"
        source.save()

    assert Case.objects.get(pk=cited_case.pk).updated_by == editor
