"""Integrity lives in the database: these hold even for code that skips the forms."""

import datetime as dt
from decimal import Decimal

import pytest
from django.db import IntegrityError, transaction
from django.db.models import ProtectedError

from cases.models import Case, Citation, CourtRuling, Detention
from tests.factories import (
    ChargeFactory,
    CitationFactory,
    CourtRulingFactory,
    DetentionFactory,
    EventFactory,
    OrganizationFactory,
    PersonFactory,
    SourceFactory,
)


def assert_refused(build):
    with pytest.raises(IntegrityError), transaction.atomic():
        build()


@pytest.mark.parametrize(
    "build",
    [
        pytest.param(
            lambda: DetentionFactory(started_on=dt.date(2019, 3, 10), ended_on=dt.date(2019, 3, 1)),
            id="detention-ends-before-start",
        ),
        pytest.param(lambda: CourtRulingFactory(fine_amount=Decimal("-1"), fine_currency="KZT"), id="negative-fine"),
        pytest.param(lambda: CourtRulingFactory(fine_amount=Decimal("100")), id="fine-without-currency"),
        pytest.param(
            lambda: CourtRulingFactory(fine_equivalent_amount=Decimal("-5"), fine_equivalent_currency="USD"),
            id="negative-equivalent",
        ),
        pytest.param(lambda: ChargeFactory(article=None, description=""), id="charge-names-nothing"),
        pytest.param(lambda: EventFactory(visibility="secret"), id="unknown-visibility"),
        pytest.param(lambda: EventFactory(occurred_time=dt.time(2, 30)), id="time-without-minute-precision"),
        pytest.param(
            lambda: EventFactory(occurred_precision="range", occurred_until=dt.date(2019, 1, 1)),
            id="range-ends-before-start",
        ),
        pytest.param(
            lambda: [Case.objects.create(slug="same", title="A case", country="KZ") for _ in range(2)],
            id="duplicate-slug",
        ),
        pytest.param(lambda: CitationFactory(), id="citation-of-nothing"),
        pytest.param(
            lambda: CitationFactory(event=EventFactory(), detention=DetentionFactory()), id="citation-of-two-facts"
        ),
    ],
)
def test_database_refuses(db, build):
    assert_refused(build)


def test_a_valid_citation_is_kept(db):
    citation = CitationFactory(event=EventFactory())
    assert Citation.objects.get(pk=citation.pk).fact == citation.event


def test_a_ruling_cannot_appeal_itself(db):
    ruling = CourtRulingFactory()
    ruling.appeal_of_id = ruling.pk
    assert_refused(ruling.save)


@pytest.mark.parametrize("relation", ["defendant", "court"])
def test_people_and_courts_in_a_ruling_cannot_be_deleted(db, relation):
    ruling = CourtRulingFactory()

    with pytest.raises(ProtectedError):
        getattr(ruling, relation).delete()

    assert CourtRuling.objects.filter(pk=ruling.pk).exists()


def test_a_cited_source_cannot_be_deleted(db):
    source = SourceFactory()
    CitationFactory(source=source, event=EventFactory())

    with pytest.raises(ProtectedError):
        source.delete()


def test_deleting_a_case_takes_its_records_with_it(db):
    detention = DetentionFactory()
    detention.case.delete()
    assert not Detention.objects.filter(pk=detention.pk).exists()
    assert PersonFactory._meta.model.objects.filter(pk=detention.detainee_id).exists()


def test_organization_since_a_season_is_consistent(db):
    organization = OrganizationFactory(active_since_on=dt.date(2017, 3, 1), active_since_precision="season")
    assert str(organization.active_since) == "spring 2017"
