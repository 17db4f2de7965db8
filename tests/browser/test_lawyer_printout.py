"""A lawyer opens the case's timeline and prints it: header, people, page furniture, no visibility."""

import io
from pathlib import Path

import pytest
from pypdf import PdfReader

from cases.models import CourtRuling, Event
from tests.browser.axe import axe_violations, describe
from tests.browser_csp import csp_problems
from tests.case_data import SECRETS, build_bilash_case, plant_secrets
from tests.factories import TEST_PASSWORD, EventFactory, TeamMemberFactory, UserFactory, role_group
from tracker import roles

ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"
TITLE = "Detention of Serikzhan Bilash (2019)"


def sign_in(page, site: str, next_path: str, username: str) -> None:
    page.goto(site + next_path)
    page.fill("#id_username", username)
    page.fill("#id_password", TEST_PASSWORD)
    page.click("form.login button[type=submit]")
    page.wait_for_url(f"**{next_path}")


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_a_lawyer_prints_the_timeline(site, page):
    ARTIFACTS.mkdir(exist_ok=True)
    case = build_bilash_case(publication="draft")
    plant_secrets(case)
    CourtRuling.objects.filter(case=case).update(case_number="1-123/2019")
    # Enough entries for the printout to run over several pages.
    for day in range(1, 29):
        EventFactory(case=case, kind="hearing", title=f"Hearing, day {day}", occurred_on=f"2019-06-{day:02d}")
    lawyer = UserFactory(username="print-lawyer", first_name="Aiman", last_name="Umarova")
    lawyer.groups.add(role_group(roles.LAWYER))
    TeamMemberFactory(case=case, user=lawyer, role="lawyer")
    timeline = f"/staff/cases/{case.slug}/timeline/"
    sign_in(page, site, timeline, "print-lawyer")

    assert page.locator(".account").inner_text().startswith("Signed in as Aiman Umarova")
    violations = axe_violations(page)
    assert violations == [], describe(violations)
    assert page.locator(".people-team td", has_text=SECRETS["witness"]).count() == 1
    assert page.locator("th.visibility").is_visible()

    page.emulate_media(media="print")
    assert not page.locator("th.visibility").is_visible()
    assert not page.locator(".account").is_visible()
    page.screenshot(path=ARTIFACTS / "timeline-printed.png", full_page=True)
    pdf = page.pdf(path=ARTIFACTS / "timeline-printed.pdf", format="A4")

    pages = [p.extract_text() for p in PdfReader(io.BytesIO(pdf)).pages]
    assert len(pages) >= 2
    first = pages[0]
    for text in (
        "Detainee",
        "Serikzhan Bilash",
        "Court of first instance, Nur-Sultan",
        "1-123/2019",
        "Public Lawyer Aitbayev",
        "Criminal Code, Art. 174",
        "People and team",
    ):
        assert text in first, text
    for number, text in enumerate(pages, start=1):
        # The running title and "page N of M" on every page, from CSS paged media.
        assert f"{TITLE} — timeline" in text, number
        assert f"page {number} of {len(pages)}" in text, number
    whole = "\n".join(pages)
    assert "Visibility" not in whole and "restricted" not in whole.lower()
    assert "Seed article" not in whole and "shared/seed" not in whole
    assert "Signed in as" not in whole
    assert Event.objects.filter(case=case).count() >= 30
    assert csp_problems(page) == []
