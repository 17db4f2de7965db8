"""The demo case, entered as staff would enter it from the RFE/RL report of March 2019.

Facts carry over from the article; the wording here is the project's own, and every
fact cites the article with a short quote. Loading is idempotent: each record is looked
up by its natural key first, so a second run changes nothing.
"""

import datetime as dt
from decimal import Decimal

from django.db import transaction

from cases.models import (
    Case,
    CaseStatus,
    Charge,
    Citation,
    CourtRuling,
    Detention,
    Event,
    LegalArticle,
    OrganizationInvolvement,
    Participant,
    Place,
    Source,
)
from cases.services.publication import case_publish_by_operator
from cases.services.status import case_create
from people.models import Organization, Person, PersonName
from people.services import person_sync_primary_name
from tracker.dates import DatePrecision

CASE_SLUG = "detention-of-serikzhan-bilash-2019"
PUBLIC = "public"

PEOPLE = [
    # slug, display name, other spellings (name, language), born in
    ("serikzhan-bilash", "Serikzhan Bilash", [("Серикжан Билаш", "ru"), ("Серікжан Біләш", "kk")], "Xinjiang, China"),
    ("kairat-baitullah", "Kairat Baitullah", [("Кайрат Байтулла", "ru")], ""),
    ("leila-adilzhan", "Leila Adilzhan", [("Лейла Адильжан", "ru")], ""),
    ("aiman-umarova", "Aiman Umarova", [("Айман Умарова", "ru")], ""),
]

ORGANIZATIONS = [
    # slug, name, kind, city, other names
    ("atajurt", "Volunteers of the Fatherland", "ngo", "Almaty", "Atajurt\nAtajurt Eriktileri\nАтажұрт еріктілері"),
    ("dia-astana", "Department of Internal Affairs, Astana", "state_body", "Astana", "Astana police"),
    ("almaty-court", "A court in Almaty", "court", "Almaty", ""),
    ("rferl", "Radio Free Europe/Radio Liberty", "media", "", "RFE/RL\nRFE/RL's Kazakh Service"),
]


class DemoLoader:
    def __init__(self) -> None:
        self.source: Source | None = None

    @transaction.atomic
    def load(self) -> Case:
        self.people = {slug: self._person(slug, name, spellings, born) for slug, name, spellings, born in PEOPLE}
        self.orgs = {row[0]: self._organization(*row) for row in ORGANIZATIONS}
        self.places = {
            "almaty": Place.objects.get_or_create(
                name="Almaty", country="KZ", region="", defaults={"timezone": "Asia/Almaty"}
            )[0],
            "astana": Place.objects.get_or_create(
                name="Astana", country="KZ", region="", defaults={"timezone": "Asia/Almaty"}
            )[0],
        }
        self.article_174 = LegalArticle.objects.get_or_create(
            jurisdiction="KZ",
            code="Criminal Code",
            number="174",
            part="",
            defaults={
                "slug": "kz-criminal-code-174",
                "title": "Incitement of social, national, clan, racial, class or religious discord",
            },
        )[0]
        self.source = self._source()
        case = self._case()
        self._participants(case)
        self._detention(case)
        admin_charge = self._charges(case)
        self._ruling(case, admin_charge)
        self._events(case)
        self._involvements(case)
        if case.publication == Case.Publication.DRAFT:
            case = case_publish_by_operator(case=case, note="Demo data loaded from the shell.")
        return case

    def cite(self, quote: str, **fact) -> None:
        Citation.objects.get_or_create(source=self.source, quote=quote, **fact)

    def _person(self, slug, name, spellings, born_in) -> Person:
        person, _ = Person.objects.get_or_create(
            slug=slug,
            defaults={"name": name, "visibility": PUBLIC, "born_in": born_in, "citizenship": "KZ" if born_in else ""},
        )
        person_sync_primary_name(person)
        for spelling, language in spellings:
            PersonName.objects.get_or_create(
                person=person, name=spelling, defaults={"kind": PersonName.Kind.TRANSLITERATION, "language": language}
            )
        return person

    def _organization(self, slug, name, kind, city, other_names) -> Organization:
        defaults = {
            "name": name,
            "kind": kind,
            "country": "KZ",
            "city": city,
            "other_names": other_names,
            "visibility": PUBLIC,
        }
        if slug == "rferl":
            defaults["country"] = ""
        if slug == "atajurt":
            # The group's leader says it has been active "since spring 2017".
            defaults.update(active_since_on=dt.date(2017, 3, 1), active_since_precision=DatePrecision.SEASON)
        return Organization.objects.get_or_create(slug=slug, defaults=defaults)[0]

    def _source(self) -> Source:
        return Source.objects.get_or_create(
            title="Xinjiang Activist Detained In Kazakhstan, Accused Of Sowing Discord",
            publisher=self.orgs["rferl"],
            defaults={
                "kind": Source.Kind.NEWS_ARTICLE,
                "language": "en",
                "published_on": dt.date(2019, 3, 10),
                "reliability": Source.Reliability.B,
                "visibility": PUBLIC,
                "author": "RFE/RL, with AP",
            },
        )[0]

    def _case(self) -> Case:
        case = Case.objects.filter(slug=CASE_SLUG).first()
        if case is None:
            case = case_create(
                case=Case(
                    slug=CASE_SLUG,
                    title="Detention of Serikzhan Bilash (2019)",
                    country="KZ",
                    status=CaseStatus.DETAINED,
                    summary=(
                        "Serikzhan Bilash, a naturalized Kazakh citizen born in Xinjiang, leads Volunteers of the "
                        "Fatherland (Atajurt), a group documenting the detention of ethnic Kazakhs' relatives in "
                        "camps in Xinjiang. He was taken from an Almaty hotel in the night of 10 March 2019, moved "
                        "to Astana and held on suspicion of inciting national discord under Art. 174 of the "
                        "Criminal Code. A month earlier a court had fined him for leading an unregistered group."
                    ),
                    internal_notes="Demo case entered from the RFE/RL report; verify the court's name.",
                ),
                by=None,
                note="Entered from the RFE/RL report of 10 March 2019.",
                # The report gives the night of 10 March "around 2:30 a.m.": detained since around that day.
                effective_on=dt.date(2019, 3, 10),
                effective_precision=DatePrecision.DAY,
                effective_approximate=True,
            )
        self.cite("Security services in Kazakhstan have detained the leader of a group", case=case)
        return case

    def _involvements(self, case: Case) -> None:
        OrganizationInvolvement.objects.get_or_create(
            case=case,
            organization=self.orgs["atajurt"],
            role=OrganizationInvolvement.Role.ADVOCACY,
            defaults={
                "description": "Its spokesman told the press of the detention; a lawyer advising it called the case "
                "politically motivated.",
                "visibility": PUBLIC,
            },
        )

    def _participants(self, case: Case) -> None:
        rows = [
            (
                "serikzhan-bilash",
                Participant.Role.DETAINEE,
                "",
                "atajurt",
                "Serikzhan Bilash was staying at an Almaty hotel when he was taken into custody",
            ),
            (
                "kairat-baitullah",
                Participant.Role.SPOKESPERSON,
                "",
                "atajurt",
                "A spokesman for the group, Volunteers of the Fatherland",
            ),
            ("leila-adilzhan", Participant.Role.FAMILY, "wife", None, "Bilash’s wife, Leila Adilzhan"),
            (
                "aiman-umarova",
                Participant.Role.LAWYER,
                "lawyer advising the group",
                "atajurt",
                "Aiman Umarova, a lawyer advising the group",
            ),
        ]
        for slug, role, relationship, org, quote in rows:
            participant, _ = Participant.objects.get_or_create(
                case=case,
                person=self.people[slug],
                role=role,
                defaults={"relationship": relationship, "organization": self.orgs.get(org), "visibility": PUBLIC},
            )
            self.cite(quote, participant=participant)

    def _detention(self, case: Case) -> None:
        detention, _ = Detention.objects.get_or_create(
            case=case,
            detainee=self.people["serikzhan-bilash"],
            kind=Detention.Kind.ARREST,
            started_on=dt.date(2019, 3, 10),
            defaults={
                # "around 2:30 a.m. on March 10", local time in Almaty.
                "started_time": dt.time(2, 30),
                "started_precision": DatePrecision.MINUTE,
                "started_approximate": True,
                "place": self.places["almaty"],
                "facility": "a hotel in Almaty",
                "visibility": PUBLIC,
            },
        )
        self.cite("taken into custody at around 2:30 a.m. on March 10", detention=detention)

    def _charges(self, case: Case) -> Charge:
        bilash = self.people["serikzhan-bilash"]
        discord, _ = Charge.objects.get_or_create(
            case=case,
            defendant=bilash,
            article=self.article_174,
            defaults={
                "description": "inciting national discord or hatred",
                "status": Charge.Status.FILED,
                "filed_on": dt.date(2019, 3, 10),
                "visibility": PUBLIC,
            },
        )
        self.cite('suspected of inciting "national discord or hatred."', charge=discord)
        unregistered, _ = Charge.objects.get_or_create(
            case=case,
            defendant=bilash,
            description="illegally leading an unregistered organization",
            defaults={
                "status": Charge.Status.CONVICTED,
                "closed_on": dt.date(2019, 2, 1),
                "closed_precision": DatePrecision.MONTH,
                "visibility": PUBLIC,
            },
        )
        self.cite("found Bilash guilty of illegally leading an unregistered organization", charge=unregistered)
        return unregistered

    def _ruling(self, case: Case, charge: Charge) -> None:
        ruling, created = CourtRuling.objects.get_or_create(
            case=case,
            court=self.orgs["almaty-court"],
            defendant=self.people["serikzhan-bilash"],
            decided_on=dt.date(2019, 2, 1),
            defaults={
                "decided_precision": DatePrecision.MONTH,
                "proceeding": CourtRuling.Proceeding.FIRST_INSTANCE,
                "verdict": CourtRuling.Verdict.GUILTY,
                "plea": CourtRuling.Plea.NOT_GUILTY,
                "fine_amount": Decimal("252000"),
                "fine_currency": "KZT",
                "fine_equivalent_amount": Decimal("670"),
                "fine_equivalent_currency": "USD",
                "summary": "Administrative fine for leading an unregistered organization.",
                "visibility": PUBLIC,
            },
        )
        if created:
            ruling.charges.add(charge)
        self.cite("ordered him to pay a fine of 252,000 tenges ($670)", ruling=ruling)
        self.cite("Bilash, who pleaded not guilty at his trial", ruling=ruling)

    def _events(self, case: Case) -> None:
        almaty, astana = self.places["almaty"], self.places["astana"]
        rows = [
            (
                Event.Kind.ACTIVITY,
                "Volunteers of the Fatherland starts its work",
                {"occurred_on": dt.date(2017, 3, 1), "occurred_precision": DatePrecision.SEASON, "place": almaty},
                "Volunteers of the Fatherland has been active since spring 2017",
            ),
            (
                Event.Kind.ACTIVITY,
                "Gatherings of ethnic Kazakhs from Xinjiang about relatives held in camps",
                {
                    "occurred_on": dt.date(2018, 10, 1),
                    "occurred_until": dt.date(2019, 3, 9),
                    "occurred_precision": DatePrecision.RANGE,
                    "occurred_approximate": True,
                    "place": almaty,
                },
                "In recent months, he has organized several gatherings",
            ),
            (
                Event.Kind.ARREST,
                "Arrested at a hotel in Almaty",
                {
                    "occurred_on": dt.date(2019, 3, 10),
                    "occurred_time": dt.time(2, 30),
                    "occurred_precision": DatePrecision.MINUTE,
                    "occurred_approximate": True,
                    "place": almaty,
                },
                "taken into custody at around 2:30 a.m. on March 10",
            ),
            (
                Event.Kind.SEARCH,
                "Offices of Volunteers of the Fatherland searched",
                {"occurred_on": dt.date(2019, 3, 10), "occurred_approximate": True, "place": almaty},
                "the Volunteers of the Fatherland’s offices were being searched",
            ),
            (
                Event.Kind.TRANSFER,
                "Transferred to the Department of Internal Affairs in Astana",
                {"occurred_on": dt.date(2019, 3, 10), "occurred_approximate": True, "place": astana},
                "Bilash was later brought to the Department of Internal Affairs in the capital, Astana",
            ),
            (
                Event.Kind.STATEMENT,
                "Astana police confirm the detention and name the suspicion",
                {"occurred_on": dt.date(2019, 3, 10), "place": astana},
                "Astana police confirmed the detention",
            ),
            (
                Event.Kind.STATEMENT,
                "The group's lawyer calls the case politically motivated",
                {"occurred_on": dt.date(2019, 3, 10)},
                'called the case "politically motivated."',
            ),
        ]
        for kind, title, dates, quote in rows:
            event, _ = Event.objects.get_or_create(
                case=case, title=title, defaults={"kind": kind, "visibility": PUBLIC, **dates}
            )
            self.cite(quote, event=event)


def load_demo() -> Case:
    return DemoLoader().load()
