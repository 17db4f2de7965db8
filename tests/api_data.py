"""A published case with a public detainee and planted non-public facts, for the API tests."""

from dataclasses import dataclass

from rest_framework.authtoken.models import Token

from tests import factories
from tracker.services import api_token_issue

SECRET_WITNESS = "Zhanargul Secretwitness"
SECRET_WITNESS_CYRILLIC = "Жанаргуль Секретвитнесс"
SECRET_NOTE = "planted-internal-note-7731"
SECRET_EVENT = "planted restricted meeting 5512"
DRAFT_TITLE = "Planted draft case 9043"


@dataclass
class Planted:
    case: object
    draft: object
    detainee: object
    witness: object
    restricted_event: object
    public_event: object
    charge: object
    detention: object
    ruling: object
    source: object
    secret_source: object


def plant(case) -> Planted:
    """Fill `case` (published) with public facts, and plant restricted ones that must never leak."""
    detainee = factories.PersonFactory(name="Serikzhan Bilash", slug="serikzhan-bilash")
    factories.PersonNameFactory(person=detainee, name="Серикжан Билаш")
    factories.ParticipantFactory(case=case, person=detainee, role="detainee")
    witness = factories.PersonFactory(name=SECRET_WITNESS, slug="secret-witness", visibility="restricted")
    factories.PersonNameFactory(person=witness, name=SECRET_WITNESS_CYRILLIC)
    factories.ParticipantFactory(case=case, person=witness, role="witness", visibility="restricted")
    restricted_event = factories.EventFactory(case=case, title=SECRET_EVENT, visibility="restricted")
    public_event = factories.EventFactory(case=case, title="Hearing in Almaty")
    charge = factories.ChargeFactory(case=case, defendant=detainee)
    detention = factories.DetentionFactory(case=case, detainee=detainee, notes=SECRET_NOTE)
    ruling = factories.CourtRulingFactory(case=case, defendant=detainee)
    source = factories.SourceFactory(title="RFE/RL report")
    factories.CitationFactory(source=source, event=public_event)
    secret_source = factories.SourceFactory(title="Planted testimony 4417", visibility="restricted")
    factories.CitationFactory(source=secret_source, event=restricted_event)
    draft = factories.CaseFactory(title=DRAFT_TITLE, publication="draft", internal_notes=SECRET_NOTE)
    type(case).objects.filter(pk=case.pk).update(internal_notes=SECRET_NOTE)
    return Planted(
        case, draft, detainee, witness, restricted_event, public_event, charge, detention, ruling, source, secret_source
    )


PLANTED_SECRETS = (
    SECRET_WITNESS,
    SECRET_WITNESS_CYRILLIC,
    "secret-witness",
    SECRET_NOTE,
    SECRET_EVENT,
    DRAFT_TITLE,
    "Planted testimony 4417",
)


def assert_no_secrets(content: bytes) -> None:
    text = content.decode()
    for secret in PLANTED_SECRETS:
        assert secret not in text, secret


def token_header(user) -> dict:
    token = Token.objects.filter(user=user).first()
    key = token.key if token is not None else api_token_issue(user=user, with_two_factor=True)
    return {"HTTP_AUTHORIZATION": f"Token {key}"}
