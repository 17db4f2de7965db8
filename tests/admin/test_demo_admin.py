"""`demo_admin` prints the address the local server really listens on."""

import pytest
from django.core.management import CommandError, call_command


@pytest.mark.parametrize(
    ("address", "printed"),
    [
        (None, "http://127.0.0.1:8000/admin/"),
        ("127.0.0.1:8001", "http://127.0.0.1:8001/admin/"),
        ("8002", "http://127.0.0.1:8002/admin/"),
        ("0.0.0.0:9000", "http://127.0.0.1:9000/admin/"),
        ("localhost:8080", "http://localhost:8080/admin/"),
    ],
)
def test_the_sign_in_line_names_the_real_port(db, settings, capsys, address, printed):
    settings.DEBUG = True
    args = [] if address is None else ["--address", address]

    call_command("demo_admin", *args)

    out = capsys.readouterr().out
    assert f"Sign in at {printed}\n" in out
    assert ":8000/" not in out or printed.endswith(":8000/admin/")


def test_an_address_without_a_port_is_refused(db, settings):
    settings.DEBUG = True

    with pytest.raises(CommandError, match="must end in a port number"):
        call_command("demo_admin", "--address", "127.0.0.1:http")
