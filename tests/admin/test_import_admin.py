"""Admin CSV import of people and cases: upload, preview (nothing written), confirm."""

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from cases.models import Case, CaseStatusChange
from people.models import Person, PersonName
from tests.factories import CaseFactory, ParticipantFactory, PersonFactory

PEOPLE_CSV = """slug,name,visibility,born_in,citizenship,description,other_names
zhanar-sample,Zhanar Sample,public,Almaty,KZ,,Жанар Сэмпл|Zhanar Sampl
"""
CASES_CSV = """slug,title,country,status,summary
existing-case,Detention of an existing person,KZ,released,Released on bail.
new-case,Detention of a new person,KZ,detained,
"""
PUBLISHING_CSV = """slug,title,country,status,publication,summary
new-case,Detention of a new person,KZ,detained,published,
"""


def _csv_format(form) -> str:
    return next(value for value, label in form.fields["format"].choices if str(label).lower() == "csv")


def _upload(client, model: str, content: str):
    url = reverse(f"admin:{model}_import")
    form = client.get(url).context["form"]
    upload = SimpleUploadedFile("bulk.csv", content.encode(), content_type="text/csv")
    return client.post(url, {"import_file": upload, "format": _csv_format(form), "resource": "0"})


def _confirm(client, model: str, preview):
    data = dict(preview.context["confirm_form"].initial)
    return client.post(reverse(f"admin:{model}_process_import"), data, follow=True)


def test_people_import_shows_a_preview_then_writes_on_confirm(client, editor):
    client.force_login(editor)

    preview = _upload(client, "people_person", PEOPLE_CSV)

    assert preview.status_code == 200
    assert "Zhanar Sample" in preview.content.decode()
    assert not Person.objects.exists()

    _confirm(client, "people_person", preview)

    person = Person.objects.get(slug="zhanar-sample")
    assert set(PersonName.objects.filter(person=person).values_list("name", flat=True)) == {
        "Zhanar Sample", "Жанар Сэмпл", "Zhanar Sampl"
    }  # fmt: skip
    assert person.history.latest("history_id").history_origin == "import"


def test_case_import_moves_status_through_recorded_changes(client, staff_member):
    existing = CaseFactory(slug="existing-case", status="detained", publication="draft")
    client.force_login(staff_member)

    _confirm(client, "cases_case", _upload(client, "cases_case", CASES_CSV))

    existing.refresh_from_db()
    assert (existing.status, existing.publication) == ("released", "draft")
    changes = CaseStatusChange.objects.filter(case=existing).values_list("from_status", "to_status", "changed_by")
    assert list(changes) == [
        ("", "detained", None),
        ("detained", "released", staff_member.pk),
    ]
    new = Case.objects.get(slug="new-case")
    assert (new.status, new.publication) == ("detained", "draft")
    assert CaseStatusChange.objects.filter(case=new, to_status="detained").exists()



def test_no_import_publishes_not_even_an_editors(client, editor):
    client.force_login(editor)

    preview = _upload(client, "cases_case", PUBLISHING_CSV)

    assert "is not imported: a case is published on its publication page" in preview.content.decode()
    assert "confirm_form" not in preview.context
    assert not Case.objects.exists()


def test_an_unknown_column_is_refused_not_skipped(client, editor):
    client.force_login(editor)

    preview = _upload(client, "cases_case", "slug,title,country,status,detainee\nx,X,KZ,detained,Someone\n")

    assert "Unknown columns: detainee" in preview.content.decode()
    assert not Case.objects.exists()


def test_staff_cannot_make_a_person_of_a_published_case_public_by_import(client, staff_member):
    person = PersonFactory(slug="zhanar-sample", name="Zhanar Sample", visibility="internal")
    ParticipantFactory(case=CaseFactory(publication="published"), person=person, visibility="public")
    client.force_login(staff_member)

    preview = _upload(client, "people_person", PEOPLE_CSV)

    assert "Making a record of a published case public needs an editor." in preview.content.decode()
    assert "confirm_form" not in preview.context
    assert Person.objects.get(pk=person.pk).visibility == "internal"
    assert not person.history.filter(visibility="public").exists()


def test_an_editors_import_makes_a_person_public_through_the_service(client, editor):
    person = PersonFactory(slug="zhanar-sample", name="Zhanar Sample", visibility="internal")
    ParticipantFactory(case=CaseFactory(publication="published"), person=person, visibility="public")
    client.force_login(editor)

    _confirm(client, "people_person", _upload(client, "people_person", PEOPLE_CSV))

    assert Person.objects.get(pk=person.pk).visibility == "public"
    row = person.history.filter(visibility="public").get()
    assert (row.history_user, row.history_origin) == (editor, "import")


def test_a_hidden_persons_slug_and_an_unknown_slug_get_the_same_answer(client, staff_member):
    hidden = PersonFactory(slug="hidden-witness", name="Hidden Witness", visibility="restricted")
    ParticipantFactory(person=hidden, visibility="restricted")
    client.force_login(staff_member)
    header = "slug,name,visibility,born_in,citizenship,description,other_names\n"

    answers = []
    for slug in ("hidden-witness", "nobody-has-this"):
        preview = _upload(client, "people_person", f"{header}{slug},Probe,internal,,,,\n")
        answers.append(preview.content.decode().replace(slug, "SLUG"))

    assert "No person you may edit has the slug" in answers[0]
    assert _error_lines(answers[0]) == _error_lines(answers[1])
    assert Person.objects.get(pk=hidden.pk).name == "Hidden Witness"


def test_staff_add_a_person_by_leaving_the_slug_empty(client, staff_member):
    client.force_login(staff_member)
    header = "slug,name,visibility,born_in,citizenship,description,other_names\n"

    _confirm(client, "people_person", _upload(client, "people_person", f"{header},Серикжан Билаш,internal,,,,\n"))

    assert Person.objects.get(name="Серикжан Билаш").slug == "serikzhan-bilash"


def _error_lines(page: str) -> list[str]:
    return [line.strip() for line in page.splitlines() if "No person you may edit" in line]
