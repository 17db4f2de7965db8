"""A demo-like case built from factories (the Bilash case of seed/), and planted secrets.

The secrets are distinctive strings put where only staff may look: the leak tests
render every public surface and assert that none of them appears anywhere.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from cases.models import Case
from tests.factories import (
    CaseFactory,
    ChargeFactory,
    CitationFactory,
    CourtRulingFactory,
    DetentionFactory,
    EventFactory,
    LegalArticleFactory,
    OrganizationFactory,
    ParticipantFactory,
    PersonFactory,
    PersonNameFactory,
    PlaceFactory,
    SourceFactory,
)

SECRETS = {
    "witness": "Zhanargul Qyzylbekova",
    "witness_alias": "Жанаргүл Қызылбекова",
    "case_note": "SECRET-CASE-NOTE-7731",
    "status_note": "SECRET-STATUS-NOTE-4410",
    "participant_note": "SECRET-PARTICIPANT-NOTE-9921",
    "source_title": "Testimony of Qyzylbekova recorded in Almaty",
    "source_note": "SECRET-SOURCE-NOTE-5512",
    "event": "Secret meeting with the investigator XK-4471",
    "detention_note": "SECRET-DETENTION-NOTE-2208",
    "hidden_relative": "Ainur Secretkyzy",
    "organization": "Secret bureau XK",
}


def build_bilash_case(*, slug: str = "serikzhan-bilash-2019", publication: str = "published") -> Case:
    """The demo case, entered as staff would: facts that cite the RFE/RL article."""
    case = CaseFactory(
        slug=slug,
        title="Detention of Serikzhan Bilash (2019)",
        country="KZ",
        status="detained",
        publication=publication,
        summary="Activist Serikzhan Bilash was detained in Almaty and taken to the capital.",
        how_to_help="Write to the detainee care of the pre-trial detention centre in Nur-Sultan.",
    )
    bilash = PersonFactory(name="Serikzhan Bilash", slug=f"bilash-{slug}")
    PersonNameFactory(person=bilash, name="Серикжан Билаш", kind="transliteration", language="ru")
    PersonNameFactory(person=bilash, name="Серікжан Біләш", kind="transliteration", language="kk")
    ParticipantFactory(case=case, person=bilash, role="detainee")
    article = LegalArticleFactory(
        slug=f"kz-cc-174-{slug}",
        number="174",
        text="Deliberate acts aimed at inciting social, national, clan, racial, class or religious discord.",
    )
    news = SourceFactory(title="Kazakh Activist Bilash Detained In Almaty", url="https://www.rferl.org/a/29813339.html")
    arrest = EventFactory(
        case=case,
        kind="arrest",
        title="Detained at a hotel in Almaty",
        occurred_on=dt.date(2019, 3, 10),
        occurred_time=dt.time(2, 30),
        occurred_precision="minute",
        occurred_approximate=True,
        place=PlaceFactory(),
    )
    CitationFactory(source=news, event=arrest, quote="detained around 2:30 a.m.")
    detention = DetentionFactory(case=case, detainee=bilash, kind="pre_trial", facility="Pre-trial detention centre")
    CitationFactory(source=news, detention=detention, quote="taken to the capital")
    charge = ChargeFactory(case=case, defendant=bilash, article=article, description="inciting national discord")
    CitationFactory(source=news, charge=charge, quote="inciting national discord or hatred")
    ruling = CourtRulingFactory(
        case=case,
        court=OrganizationFactory(name="Court of first instance, Nur-Sultan", kind="court", slug=f"court-{slug}"),
        defendant=bilash,
        decided_on=dt.date(2019, 8, 16),
        proceeding="first_instance",
        verdict="guilty",
        plea="plea_deal",
        fine_amount=Decimal("252000"),
        fine_currency="KZT",
        fine_equivalent_amount=Decimal("670"),
        fine_equivalent_currency="USD",
        ban="ban on public activity for 7 years",
    )
    ruling.charges.add(charge)
    EventFactory(
        case=case,
        kind="statement",
        title="Spring statement",
        occurred_on=dt.date(2017, 3, 1),
        occurred_precision="season",
    )
    return case


def plant_secrets(case: Case) -> None:
    """A restricted witness, a hidden relative, internal notes, a restricted source and an internal event."""
    from cases.models import CaseStatusChange

    Case.objects.filter(pk=case.pk).update(internal_notes=SECRETS["case_note"])
    CaseStatusChange.objects.filter(case=case).update(note=SECRETS["status_note"])
    witness = PersonFactory(name=SECRETS["witness"], slug="witness-secret", visibility="restricted")
    PersonNameFactory(person=witness, name=SECRETS["witness_alias"])
    ParticipantFactory(
        case=case, person=witness, role="witness", visibility="restricted", notes=SECRETS["participant_note"]
    )
    # A public person whose part in this case is hidden: still shown as a role only.
    relative = PersonFactory(name=SECRETS["hidden_relative"], slug="relative-secret", visibility="public")
    ParticipantFactory(case=case, person=relative, role="family", visibility="internal", relationship="sister")
    secret_source = SourceFactory(
        title=SECRETS["source_title"],
        kind="testimony",
        visibility="restricted",
        notes=SECRETS["source_note"],
        url="https://secret.example.org/testimony",
    )
    event = EventFactory(case=case, title=SECRETS["event"], visibility="internal")
    CitationFactory(source=secret_source, event=event, quote=SECRETS["witness"])
    public_event = case.events.filter(visibility="public").first()
    CitationFactory(source=secret_source, event=public_event, quote=SECRETS["witness"])
    DetentionFactory(
        case=case,
        detainee=witness,
        kind="administrative",
        visibility="restricted",
        notes=SECRETS["detention_note"],
        facility=SECRETS["witness"],
    )
    from cases.models import Detention

    Detention.objects.filter(case=case, visibility="public").update(notes=SECRETS["detention_note"])
    # A public lawyer acting for an organization that must stay unnamed.
    bureau = OrganizationFactory(name=SECRETS["organization"], slug="secret-bureau", visibility="restricted")
    lawyer = PersonFactory(name="Public Lawyer Aitbayev", slug="public-lawyer")
    ParticipantFactory(case=case, person=lawyer, role="lawyer", organization=bureau)
