"""The bench's data set at a tiny scale: loadable, consistent, and read correctly through the gate."""

import pytest
from django.urls import NoReverseMatch, reverse

from bench.generate import HEAVY_SLUG, Sizes, generate
from cases.models import Case, Event, Subscription
from cases.selectors import timeline
from cases.visibility import public_case_projection, public_cases
from people.models import Person, PersonName
from people.names import fold_name
from tests.factories import CaseFactory

pytestmark = [pytest.mark.postgres, pytest.mark.django_db]


@pytest.fixture
def sizes() -> Sizes:
    return generate(scale=0.001, seed=8)


def test_sizes_follow_the_scale(sizes):
    assert (Case.objects.count(), Person.objects.count(), Event.objects.count()) == (40, 80, 600)
    assert Subscription.objects.count() == sizes.subscribers == 50
    assert PersonName.objects.filter(script="cyrillic").count() == 80
    assert PersonName.objects.filter(script="latin").count() >= 80


def test_folded_keys_are_the_apps_own(sizes):
    for spelling in PersonName.objects.all()[:50]:
        assert spelling.folded == fold_name(spelling.name)


def test_heavy_case_page_has_200_public_entries(sizes, client):
    projection = public_case_projection(HEAVY_SLUG)
    assert len(timeline.build_timeline(projection)) == 200
    response = client.get(reverse("cases:detail", kwargs={"slug": HEAVY_SLUG}))
    assert response.status_code == 200


def test_unpublished_cases_stay_behind_the_gate(sizes):
    published = Case.objects.filter(publication=Case.Publication.PUBLISHED)
    assert set(public_cases().values_list("pk", flat=True)) == set(published.values_list("pk", flat=True))
    assert Case.objects.exclude(publication=Case.Publication.PUBLISHED).exists()


def test_the_app_inserts_after_the_copied_ids(sizes):
    assert CaseFactory().pk > 40


def test_bare_view_is_not_in_the_production_urls():
    with pytest.raises(NoReverseMatch):
        reverse("bench-bare")
