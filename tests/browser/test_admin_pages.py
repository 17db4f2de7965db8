"""Staff in the admin, in a real browser at 1366 px: entering a case, the demo case's page, axe."""

from pathlib import Path

import pytest

from cases.models import Case, CaseStatusChange
from tests.browser.axe import axe_violations, describe
from tests.browser_csp import csp_problems
from tests.factories import TEST_PASSWORD, TeamMemberFactory, UserFactory, role_group
from tracker import roles

ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"
WIDTH = 1366
SLUG = "detention-of-aigerim-tleuzhan-2020"


def sign_in_to_admin(page, site: str, username: str) -> None:
    page.goto(site + "/admin/login/?next=/admin/")
    page.fill("#id_username", username)
    page.fill("#id_password", TEST_PASSWORD)
    page.click("#login-form input[type=submit]")
    page.wait_for_url(f"{site}/admin/")


def page_width(page) -> int:
    return page.evaluate("document.documentElement.scrollWidth")


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_staff_enter_a_case_with_its_first_status_dated(site, page):
    ARTIFACTS.mkdir(exist_ok=True)
    editor = UserFactory(username="browser-editor", is_staff=True)
    editor.groups.add(role_group(roles.EDITOR))
    sign_in_to_admin(page, site, "browser-editor")

    page.goto(site + "/admin/cases/case/add/")
    assert axe_violations(page) == [], describe(axe_violations(page))
    page.fill("#id_title", "Detention of Aigerim Tleuzhan (2020)")
    page.select_option("#id_country", "KZ")
    page.select_option("#id_status", "detained")
    page.fill("#id_status_effective", "05.2020")  # a month, typed as staff type it
    page.fill("#id_status_note", "Reported by her brother")
    page.click("input[name=_continue]")
    page.wait_for_load_state()
    assert page.locator(".error-summary").count() == 0, page.locator(".error-summary").inner_text()
    page.wait_for_url("**/change/")

    # The address is made from the title as it is typed.
    assert list(Case.objects.values_list("slug", flat=True)) == [SLUG]
    first = CaseStatusChange.objects.get(case__slug=SLUG)
    assert (str(first.effective_on), first.effective_precision) == ("2020-05-01", "month")
    # The new case's page: every section one jump away, nothing wider than the screen, and clean.
    assert page.locator(".section-links a").count() >= 8
    assert page_width(page) <= WIDTH
    violations = axe_violations(page)
    assert violations == [], describe(violations)
    page.screenshot(path=ARTIFACTS / "admin-case-added.png", full_page=True)

    # A draft has no public page: the admin offers the staff preview instead, which says since when.
    # (select2 in the admin writes inline styles the policy blocks; the staff pages must not.)
    page.console_errors.clear()
    page.click("text=Preview (not public)")
    assert f"/staff/cases/{SLUG}/preview/" in page.url
    assert page.locator("p.status").inner_text().endswith("since May 2020 · Kazakhstan")
    assert csp_problems(page) == []


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_the_demo_case_page_fits_1366_px_and_passes_axe(site, page):
    from cases.demo import CASE_SLUG, load_demo

    ARTIFACTS.mkdir(exist_ok=True)
    case = load_demo()
    staff = UserFactory(username="browser-staff", is_staff=True)
    staff.groups.add(role_group(roles.STAFF))
    TeamMemberFactory(case=case, user=staff, role="staff")
    sign_in_to_admin(page, site, "browser-staff")

    page.goto(site + f"/admin/cases/case/{Case.objects.get(slug=CASE_SLUG).pk}/change/")

    assert page_width(page) <= WIDTH
    # Folded, the page is a few screens, not 15,000 px.
    assert page.evaluate("document.documentElement.scrollHeight") < 4000
    violations = axe_violations(page)
    assert violations == [], describe(violations)
    page.screenshot(path=ARTIFACTS / "admin-demo-case.png", full_page=True)

    # Every group opened: still nothing runs off the side, and still no violation.
    for summary in page.locator(".inline-group details > summary").all():
        summary.click()
    assert page_width(page) <= WIDTH, "an inline runs off the side at 1366 px"
    violations = axe_violations(page)
    assert violations == [], describe(violations)
    page.screenshot(path=ARTIFACTS / "admin-demo-case-open.png", full_page=True)

    # A jump link lands on its section.
    page.click(".section-links a[href='#events-group']")
    assert page.url.endswith("#events-group")
    assert page.locator("#events-group").evaluate("el => el.getBoundingClientRect().top") < 100
