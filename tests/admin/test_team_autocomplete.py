"""Editors assign case teams in the admin: the user box's autocomplete answers them, and only them."""

from django.urls import reverse

from tests.factories import UserFactory, role_group

AUTOCOMPLETE = {"app_label": "cases", "model_name": "caseteammember", "field_name": "user", "term": "aliya"}


def test_the_team_user_autocomplete_answers_editors(client, editor, staff_member):
    lawyer = UserFactory(username="aliya-lawyer")
    lawyer.groups.add(role_group("Lawyers"))
    UserFactory(username="aliya-no-role")
    client.force_login(editor)
    response = client.get(reverse("admin:autocomplete"), AUTOCOMPLETE)
    assert response.status_code == 200
    assert [row["text"] for row in response.json()["results"]] == ["aliya-lawyer"]
    # The autocomplete, not the user list: that stays closed to editors.
    assert client.get(reverse("admin:auth_user_changelist")).status_code == 403
    client.force_login(staff_member)
    assert client.get(reverse("admin:autocomplete"), AUTOCOMPLETE).status_code == 403
