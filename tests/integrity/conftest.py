import pytest

from tests.conftest import _user_with_role
from tracker import roles


@pytest.fixture
def second_editor(db):
    return _user_with_role(roles.EDITOR, username="editor-2", is_staff=True)
