"""The Python client example in docs/api.md, run as written against a live server."""

import contextlib
import io
import re
from pathlib import Path

import pytest
from django.conf import settings

from cases.models import Case, Event
from tests import factories
from tests.api_data import token_header

EXAMPLE = re.compile(r"```python\n(.*?)```", re.DOTALL)


@pytest.fixture
def site(request, transactional_db) -> str:
    """live_server's address. Its media handler cannot take the project's MEDIA_URL = None (uploads
    are never served by URL), so it gets a placeholder while it starts; nothing is served under it."""
    media_url = settings.MEDIA_URL
    settings.MEDIA_URL = "/test-media-never-served/"
    try:
        return request.getfixturevalue("live_server").url
    finally:
        settings.MEDIA_URL = media_url


def test_the_documented_client_enters_a_case(site):
    staff = factories.UserFactory(username="client-staff")
    staff.groups.add(factories.role_group("Staff"))
    token = token_header(staff)["HTTP_AUTHORIZATION"].removeprefix("Token ")
    code = EXAMPLE.search((Path(settings.BASE_DIR) / "docs" / "api.md").read_text()).group(1)
    printed = io.StringIO()
    with contextlib.redirect_stdout(printed):
        exec(compile(code, "docs/api.md", "exec"), {"BASE_URL": site, "TOKEN": token})
    assert printed.getvalue().split() == ["2020-05~", "2020-05-04T06:15:00+06:00"]
    case = Case.objects.get(slug="client-example")
    assert case.status_changes.get().effective.approximate
    assert Event.objects.get(case=case).place.name == "Astana"
