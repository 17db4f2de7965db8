"""Every public page is valid HTML by the W3C Nu HTML Checker, in each interface language."""

from django.urls import reverse
from django.utils import translation

from tests.case_data import build_bilash_case
from tests.html_check import html_errors
from tests.public.test_site_pages import public_addresses


def test_public_pages_pass_the_nu_html_checker(db, client, tmp_path):
    case = build_bilash_case()
    documents = {}
    for language in ("en", "ru", "kk"):
        for address in [*public_addresses(case), reverse("cases:detail", kwargs={"slug": "no-such-case"})]:
            response = client.get(address, headers={"accept-language": language})
            documents[f"{language} {address}"] = response.content.decode()
    translation.deactivate()
    assert html_errors(documents, tmp_path) == []
