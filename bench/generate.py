"""A reproducible synthetic data set: the same seed and scale give the same rows.

Shape (at --scale 1): 40,000 cases, 80,000 people (a detainee and a relative per
case, each with a Latin and a Cyrillic spelling and some an alias), 600,000 events,
200,000 sources with a citation per event, a detention, a charge and a status change per case,
50,000 subscribers. One case, HEAVY_SLUG, carries 200 public timeline events.
History tables are not filled: bulk data has no edits to remember.
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.db import connection, transaction

from bench import names
from bench.copy import aware, copy_rows, reset_sequence
from cases.models import (
    Case,
    CaseStatus,
    CaseStatusChange,
    CaseTeamMember,
    Charge,
    Citation,
    Detention,
    Event,
    LegalArticle,
    Participant,
    Place,
    Source,
    Subscription,
)
from people.models import Organization, Person, PersonName
from people.names import fold_name
from tracker import page_cache
from tracker.roles import STAFF

HEAVY_SLUG = "bench-heavy-case"
# With its detention, charge and status change, the heavy case's public timeline has 200 entries.
HEAVY_EVENTS = 197
STAFF_USERNAME = "bench-staff"
BASE = {"cases": 40_000, "people": 80_000, "events": 600_000, "sources": 200_000, "subscribers": 50_000}
PUBLIC, INTERNAL, RESTRICTED = "public", "internal", "restricted"
START = dt.date(2012, 1, 1)


@dataclass
class Sizes:
    cases: int
    people: int
    events: int
    sources: int
    subscribers: int

    @classmethod
    def at(cls, scale: float) -> Sizes:
        sizes = {key: max(2, round(value * scale)) for key, value in BASE.items()}
        sizes["people"] = 2 * sizes["cases"]  # a detainee and a relative per case
        sizes["events"] = max(sizes["events"], HEAVY_EVENTS + sizes["cases"])
        return cls(**sizes)


def some_day(rng: random.Random, span_days: int = 4700) -> dt.date:
    return START + dt.timedelta(days=rng.randrange(span_days))


def sentence(rng: random.Random, words: int) -> str:
    return " ".join(rng.choice(names.WORDS) for _ in range(words)).capitalize() + "."


def visibility(rng: random.Random, public_share: float) -> str:
    roll = rng.random()
    return PUBLIC if roll < public_share else INTERNAL if roll < (1 + public_share) / 2 else RESTRICTED


def generate(*, scale: float, seed: int) -> Sizes:
    """Fill an empty, migrated database. PostgreSQL only (COPY)."""
    if connection.vendor != "postgresql":
        raise RuntimeError("The bench data set is loaded with COPY and needs PostgreSQL.")
    sizes = Sizes.at(scale)
    rng = random.Random(seed)
    with transaction.atomic():
        fixtures = _reference_data(rng)
        _people(rng, sizes)
        _cases(rng, sizes, fixtures)
        _events_and_sources(rng, sizes)
        _subscribers(rng, sizes, fixtures)
        _staff_user()
        for model in (
            Place,
            Organization,
            LegalArticle,
            Person,
            PersonName,
            Case,
            Participant,
            Detention,
            Charge,
            CaseStatusChange,
            Event,
            Source,
            Citation,
            Subscription,
        ):
            reset_sequence(model)
    with connection.cursor() as cursor:
        # VACUUM too, not only ANALYZE: rows just COPYed sit in the trigram GIN indexes'
        # pending lists, which made the planner scan 176,000 names sequentially (400 ms
        # instead of 25 ms) until autovacuum came by, in the middle of the measurement.
        # (VACUUM cannot run in a transaction: the tests of this module call it inside theirs.)
        cursor.execute("ANALYZE" if connection.in_atomic_block else "VACUUM ANALYZE")
    page_cache.invalidate()  # COPY is not seen by the cache's write watch; a --reuse run's pages are gone
    return sizes


def _reference_data(rng: random.Random) -> dict[str, list[int]]:
    copy_rows(
        Place,
        (
            {"id": i + 1, "name": f"Town {i + 1}", "country": names.COUNTRIES[i % len(names.COUNTRIES)], "region": ""}
            for i in range(240)
        ),
    )
    kinds = ["court", "media", "state_body", "ngo"]
    copy_rows(
        Organization,
        (
            {
                "id": i + 1,
                "slug": f"org-{i + 1}",
                "name": f"{kinds[i % 4].replace('_', ' ').title()} {i + 1}",
                "kind": kinds[i % 4],
                "country": names.COUNTRIES[i % len(names.COUNTRIES)],
                "visibility": PUBLIC,
            }
            for i in range(400)
        ),
    )
    copy_rows(
        LegalArticle,
        (
            {
                "id": i + 1,
                "slug": f"article-{i + 1}",
                "jurisdiction": names.COUNTRIES[i % len(names.COUNTRIES)],
                "code": "Criminal Code",
                "number": str(100 + i),
                "part": "",
                "title": sentence(rng, 5),
            }
            for i in range(60)
        ),
    )
    return {"places": list(range(1, 241)), "organizations": list(range(1, 401)), "articles": list(range(1, 61))}


def _spellings(rng: random.Random, country: str) -> list[tuple[str, str]]:
    """(name, kind) pairs: the primary in the country's script, the other script, sometimes an alias."""
    first, middle, last = rng.choice(names.FIRST_NAMES), rng.choice(names.FIRST_NAMES), rng.choice(names.SURNAMES)
    latin = f"{first[0]} {middle[0]}{names.PATRONYMIC_LATIN} {last[0]}"
    cyrillic = f"{first[1]} {middle[1]}{names.PATRONYMIC_CYRILLIC} {last[1]}"
    primary, other = (cyrillic, latin) if country in names.CYRILLIC_COUNTRIES else (latin, cyrillic)
    spellings = [(primary, "primary"), (other, "transliteration")]
    if rng.random() < 0.2:
        spellings.append((f"{first[0]} {last[0]}", "alias"))
    return spellings


def _people(rng: random.Random, sizes: Sizes) -> None:
    people, spellings = [], []
    for person_id in range(1, sizes.people + 1):
        country = rng.choice(names.COUNTRIES)
        person_names = _spellings(rng, country)
        # The relative (even ids) is often not public: the public sees "a relative".
        share = 0.9 if person_id % 2 else 0.4
        people.append(
            {
                "id": person_id,
                "slug": f"person-{person_id}",
                "name": person_names[0][0],
                "visibility": visibility(rng, share),
                "citizenship": country,
            }
        )
        spellings += [(person_id, name, kind) for name, kind in person_names]
    copy_rows(Person, people)
    copy_rows(
        PersonName,
        (
            {
                "id": i + 1,
                "person_id": person_id,
                "name": name,
                "kind": kind,
                "folded": fold_name(name),
                "script": "cyrillic" if name[0] >= "\u0400" else "latin",
            }
            for i, (person_id, name, kind) in enumerate(spellings)
        ),
    )


def _cases(rng: random.Random, sizes: Sizes, fixtures: dict) -> None:
    statuses = CaseStatus.values
    cases, participants, detentions, charges, changes = [], [], [], [], []
    for case_id in range(1, sizes.cases + 1):
        detainee, relative = 2 * case_id - 1, 2 * case_id
        country = rng.choice(names.COUNTRIES)
        started = some_day(rng)
        changed = aware(started + dt.timedelta(days=rng.randrange(400)), rng.randrange(24))
        heavy = case_id == 1
        published = heavy or rng.random() < 0.85
        status = rng.choice(statuses)
        cases.append(
            {
                "id": case_id,
                "slug": HEAVY_SLUG if heavy else f"case-{case_id}",
                "title": f"Detention of case {case_id} ({started.year})",
                "summary": sentence(rng, 30),
                "country": country,
                "status": status,
                "status_changed_at": changed,
                "publication": "published" if published else rng.choice(["draft", "in_review", "withdrawn"]),
                "published_at": changed if published else None,
                "updated_at": changed,
            }
        )
        participants += [
            {
                "id": 2 * case_id - 1,
                "case_id": case_id,
                "person_id": detainee,
                "role": "detainee",
                "visibility": PUBLIC if heavy else visibility(rng, 0.9),
            },
            {
                "id": 2 * case_id,
                "case_id": case_id,
                "person_id": relative,
                "role": "family",
                "relationship": "wife",
                "visibility": visibility(rng, 0.4),
            },
        ]
        detentions.append(
            {
                "id": case_id,
                "case_id": case_id,
                "detainee_id": detainee,
                "kind": "pre_trial",
                "place_id": rng.choice(fixtures["places"]),
                "started_on": started,
                "visibility": PUBLIC if heavy else visibility(rng, 0.8),
            }
        )
        charges.append(
            {
                "id": case_id,
                "case_id": case_id,
                "defendant_id": detainee,
                "article_id": rng.choice(fixtures["articles"]),
                "filed_on": started + dt.timedelta(days=3),
                "visibility": PUBLIC if heavy else visibility(rng, 0.8),
            }
        )
        changes.append(
            {"id": case_id, "case_id": case_id, "from_status": "", "to_status": status, "changed_at": changed}
        )
    for model, rows in (
        (Case, cases),
        (Participant, participants),
        (Detention, detentions),
        (Charge, charges),
        (CaseStatusChange, changes),
    ):
        copy_rows(model, rows)


def _events_and_sources(rng: random.Random, sizes: Sizes) -> None:
    # The heavy case first, then the rest spread over the other cases at random.
    case_of_event = [1] * HEAVY_EVENTS + [
        2 + rng.randrange(max(1, sizes.cases - 1)) for _ in range(sizes.events - HEAVY_EVENTS)
    ]
    case_of_event.sort()
    kinds = Event.Kind.values

    def events():
        for event_id, case_id in enumerate(case_of_event, start=1):
            yield {
                "id": event_id,
                "case_id": case_id,
                "kind": rng.choice(kinds),
                "title": sentence(rng, 6),
                "description": sentence(rng, 20),
                "occurred_on": some_day(rng),
                "visibility": PUBLIC if case_id == 1 else visibility(rng, 0.7),
            }

    copy_rows(Event, events())
    copy_rows(
        Source,
        (
            {
                "id": i,
                "kind": rng.choice(Source.Kind.values),
                "title": sentence(rng, 8),
                "publisher_id": 1 + i % 400,
                "language": rng.choice(["en", "ru", "kk"]),
                "url": f"https://news.example.org/{i}",
                "published_on": some_day(rng),
                "visibility": visibility(rng, 0.8),
            }
            for i in range(1, sizes.sources + 1)
        ),
    )
    # Each event cites a source; neighbouring events share sources, as one article backs several facts.
    per_source = max(1, len(case_of_event) // sizes.sources)
    copy_rows(
        Citation,
        (
            {
                "id": event_id,
                "event_id": event_id,
                "source_id": min(sizes.sources, 1 + (event_id - 1) // per_source),
                "quote": sentence(rng, 10),
                "locator": f"para. {rng.randrange(1, 30)}",
            }
            for event_id in range(1, len(case_of_event) + 1)
        ),
    )


def _subscribers(rng: random.Random, sizes: Sizes, fixtures: dict) -> None:
    now = aware(dt.date(2025, 1, 1))

    def rows():
        for i in range(1, sizes.subscribers + 1):
            roll = rng.random()
            scope = "case" if roll < 0.6 else "country" if roll < 0.9 else "article"
            yield {
                "id": i,
                "email": f"reader{i}@example.org",
                "scope": scope,
                "case_id": 2 + rng.randrange(max(1, sizes.cases - 1)) if scope == "case" else None,
                "country": rng.choice(names.COUNTRIES) if scope == "country" else "",
                "article_id": rng.choice(fixtures["articles"]) if scope == "article" else None,
                "confirmed_at": now if rng.random() < 0.9 else None,
            }

    copy_rows(Subscription, rows())


def _staff_user() -> None:
    user = get_user_model().objects.create_user(STAFF_USERNAME, email="staff@example.org", is_staff=True)
    user.groups.add(Group.objects.get_or_create(name=STAFF)[0])
    CaseTeamMember.objects.create(case_id=1, user=user, role=CaseTeamMember.Role.STAFF)
