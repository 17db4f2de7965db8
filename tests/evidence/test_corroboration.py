"""Corroboration: independent sources (one per publisher), the editor-set policy, the public mark, the statistics."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from cases.evidence.corroboration import record_source_count
from cases.models import CorroborationPolicy, Event
from cases.selectors.stats import stats_corroboration
from cases.services.publication import record_set_visibility, visibility_change_allowed
from tests.factories import CaseFactory, CitationFactory, EventFactory, OrganizationFactory, SourceFactory

pytestmark = pytest.mark.django_db


def cite(fact, *publishers, visibility="public"):
    for publisher in publishers:
        CitationFactory(event=fact, source=SourceFactory(publisher=publisher, visibility=visibility))


@pytest.fixture
def policy_of_two():
    CorroborationPolicy.objects.update_or_create(pk=1, defaults={"minimum_sources": 2})


@pytest.fixture
def hearing(case):
    return EventFactory(case=case, visibility="internal", title="Hearing at the Almaty city court")


def test_sources_of_one_publisher_count_once_and_those_without_a_publisher_each(hearing):
    rferl, azattyq = OrganizationFactory(name="RFE/RL"), OrganizationFactory(name="Azattyq")
    cite(hearing, rferl, rferl)
    assert record_source_count(hearing) == 1
    cite(hearing, None, None)
    assert record_source_count(hearing) == 3
    cite(hearing, azattyq, visibility="restricted")  # a restricted testimony corroborates too
    assert record_source_count(hearing) == 4


def test_the_policy_refuses_an_uncorroborated_fact_with_a_clear_message_and_changes_nothing(
    policy_of_two, hearing, editor
):
    rferl = OrganizationFactory(name="RFE/RL")
    cite(hearing, rferl, rferl)
    with pytest.raises(ValidationError) as refused:
        record_set_visibility(record=hearing, visibility="public", by=editor)
    assert refused.value.messages == [
        "The corroboration policy needs at least 2 independent sources before a fact is made public; this one "
        "has 1. Cite another source (sources of the same publisher count once)."
    ]
    assert Event.objects.get(pk=hearing.pk).visibility == "internal"
    assert not visibility_change_allowed(editor, hearing, "internal", "public")


def test_a_fact_meeting_the_policy_may_become_public_and_hiding_is_always_allowed(policy_of_two, hearing, editor):
    cite(hearing, OrganizationFactory(name="RFE/RL"), OrganizationFactory(name="Azattyq"))
    record_set_visibility(record=hearing, visibility="public", by=editor)
    assert Event.objects.get(pk=hearing.pk).visibility == "public"
    CorroborationPolicy.objects.filter(pk=1).update(minimum_sources=5)
    record_set_visibility(record=hearing, visibility="internal", by=editor)  # lowering is never refused
    assert Event.objects.get(pk=hearing.pk).visibility == "internal"


def test_without_a_policy_nothing_changes(hearing, editor):
    assert CorroborationPolicy.current().minimum_sources == 0
    record_set_visibility(record=hearing, visibility="public", by=editor)
    assert Event.objects.get(pk=hearing.pk).visibility == "public"


def test_the_admin_form_says_why(policy_of_two, hearing, editor, client):
    client.force_login(editor)
    url = reverse("admin:cases_event_change", args=[hearing.pk])
    form = client.get(url).context["adminform"].form
    data = {name: value for name, value in form.initial.items() if value is not None}
    data.update(visibility="public", case=hearing.case.pk)
    page = client.post(url, {**data, **management_forms(client.get(url))})
    assert "The corroboration policy needs at least 2 independent sources" in page.content.decode()
    assert Event.objects.get(pk=hearing.pk).visibility == "internal"


def management_forms(response) -> dict:
    data = {}
    for formset in response.context.get("inline_admin_formsets", []):
        management = formset.formset.management_form
        data.update({management.add_prefix(name): field.initial for name, field in management.fields.items()})
        data[management.add_prefix("TOTAL_FORMS")] = 0
        data[management.add_prefix("INITIAL_FORMS")] = 0
    return data


def test_public_facts_show_their_independent_public_sources_and_the_statistics_the_share(client, editor):
    case = CaseFactory(slug="bilash-2019")
    rferl, azattyq = OrganizationFactory(name="RFE/RL"), OrganizationFactory(name="Azattyq")
    corroborated = EventFactory(case=case, title="Detained at the Almaty hotel")
    cite(corroborated, rferl, rferl, azattyq)
    cite(corroborated, None, visibility="restricted")  # not shown, not counted, not hinted at
    single = EventFactory(case=case, title="Transferred to Astana")
    cite(single, rferl)

    page = client.get(reverse("cases:detail", args=[case.slug])).content.decode()
    assert "(2 sources)" in page and "(1 source)" in page and "3 sources" not in page

    assert stats_corroboration().facts == 3  # the case and its two public events
    assert stats_corroboration().corroborated == 1
    stats = client.get(reverse("cases:stats")).content.decode()
    assert "33% of public facts rest on two or more independent sources (1 of 3 facts)." in stats
